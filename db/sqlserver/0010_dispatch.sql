-- The monthly 调度: project updates with the matters they raise for leaders, attachments kept in the database, and the rule that chases a missing update.

-- One update per project and month (month = its first day); investment is the month's actual investment in ten-thousandths.
CREATE TABLE project_updates (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_project_updates PRIMARY KEY,
    project_id  BIGINT NOT NULL CONSTRAINT fk_project_updates_project REFERENCES projects (id),
    month       DATE NOT NULL,
    progress    NVARCHAR(4000) NOT NULL,
    problems    NVARCHAR(4000) NULL,
    next_steps  NVARCHAR(4000) NOT NULL,
    investment  BIGINT NULL,
    due_on      DATE NOT NULL,
    filed_on    DATE NOT NULL,
    filed_by    BIGINT NOT NULL CONSTRAINT fk_project_updates_filer REFERENCES users (id),
    filed_at    DATETIME2 NOT NULL
);
CREATE UNIQUE INDEX ux_project_updates_month ON project_updates (project_id, month);
CREATE INDEX ix_project_updates_month ON project_updates (month, project_id);

-- 需协调事项: raised in an update, assigned by the project's leader to a unit with a due date, answered by it, closed by the leader.
CREATE TABLE matters (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_matters PRIMARY KEY,
    project_id   BIGINT NOT NULL CONSTRAINT fk_matters_project REFERENCES projects (id),
    update_id    BIGINT NOT NULL CONSTRAINT fk_matters_update REFERENCES project_updates (id),
    text         NVARCHAR(2000) NOT NULL,
    status       NVARCHAR(16) NOT NULL,
    leader_id    BIGINT NULL CONSTRAINT fk_matters_leader REFERENCES users (id),
    unit_id      BIGINT NULL CONSTRAINT fk_matters_unit REFERENCES units (id),
    due_on       DATE NULL,
    assigned_by  BIGINT NULL CONSTRAINT fk_matters_assigner REFERENCES users (id),
    assigned_at  DATETIME2 NULL,
    answer       NVARCHAR(4000) NULL,
    answered_by  BIGINT NULL CONSTRAINT fk_matters_answerer REFERENCES users (id),
    answered_at  DATETIME2 NULL,
    closed_by    BIGINT NULL CONSTRAINT fk_matters_closer REFERENCES users (id),
    closed_at    DATETIME2 NULL,
    raised_by    BIGINT NOT NULL CONSTRAINT fk_matters_raiser REFERENCES users (id),
    raised_at    DATETIME2 NOT NULL,
    version      INT NOT NULL CONSTRAINT df_matters_version DEFAULT 1
);
CREATE INDEX ix_matters_status_due ON matters (status, due_on);
CREATE INDEX ix_matters_leader ON matters (leader_id, status);
CREATE INDEX ix_matters_unit ON matters (unit_id, status);
CREATE INDEX ix_matters_project ON matters (project_id);

-- Files kept with the record they prove (a contract, a site photo …), in the database so a backup covers them.
CREATE TABLE attachments (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_attachments PRIMARY KEY,
    parent_type  NVARCHAR(16) NOT NULL,
    parent_id    BIGINT NOT NULL,
    kind         NVARCHAR(32) NOT NULL,
    file_name    NVARCHAR(255) NOT NULL,
    content_type NVARCHAR(100) NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       NVARCHAR(64) NOT NULL,
    content      VARBINARY(MAX) NOT NULL,
    uploaded_by  BIGINT NOT NULL CONSTRAINT fk_attachments_uploader REFERENCES users (id),
    uploaded_at  DATETIME2 NOT NULL
);
CREATE INDEX ix_attachments_parent ON attachments (parent_type, parent_id, id);

ALTER TABLE notifications ADD matter_id BIGINT NULL CONSTRAINT fk_notifications_matter REFERENCES matters (id);
GO

CREATE UNIQUE INDEX ux_notifications_matter ON notifications (matter_id, kind, user_id) WHERE matter_id IS NOT NULL;

INSERT INTO alert_rules (code, name, yellow_days, orange_days, red_days, fallback_yellow_days, fallback_orange_days, fallback_red_days, calendar, is_active, version, updated_at) VALUES
    (N'monthlyUpdateMissing', N'月度调度未填报', 0, 10, 25, NULL, NULL, NULL, N'natural', 1, 1, '2026-01-01 00:00:00');
