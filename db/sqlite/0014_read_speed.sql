-- Reads at their floor: the project list's total through an index, and the data version behind conditional reads
-- (lists and reports answer 304 Not Modified when nothing they read has changed since the client's copy).

-- Leaders and admins see every unit: their list's total by stage sums that stage's tallies from this index alone
-- (0.07 M instead of 0.37 M SQLite instructions at 100,000 projects).
CREATE INDEX ix_project_counts_stage ON project_counts (stage, projects);

-- The data version: one number, raised by every write to a table that a list or report reads, inside the writing
-- transaction, so that a version read before a query is never newer than what the query sees, on any instance. Not
-- raised by the audit trail (written by every request that changes anything and by every sign-in, read only by the
-- audit list), the scan's scratch table (alert_candidates) or the tallies (project_counts, which change only with projects).
CREATE TABLE data_versions (
    name    TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL
) STRICT;

-- PostgreSQL raises the version as a writing transaction commits and marks the transaction here until then; SQLite has one
-- writer at a time and raises it in place.
CREATE TABLE data_version_writes (
    txid INTEGER NOT NULL PRIMARY KEY
) STRICT;

INSERT INTO data_versions (name, version) VALUES ('data', 1);

CREATE TRIGGER tr_units_version_insert AFTER INSERT ON units BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_units_version_update AFTER UPDATE ON units BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_units_version_delete AFTER DELETE ON units BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_unit_tree_version_insert AFTER INSERT ON unit_tree BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_unit_tree_version_update AFTER UPDATE ON unit_tree BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_unit_tree_version_delete AFTER DELETE ON unit_tree BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_users_version_insert AFTER INSERT ON users BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
-- A sign-in's bookkeeping on users (failure count, lock, a stronger hash) changes nothing a list or report shows, so
-- only updates of the other columns raise the version: a morning of sign-ins leaves every client's copy current.
CREATE TRIGGER tr_users_version_update AFTER UPDATE OF user_name, display_name, security_stamp, unit_id, phone, email, is_active, version, created_at, updated_at, webhook_url, webhook_kind, must_change_password ON users BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_users_version_delete AFTER DELETE ON users BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_user_roles_version_insert AFTER INSERT ON user_roles BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_user_roles_version_update AFTER UPDATE ON user_roles BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_user_roles_version_delete AFTER DELETE ON user_roles BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_industries_version_insert AFTER INSERT ON industries BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_industries_version_update AFTER UPDATE ON industries BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_industries_version_delete AFTER DELETE ON industries BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_companies_version_insert AFTER INSERT ON companies BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_companies_version_update AFTER UPDATE ON companies BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_companies_version_delete AFTER DELETE ON companies BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_company_contacts_version_insert AFTER INSERT ON company_contacts BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_company_contacts_version_update AFTER UPDATE ON company_contacts BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_company_contacts_version_delete AFTER DELETE ON company_contacts BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_projects_version_insert AFTER INSERT ON projects BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_projects_version_update AFTER UPDATE ON projects BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_projects_version_delete AFTER DELETE ON projects BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_team_version_insert AFTER INSERT ON project_team BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_team_version_update AFTER UPDATE ON project_team BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_team_version_delete AFTER DELETE ON project_team BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_stage_history_version_insert AFTER INSERT ON project_stage_history BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_stage_history_version_update AFTER UPDATE ON project_stage_history BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_stage_history_version_delete AFTER DELETE ON project_stage_history BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_agreements_version_insert AFTER INSERT ON project_agreements BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_agreements_version_update AFTER UPDATE ON project_agreements BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_agreements_version_delete AFTER DELETE ON project_agreements BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_activities_version_insert AFTER INSERT ON project_activities BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_activities_version_update AFTER UPDATE ON project_activities BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_activities_version_delete AFTER DELETE ON project_activities BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_trips_version_insert AFTER INSERT ON trips BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trips_version_update AFTER UPDATE ON trips BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trips_version_delete AFTER DELETE ON trips BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_trip_participants_version_insert AFTER INSERT ON trip_participants BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trip_participants_version_update AFTER UPDATE ON trip_participants BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trip_participants_version_delete AFTER DELETE ON trip_participants BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_trip_visits_version_insert AFTER INSERT ON trip_visits BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trip_visits_version_update AFTER UPDATE ON trip_visits BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trip_visits_version_delete AFTER DELETE ON trip_visits BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_leads_version_insert AFTER INSERT ON leads BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_leads_version_update AFTER UPDATE ON leads BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_leads_version_delete AFTER DELETE ON leads BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_trip_targets_version_insert AFTER INSERT ON trip_targets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trip_targets_version_update AFTER UPDATE ON trip_targets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_trip_targets_version_delete AFTER DELETE ON trip_targets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_entry_standards_version_insert AFTER INSERT ON entry_standards BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_entry_standards_version_update AFTER UPDATE ON entry_standards BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_entry_standards_version_delete AFTER DELETE ON entry_standards BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_entry_standard_thresholds_version_insert AFTER INSERT ON entry_standard_thresholds BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_entry_standard_thresholds_version_update AFTER UPDATE ON entry_standard_thresholds BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_entry_standard_thresholds_version_delete AFTER DELETE ON entry_standard_thresholds BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_rubrics_version_insert AFTER INSERT ON rubrics BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_rubrics_version_update AFTER UPDATE ON rubrics BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_rubrics_version_delete AFTER DELETE ON rubrics BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_rubric_criteria_version_insert AFTER INSERT ON rubric_criteria BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_rubric_criteria_version_update AFTER UPDATE ON rubric_criteria BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_rubric_criteria_version_delete AFTER DELETE ON rubric_criteria BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_reviews_version_insert AFTER INSERT ON reviews BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_reviews_version_update AFTER UPDATE ON reviews BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_reviews_version_delete AFTER DELETE ON reviews BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_review_checks_version_insert AFTER INSERT ON review_checks BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_checks_version_update AFTER UPDATE ON review_checks BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_checks_version_delete AFTER DELETE ON review_checks BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_review_vetoes_version_insert AFTER INSERT ON review_vetoes BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_vetoes_version_update AFTER UPDATE ON review_vetoes BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_vetoes_version_delete AFTER DELETE ON review_vetoes BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_review_sheets_version_insert AFTER INSERT ON review_sheets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_sheets_version_update AFTER UPDATE ON review_sheets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_sheets_version_delete AFTER DELETE ON review_sheets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_review_scores_version_insert AFTER INSERT ON review_scores BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_scores_version_update AFTER UPDATE ON review_scores BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_scores_version_delete AFTER DELETE ON review_scores BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_review_conditions_version_insert AFTER INSERT ON review_conditions BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_conditions_version_update AFTER UPDATE ON review_conditions BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_review_conditions_version_delete AFTER DELETE ON review_conditions BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_alert_rules_version_insert AFTER INSERT ON alert_rules BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_rules_version_update AFTER UPDATE ON alert_rules BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_rules_version_delete AFTER DELETE ON alert_rules BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_calendar_days_version_insert AFTER INSERT ON calendar_days BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_calendar_days_version_update AFTER UPDATE ON calendar_days BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_calendar_days_version_delete AFTER DELETE ON calendar_days BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_alert_scans_version_insert AFTER INSERT ON alert_scans BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_scans_version_update AFTER UPDATE ON alert_scans BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_scans_version_delete AFTER DELETE ON alert_scans BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_alerts_version_insert AFTER INSERT ON alerts BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alerts_version_update AFTER UPDATE ON alerts BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alerts_version_delete AFTER DELETE ON alerts BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_alert_history_version_insert AFTER INSERT ON alert_history BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_history_version_update AFTER UPDATE ON alert_history BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_history_version_delete AFTER DELETE ON alert_history BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_alert_instructions_version_insert AFTER INSERT ON alert_instructions BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_instructions_version_update AFTER UPDATE ON alert_instructions BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_alert_instructions_version_delete AFTER DELETE ON alert_instructions BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_notifications_version_insert AFTER INSERT ON notifications BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_notifications_version_update AFTER UPDATE ON notifications BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_notifications_version_delete AFTER DELETE ON notifications BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_notification_deliveries_version_insert AFTER INSERT ON notification_deliveries BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_notification_deliveries_version_update AFTER UPDATE ON notification_deliveries BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_notification_deliveries_version_delete AFTER DELETE ON notification_deliveries BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_parcels_version_insert AFTER INSERT ON parcels BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_parcels_version_update AFTER UPDATE ON parcels BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_parcels_version_delete AFTER DELETE ON parcels BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_land_plans_version_insert AFTER INSERT ON land_plans BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_land_plans_version_update AFTER UPDATE ON land_plans BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_land_plans_version_delete AFTER DELETE ON land_plans BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_unit_targets_version_insert AFTER INSERT ON unit_targets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_unit_targets_version_update AFTER UPDATE ON unit_targets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_unit_targets_version_delete AFTER DELETE ON unit_targets BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_investments_version_insert AFTER INSERT ON project_investments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_investments_version_update AFTER UPDATE ON project_investments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_investments_version_delete AFTER DELETE ON project_investments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_commitments_version_insert AFTER INSERT ON project_commitments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_commitments_version_update AFTER UPDATE ON project_commitments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_commitments_version_delete AFTER DELETE ON project_commitments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_performance_version_insert AFTER INSERT ON project_performance BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_performance_version_update AFTER UPDATE ON project_performance BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_performance_version_delete AFTER DELETE ON project_performance BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_contract_changes_version_insert AFTER INSERT ON project_contract_changes BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_contract_changes_version_update AFTER UPDATE ON project_contract_changes BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_contract_changes_version_delete AFTER DELETE ON project_contract_changes BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_project_updates_version_insert AFTER INSERT ON project_updates BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_updates_version_update AFTER UPDATE ON project_updates BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_project_updates_version_delete AFTER DELETE ON project_updates BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_matters_version_insert AFTER INSERT ON matters BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_matters_version_update AFTER UPDATE ON matters BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_matters_version_delete AFTER DELETE ON matters BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;

CREATE TRIGGER tr_attachments_version_insert AFTER INSERT ON attachments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_attachments_version_update AFTER UPDATE ON attachments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
CREATE TRIGGER tr_attachments_version_delete AFTER DELETE ON attachments BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'data'; END;
