-- Core schema: units and their tree, users and roles, industries, companies, projects with stage history, agreements, activities, audit log.
-- Amounts (万元) and areas (亩) are BIGINT ten-thousandths (value × 10000), the same storage as on SQLite. Dates are DATE; instants DATETIME2 UTC.

CREATE TABLE units (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_units PRIMARY KEY,
    name        NVARCHAR(200) NOT NULL,
    kind        NVARCHAR(32)  NOT NULL,
    parent_id   BIGINT NULL CONSTRAINT fk_units_parent REFERENCES units (id),
    version     INT NOT NULL CONSTRAINT df_units_version DEFAULT 1,
    created_at  DATETIME2 NOT NULL,
    updated_at  DATETIME2 NOT NULL
);
CREATE UNIQUE INDEX ux_units_name ON units (name);
CREATE INDEX ix_units_parent ON units (parent_id);

CREATE TABLE unit_tree (
    ancestor_id   BIGINT NOT NULL CONSTRAINT fk_unit_tree_ancestor REFERENCES units (id),
    descendant_id BIGINT NOT NULL CONSTRAINT fk_unit_tree_descendant REFERENCES units (id),
    depth         INT    NOT NULL,
    CONSTRAINT pk_unit_tree PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX ix_unit_tree_descendant ON unit_tree (descendant_id, ancestor_id);

CREATE TABLE users (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name       NVARCHAR(64)  NOT NULL,
    display_name    NVARCHAR(100) NOT NULL,
    password_hash   NVARCHAR(400) NOT NULL,
    security_stamp  NVARCHAR(64)  NOT NULL,
    unit_id         BIGINT NULL CONSTRAINT fk_users_unit REFERENCES units (id),
    phone           NVARCHAR(40)  NULL,
    email           NVARCHAR(200) NULL,
    is_active       BIT NOT NULL CONSTRAINT df_users_is_active DEFAULT 1,
    failed_sign_ins INT NOT NULL CONSTRAINT df_users_failed_sign_ins DEFAULT 0,
    locked_until    DATETIME2 NULL,
    version         INT NOT NULL CONSTRAINT df_users_version DEFAULT 1,
    created_at      DATETIME2 NOT NULL,
    updated_at      DATETIME2 NOT NULL
);
-- Case-insensitive through the database's default (CI) collation, like COLLATE NOCASE on SQLite.
CREATE UNIQUE INDEX ux_users_user_name ON users (user_name);
CREATE INDEX ix_users_unit ON users (unit_id);

CREATE TABLE user_roles (
    user_id BIGINT       NOT NULL CONSTRAINT fk_user_roles_user REFERENCES users (id),
    role    NVARCHAR(32) NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role)
);

CREATE TABLE industries (
    code        NVARCHAR(16)  NOT NULL CONSTRAINT pk_industries PRIMARY KEY,
    name        NVARCHAR(200) NOT NULL,
    parent_code NVARCHAR(16)  NULL CONSTRAINT fk_industries_parent REFERENCES industries (code),
    is_priority BIT NOT NULL CONSTRAINT df_industries_is_priority DEFAULT 0,
    version     INT NOT NULL CONSTRAINT df_industries_version DEFAULT 1,
    created_at  DATETIME2 NOT NULL,
    updated_at  DATETIME2 NOT NULL
);

