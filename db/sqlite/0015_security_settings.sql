-- The security settings (三员分立): one row the security administrator changes at run time; a NULL value follows Pipeline:Auth.
CREATE TABLE security_settings (
    id                       INTEGER NOT NULL PRIMARY KEY,
    idle_timeout_minutes     INTEGER,
    session_lifetime_minutes INTEGER,
    max_failed_sign_ins      INTEGER,
    lockout_minutes          INTEGER,
    lockout_max_minutes      INTEGER,
    password_expiry_days     INTEGER,
    password_history         INTEGER,
    version                  INTEGER NOT NULL DEFAULT 1,
    updated_at               TEXT,
    updated_by               INTEGER REFERENCES users (id)
) STRICT;

-- The one row, present from the start, so that a change is always an UPDATE guarded by its version; until the first
-- change every value is NULL and the configuration's is in effect.
INSERT INTO security_settings (id, version) VALUES (1, 1);
