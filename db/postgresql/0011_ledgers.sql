-- Ledgers as bureaus keep them: the day a project's pre-review first passed (过会), from the committee's decisions or a migrated ledger, and leads found by unit and title on import.

ALTER TABLE projects ADD COLUMN review_passed_on DATE NULL;
UPDATE projects SET review_passed_on = (SELECT MIN(r.decided_on) FROM reviews r WHERE r.project_id = projects.id AND r.outcome = 'passed');
CREATE INDEX ix_projects_review_passed_on ON projects (review_passed_on);
CREATE INDEX ix_leads_unit_title ON leads (unit_id, title);
