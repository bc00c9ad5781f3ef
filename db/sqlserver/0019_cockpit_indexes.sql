-- What the leaders' cockpit reads, from indexes alone instead of a lookup of every row in the wide tables.
-- The funnel counts, for each stage, the projects that reached it in the period and their investment: from the stage's
-- date index (period mode), and the batch that entered talks in the period from the talks index (cohort mode).
DROP INDEX ix_projects_pre_review_on ON projects;
CREATE INDEX ix_projects_pre_review_on ON projects (pre_review_on) INCLUDE (responsible_unit_id, industry_code, total_investment);
DROP INDEX ix_projects_review_passed_on ON projects;
CREATE INDEX ix_projects_review_passed_on ON projects (review_passed_on) INCLUDE (responsible_unit_id, industry_code, total_investment);
DROP INDEX ix_projects_signed_on ON projects;
CREATE INDEX ix_projects_signed_on ON projects (signed_on) INCLUDE (responsible_unit_id, industry_code, total_investment);
DROP INDEX ix_projects_land_supplied_on ON projects;
CREATE INDEX ix_projects_land_supplied_on ON projects (land_supplied_on) INCLUDE (responsible_unit_id, industry_code, total_investment);
DROP INDEX ix_projects_groundbreaking_on ON projects;
CREATE INDEX ix_projects_groundbreaking_on ON projects (groundbreaking_on) INCLUDE (responsible_unit_id, industry_code, total_investment);
DROP INDEX ix_projects_production_on ON projects;
CREATE INDEX ix_projects_production_on ON projects (production_on) INCLUDE (responsible_unit_id, industry_code, total_investment);
DROP INDEX ix_projects_talks_started_on ON projects;
CREATE INDEX ix_projects_talks_started_on ON projects (talks_started_on) INCLUDE (responsible_unit_id, industry_code, land_mode, total_investment, pre_review_on, review_passed_on, signed_on,
    land_supplied_on, groundbreaking_on, production_on);
-- The land account: the area the year's land-supply moves supplied, and the latest review of each project awaiting land.
DROP INDEX ix_stage_history_to_stage ON project_stage_history;
CREATE INDEX ix_stage_history_to_stage ON project_stage_history (to_stage, on_date) INCLUDE (area_mu);
DROP INDEX ix_reviews_project ON reviews;
CREATE INDEX ix_reviews_project ON reviews (project_id, id) INCLUDE (outcome, land_area_mu);
