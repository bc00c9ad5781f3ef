-- Pre-review (预审): entry standards with their thresholds, versioned scoring rubrics, reviews with indicator checks, vetoes, score sheets and conditions.
-- Seeds typical entry standards and the default 11-criterion rubric; both are examples for an admin to edit.

CREATE TABLE entry_standards (
    id            INTEGER PRIMARY KEY,
    scope_key     TEXT    NOT NULL,
    industry_code TEXT    REFERENCES industries (code),
    park_unit_id  INTEGER REFERENCES units (id),
    name          TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_entry_standards_scope ON entry_standards (scope_key);

CREATE TABLE entry_standard_thresholds (
    standard_id INTEGER NOT NULL REFERENCES entry_standards (id),
    indicator   TEXT    NOT NULL,
    min_value   INTEGER,
    max_value   INTEGER,
    PRIMARY KEY (standard_id, indicator)
) STRICT;

CREATE TABLE rubrics (
    id         INTEGER PRIMARY KEY,
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id)
) STRICT;

CREATE TABLE rubric_criteria (
    rubric_id       INTEGER NOT NULL REFERENCES rubrics (id),
    code            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    weight          INTEGER NOT NULL,
    indicator       TEXT,
    points_per_step INTEGER,
    step            INTEGER,
    sort_order      INTEGER NOT NULL,
    PRIMARY KEY (rubric_id, code)
) STRICT;

