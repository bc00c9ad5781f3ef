-- The unit ranking and the funnel (both on the cockpit) read these columns of every project in scope: from this index
-- rather than the wide table.
CREATE INDEX ix_projects_reports ON projects (responsible_unit_id, industry_code)
    INCLUDE (stage, land_mode, is_key, talks_started_on, pre_review_on, review_passed_on, signed_on, signed_amount, land_supplied_on,
    groundbreaking_on, planned_groundbreaking_on, production_on, total_investment);
