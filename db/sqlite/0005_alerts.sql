-- Stalled-project alerts: rules and the working-day calendar, alerts with their history and instructions (督办), scans, and the notification outbox with per-channel deliveries.

ALTER TABLE units ADD COLUMN head_user_id INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN webhook_url TEXT;
ALTER TABLE users ADD COLUMN webhook_kind TEXT;

CREATE TABLE alert_rules (
    code                 TEXT NOT NULL PRIMARY KEY,
    name                 TEXT NOT NULL,
    yellow_days          INTEGER NOT NULL,
    orange_days          INTEGER NOT NULL,
    red_days             INTEGER NOT NULL,
    fallback_yellow_days INTEGER,
    fallback_orange_days INTEGER,
    fallback_red_days    INTEGER,
    calendar             TEXT NOT NULL,
    is_active            INTEGER NOT NULL DEFAULT 1,
    version              INTEGER NOT NULL DEFAULT 1,
    updated_at           TEXT NOT NULL
) STRICT;

-- Exceptions to Monday-to-Friday: public holidays (is_working_day = 0) and weekends worked in exchange (调休, 1).
CREATE TABLE calendar_days (
    day            TEXT NOT NULL PRIMARY KEY,
    is_working_day INTEGER NOT NULL,
    name           TEXT
) STRICT;

CREATE TABLE alert_scans (
    id            INTEGER PRIMARY KEY,
    trigger_kind  TEXT NOT NULL,
    requested_by  INTEGER REFERENCES users (id),
    scan_date     TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    new_alerts    INTEGER NOT NULL DEFAULT 0,
    escalated     INTEGER NOT NULL DEFAULT 0,
    resolved      INTEGER NOT NULL DEFAULT 0,
    notifications INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX ix_alert_scans_started ON alert_scans (started_at);

CREATE TABLE alerts (
    id                  INTEGER PRIMARY KEY,
    rule_code           TEXT NOT NULL REFERENCES alert_rules (code),
    subject_type        TEXT NOT NULL,
    subject_id          INTEGER NOT NULL,
    project_id          INTEGER REFERENCES projects (id),
    trip_id             INTEGER REFERENCES trips (id),
    level               TEXT NOT NULL,
    status              TEXT NOT NULL,
    since               TEXT NOT NULL,
    opened_scan_id      INTEGER REFERENCES alert_scans (id),
    opened_at           TEXT NOT NULL,
    resolved_at         TEXT,
    resolution          TEXT,
    resolve_reason      TEXT,
    acknowledged_at     TEXT,
    acknowledged_by     INTEGER REFERENCES users (id),
    ack_comment         TEXT,
    snoozed_until       TEXT,
    snooze_reason       TEXT,
    responsible_user_id INTEGER REFERENCES users (id),
    unit_id             INTEGER NOT NULL REFERENCES units (id),
    leader_id           INTEGER REFERENCES users (id),
    version             INTEGER NOT NULL DEFAULT 1,
    updated_at          TEXT NOT NULL
) STRICT;
-- One open alert per rule and subject, whichever scan (or instance) gets there first.
CREATE UNIQUE INDEX ux_alerts_open ON alerts (rule_code, subject_type, subject_id) WHERE status <> 'resolved';
CREATE INDEX ix_alerts_rule_subject ON alerts (rule_code, subject_type, subject_id, status);
CREATE INDEX ix_alerts_status ON alerts (status, level, id);
CREATE INDEX ix_alerts_project ON alerts (project_id);
CREATE INDEX ix_alerts_trip ON alerts (trip_id);
CREATE INDEX ix_alerts_unit ON alerts (unit_id, id);
CREATE INDEX ix_alerts_leader ON alerts (leader_id, status);
CREATE INDEX ix_alerts_responsible ON alerts (responsible_user_id, status);
CREATE INDEX ix_alerts_opened_scan ON alerts (opened_scan_id);

-- milestone holds the level for 'opened' and 'escalated' events, so each level is reached once per alert.
CREATE TABLE alert_history (
    id         INTEGER PRIMARY KEY,
    alert_id   INTEGER NOT NULL REFERENCES alerts (id),
    at         TEXT NOT NULL,
    event      TEXT NOT NULL,
    level      TEXT,
    milestone  TEXT,
    by_user_id INTEGER REFERENCES users (id),
    note       TEXT
) STRICT;
CREATE INDEX ix_alert_history_alert ON alert_history (alert_id, id);
CREATE UNIQUE INDEX ux_alert_history_milestone ON alert_history (alert_id, milestone) WHERE milestone IS NOT NULL;

CREATE TABLE alert_instructions (
    id           INTEGER PRIMARY KEY,
    alert_id     INTEGER NOT NULL REFERENCES alerts (id),
    text         TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    issued_by    INTEGER NOT NULL REFERENCES users (id),
    issued_at    TEXT NOT NULL,
    response     TEXT,
    responded_by INTEGER REFERENCES users (id),
    responded_at TEXT
) STRICT;
CREATE INDEX ix_alert_instructions_alert ON alert_instructions (alert_id);

-- What one scan found for one rule, before it is merged into alerts; removed when the scan finishes the rule.
CREATE TABLE alert_candidates (
    scan_id             INTEGER NOT NULL REFERENCES alert_scans (id),
    rule_code           TEXT NOT NULL,
    subject_type        TEXT NOT NULL,
    subject_id          INTEGER NOT NULL,
    project_id          INTEGER,
    trip_id             INTEGER,
    level               TEXT NOT NULL,
    since               TEXT NOT NULL,
    responsible_user_id INTEGER,
    unit_id             INTEGER NOT NULL,
    leader_id           INTEGER,
    PRIMARY KEY (scan_id, rule_code, subject_type, subject_id)
) STRICT;

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    alert_id   INTEGER REFERENCES alerts (id),
    level      TEXT,
    digest_on  TEXT,
    scan_id    INTEGER REFERENCES alert_scans (id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
) STRICT;
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_scan ON notifications (scan_id);
-- Never the same alert level twice to one person, and one digest per leader per day.
CREATE UNIQUE INDEX ux_notifications_alert ON notifications (alert_id, level, user_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_notifications_digest ON notifications (user_id, digest_on) WHERE digest_on IS NOT NULL;

CREATE TABLE notification_deliveries (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    claimed_at      TEXT,
    sent_at         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_deliveries_channel ON notification_deliveries (notification_id, channel);
CREATE INDEX ix_deliveries_status ON notification_deliveries (status, id);

INSERT INTO alert_rules (code, name, yellow_days, orange_days, red_days, fallback_yellow_days, fallback_orange_days, fallback_red_days, calendar, is_active, version, updated_at) VALUES
    ('signedNotStarted', '签约未开工', 0, 30, 90, 60, 90, 180, 'natural', 1, 1, '2026-01-01 00:00:00'),
    ('signedNoLand', '签约未供地', 60, 90, 180, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00'),
    ('landNotStarted', '供地未开工', 90, 180, 365, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00'),
    ('startedNotProducing', '开工未投产', 0, 90, 180, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00'),
    ('talksIdle', '洽谈无进展', 60, 90, 180, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00'),
    ('reviewPending', '预审未决', 15, 30, 60, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00'),
    ('tripReportOverdue', '外出招商逾期未报告', 0, 7, 15, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00');
