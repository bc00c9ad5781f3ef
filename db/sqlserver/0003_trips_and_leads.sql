-- Outbound trips (外出招商) with participants, targets and reported visits; leads (线索) with their status; projects link back to their lead.

CREATE TABLE trips (
    id                BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_trips PRIMARY KEY,
    unit_id           BIGINT NOT NULL CONSTRAINT fk_trips_unit REFERENCES units (id),
    purpose           NVARCHAR(500) NOT NULL,
    destination       NVARCHAR(200) NOT NULL,
    start_on          DATE NOT NULL,
    end_on            DATE NOT NULL,
    days              INT NOT NULL,
    leader_id         BIGINT NULL CONSTRAINT fk_trips_leader REFERENCES users (id),
    status            NVARCHAR(32) NOT NULL,
    registered_on     DATE NOT NULL,
    is_late           BIT NOT NULL CONSTRAINT df_trips_is_late DEFAULT 0,
    late_reason       NVARCHAR(1000) NULL,
    report_due_on     DATE NOT NULL,
    reported_on       DATE NULL,
    report_summary    NVARCHAR(4000) NULL,
    cancelled_on      DATE NULL,
    cancel_reason     NVARCHAR(1000) NULL,
    version           INT NOT NULL CONSTRAINT df_trips_version DEFAULT 1,
    created_at        DATETIME2 NOT NULL,
    updated_at        DATETIME2 NOT NULL,
    created_by        BIGINT NULL CONSTRAINT fk_trips_created_by REFERENCES users (id)
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
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_trip_visits PRIMARY KEY,
    trip_id      BIGINT NOT NULL CONSTRAINT fk_trip_visits_trip REFERENCES trips (id),
    company_id   BIGINT NULL CONSTRAINT fk_trip_visits_company REFERENCES companies (id),
    company_name NVARCHAR(200) NULL,
    on_date      DATE NOT NULL,
    met_with     NVARCHAR(200) NOT NULL,
    outcome      NVARCHAR(2000) NOT NULL
);
CREATE INDEX ix_trip_visits_trip ON trip_visits (trip_id);

CREATE TABLE leads (
    id                    BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_leads PRIMARY KEY,
    unit_id               BIGINT NOT NULL CONSTRAINT fk_leads_unit REFERENCES units (id),
    title                 NVARCHAR(200) NOT NULL,
    company_id            BIGINT NULL CONSTRAINT fk_leads_company REFERENCES companies (id),
    company_name          NVARCHAR(200) NOT NULL,
    company_name_key      NVARCHAR(200) NOT NULL,
    credit_code           NVARCHAR(18) NULL,
    industry_code         NVARCHAR(16) NOT NULL CONSTRAINT fk_leads_industry REFERENCES industries (code),
    estimated_investment  BIGINT NOT NULL,
    content               NVARCHAR(4000) NOT NULL,
    investor_requirements NVARCHAR(2000) NOT NULL,
    contact_name          NVARCHAR(100) NOT NULL,
    contact_phone         NVARCHAR(40) NOT NULL,
    source                NVARCHAR(32) NOT NULL,
    trip_id               BIGINT NULL CONSTRAINT fk_leads_trip REFERENCES trips (id),
    status                NVARCHAR(32) NOT NULL,
    status_reason         NVARCHAR(1000) NULL,
    logged_on             DATE NOT NULL,
    verified_on           DATE NULL,
    project_id            BIGINT NULL CONSTRAINT fk_leads_project REFERENCES projects (id),
    version               INT NOT NULL CONSTRAINT df_leads_version DEFAULT 1,
    created_at            DATETIME2 NOT NULL,
    updated_at            DATETIME2 NOT NULL,
    created_by            BIGINT NULL CONSTRAINT fk_leads_created_by REFERENCES users (id)
);
CREATE INDEX ix_leads_unit ON leads (unit_id, id);
CREATE INDEX ix_leads_status ON leads (status, id);
CREATE INDEX ix_leads_logged ON leads (logged_on);
CREATE INDEX ix_leads_trip ON leads (trip_id);
CREATE INDEX ix_leads_name_key ON leads (company_name_key);
CREATE INDEX ix_leads_credit_code ON leads (credit_code);

CREATE TABLE trip_targets (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_trip_targets PRIMARY KEY,
    trip_id    BIGINT NOT NULL CONSTRAINT fk_trip_targets_trip REFERENCES trips (id),
    company_id BIGINT NULL CONSTRAINT fk_trip_targets_company REFERENCES companies (id),
    lead_id    BIGINT NULL CONSTRAINT fk_trip_targets_lead REFERENCES leads (id),
    project_id BIGINT NULL CONSTRAINT fk_trip_targets_project REFERENCES projects (id),
    name       NVARCHAR(200) NULL
);
CREATE INDEX ix_trip_targets_trip ON trip_targets (trip_id);

ALTER TABLE projects ADD source_lead_id BIGINT NULL CONSTRAINT fk_projects_source_lead REFERENCES leads (id);
