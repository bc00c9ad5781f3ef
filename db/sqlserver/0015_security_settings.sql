-- The security settings (三员分立): one row the security administrator changes at run time; a NULL value follows Pipeline:Auth.
CREATE TABLE security_settings (
    id                       INT       NOT NULL CONSTRAINT pk_security_settings PRIMARY KEY,
    idle_timeout_minutes     INT       NULL,
    session_lifetime_minutes INT       NULL,
    max_failed_sign_ins      INT       NULL,
    lockout_minutes          INT       NULL,
    lockout_max_minutes      INT       NULL,
    password_expiry_days     INT       NULL,
    password_history         INT       NULL,
    version                  INT       NOT NULL CONSTRAINT df_security_settings_version DEFAULT 1,
    updated_at               DATETIME2 NULL,
    updated_by               BIGINT    NULL CONSTRAINT fk_security_settings_updated_by REFERENCES users (id)
);

-- The one row, present from the start, so that a change is always an UPDATE guarded by its version; until the first
-- change every value is NULL and the configuration's is in effect.
INSERT INTO security_settings (id, version) VALUES (1, 1);
