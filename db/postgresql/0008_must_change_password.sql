-- A user who must choose a new password at the next sign-in: the first admin when its password was generated.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
