-- The monthly 调度: project updates with the matters they raise for leaders, attachments kept in the database, and the rule that chases a missing update.

-- One update per project and month (month = its first day); investment is the month's actual investment in ten-thousandths.
CREATE TABLE project_updates (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    month       TEXT    NOT NULL,
    progress    TEXT    NOT NULL,
    problems    TEXT,
    next_steps  TEXT    NOT NULL,
    investment  INTEGER,
    due_on      TEXT    NOT NULL,
    filed_on    TEXT    NOT NULL,
    filed_by    INTEGER NOT NULL REFERENCES users (id),
    filed_at    TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_project_updates_month ON project_updates (project_id, month);
CREATE INDEX ix_project_updates_month ON project_updates (month, project_id);

-- 需协调事项: raised in an update, assigned by the project's leader to a unit with a due date, answered by it, closed by the leader.
CREATE TABLE matters (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    update_id    INTEGER NOT NULL REFERENCES project_updates (id),
    text         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    leader_id    INTEGER REFERENCES users (id),
    unit_id      INTEGER REFERENCES units (id),
    due_on       TEXT,
    assigned_by  INTEGER REFERENCES users (id),
    assigned_at  TEXT,
    answer       TEXT,
    answered_by  INTEGER REFERENCES users (id),
    answered_at  TEXT,
    closed_by    INTEGER REFERENCES users (id),
    closed_at    TEXT,
    raised_by    INTEGER NOT NULL REFERENCES users (id),
    raised_at    TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX ix_matters_status_due ON matters (status, due_on);
CREATE INDEX ix_matters_leader ON matters (leader_id, status);
CREATE INDEX ix_matters_unit ON matters (unit_id, status);
CREATE INDEX ix_matters_project ON matters (project_id);

-- Files kept with the record they prove (a contract, a site photo …), in the database so a backup covers them.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    parent_type  TEXT    NOT NULL,
    parent_id    INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    uploaded_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX ix_attachments_parent ON attachments (parent_type, parent_id, id);

ALTER TABLE notifications ADD COLUMN matter_id INTEGER REFERENCES matters (id);
CREATE UNIQUE INDEX ux_notifications_matter ON notifications (matter_id, kind, user_id) WHERE matter_id IS NOT NULL;

INSERT INTO alert_rules (code, name, yellow_days, orange_days, red_days, fallback_yellow_days, fallback_orange_days, fallback_red_days, calendar, is_active, version, updated_at) VALUES
    ('monthlyUpdateMissing', '月度调度未填报', 0, 10, 25, NULL, NULL, NULL, 'natural', 1, 1, '2026-01-01 00:00:00');
