-- Reports and progress: first pre-review date on projects, parcels and the yearly land plan, unit targets,
-- monthly investment, contract commitments and yearly performance after production.

ALTER TABLE projects ADD pre_review_on DATE NULL;
GO
UPDATE projects SET pre_review_on = (SELECT MIN(h.on_date) FROM project_stage_history h WHERE h.project_id = projects.id AND h.to_stage = 'preReview');
CREATE INDEX ix_projects_pre_review_on ON projects (pre_review_on);
CREATE INDEX ix_projects_talks_started_on ON projects (talks_started_on);
CREATE INDEX ix_projects_land_supplied_on ON projects (land_supplied_on);
CREATE INDEX ix_projects_groundbreaking_on ON projects (groundbreaking_on);
CREATE INDEX ix_projects_production_on ON projects (production_on);
CREATE INDEX ix_stage_history_project_stage ON project_stage_history (project_id, to_stage, on_date);

CREATE TABLE parcels (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_parcels PRIMARY KEY,
    code       NVARCHAR(64) NOT NULL,
    location   NVARCHAR(200) NOT NULL,
    area_mu    BIGINT NOT NULL,
    status     NVARCHAR(16) NOT NULL,
    geojson    NVARCHAR(MAX) NULL,
    project_id BIGINT NULL CONSTRAINT fk_parcels_project REFERENCES projects (id),
    version    INT NOT NULL CONSTRAINT df_parcels_version DEFAULT 1,
    created_at DATETIME2 NOT NULL,
    updated_at DATETIME2 NOT NULL
);
CREATE UNIQUE INDEX ux_parcels_code ON parcels (code);
CREATE INDEX ix_parcels_status ON parcels (status, id);

ALTER TABLE projects ADD parcel_id BIGINT NULL CONSTRAINT fk_projects_parcel REFERENCES parcels (id);
ALTER TABLE project_stage_history ADD parcel_id BIGINT NULL CONSTRAINT fk_stage_history_parcel REFERENCES parcels (id);

CREATE TABLE land_plans (
    year       INT NOT NULL CONSTRAINT pk_land_plans PRIMARY KEY,
    quota_mu   BIGINT NOT NULL,
    version    INT NOT NULL CONSTRAINT df_land_plans_version DEFAULT 1,
    updated_at DATETIME2 NOT NULL
);

CREATE TABLE unit_targets (
    unit_id       BIGINT NOT NULL CONSTRAINT fk_unit_targets_unit REFERENCES units (id),
    year          INT NOT NULL,
    signed_count  INT NOT NULL,
    signed_amount BIGINT NOT NULL,
    started_count INT NOT NULL,
    version       INT NOT NULL CONSTRAINT df_unit_targets_version DEFAULT 1,
    updated_at    DATETIME2 NOT NULL,
    CONSTRAINT pk_unit_targets PRIMARY KEY (unit_id, year)
);

-- The investment actually made in a month (the first day stands for the month); the cumulative figure is their sum.
CREATE TABLE project_investments (
    project_id BIGINT NOT NULL CONSTRAINT fk_investments_project REFERENCES projects (id),
    month      DATE NOT NULL,
    amount     BIGINT NOT NULL,
    updated_at DATETIME2 NOT NULL,
    updated_by BIGINT NULL CONSTRAINT fk_investments_updated_by REFERENCES users (id),
    CONSTRAINT pk_project_investments PRIMARY KEY (project_id, month)
);

-- A phase of the contract: by this date, at least this much invested in all (cumulative 万元).
CREATE TABLE project_commitments (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_project_commitments PRIMARY KEY,
    project_id BIGINT NOT NULL CONSTRAINT fk_commitments_project REFERENCES projects (id),
    due_on     DATE NOT NULL,
    amount     BIGINT NOT NULL,
    text       NVARCHAR(1000) NULL,
    created_at DATETIME2 NOT NULL,
    created_by BIGINT NULL CONSTRAINT fk_commitments_created_by REFERENCES users (id)
);
CREATE INDEX ix_commitments_project ON project_commitments (project_id, due_on);

CREATE TABLE project_performance (
    project_id BIGINT NOT NULL CONSTRAINT fk_performance_project REFERENCES projects (id),
    year       INT NOT NULL,
    tax        BIGINT NOT NULL,
    output     BIGINT NOT NULL,
    energy_tce BIGINT NOT NULL,
    employees  INT NULL,
    updated_at DATETIME2 NOT NULL,
    CONSTRAINT pk_project_performance PRIMARY KEY (project_id, year)
);
