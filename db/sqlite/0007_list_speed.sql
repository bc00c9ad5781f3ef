-- Speed of the project list and the ledger import at province scale (hundreds of thousands of projects).
-- Deep pages read ids from a narrow index instead of walking whole rows (ORDER BY id with OFFSET), and the ledger
-- import checks "this name already in this unit?" with one index seek.
CREATE INDEX ix_projects_id ON projects (id);
CREATE INDEX ix_projects_unit_name ON projects (responsible_unit_id, name);

-- Projects per responsible unit and stage, kept by triggers: a list's total by stage and unit (the usual filters)
-- becomes a sum over a few hundred rows instead of a count over every matching project.
CREATE TABLE project_counts (
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    stage    TEXT    NOT NULL,
    projects INTEGER NOT NULL,
    PRIMARY KEY (unit_id, stage)
) STRICT;

INSERT INTO project_counts (unit_id, stage, projects)
SELECT responsible_unit_id, stage, COUNT(*) FROM projects GROUP BY responsible_unit_id, stage;

CREATE TRIGGER tr_projects_counted_insert AFTER INSERT ON projects
BEGIN
    INSERT INTO project_counts (unit_id, stage, projects) VALUES (NEW.responsible_unit_id, NEW.stage, 1)
    ON CONFLICT (unit_id, stage) DO UPDATE SET projects = projects + 1;
END;

CREATE TRIGGER tr_projects_counted_update AFTER UPDATE OF stage, responsible_unit_id ON projects
WHEN OLD.stage <> NEW.stage OR OLD.responsible_unit_id <> NEW.responsible_unit_id
BEGIN
    UPDATE project_counts SET projects = projects - 1 WHERE unit_id = OLD.responsible_unit_id AND stage = OLD.stage;
    INSERT INTO project_counts (unit_id, stage, projects) VALUES (NEW.responsible_unit_id, NEW.stage, 1)
    ON CONFLICT (unit_id, stage) DO UPDATE SET projects = projects + 1;
END;

CREATE TRIGGER tr_projects_counted_delete AFTER DELETE ON projects
BEGIN
    UPDATE project_counts SET projects = projects - 1 WHERE unit_id = OLD.responsible_unit_id AND stage = OLD.stage;
END;
