-- Hardening (issue 18): sign-in locks per account and client address, server-side sessions, password history and age, the hash-chained audit trail, and the security administrator.
CREATE TABLE sign_in_locks (
    user_id      BIGINT      NOT NULL CONSTRAINT fk_sign_in_locks_user REFERENCES users (id),
    client_ip    VARCHAR(64) NOT NULL,
    failures     INTEGER     NOT NULL DEFAULT 0,
    lockouts     INTEGER     NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ NULL,
    CONSTRAINT pk_sign_in_locks PRIMARY KEY (user_id, client_ip)
);

CREATE TABLE sessions (
    id           VARCHAR(32) NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    user_id      BIGINT      NOT NULL CONSTRAINT fk_sessions_user REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_sessions_user ON sessions (user_id);

CREATE TABLE password_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_password_history PRIMARY KEY,
    user_id       BIGINT       NOT NULL CONSTRAINT fk_password_history_user REFERENCES users (id),
    password_hash VARCHAR(400) NOT NULL,
    replaced_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_password_history_user ON password_history (user_id, id);

ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMPTZ NULL;
ALTER TABLE audit_log ADD COLUMN hash VARCHAR(64) NULL;

INSERT INTO user_roles (user_id, role)
SELECT MIN(user_id), 'securityAdmin' FROM user_roles WHERE role = 'admin' HAVING COUNT(*) > 0;
