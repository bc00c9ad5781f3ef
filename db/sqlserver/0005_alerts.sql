-- Stalled-project alerts: rules and the working-day calendar, alerts with their history and instructions (督办), scans, and the notification outbox with per-channel deliveries.

ALTER TABLE units ADD head_user_id BIGINT NULL CONSTRAINT fk_units_head REFERENCES users (id);
ALTER TABLE users ADD webhook_url NVARCHAR(500) NULL;
ALTER TABLE users ADD webhook_kind NVARCHAR(16) NULL;

CREATE TABLE alert_rules (
    code                 NVARCHAR(32) NOT NULL CONSTRAINT pk_alert_rules PRIMARY KEY,
    name                 NVARCHAR(100) NOT NULL,
    yellow_days          INT NOT NULL,
    orange_days          INT NOT NULL,
    red_days             INT NOT NULL,
    fallback_yellow_days INT NULL,
    fallback_orange_days INT NULL,
    fallback_red_days    INT NULL,
    calendar             NVARCHAR(16) NOT NULL,
    is_active            BIT NOT NULL CONSTRAINT df_alert_rules_is_active DEFAULT 1,
    version              INT NOT NULL CONSTRAINT df_alert_rules_version DEFAULT 1,
    updated_at           DATETIME2 NOT NULL
);

-- Exceptions to Monday-to-Friday: public holidays (is_working_day = 0) and weekends worked in exchange (调休, 1).
CREATE TABLE calendar_days (
    day            DATE NOT NULL CONSTRAINT pk_calendar_days PRIMARY KEY,
    is_working_day BIT NOT NULL,
    name           NVARCHAR(100) NULL
);

CREATE TABLE alert_scans (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_alert_scans PRIMARY KEY,
    trigger_kind  NVARCHAR(16) NOT NULL,
    requested_by  BIGINT NULL CONSTRAINT fk_alert_scans_requested_by REFERENCES users (id),
    scan_date     DATE NOT NULL,
    started_at    DATETIME2 NOT NULL,
    finished_at   DATETIME2 NULL,
    new_alerts    INT NOT NULL CONSTRAINT df_alert_scans_new DEFAULT 0,
    escalated     INT NOT NULL CONSTRAINT df_alert_scans_escalated DEFAULT 0,
    resolved      INT NOT NULL CONSTRAINT df_alert_scans_resolved DEFAULT 0,
    notifications INT NOT NULL CONSTRAINT df_alert_scans_notifications DEFAULT 0
);
CREATE INDEX ix_alert_scans_started ON alert_scans (started_at);

CREATE TABLE alerts (
    id                  BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_alerts PRIMARY KEY,
    rule_code           NVARCHAR(32) NOT NULL CONSTRAINT fk_alerts_rule REFERENCES alert_rules (code),
    subject_type        NVARCHAR(16) NOT NULL,
    subject_id          BIGINT NOT NULL,
    project_id          BIGINT NULL CONSTRAINT fk_alerts_project REFERENCES projects (id),
    trip_id             BIGINT NULL CONSTRAINT fk_alerts_trip REFERENCES trips (id),
    level               NVARCHAR(16) NOT NULL,
    status              NVARCHAR(16) NOT NULL,
    since               DATE NOT NULL,
    opened_scan_id      BIGINT NULL CONSTRAINT fk_alerts_opened_scan REFERENCES alert_scans (id),
    opened_at           DATETIME2 NOT NULL,
    resolved_at         DATETIME2 NULL,
    resolution          NVARCHAR(16) NULL,
    resolve_reason      NVARCHAR(1000) NULL,
    acknowledged_at     DATETIME2 NULL,
    acknowledged_by     BIGINT NULL CONSTRAINT fk_alerts_acknowledged_by REFERENCES users (id),
    ack_comment         NVARCHAR(1000) NULL,
    snoozed_until       DATE NULL,
    snooze_reason       NVARCHAR(1000) NULL,
    responsible_user_id BIGINT NULL CONSTRAINT fk_alerts_responsible REFERENCES users (id),
    unit_id             BIGINT NOT NULL CONSTRAINT fk_alerts_unit REFERENCES units (id),
    leader_id           BIGINT NULL CONSTRAINT fk_alerts_leader REFERENCES users (id),
    version             INT NOT NULL CONSTRAINT df_alerts_version DEFAULT 1,
    updated_at          DATETIME2 NOT NULL
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
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_alert_history PRIMARY KEY,
    alert_id   BIGINT NOT NULL CONSTRAINT fk_alert_history_alert REFERENCES alerts (id),
    at         DATETIME2 NOT NULL,
    event      NVARCHAR(32) NOT NULL,
    level      NVARCHAR(16) NULL,
    milestone  NVARCHAR(16) NULL,
    by_user_id BIGINT NULL CONSTRAINT fk_alert_history_user REFERENCES users (id),
    note       NVARCHAR(2000) NULL
);
CREATE INDEX ix_alert_history_alert ON alert_history (alert_id, id);
CREATE UNIQUE INDEX ux_alert_history_milestone ON alert_history (alert_id, milestone) WHERE milestone IS NOT NULL;