CREATE TABLE companies (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_companies PRIMARY KEY,
    name          NVARCHAR(200) NOT NULL,
    name_key      NVARCHAR(200) NOT NULL,
    credit_code   NVARCHAR(18)  NULL,
    region        NVARCHAR(100) NULL,
    industry_code NVARCHAR(16)  NULL CONSTRAINT fk_companies_industry REFERENCES industries (code),
    version       INT NOT NULL CONSTRAINT df_companies_version DEFAULT 1,
    created_at    DATETIME2 NOT NULL,
    updated_at    DATETIME2 NOT NULL,
    created_by    BIGINT NULL CONSTRAINT fk_companies_created_by REFERENCES users (id)
);
CREATE UNIQUE INDEX ux_companies_credit_code ON companies (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX ix_companies_name_key ON companies (name_key);

CREATE TABLE company_contacts (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_company_contacts PRIMARY KEY,
    company_id BIGINT NOT NULL CONSTRAINT fk_company_contacts_company REFERENCES companies (id),
    name       NVARCHAR(100) NOT NULL,
    title      NVARCHAR(100) NULL,
    phone      NVARCHAR(40)  NULL,
    email      NVARCHAR(200) NULL
);
CREATE INDEX ix_company_contacts_company ON company_contacts (company_id);

CREATE TABLE projects (
    id                        BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_projects PRIMARY KEY,
    name                      NVARCHAR(200) NOT NULL,
    company_id                BIGINT NULL CONSTRAINT fk_projects_company REFERENCES companies (id),
    industry_code             NVARCHAR(16) NOT NULL CONSTRAINT fk_projects_industry REFERENCES industries (code),
    total_investment          BIGINT NOT NULL,
    fixed_asset_investment    BIGINT NULL,
    land_mode                 NVARCHAR(32) NOT NULL,
    land_area_mu              BIGINT NULL,
    origin_region             NVARCHAR(100) NULL,
    responsible_unit_id       BIGINT NOT NULL CONSTRAINT fk_projects_unit REFERENCES units (id),
    responsible_person_id     BIGINT NULL CONSTRAINT fk_projects_person REFERENCES users (id),
    leader_id                 BIGINT NULL CONSTRAINT fk_projects_leader REFERENCES users (id),
    is_key                    BIT NOT NULL CONSTRAINT df_projects_is_key DEFAULT 0,
    stage                     NVARCHAR(32) NOT NULL,
    stage_entered_on          DATE NOT NULL,
    dropped_from              NVARCHAR(32) NULL,
    talks_started_on          DATE NOT NULL,
    signed_on                 DATE NULL,
    contract_amount           BIGINT NULL,
    planned_groundbreaking_on DATE NULL,
    planned_production_on     DATE NULL,
    land_supplied_on          DATE NULL,
    land_supplied_mu          BIGINT NULL,
    groundbreaking_on         DATE NULL,
    production_on             DATE NULL,
    version                   INT NOT NULL CONSTRAINT df_projects_version DEFAULT 1,
    created_at                DATETIME2 NOT NULL,
    updated_at                DATETIME2 NOT NULL,
    created_by                BIGINT NULL CONSTRAINT fk_projects_created_by REFERENCES users (id)
);
CREATE INDEX ix_projects_stage ON projects (stage, id);
CREATE INDEX ix_projects_unit ON projects (responsible_unit_id, id);
CREATE INDEX ix_projects_leader ON projects (leader_id, id);
CREATE INDEX ix_projects_person ON projects (responsible_person_id, id);
CREATE INDEX ix_projects_industry ON projects (industry_code, id);
CREATE INDEX ix_projects_signed_on ON projects (signed_on);
CREATE INDEX ix_projects_company ON projects (company_id);

CREATE TABLE project_team (
    project_id BIGINT NOT NULL CONSTRAINT fk_project_team_project REFERENCES projects (id),
    user_id    BIGINT NOT NULL CONSTRAINT fk_project_team_user REFERENCES users (id),
    CONSTRAINT pk_project_team PRIMARY KEY (project_id, user_id)
);
CREATE INDEX ix_project_team_user ON project_team (user_id);

CREATE TABLE project_stage_history (
    id               BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_project_stage_history PRIMARY KEY,
    project_id       BIGINT NOT NULL CONSTRAINT fk_stage_history_project REFERENCES projects (id),
    from_stage       NVARCHAR(32) NULL,
    to_stage         NVARCHAR(32) NOT NULL,
    on_date          DATE NOT NULL,
    recorded_at      DATETIME2 NOT NULL,
    by_user_id       BIGINT NULL CONSTRAINT fk_stage_history_user REFERENCES users (id),
    note             NVARCHAR(2000) NULL,
    amount           BIGINT NULL,
    area_mu          BIGINT NULL,
    land_contract_no NVARCHAR(100) NULL,
    reason_code      NVARCHAR(64) NULL
);
CREATE INDEX ix_stage_history_project ON project_stage_history (project_id, id);
CREATE INDEX ix_stage_history_to_stage ON project_stage_history (to_stage, on_date);

CREATE TABLE project_agreements (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_project_agreements PRIMARY KEY,
    project_id BIGINT NOT NULL CONSTRAINT fk_agreements_project REFERENCES projects (id),
    type       NVARCHAR(32) NOT NULL,
    signed_on  DATE NOT NULL,
    amount     BIGINT NULL,
    note       NVARCHAR(2000) NULL,
    created_at DATETIME2 NOT NULL,
    created_by BIGINT NULL CONSTRAINT fk_agreements_created_by REFERENCES users (id)
);
CREATE INDEX ix_agreements_project ON project_agreements (project_id, signed_on);
CREATE INDEX ix_agreements_type ON project_agreements (type, signed_on);

CREATE TABLE project_activities (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_project_activities PRIMARY KEY,
    project_id BIGINT NOT NULL CONSTRAINT fk_activities_project REFERENCES projects (id),
    kind       NVARCHAR(32) NOT NULL,
    on_date    DATE NOT NULL,
    summary    NVARCHAR(4000) NOT NULL,
    created_at DATETIME2 NOT NULL,
    created_by BIGINT NULL CONSTRAINT fk_activities_created_by REFERENCES users (id)
);
CREATE INDEX ix_activities_project ON project_activities (project_id, on_date);

CREATE TABLE audit_log (
    id        BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    at        DATETIME2 NOT NULL,
    user_id   BIGINT NULL,
    user_name NVARCHAR(64) NULL,
    action    NVARCHAR(64) NOT NULL,
    entity    NVARCHAR(64) NOT NULL,
    entity_id NVARCHAR(64) NULL,
    result    NVARCHAR(32) NOT NULL,
    client_ip NVARCHAR(64) NULL,
    detail    NVARCHAR(4000) NULL
);
CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_user ON audit_log (user_id, at);
