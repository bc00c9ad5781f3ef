-- Core schema: units and their tree, users and roles, industries, companies, projects with stage history, agreements, activities, audit log.
-- Amounts (万元) and areas (亩) are BIGINT ten-thousandths (value × 10000), the same storage as on the other providers.
-- Dates are DATE; instants TIMESTAMPTZ; flags BOOLEAN; ids GENERATED ALWAYS AS IDENTITY.

CREATE TABLE units (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_units PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    parent_id   BIGINT CONSTRAINT fk_units_parent REFERENCES units (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_units_name ON units (name);
CREATE INDEX ix_units_parent ON units (parent_id);

CREATE TABLE unit_tree (
    ancestor_id   BIGINT NOT NULL CONSTRAINT fk_unit_tree_ancestor REFERENCES units (id),
    descendant_id BIGINT NOT NULL CONSTRAINT fk_unit_tree_descendant REFERENCES units (id),
    depth         INTEGER    NOT NULL,
    CONSTRAINT pk_unit_tree PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX ix_unit_tree_descendant ON unit_tree (descendant_id, ancestor_id);

CREATE TABLE users (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_users PRIMARY KEY,
    user_name       VARCHAR(64)  NOT NULL,
    display_name    VARCHAR(100) NOT NULL,
    password_hash   VARCHAR(400) NOT NULL,
    security_stamp  VARCHAR(64)  NOT NULL,
    unit_id         BIGINT CONSTRAINT fk_users_unit REFERENCES units (id),
    phone           VARCHAR(40)  NULL,
    email           VARCHAR(200) NULL,
    is_active       BOOLEAN NOT NULL DEFAULT TRUE,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
-- Case-insensitive, like COLLATE NOCASE on SQLite and the CI collation on SQL Server: statements compare lower(user_name).
CREATE UNIQUE INDEX ux_users_user_name ON users (lower(user_name));
CREATE INDEX ix_users_unit ON users (unit_id);

CREATE TABLE user_roles (
    user_id BIGINT       NOT NULL CONSTRAINT fk_user_roles_user REFERENCES users (id),
    role    VARCHAR(32) NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role)
);

CREATE TABLE industries (
    code        VARCHAR(16)  NOT NULL CONSTRAINT pk_industries PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    parent_code VARCHAR(16)  CONSTRAINT fk_industries_parent REFERENCES industries (code),
    is_priority BOOLEAN NOT NULL DEFAULT FALSE,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE companies (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_companies PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    name_key      VARCHAR(200) NOT NULL,
    credit_code   VARCHAR(18)  NULL,
    region        VARCHAR(100) NULL,
    industry_code VARCHAR(16)  CONSTRAINT fk_companies_industry REFERENCES industries (code),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    created_by    BIGINT CONSTRAINT fk_companies_created_by REFERENCES users (id)
);
CREATE UNIQUE INDEX ux_companies_credit_code ON companies (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX ix_companies_name_key ON companies (name_key);

CREATE TABLE company_contacts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_company_contacts PRIMARY KEY,
    company_id BIGINT NOT NULL CONSTRAINT fk_company_contacts_company REFERENCES companies (id),
    name       VARCHAR(100) NOT NULL,
    title      VARCHAR(100) NULL,
    phone      VARCHAR(40)  NULL,
    email      VARCHAR(200) NULL
);
CREATE INDEX ix_company_contacts_company ON company_contacts (company_id);

CREATE TABLE projects (
    id                        BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_projects PRIMARY KEY,
    name                      VARCHAR(200) NOT NULL,
    company_id                BIGINT CONSTRAINT fk_projects_company REFERENCES companies (id),
    industry_code             VARCHAR(16) NOT NULL CONSTRAINT fk_projects_industry REFERENCES industries (code),
    total_investment          BIGINT NOT NULL,
    fixed_asset_investment    BIGINT NULL,
    land_mode                 VARCHAR(32) NOT NULL,
    land_area_mu              BIGINT NULL,
    origin_region             VARCHAR(100) NULL,
    responsible_unit_id       BIGINT NOT NULL CONSTRAINT fk_projects_unit REFERENCES units (id),
    responsible_person_id     BIGINT CONSTRAINT fk_projects_person REFERENCES users (id),
    leader_id                 BIGINT CONSTRAINT fk_projects_leader REFERENCES users (id),
    is_key                    BOOLEAN NOT NULL DEFAULT FALSE,
    stage                     VARCHAR(32) NOT NULL,
    stage_entered_on          DATE NOT NULL,
    dropped_from              VARCHAR(32) NULL,
    talks_started_on          DATE NOT NULL,
    signed_on                 DATE NULL,
    contract_amount           BIGINT NULL,
    planned_groundbreaking_on DATE NULL,
    planned_production_on     DATE NULL,
    land_supplied_on          DATE NULL,
    land_supplied_mu          BIGINT NULL,
    groundbreaking_on         DATE NULL,
    production_on             DATE NULL,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    created_by                BIGINT CONSTRAINT fk_projects_created_by REFERENCES users (id)
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
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_project_stage_history PRIMARY KEY,
    project_id       BIGINT NOT NULL CONSTRAINT fk_stage_history_project REFERENCES projects (id),
    from_stage       VARCHAR(32) NULL,
    to_stage         VARCHAR(32) NOT NULL,
    on_date          DATE NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    by_user_id       BIGINT CONSTRAINT fk_stage_history_user REFERENCES users (id),
    note             VARCHAR(2000) NULL,
    amount           BIGINT NULL,
    area_mu          BIGINT NULL,
    land_contract_no VARCHAR(100) NULL,
    reason_code      VARCHAR(64) NULL
);
CREATE INDEX ix_stage_history_project ON project_stage_history (project_id, id);
CREATE INDEX ix_stage_history_to_stage ON project_stage_history (to_stage, on_date);

CREATE TABLE project_agreements (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_project_agreements PRIMARY KEY,
    project_id BIGINT NOT NULL CONSTRAINT fk_agreements_project REFERENCES projects (id),
    type       VARCHAR(32) NOT NULL,
    signed_on  DATE NOT NULL,
    amount     BIGINT NULL,
    note       VARCHAR(2000) NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by BIGINT CONSTRAINT fk_agreements_created_by REFERENCES users (id)
);
CREATE INDEX ix_agreements_project ON project_agreements (project_id, signed_on);
CREATE INDEX ix_agreements_type ON project_agreements (type, signed_on);

CREATE TABLE project_activities (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_project_activities PRIMARY KEY,
    project_id BIGINT NOT NULL CONSTRAINT fk_activities_project REFERENCES projects (id),
    kind       VARCHAR(32) NOT NULL,
    on_date    DATE NOT NULL,
    summary    VARCHAR(4000) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by BIGINT CONSTRAINT fk_activities_created_by REFERENCES users (id)
);
CREATE INDEX ix_activities_project ON project_activities (project_id, on_date);

CREATE TABLE audit_log (
    id        BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_audit_log PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    user_id   BIGINT NULL,
    user_name VARCHAR(64) NULL,
    action    VARCHAR(64) NOT NULL,
    entity    VARCHAR(64) NOT NULL,
    entity_id VARCHAR(64) NULL,
    result    VARCHAR(32) NOT NULL,
    client_ip VARCHAR(64) NULL,
    detail    VARCHAR(4000) NULL
);
CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_user ON audit_log (user_id, at);
