-- Reports that mean what leaders read: each project's first passed pre-review (the funnel's 过会 row), found by one index seek.
CREATE INDEX ix_reviews_passed ON reviews (project_id, decided_on) WHERE outcome = 'passed';
