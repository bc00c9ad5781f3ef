-- Hardening (issue 18): sign-in locks per account and client address, server-side sessions, password history and age, the hash-chained audit trail, and the security administrator.
CREATE TABLE sign_in_locks (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    client_ip    TEXT    NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    lockouts     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    PRIMARY KEY (user_id, client_ip)
) STRICT;

CREATE TABLE sessions (
    id           TEXT    NOT NULL PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
) STRICT;
CREATE INDEX ix_sessions_user ON sessions (user_id);

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    password_hash TEXT    NOT NULL,
    replaced_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX ix_password_history_user ON password_history (user_id, id);

ALTER TABLE users ADD COLUMN password_changed_at TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

INSERT INTO user_roles (user_id, role)
SELECT MIN(user_id), 'securityAdmin' FROM user_roles WHERE role = 'admin' HAVING COUNT(*) > 0;
