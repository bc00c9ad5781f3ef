-- Reports and progress: first pre-review date on projects, parcels and the yearly land plan, unit targets,
-- monthly investment, contract commitments and yearly performance after production.

ALTER TABLE projects ADD COLUMN pre_review_on DATE NULL;
UPDATE projects SET pre_review_on = (SELECT MIN(h.on_date) FROM project_stage_history h WHERE h.project_id = projects.id AND h.to_stage = 'preReview');
CREATE INDEX ix_projects_pre_review_on ON projects (pre_review_on);
CREATE INDEX ix_projects_talks_started_on ON projects (talks_started_on);
CREATE INDEX ix_projects_land_supplied_on ON projects (land_supplied_on);
CREATE INDEX ix_projects_groundbreaking_on ON projects (groundbreaking_on);
CREATE INDEX ix_projects_production_on ON projects (production_on);
CREATE INDEX ix_stage_history_project_stage ON project_stage_history (project_id, to_stage, on_date);

CREATE TABLE parcels (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_parcels PRIMARY KEY,
    code       VARCHAR(64) NOT NULL,
    location   VARCHAR(200) NOT NULL,
    area_mu    BIGINT NOT NULL,
    status     VARCHAR(16) NOT NULL,
    geojson    TEXT NULL,
    project_id BIGINT CONSTRAINT fk_parcels_project REFERENCES projects (id),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_parcels_code ON parcels (code);
CREATE INDEX ix_parcels_status ON parcels (status, id);

ALTER TABLE projects ADD COLUMN parcel_id BIGINT CONSTRAINT fk_projects_parcel REFERENCES parcels (id);
ALTER TABLE project_stage_history ADD COLUMN parcel_id BIGINT CONSTRAINT fk_stage_history_parcel REFERENCES parcels (id);

CREATE TABLE land_plans (
    year       INTEGER NOT NULL CONSTRAINT pk_land_plans PRIMARY KEY,
    quota_mu   BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE unit_targets (
    unit_id       BIGINT NOT NULL CONSTRAINT fk_unit_targets_unit REFERENCES units (id),
    year          INTEGER NOT NULL,
    signed_count  INTEGER NOT NULL,
    signed_amount BIGINT NOT NULL,
    started_count INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_unit_targets PRIMARY KEY (unit_id, year)
);

-- The investment actually made in a month (the first day stands for the month); the cumulative figure is their sum.
CREATE TABLE project_investments (
    project_id BIGINT NOT NULL CONSTRAINT fk_investments_project REFERENCES projects (id),
    month      DATE NOT NULL,
    amount     BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by BIGINT CONSTRAINT fk_investments_updated_by REFERENCES users (id),
    CONSTRAINT pk_project_investments PRIMARY KEY (project_id, month)
);

-- A phase of the contract: by this date, at least this much invested in all (cumulative 万元).
CREATE TABLE project_commitments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_project_commitments PRIMARY KEY,
    project_id BIGINT NOT NULL CONSTRAINT fk_commitments_project REFERENCES projects (id),
    due_on     DATE NOT NULL,
    amount     BIGINT NOT NULL,
    text       VARCHAR(1000) NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by BIGINT CONSTRAINT fk_commitments_created_by REFERENCES users (id)
);
CREATE INDEX ix_commitments_project ON project_commitments (project_id, due_on);

CREATE TABLE project_performance (
    project_id BIGINT NOT NULL CONSTRAINT fk_performance_project REFERENCES projects (id),
    year       INTEGER NOT NULL,
    tax        BIGINT NOT NULL,
    output     BIGINT NOT NULL,
    energy_tce BIGINT NOT NULL,
    employees  INTEGER NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_project_performance PRIMARY KEY (project_id, year)
);
