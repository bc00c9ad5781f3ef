-- A user who must choose a new password at the next sign-in: the first admin when its password was generated.
ALTER TABLE users ADD must_change_password BIT NOT NULL CONSTRAINT df_users_must_change_password DEFAULT 0;
