-- The land account (on the cockpit) sums what approved new-land projects not yet supplied still need: found from this
-- index instead of every project without a land supply.
CREATE INDEX ix_projects_land_demand ON projects (land_mode, land_supplied_on, review_passed_on, stage);
