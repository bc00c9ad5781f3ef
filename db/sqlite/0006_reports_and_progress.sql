-- Reports and progress: first pre-review date on projects, parcels and the yearly land plan, unit targets,
-- monthly investment, contract commitments and yearly performance after production.

ALTER TABLE projects ADD COLUMN pre_review_on TEXT;
UPDATE projects SET pre_review_on = (SELECT MIN(h.on_date) FROM project_stage_history h WHERE h.project_id = projects.id AND h.to_stage = 'preReview');
CREATE INDEX ix_projects_pre_review_on ON projects (pre_review_on);
CREATE INDEX ix_projects_talks_started_on ON projects (talks_started_on);
CREATE INDEX ix_projects_land_supplied_on ON projects (land_supplied_on);
CREATE INDEX ix_projects_groundbreaking_on ON projects (groundbreaking_on);
CREATE INDEX ix_projects_production_on ON projects (production_on);
CREATE INDEX ix_stage_history_project_stage ON project_stage_history (project_id, to_stage, on_date);

CREATE TABLE parcels (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    location   TEXT NOT NULL,
    area_mu    INTEGER NOT NULL,
    status     TEXT NOT NULL,
    geojson    TEXT,
    project_id INTEGER REFERENCES projects (id),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_parcels_code ON parcels (code);
CREATE INDEX ix_parcels_status ON parcels (status, id);

ALTER TABLE projects ADD COLUMN parcel_id INTEGER REFERENCES parcels (id);
ALTER TABLE project_stage_history ADD COLUMN parcel_id INTEGER REFERENCES parcels (id);

CREATE TABLE land_plans (
    year       INTEGER NOT NULL PRIMARY KEY,
    quota_mu   INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE unit_targets (
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    year          INTEGER NOT NULL,
    signed_count  INTEGER NOT NULL,
    signed_amount INTEGER NOT NULL,
    started_count INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (unit_id, year)
) STRICT;

-- The investment actually made in a month (the first day stands for the month); the cumulative figure is their sum.
CREATE TABLE project_investments (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    month      TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    PRIMARY KEY (project_id, month)
) STRICT;

-- A phase of the contract: by this date, at least this much invested in all (cumulative 万元).
CREATE TABLE project_commitments (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    due_on     TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    text       TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_commitments_project ON project_commitments (project_id, due_on);

CREATE TABLE project_performance (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    year       INTEGER NOT NULL,
    tax        INTEGER NOT NULL,
    output     INTEGER NOT NULL,
    energy_tce INTEGER NOT NULL,
    employees  INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (project_id, year)
) STRICT;
