-- Outbound trips (外出招商) with participants, targets and reported visits; leads (线索) with their status; projects link back to their lead.

CREATE TABLE trips (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units (id),
    purpose           TEXT    NOT NULL,
    destination       TEXT    NOT NULL,
    start_on          TEXT    NOT NULL,
    end_on            TEXT    NOT NULL,
    days              INTEGER NOT NULL,
    leader_id         INTEGER REFERENCES users (id),
    status            TEXT    NOT NULL,
    registered_on     TEXT    NOT NULL,
    is_late           INTEGER NOT NULL DEFAULT 0,
    late_reason       TEXT,
    report_due_on     TEXT    NOT NULL,
    reported_on       TEXT,
    report_summary    TEXT,
    cancelled_on      TEXT,
    cancel_reason     TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    created_by        INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_trips_unit ON trips (unit_id, start_on);
CREATE INDEX ix_trips_start ON trips (start_on);
CREATE INDEX ix_trips_status_due ON trips (status, report_due_on);

CREATE TABLE trip_participants (
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (trip_id, user_id)
) STRICT;
CREATE INDEX ix_trip_participants_user ON trip_participants (user_id);

CREATE TABLE trip_visits (
    id           INTEGER PRIMARY KEY,
    trip_id      INTEGER NOT NULL REFERENCES trips (id),
    company_id   INTEGER REFERENCES companies (id),
    company_name TEXT,
    on_date      TEXT    NOT NULL,
    met_with     TEXT    NOT NULL,
    outcome      TEXT    NOT NULL
) STRICT;
CREATE INDEX ix_trip_visits_trip ON trip_visits (trip_id);

CREATE TABLE leads (
    id                    INTEGER PRIMARY KEY,
    unit_id               INTEGER NOT NULL REFERENCES units (id),
    title                 TEXT    NOT NULL,
    company_id            INTEGER REFERENCES companies (id),
    company_name          TEXT    NOT NULL,
    company_name_key      TEXT    NOT NULL,
    credit_code           TEXT,
    industry_code         TEXT    NOT NULL REFERENCES industries (code),
    estimated_investment  INTEGER NOT NULL,
    content               TEXT    NOT NULL,
    investor_requirements TEXT    NOT NULL,
    contact_name          TEXT    NOT NULL,
    contact_phone         TEXT    NOT NULL,
    source                TEXT    NOT NULL,
    trip_id               INTEGER REFERENCES trips (id),
    status                TEXT    NOT NULL,
    status_reason         TEXT,
    logged_on             TEXT    NOT NULL,
    verified_on           TEXT,
    project_id            INTEGER REFERENCES projects (id),
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL,
    created_by            INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_leads_unit ON leads (unit_id, id);
CREATE INDEX ix_leads_status ON leads (status, id);
CREATE INDEX ix_leads_logged ON leads (logged_on);
CREATE INDEX ix_leads_trip ON leads (trip_id);
CREATE INDEX ix_leads_name_key ON leads (company_name_key);
CREATE INDEX ix_leads_credit_code ON leads (credit_code);

-- A target is one of: a known company, a lead, a project, or a company known only by name.
CREATE TABLE trip_targets (
    id         INTEGER PRIMARY KEY,
    trip_id    INTEGER NOT NULL REFERENCES trips (id),
    company_id INTEGER REFERENCES companies (id),
    lead_id    INTEGER REFERENCES leads (id),
    project_id INTEGER REFERENCES projects (id),
    name       TEXT
) STRICT;
CREATE INDEX ix_trip_targets_trip ON trip_targets (trip_id);

ALTER TABLE projects ADD COLUMN source_lead_id INTEGER REFERENCES leads (id);
