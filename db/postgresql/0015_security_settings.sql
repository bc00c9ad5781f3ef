-- The security settings (三员分立): one row the security administrator changes at run time; a NULL value follows Pipeline:Auth.
CREATE TABLE security_settings (
    id                       INTEGER     NOT NULL CONSTRAINT pk_security_settings PRIMARY KEY,
    idle_timeout_minutes     INTEGER     NULL,
    session_lifetime_minutes INTEGER     NULL,
    max_failed_sign_ins      INTEGER     NULL,
    lockout_minutes          INTEGER     NULL,
    lockout_max_minutes      INTEGER     NULL,
    password_expiry_days     INTEGER     NULL,
    password_history         INTEGER     NULL,
    version                  INTEGER     NOT NULL DEFAULT 1,
    updated_at               TIMESTAMPTZ NULL,
    updated_by               BIGINT      NULL CONSTRAINT fk_security_settings_updated_by REFERENCES users (id)
);

-- The one row, present from the start, so that a change is always an UPDATE guarded by its version; until the first
-- change every value is NULL and the configuration's is in effect.
INSERT INTO security_settings (id, version) VALUES (1, 1);
