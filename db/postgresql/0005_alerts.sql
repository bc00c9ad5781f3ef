-- Stalled-project alerts: rules and the working-day calendar, alerts with their history and instructions (督办), scans, and the notification outbox with per-channel deliveries.

ALTER TABLE units ADD COLUMN head_user_id BIGINT CONSTRAINT fk_units_head REFERENCES users (id);
ALTER TABLE users ADD COLUMN webhook_url VARCHAR(500) NULL;
ALTER TABLE users ADD COLUMN webhook_kind VARCHAR(16) NULL;

CREATE TABLE alert_rules (
    code                 VARCHAR(32) NOT NULL CONSTRAINT pk_alert_rules PRIMARY KEY,
    name                 VARCHAR(100) NOT NULL,
    yellow_days          INTEGER NOT NULL,
    orange_days          INTEGER NOT NULL,
    red_days             INTEGER NOT NULL,
    fallback_yellow_days INTEGER NULL,
    fallback_orange_days INTEGER NULL,
    fallback_red_days    INTEGER NULL,
    calendar             VARCHAR(16) NOT NULL,
    is_active            BOOLEAN NOT NULL DEFAULT TRUE,
    version              INTEGER NOT NULL DEFAULT 1,
    updated_at           TIMESTAMPTZ NOT NULL
);

-- Exceptions to Monday-to-Friday: public holidays (is_working_day FALSE) and weekends worked in exchange (调休, TRUE).
CREATE TABLE calendar_days (
    day            DATE NOT NULL CONSTRAINT pk_calendar_days PRIMARY KEY,
    is_working_day BOOLEAN NOT NULL,
    name           VARCHAR(100) NULL
);

CREATE TABLE alert_scans (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_alert_scans PRIMARY KEY,
    trigger_kind  VARCHAR(16) NOT NULL,
    requested_by  BIGINT CONSTRAINT fk_alert_scans_requested_by REFERENCES users (id),
    scan_date     DATE NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ NULL,
    new_alerts    INTEGER NOT NULL DEFAULT 0,
    escalated     INTEGER NOT NULL DEFAULT 0,
    resolved      INTEGER NOT NULL DEFAULT 0,
    notifications INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_alert_scans_started ON alert_scans (started_at);

CREATE TABLE alerts (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_alerts PRIMARY KEY,
    rule_code           VARCHAR(32) NOT NULL CONSTRAINT fk_alerts_rule REFERENCES alert_rules (code),
    subject_type        VARCHAR(16) NOT NULL,
    subject_id          BIGINT NOT NULL,
    project_id          BIGINT CONSTRAINT fk_alerts_project REFERENCES projects (id),
    trip_id             BIGINT CONSTRAINT fk_alerts_trip REFERENCES trips (id),
    level               VARCHAR(16) NOT NULL,
    status              VARCHAR(16) NOT NULL,
    since               DATE NOT NULL,
    opened_scan_id      BIGINT CONSTRAINT fk_alerts_opened_scan REFERENCES alert_scans (id),
    opened_at           TIMESTAMPTZ NOT NULL,
    resolved_at         TIMESTAMPTZ NULL,
    resolution          VARCHAR(16) NULL,
    resolve_reason      VARCHAR(1000) NULL,
    acknowledged_at     TIMESTAMPTZ NULL,
    acknowledged_by     BIGINT CONSTRAINT fk_alerts_acknowledged_by REFERENCES users (id),
    ack_comment         VARCHAR(1000) NULL,
    snoozed_until       DATE NULL,
    snooze_reason       VARCHAR(1000) NULL,
    responsible_user_id BIGINT CONSTRAINT fk_alerts_responsible REFERENCES users (id),
    unit_id             BIGINT NOT NULL CONSTRAINT fk_alerts_unit REFERENCES units (id),
    leader_id           BIGINT CONSTRAINT fk_alerts_leader REFERENCES users (id),
    version             INTEGER NOT NULL DEFAULT 1,
    updated_at          TIMESTAMPTZ NOT NULL
);
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
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_alert_history PRIMARY KEY,
    alert_id   BIGINT NOT NULL CONSTRAINT fk_alert_history_alert REFERENCES alerts (id),
    at         TIMESTAMPTZ NOT NULL,
    event      VARCHAR(32) NOT NULL,
    level      VARCHAR(16) NULL,
    milestone  VARCHAR(16) NULL,
    by_user_id BIGINT CONSTRAINT fk_alert_history_user REFERENCES users (id),
    note       VARCHAR(2000) NULL
);
CREATE INDEX ix_alert_history_alert ON alert_history (alert_id, id);
CREATE UNIQUE INDEX ux_alert_history_milestone ON alert_history (alert_id, milestone) WHERE milestone IS NOT NULL;

