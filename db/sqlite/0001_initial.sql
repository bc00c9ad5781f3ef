-- Core schema: units and their tree, users and roles, industries, companies, projects with stage history, agreements, activities, audit log.
-- Amounts (万元) and areas (亩) are INTEGER ten-thousandths (value × 10000), so SUM stays exact. Dates are TEXT yyyy-MM-dd; instants TEXT UTC.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES units (id),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_units_name ON units (name);
CREATE INDEX ix_units_parent ON units (parent_id);

-- Closure table: one row per (ancestor, descendant), including each unit with itself at depth 0.
CREATE TABLE unit_tree (
    ancestor_id   INTEGER NOT NULL REFERENCES units (id),
    descendant_id INTEGER NOT NULL REFERENCES units (id),
    depth         INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
) STRICT;
CREATE INDEX ix_unit_tree_descendant ON unit_tree (descendant_id, ancestor_id);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    user_name       TEXT    NOT NULL COLLATE NOCASE,
    display_name    TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL,
    security_stamp  TEXT    NOT NULL,
    unit_id         INTEGER REFERENCES units (id),
    phone           TEXT,
    email           TEXT,
    is_active       INTEGER NOT NULL DEFAULT 1,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_users_user_name ON users (user_name);
CREATE INDEX ix_users_unit ON users (unit_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT    NOT NULL,
    PRIMARY KEY (user_id, role)
) STRICT;

CREATE TABLE industries (
    code        TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    parent_code TEXT    REFERENCES industries (code),
    is_priority INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;

CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    name_key      TEXT    NOT NULL,
    credit_code   TEXT,
    region        TEXT,
    industry_code TEXT    REFERENCES industries (code),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    created_by    INTEGER REFERENCES users (id)
) STRICT;
CREATE UNIQUE INDEX ux_companies_credit_code ON companies (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX ix_companies_name_key ON companies (name_key);

CREATE TABLE company_contacts (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    name       TEXT    NOT NULL,
    title      TEXT,
    phone      TEXT,
    email      TEXT
) STRICT;
CREATE INDEX ix_company_contacts_company ON company_contacts (company_id);

-- The *_on stage dates record the first time the project reached that stage and are never moved back.
CREATE TABLE projects (
    id                        INTEGER PRIMARY KEY,
    name                      TEXT    NOT NULL,
    company_id                INTEGER REFERENCES companies (id),
    industry_code             TEXT    NOT NULL REFERENCES industries (code),
    total_investment          INTEGER NOT NULL,
    fixed_asset_investment    INTEGER,
    land_mode                 TEXT    NOT NULL,
    land_area_mu              INTEGER,
    origin_region             TEXT,
    responsible_unit_id       INTEGER NOT NULL REFERENCES units (id),
    responsible_person_id     INTEGER REFERENCES users (id),
    leader_id                 INTEGER REFERENCES users (id),
    is_key                    INTEGER NOT NULL DEFAULT 0,
    stage                     TEXT    NOT NULL,
    stage_entered_on          TEXT    NOT NULL,
    dropped_from              TEXT,
    talks_started_on          TEXT    NOT NULL,
    signed_on                 TEXT,
    contract_amount           INTEGER,
    planned_groundbreaking_on TEXT,
    planned_production_on     TEXT,
    land_supplied_on          TEXT,
    land_supplied_mu          INTEGER,
    groundbreaking_on         TEXT,
    production_on             TEXT,
    version                   INTEGER NOT NULL DEFAULT 1,
    created_at                TEXT    NOT NULL,
    updated_at                TEXT    NOT NULL,
    created_by                INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_projects_stage ON projects (stage, id);
CREATE INDEX ix_projects_unit ON projects (responsible_unit_id, id);
CREATE INDEX ix_projects_leader ON projects (leader_id, id);
CREATE INDEX ix_projects_person ON projects (responsible_person_id, id);
CREATE INDEX ix_projects_industry ON projects (industry_code, id);
CREATE INDEX ix_projects_signed_on ON projects (signed_on);
CREATE INDEX ix_projects_company ON projects (company_id);

CREATE TABLE project_team (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (project_id, user_id)
) STRICT;
CREATE INDEX ix_project_team_user ON project_team (user_id);

CREATE TABLE project_stage_history (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    from_stage       TEXT,
    to_stage         TEXT    NOT NULL,
    on_date          TEXT    NOT NULL,
    recorded_at      TEXT    NOT NULL,
    by_user_id       INTEGER REFERENCES users (id),
    note             TEXT,
    amount           INTEGER,
    area_mu          INTEGER,
    land_contract_no TEXT,
    reason_code      TEXT
) STRICT;
CREATE INDEX ix_stage_history_project ON project_stage_history (project_id, id);
CREATE INDEX ix_stage_history_to_stage ON project_stage_history (to_stage, on_date);

CREATE TABLE project_agreements (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    type       TEXT    NOT NULL,
    signed_on  TEXT    NOT NULL,
    amount     INTEGER,
    note       TEXT,
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_agreements_project ON project_agreements (project_id, signed_on);
CREATE INDEX ix_agreements_type ON project_agreements (type, signed_on);

CREATE TABLE project_activities (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    kind       TEXT    NOT NULL,
    on_date    TEXT    NOT NULL,
    summary    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_activities_project ON project_activities (project_id, on_date);

-- No foreign keys: the audit trail outlives what it describes.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    user_id   INTEGER,
    user_name TEXT,
    action    TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT,
    result    TEXT    NOT NULL,
    client_ip TEXT,
    detail    TEXT
) STRICT;
CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id, at);
CREATE INDEX ix_audit_user ON audit_log (user_id, at);
