-- Deep pages of the project list read ids from a narrow index instead of walking whole rows (ORDER BY id with OFFSET),
-- and the ledger import checks "this name already in this unit?" with one index seek.
CREATE INDEX ix_projects_id ON projects (id);
CREATE INDEX ix_projects_unit_name ON projects (responsible_unit_id, name);
