-- Outbound trips (外出招商) with participants, targets and reported visits; leads (线索) with their status; projects link back to their lead.

CREATE TABLE trips (
    id                BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_trips PRIMARY KEY,
    unit_id           BIGINT NOT NULL CONSTRAINT fk_trips_unit REFERENCES units (id),
    purpose           VARCHAR(500) NOT NULL,
    destination       VARCHAR(200) NOT NULL,
    start_on          DATE NOT NULL,
    end_on            DATE NOT NULL,
    days              INTEGER NOT NULL,
    leader_id         BIGINT CONSTRAINT fk_trips_leader REFERENCES users (id),
    status            VARCHAR(32) NOT NULL,
    registered_on     DATE NOT NULL,
    is_late           BOOLEAN NOT NULL DEFAULT FALSE,
    late_reason       VARCHAR(1000) NULL,
    report_due_on     DATE NOT NULL,
    reported_on       DATE NULL,
    report_summary    VARCHAR(4000) NULL,
    cancelled_on      DATE NULL,
    cancel_reason     VARCHAR(1000) NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    created_by        BIGINT CONSTRAINT fk_trips_created_by REFERENCES users (id)
);
CREATE INDEX ix_trips_unit ON trips (unit_id, start_on);
CREATE INDEX ix_trips_start ON trips (start_on);
CREATE INDEX ix_trips_status_due ON trips (status, report_due_on);

CREATE TABLE trip_participants (
    trip_id BIGINT NOT NULL CONSTRAINT fk_trip_participants_trip REFERENCES trips (id),
    user_id BIGINT NOT NULL CONSTRAINT fk_trip_participants_user REFERENCES users (id),
    CONSTRAINT pk_trip_participants PRIMARY KEY (trip_id, user_id)
);
CREATE INDEX ix_trip_participants_user ON trip_participants (user_id);

CREATE TABLE trip_visits (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_trip_visits PRIMARY KEY,
    trip_id      BIGINT NOT NULL CONSTRAINT fk_trip_visits_trip REFERENCES trips (id),
    company_id   BIGINT CONSTRAINT fk_trip_visits_company REFERENCES companies (id),
    company_name VARCHAR(200) NULL,
    on_date      DATE NOT NULL,
    met_with     VARCHAR(200) NOT NULL,
    outcome      VARCHAR(2000) NOT NULL
);
CREATE INDEX ix_trip_visits_trip ON trip_visits (trip_id);

CREATE TABLE leads (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_leads PRIMARY KEY,
    unit_id               BIGINT NOT NULL CONSTRAINT fk_leads_unit REFERENCES units (id),
    title                 VARCHAR(200) NOT NULL,
    company_id            BIGINT CONSTRAINT fk_leads_company REFERENCES companies (id),
    company_name          VARCHAR(200) NOT NULL,
    company_name_key      VARCHAR(200) NOT NULL,
    credit_code           VARCHAR(18) NULL,
    industry_code         VARCHAR(16) NOT NULL CONSTRAINT fk_leads_industry REFERENCES industries (code),
    estimated_investment  BIGINT NOT NULL,
    content               VARCHAR(4000) NOT NULL,
    investor_requirements VARCHAR(2000) NOT NULL,
    contact_name          VARCHAR(100) NOT NULL,
    contact_phone         VARCHAR(40) NOT NULL,
    source                VARCHAR(32) NOT NULL,
    trip_id               BIGINT CONSTRAINT fk_leads_trip REFERENCES trips (id),
    status                VARCHAR(32) NOT NULL,
    status_reason         VARCHAR(1000) NULL,
    logged_on             DATE NOT NULL,
    verified_on           DATE NULL,
    project_id            BIGINT CONSTRAINT fk_leads_project REFERENCES projects (id),
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    created_by            BIGINT CONSTRAINT fk_leads_created_by REFERENCES users (id)
);
CREATE INDEX ix_leads_unit ON leads (unit_id, id);
CREATE INDEX ix_leads_status ON leads (status, id);
CREATE INDEX ix_leads_logged ON leads (logged_on);
CREATE INDEX ix_leads_trip ON leads (trip_id);
CREATE INDEX ix_leads_name_key ON leads (company_name_key);
CREATE INDEX ix_leads_credit_code ON leads (credit_code);

CREATE TABLE trip_targets (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_trip_targets PRIMARY KEY,
    trip_id    BIGINT NOT NULL CONSTRAINT fk_trip_targets_trip REFERENCES trips (id),
    company_id BIGINT CONSTRAINT fk_trip_targets_company REFERENCES companies (id),
    lead_id    BIGINT CONSTRAINT fk_trip_targets_lead REFERENCES leads (id),
    project_id BIGINT CONSTRAINT fk_trip_targets_project REFERENCES projects (id),
    name       VARCHAR(200) NULL
);
CREATE INDEX ix_trip_targets_trip ON trip_targets (trip_id);

ALTER TABLE projects ADD COLUMN source_lead_id BIGINT CONSTRAINT fk_projects_source_lead REFERENCES leads (id);