CREATE TABLE alert_instructions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_alert_instructions PRIMARY KEY,
    alert_id     BIGINT NOT NULL CONSTRAINT fk_alert_instructions_alert REFERENCES alerts (id),
    text         VARCHAR(2000) NOT NULL,
    due_on       DATE NOT NULL,
    issued_by    BIGINT NOT NULL CONSTRAINT fk_alert_instructions_issued_by REFERENCES users (id),
    issued_at    TIMESTAMPTZ NOT NULL,
    response     VARCHAR(2000) NULL,
    responded_by BIGINT CONSTRAINT fk_alert_instructions_responded_by REFERENCES users (id),
    responded_at TIMESTAMPTZ NULL
);
CREATE INDEX ix_alert_instructions_alert ON alert_instructions (alert_id);

-- What one scan found for one rule, before it is merged into alerts; removed when the scan finishes the rule.
CREATE TABLE alert_candidates (
    scan_id             BIGINT NOT NULL CONSTRAINT fk_alert_candidates_scan REFERENCES alert_scans (id),
    rule_code           VARCHAR(32) NOT NULL,
    subject_type        VARCHAR(16) NOT NULL,
    subject_id          BIGINT NOT NULL,
    project_id          BIGINT NULL,
    trip_id             BIGINT NULL,
    level               VARCHAR(16) NOT NULL,
    since               DATE NOT NULL,
    responsible_user_id BIGINT NULL,
    unit_id             BIGINT NOT NULL,
    leader_id           BIGINT NULL,
    CONSTRAINT pk_alert_candidates PRIMARY KEY (scan_id, rule_code, subject_type, subject_id)
);

CREATE TABLE notifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_notifications PRIMARY KEY,
    user_id    BIGINT NOT NULL CONSTRAINT fk_notifications_user REFERENCES users (id),
    kind       VARCHAR(16) NOT NULL,
    alert_id   BIGINT CONSTRAINT fk_notifications_alert REFERENCES alerts (id),
    level      VARCHAR(16) NULL,
    digest_on  DATE NULL,
    scan_id    BIGINT CONSTRAINT fk_notifications_scan REFERENCES alert_scans (id),
    title      VARCHAR(500) NOT NULL,
    body       VARCHAR(4000) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ NULL
);
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_scan ON notifications (scan_id);
-- Never the same alert level twice to one person, and one digest per leader per day.
CREATE UNIQUE INDEX ux_notifications_alert ON notifications (alert_id, level, user_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_notifications_digest ON notifications (user_id, digest_on) WHERE digest_on IS NOT NULL;

CREATE TABLE notification_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_notification_deliveries PRIMARY KEY,
    notification_id BIGINT NOT NULL CONSTRAINT fk_deliveries_notification REFERENCES notifications (id),
    channel         VARCHAR(16) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR(1000) NULL,
    claimed_at      TIMESTAMPTZ NULL,
    sent_at         TIMESTAMPTZ NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_deliveries_channel ON notification_deliveries (notification_id, channel);
CREATE INDEX ix_deliveries_status ON notification_deliveries (status, id);

INSERT INTO alert_rules (code, name, yellow_days, orange_days, red_days, fallback_yellow_days, fallback_orange_days, fallback_red_days, calendar, is_active, version, updated_at) VALUES
    ('signedNotStarted', '签约未开工', 0, 30, 90, 60, 90, 180, 'natural', TRUE, 1, '2026-01-01 00:00:00+00'),
    ('signedNoLand', '签约未供地', 60, 90, 180, NULL, NULL, NULL, 'natural', TRUE, 1, '2026-01-01 00:00:00+00'),
    ('landNotStarted', '供地未开工', 90, 180, 365, NULL, NULL, NULL, 'natural', TRUE, 1, '2026-01-01 00:00:00+00'),
    ('startedNotProducing', '开工未投产', 0, 90, 180, NULL, NULL, NULL, 'natural', TRUE, 1, '2026-01-01 00:00:00+00'),
    ('talksIdle', '洽谈无进展', 60, 90, 180, NULL, NULL, NULL, 'natural', TRUE, 1, '2026-01-01 00:00:00+00'),
    ('reviewPending', '预审未决', 15, 30, 60, NULL, NULL, NULL, 'natural', TRUE, 1, '2026-01-01 00:00:00+00'),
    ('tripReportOverdue', '外出招商逾期未报告', 0, 7, 15, NULL, NULL, NULL, 'natural', TRUE, 1, '2026-01-01 00:00:00+00');
