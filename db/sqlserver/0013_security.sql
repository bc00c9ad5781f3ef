-- Hardening (issue 18): sign-in locks per account and client address, server-side sessions, password history and age, the hash-chained audit trail, and the security administrator.
CREATE TABLE sign_in_locks (
    user_id      BIGINT       NOT NULL CONSTRAINT fk_sign_in_locks_user REFERENCES users (id),
    client_ip    NVARCHAR(64) NOT NULL,
    failures     INT          NOT NULL CONSTRAINT df_sign_in_locks_failures DEFAULT 0,
    lockouts     INT          NOT NULL CONSTRAINT df_sign_in_locks_lockouts DEFAULT 0,
    locked_until DATETIME2    NULL,
    CONSTRAINT pk_sign_in_locks PRIMARY KEY (user_id, client_ip)
);

CREATE TABLE sessions (
    id           NVARCHAR(32) NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    user_id      BIGINT       NOT NULL CONSTRAINT fk_sessions_user REFERENCES users (id),
    created_at   DATETIME2    NOT NULL,
    last_seen_at DATETIME2    NOT NULL
);
CREATE INDEX ix_sessions_user ON sessions (user_id);

CREATE TABLE password_history (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_password_history PRIMARY KEY,
    user_id       BIGINT        NOT NULL CONSTRAINT fk_password_history_user REFERENCES users (id),
    password_hash NVARCHAR(400) NOT NULL,
    replaced_at   DATETIME2     NOT NULL
);
CREATE INDEX ix_password_history_user ON password_history (user_id, id);

ALTER TABLE users ADD password_changed_at DATETIME2 NULL;
ALTER TABLE audit_log ADD hash NVARCHAR(64) NULL;

INSERT INTO user_roles (user_id, role)
SELECT MIN(user_id), 'securityAdmin' FROM user_roles WHERE role = 'admin' HAVING COUNT(*) > 0;
