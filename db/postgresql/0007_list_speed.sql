-- Speed of the project list and the ledger import at province scale (hundreds of thousands of projects).
-- Deep pages read ids from a narrow index instead of walking whole rows (ORDER BY id with OFFSET), and the ledger
-- import checks "this name already in this unit?" with one index seek.
CREATE INDEX ix_projects_id ON projects (id);
CREATE INDEX ix_projects_unit_name ON projects (responsible_unit_id, name);

-- Projects per responsible unit and stage, kept by triggers: a list's total by stage and unit (the usual filters)
-- becomes a sum over a few hundred rows instead of a count over every matching project.
CREATE TABLE project_counts (
    unit_id  BIGINT      NOT NULL CONSTRAINT fk_project_counts_unit REFERENCES units (id),
    stage    VARCHAR(32) NOT NULL,
    projects INTEGER     NOT NULL,
    CONSTRAINT pk_project_counts PRIMARY KEY (unit_id, stage)
);

INSERT INTO project_counts (unit_id, stage, projects)
SELECT responsible_unit_id, stage, COUNT(*) FROM projects GROUP BY responsible_unit_id, stage;

-- Row-level: each changed project moves its own tally. ON CONFLICT makes two transactions adding the first project of a
-- unit and stage meet on the primary key instead of both inserting its row. A move touches its two tallies in (unit, stage)
-- order, so two projects moving opposite ways (talks → preReview and back) never wait on each other's second row.
CREATE FUNCTION projects_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.responsible_unit_id, NEW.stage) < (OLD.responsible_unit_id, OLD.stage) THEN
        INSERT INTO project_counts (unit_id, stage, projects) VALUES (NEW.responsible_unit_id, NEW.stage, 1)
        ON CONFLICT (unit_id, stage) DO UPDATE SET projects = project_counts.projects + 1;
        UPDATE project_counts SET projects = projects - 1 WHERE unit_id = OLD.responsible_unit_id AND stage = OLD.stage;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE project_counts SET projects = projects - 1 WHERE unit_id = OLD.responsible_unit_id AND stage = OLD.stage;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO project_counts (unit_id, stage, projects) VALUES (NEW.responsible_unit_id, NEW.stage, 1)
        ON CONFLICT (unit_id, stage) DO UPDATE SET projects = project_counts.projects + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_projects_counted AFTER INSERT OR DELETE ON projects
FOR EACH ROW EXECUTE FUNCTION projects_counted();

CREATE TRIGGER tr_projects_counted_update AFTER UPDATE OF stage, responsible_unit_id ON projects
FOR EACH ROW WHEN (OLD.stage <> NEW.stage OR OLD.responsible_unit_id <> NEW.responsible_unit_id)
EXECUTE FUNCTION projects_counted();