CREATE TABLE alert_instructions (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_alert_instructions PRIMARY KEY,
    alert_id     BIGINT NOT NULL CONSTRAINT fk_alert_instructions_alert REFERENCES alerts (id),
    text         NVARCHAR(2000) NOT NULL,
    due_on       DATE NOT NULL,
    issued_by    BIGINT NOT NULL CONSTRAINT fk_alert_instructions_issued_by REFERENCES users (id),
    issued_at    DATETIME2 NOT NULL,
    response     NVARCHAR(2000) NULL,
    responded_by BIGINT NULL CONSTRAINT fk_alert_instructions_responded_by REFERENCES users (id),
    responded_at DATETIME2 NULL
);
CREATE INDEX ix_alert_instructions_alert ON alert_instructions (alert_id);

-- What one scan found for one rule, before it is merged into alerts; removed when the scan finishes the rule.
CREATE TABLE alert_candidates (
    scan_id             BIGINT NOT NULL CONSTRAINT fk_alert_candidates_scan REFERENCES alert_scans (id),
    rule_code           NVARCHAR(32) NOT NULL,
    subject_type        NVARCHAR(16) NOT NULL,
    subject_id          BIGINT NOT NULL,
    project_id          BIGINT NULL,
    trip_id             BIGINT NULL,
    level               NVARCHAR(16) NOT NULL,
    since               DATE NOT NULL,
    responsible_user_id BIGINT NULL,
    unit_id             BIGINT NOT NULL,
    leader_id           BIGINT NULL,
    CONSTRAINT pk_alert_candidates PRIMARY KEY (scan_id, rule_code, subject_type, subject_id)
);

CREATE TABLE notifications (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    user_id    BIGINT NOT NULL CONSTRAINT fk_notifications_user REFERENCES users (id),
    kind       NVARCHAR(16) NOT NULL,
    alert_id   BIGINT NULL CONSTRAINT fk_notifications_alert REFERENCES alerts (id),
    level      NVARCHAR(16) NULL,
    digest_on  DATE NULL,
    scan_id    BIGINT NULL CONSTRAINT fk_notifications_scan REFERENCES alert_scans (id),
    title      NVARCHAR(500) NOT NULL,
    body       NVARCHAR(4000) NOT NULL,
    created_at DATETIME2 NOT NULL,
    read_at    DATETIME2 NULL
);
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_scan ON notifications (scan_id);
-- Never the same alert level twice to one person, and one digest per leader per day.
CREATE UNIQUE INDEX ux_notifications_alert ON notifications (alert_id, level, user_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_notifications_digest ON notifications (user_id, digest_on) WHERE digest_on IS NOT NULL;

CREATE TABLE notification_deliveries (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_notification_deliveries PRIMARY KEY,
    notification_id BIGINT NOT NULL CONSTRAINT fk_deliveries_notification REFERENCES notifications (id),
    channel         NVARCHAR(16) NOT NULL,
    status          NVARCHAR(16) NOT NULL,
    attempts        INT NOT NULL CONSTRAINT df_deliveries_attempts DEFAULT 0,
    last_error      NVARCHAR(1000) NULL,
    claimed_at      DATETIME2 NULL,
    sent_at         DATETIME2 NULL,
    created_at      DATETIME2 NOT NULL,
    updated_at      DATETIME2 NOT NULL
);
CREATE UNIQUE INDEX ux_deliveries_channel ON notification_deliveries (notification_id, channel);
CREATE INDEX ix_deliveries_status ON notification_deliveries (status, id);

INSERT INTO alert_rules (code, name, yellow_days, orange_days, red_days, fallback_yellow_days, fallback_orange_days, fallback_red_days, calendar, is_active, version, updated_at) VALUES
    (N'signedNotStarted', N'签约未开工', 0, 30, 90, 60, 90, 180, N'natural', 1, 1, '2026-01-01 00:00:00'),
    (N'signedNoLand', N'签约未供地', 60, 90, 180, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00'),
    (N'landNotStarted', N'供地未开工', 90, 180, 365, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00'),
    (N'startedNotProducing', N'开工未投产', 0, 90, 180, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00'),
    (N'talksIdle', N'洽谈无进展', 60, 90, 180, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00'),
    (N'reviewPending', N'预审未决', 15, 30, 60, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00'),
    (N'tripReportOverdue', N'外出招商逾期未报告', 0, 7, 15, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00');
