-- Speed of the project list and the ledger import at province scale (hundreds of thousands of projects).
-- Deep pages read ids from a narrow index instead of walking whole rows (ORDER BY id with OFFSET), and the ledger
-- import checks "this name already in this unit?" with one index seek.
CREATE INDEX ix_projects_id ON projects (id);
CREATE INDEX ix_projects_unit_name ON projects (responsible_unit_id, name);

-- Projects per responsible unit and stage, kept by a trigger: a list's total by stage and unit (the usual filters)
-- becomes a sum over a few hundred rows instead of a count over every matching project.
CREATE TABLE project_counts (
    unit_id  BIGINT       NOT NULL CONSTRAINT fk_project_counts_unit REFERENCES units (id),
    stage    NVARCHAR(32) NOT NULL,
    projects INT          NOT NULL,
    CONSTRAINT pk_project_counts PRIMARY KEY (unit_id, stage)
);

INSERT INTO project_counts (unit_id, stage, projects)
SELECT responsible_unit_id, stage, COUNT(*) FROM projects GROUP BY responsible_unit_id, stage;
GO

CREATE TRIGGER tr_projects_counted ON projects AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    -- HOLDLOCK: two transactions adding the first project of a unit and stage must not both insert its row.
    MERGE project_counts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.unit_id, d.stage, SUM(d.delta) AS delta
        FROM (SELECT responsible_unit_id AS unit_id, stage, 1 AS delta FROM inserted
              UNION ALL
              SELECT responsible_unit_id, stage, -1 FROM deleted) d
        GROUP BY d.unit_id, d.stage
        HAVING SUM(d.delta) <> 0
    ) AS s
    ON t.unit_id = s.unit_id AND t.stage = s.stage
    WHEN MATCHED THEN UPDATE SET projects = t.projects + s.delta
    WHEN NOT MATCHED THEN INSERT (unit_id, stage, projects) VALUES (s.unit_id, s.stage, s.delta);
END