CREATE TABLE reviews (
    id                     INTEGER PRIMARY KEY,
    project_id             INTEGER NOT NULL REFERENCES projects (id),
    rubric_id              INTEGER NOT NULL REFERENCES rubrics (id),
    standard_id            INTEGER REFERENCES entry_standards (id),
    chair_id               INTEGER REFERENCES users (id),
    status                 TEXT    NOT NULL,
    applied_on             TEXT    NOT NULL,
    land_area_mu           INTEGER NOT NULL,
    fixed_asset_investment INTEGER NOT NULL,
    annual_output          INTEGER NOT NULL,
    annual_tax             INTEGER NOT NULL,
    annual_energy_tce      INTEGER NOT NULL,
    employees              INTEGER,
    rd_ratio               INTEGER,
    plot_ratio             INTEGER,
    outcome                TEXT,
    score                  INTEGER,
    land_class             TEXT,
    vetoed                 INTEGER,
    decision_note          TEXT,
    decided_on             TEXT,
    decided_by             INTEGER REFERENCES users (id),
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    created_by             INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX ix_reviews_project ON reviews (project_id, id);
CREATE INDEX ix_reviews_status ON reviews (status, id);
-- At most one open review per project, even when two applications race.
CREATE UNIQUE INDEX ux_reviews_open ON reviews (project_id) WHERE status = 'open';

CREATE TABLE review_checks (
    review_id INTEGER NOT NULL REFERENCES reviews (id),
    indicator TEXT    NOT NULL,
    value     INTEGER,
    min_value INTEGER,
    max_value INTEGER,
    met       INTEGER,
    gap       INTEGER,
    PRIMARY KEY (review_id, indicator)
) STRICT;

CREATE TABLE review_vetoes (
    review_id INTEGER NOT NULL REFERENCES reviews (id),
    code      TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    PRIMARY KEY (review_id, code)
) STRICT;

CREATE TABLE review_sheets (
    review_id  INTEGER NOT NULL REFERENCES reviews (id),
    member_id  INTEGER NOT NULL REFERENCES users (id),
    vote       TEXT    NOT NULL,
    total      INTEGER NOT NULL,
    comment    TEXT,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (review_id, member_id)
) STRICT;

CREATE TABLE review_scores (
    review_id INTEGER NOT NULL REFERENCES reviews (id),
    member_id INTEGER NOT NULL REFERENCES users (id),
    criterion TEXT    NOT NULL,
    points    INTEGER NOT NULL,
    PRIMARY KEY (review_id, member_id, criterion)
) STRICT;

CREATE TABLE review_conditions (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES reviews (id),
    project_id INTEGER NOT NULL REFERENCES projects (id),
    text       TEXT    NOT NULL,
    indicator  TEXT,
    threshold  INTEGER,
    by_year    INTEGER
) STRICT;
CREATE INDEX ix_review_conditions_project ON review_conditions (project_id);

INSERT INTO entry_standards (id, scope_key, industry_code, park_unit_id, name, version, created_at, updated_at) VALUES
    (1, '*|*', NULL, NULL, '默认标准（各行业）', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (2, 'C39|*', 'C39', NULL, '计算机、通信和其他电子设备制造业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (3, 'C36|*', 'C36', NULL, '汽车制造业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (4, 'C26|*', 'C26', NULL, '化学原料和化学制品制造业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (5, 'C13|*', 'C13', NULL, '农副食品加工业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00');

INSERT INTO entry_standard_thresholds (standard_id, indicator, min_value, max_value) VALUES
    (1, 'investmentIntensity', 3000000, NULL),
    (1, 'taxPerMu', 200000, NULL),
    (1, 'outputPerMu', 4000000, NULL),
    (1, 'energyIntensity', NULL, 5000),
    (1, 'plotRatio', 10000, 30000),
    (1, 'rdRatio', 15000, NULL),
    (2, 'investmentIntensity', 4000000, NULL),
    (2, 'taxPerMu', 300000, NULL),
    (2, 'outputPerMu', 6000000, NULL),
    (2, 'energyIntensity', NULL, 3000),
    (2, 'plotRatio', 12000, 30000),
    (2, 'rdRatio', 30000, NULL),
    (3, 'investmentIntensity', 3500000, NULL),
    (3, 'taxPerMu', 250000, NULL),
    (3, 'outputPerMu', 5000000, NULL),
    (3, 'energyIntensity', NULL, 3000),
    (3, 'plotRatio', 10000, 25000),
    (3, 'rdRatio', 20000, NULL),
    (4, 'investmentIntensity', 3500000, NULL),
    (4, 'taxPerMu', 250000, NULL),
    (4, 'outputPerMu', 5000000, NULL),
    (4, 'energyIntensity', NULL, 8000),
    (4, 'plotRatio', 8000, 20000),
    (4, 'rdRatio', 15000, NULL),
    (5, 'investmentIntensity', 2000000, NULL),
    (5, 'taxPerMu', 120000, NULL),
    (5, 'outputPerMu', 3000000, NULL),
    (5, 'energyIntensity', NULL, 4000),
    (5, 'plotRatio', 10000, 25000),
    (5, 'rdRatio', 10000, NULL);

INSERT INTO rubrics (id, created_at, created_by) VALUES (1, '2026-01-01 00:00:00', NULL);

INSERT INTO rubric_criteria (rubric_id, code, name, weight, indicator, points_per_step, step, sort_order) VALUES
    (1, 'industryCategory', '产业类别', 50000, NULL, NULL, NULL, 1),
    (1, 'technology', '技术水平', 50000, NULL, NULL, NULL, 2),
    (1, 'investmentScale', '投资规模', 170000, NULL, NULL, NULL, 3),
    (1, 'investmentIntensity', '投资强度', 170000, 'investmentIntensity', 1000, 100000, 4),
    (1, 'investor', '投资方实力', 100000, NULL, NULL, NULL, 5),
    (1, 'environment', '环境保护', 50000, NULL, NULL, NULL, 6),
    (1, 'safety', '安全生产', 50000, NULL, NULL, NULL, 7),
    (1, 'landUse', '节约集约用地', 100000, NULL, NULL, NULL, 8),
    (1, 'planning', '规划符合性', 50000, NULL, NULL, NULL, 9),
    (1, 'taxContribution', '税收贡献', 160000, 'taxPerMu', 5000, 10000, 10),
    (1, 'employment', '带动就业', 50000, NULL, NULL, NULL, 11);
