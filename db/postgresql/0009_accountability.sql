-- Accountability: contract change requests, where a project came from and what it signed for, trip approval, the second person who verified a lead, and notifications of instructions (督办).

ALTER TABLE projects ADD COLUMN origin VARCHAR(32) NOT NULL DEFAULT 'api';
ALTER TABLE projects ADD COLUMN signed_amount BIGINT NULL;
ALTER TABLE projects ADD COLUMN contract_area_mu BIGINT NULL;

UPDATE projects SET signed_amount = contract_amount, contract_area_mu = COALESCE(land_supplied_mu, land_area_mu) WHERE signed_on IS NOT NULL;
UPDATE projects SET origin = 'lead' WHERE source_lead_id IS NOT NULL;
UPDATE projects SET origin = 'ledgerImport'
WHERE id IN (SELECT CAST(entity_id AS BIGINT) FROM audit_log WHERE action = 'import' AND entity = 'project' AND entity_id ~ '^[0-9]+$');
CREATE INDEX ix_projects_origin ON projects (origin, id);

-- A signed contract's amount, dates and area change only through a request a leader approves; the row keeps before and after.
CREATE TABLE project_contract_changes (
    id                                BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_project_contract_changes PRIMARY KEY,
    project_id                        BIGINT NOT NULL CONSTRAINT fk_contract_changes_project REFERENCES projects (id),
    status                            VARCHAR(16) NOT NULL,
    contract_amount                   BIGINT NULL,
    planned_groundbreaking_on         DATE NULL,
    planned_production_on             DATE NULL,
    contract_area_mu                  BIGINT NULL,
    before_contract_amount            BIGINT NULL,
    before_planned_groundbreaking_on  DATE NULL,
    before_planned_production_on      DATE NULL,
    before_contract_area_mu           BIGINT NULL,
    reason                            VARCHAR(2000) NOT NULL,
    document_ref                      VARCHAR(200) NULL,
    proposed_by                       BIGINT NOT NULL CONSTRAINT fk_contract_changes_proposer REFERENCES users (id),
    proposed_at                       TIMESTAMPTZ NOT NULL,
    decided_by                        BIGINT CONSTRAINT fk_contract_changes_decider REFERENCES users (id),
    decided_at                        TIMESTAMPTZ NULL,
    decision_comment                  VARCHAR(1000) NULL,
    version                           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_contract_changes_project ON project_contract_changes (project_id, id);
CREATE UNIQUE INDEX ux_contract_changes_pending ON project_contract_changes (project_id) WHERE status = 'pending';

ALTER TABLE trips ADD COLUMN approved_by BIGINT CONSTRAINT fk_trips_approver REFERENCES users (id);
ALTER TABLE trips ADD COLUMN approved_at TIMESTAMPTZ NULL;
ALTER TABLE trips ADD COLUMN approved_on DATE NULL;
ALTER TABLE trips ADD COLUMN approval_comment VARCHAR(1000) NULL;

ALTER TABLE leads ADD COLUMN verified_by BIGINT CONSTRAINT fk_leads_verifier REFERENCES users (id);

-- Instructions reach people at once: a notification per instruction, kind and person, apart from the alert's own.
ALTER TABLE notifications ADD COLUMN instruction_id BIGINT CONSTRAINT fk_notifications_instruction REFERENCES alert_instructions (id);

DROP INDEX ux_notifications_alert;
CREATE UNIQUE INDEX ux_notifications_alert ON notifications (alert_id, level, user_id) WHERE kind = 'alert';
CREATE UNIQUE INDEX ux_notifications_instruction ON notifications (instruction_id, kind, user_id) WHERE instruction_id IS NOT NULL;
CREATE INDEX ix_alert_instructions_due ON alert_instructions (due_on) WHERE response IS NULL;
