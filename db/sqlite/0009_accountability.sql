-- Accountability: contract change requests, where a project came from and what it signed for, trip approval, the second person who verified a lead, and notifications of instructions (督办).

ALTER TABLE projects ADD COLUMN origin TEXT NOT NULL DEFAULT 'api';
ALTER TABLE projects ADD COLUMN signed_amount INTEGER;
ALTER TABLE projects ADD COLUMN contract_area_mu INTEGER;
UPDATE projects SET signed_amount = contract_amount, contract_area_mu = COALESCE(land_supplied_mu, land_area_mu) WHERE signed_on IS NOT NULL;
UPDATE projects SET origin = 'lead' WHERE source_lead_id IS NOT NULL;
UPDATE projects SET origin = 'ledgerImport'
WHERE id IN (SELECT CAST(entity_id AS INTEGER) FROM audit_log WHERE action = 'import' AND entity = 'project');
CREATE INDEX ix_projects_origin ON projects (origin, id);

-- A signed contract's amount, dates and area change only through a request a leader approves; the row keeps before and after.
CREATE TABLE project_contract_changes (
    id                                INTEGER PRIMARY KEY,
    project_id                        INTEGER NOT NULL REFERENCES projects (id),
    status                            TEXT    NOT NULL,
    contract_amount                   INTEGER,
    planned_groundbreaking_on         TEXT,
    planned_production_on             TEXT,
    contract_area_mu                  INTEGER,
    before_contract_amount            INTEGER,
    before_planned_groundbreaking_on  TEXT,
    before_planned_production_on      TEXT,
    before_contract_area_mu           INTEGER,
    reason                            TEXT    NOT NULL,
    document_ref                      TEXT,
    proposed_by                       INTEGER NOT NULL REFERENCES users (id),
    proposed_at                       TEXT    NOT NULL,
    decided_by                        INTEGER REFERENCES users (id),
    decided_at                        TEXT,
    decision_comment                  TEXT,
    version                           INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX ix_contract_changes_project ON project_contract_changes (project_id, id);
CREATE UNIQUE INDEX ux_contract_changes_pending ON project_contract_changes (project_id) WHERE status = 'pending';

ALTER TABLE trips ADD COLUMN approved_by INTEGER REFERENCES users (id);
ALTER TABLE trips ADD COLUMN approved_at TEXT;
ALTER TABLE trips ADD COLUMN approved_on TEXT;
ALTER TABLE trips ADD COLUMN approval_comment TEXT;

ALTER TABLE leads ADD COLUMN verified_by INTEGER REFERENCES users (id);

-- Instructions reach people at once: a notification per instruction, kind and person, apart from the alert's own.
ALTER TABLE notifications ADD COLUMN instruction_id INTEGER REFERENCES alert_instructions (id);
DROP INDEX ux_notifications_alert;
CREATE UNIQUE INDEX ux_notifications_alert ON notifications (alert_id, level, user_id) WHERE kind = 'alert';
CREATE UNIQUE INDEX ux_notifications_instruction ON notifications (instruction_id, kind, user_id) WHERE instruction_id IS NOT NULL;
CREATE INDEX ix_alert_instructions_due ON alert_instructions (due_on) WHERE response IS NULL;
