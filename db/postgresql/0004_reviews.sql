-- Pre-review (预审): entry standards with their thresholds, versioned scoring rubrics, reviews with indicator checks, vetoes, score sheets and conditions.
-- Seeds typical entry standards and the default 11-criterion rubric; both are examples for an admin to edit.

CREATE TABLE entry_standards (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_entry_standards PRIMARY KEY,
    scope_key     VARCHAR(64) NOT NULL,
    industry_code VARCHAR(16) CONSTRAINT fk_entry_standards_industry REFERENCES industries (code),
    park_unit_id  BIGINT CONSTRAINT fk_entry_standards_park REFERENCES units (id),
    name          VARCHAR(200) NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_entry_standards_scope ON entry_standards (scope_key);

CREATE TABLE entry_standard_thresholds (
    standard_id BIGINT NOT NULL CONSTRAINT fk_thresholds_standard REFERENCES entry_standards (id),
    indicator   VARCHAR(32) NOT NULL,
    min_value   BIGINT NULL,
    max_value   BIGINT NULL,
    CONSTRAINT pk_entry_standard_thresholds PRIMARY KEY (standard_id, indicator)
);

CREATE TABLE rubrics (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_rubrics PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    created_by BIGINT CONSTRAINT fk_rubrics_created_by REFERENCES users (id)
);

CREATE TABLE rubric_criteria (
    rubric_id       BIGINT NOT NULL CONSTRAINT fk_rubric_criteria_rubric REFERENCES rubrics (id),
    code            VARCHAR(64) NOT NULL,
    name            VARCHAR(100) NOT NULL,
    weight          BIGINT NOT NULL,
    indicator       VARCHAR(32) NULL,
    points_per_step BIGINT NULL,
    step            BIGINT NULL,
    sort_order      INTEGER NOT NULL,
    CONSTRAINT pk_rubric_criteria PRIMARY KEY (rubric_id, code)
);

CREATE TABLE reviews (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_reviews PRIMARY KEY,
    project_id             BIGINT NOT NULL CONSTRAINT fk_reviews_project REFERENCES projects (id),
    rubric_id              BIGINT NOT NULL CONSTRAINT fk_reviews_rubric REFERENCES rubrics (id),
    standard_id            BIGINT CONSTRAINT fk_reviews_standard REFERENCES entry_standards (id),
    chair_id               BIGINT CONSTRAINT fk_reviews_chair REFERENCES users (id),
    status                 VARCHAR(16) NOT NULL,
    applied_on             DATE NOT NULL,
    land_area_mu           BIGINT NOT NULL,
    fixed_asset_investment BIGINT NOT NULL,
    annual_output          BIGINT NOT NULL,
    annual_tax             BIGINT NOT NULL,
    annual_energy_tce      BIGINT NOT NULL,
    employees              INTEGER NULL,
    rd_ratio               BIGINT NULL,
    plot_ratio             BIGINT NULL,
    outcome                VARCHAR(16) NULL,
    score                  BIGINT NULL,
    land_class             VARCHAR(1) NULL,
    vetoed                 BOOLEAN NULL,
    decision_note          VARCHAR(2000) NULL,
    decided_on             DATE NULL,
    decided_by             BIGINT CONSTRAINT fk_reviews_decided_by REFERENCES users (id),
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    created_by             BIGINT CONSTRAINT fk_reviews_created_by REFERENCES users (id)
);
CREATE INDEX ix_reviews_project ON reviews (project_id, id);
CREATE INDEX ix_reviews_status ON reviews (status, id);
-- At most one open review per project, even when two applications race.
CREATE UNIQUE INDEX ux_reviews_open ON reviews (project_id) WHERE status = 'open';

CREATE TABLE review_checks (
    review_id BIGINT NOT NULL CONSTRAINT fk_review_checks_review REFERENCES reviews (id),
    indicator VARCHAR(32) NOT NULL,
    value     BIGINT NULL,
    min_value BIGINT NULL,
    max_value BIGINT NULL,
    met       BOOLEAN NULL,
    gap       BIGINT NULL,
    CONSTRAINT pk_review_checks PRIMARY KEY (review_id, indicator)
);

CREATE TABLE review_vetoes (
    review_id BIGINT NOT NULL CONSTRAINT fk_review_vetoes_review REFERENCES reviews (id),
    code      VARCHAR(64) NOT NULL,
    source    VARCHAR(16) NOT NULL,
    CONSTRAINT pk_review_vetoes PRIMARY KEY (review_id, code)
);

CREATE TABLE review_sheets (
    review_id  BIGINT NOT NULL CONSTRAINT fk_review_sheets_review REFERENCES reviews (id),
    member_id  BIGINT NOT NULL CONSTRAINT fk_review_sheets_member REFERENCES users (id),
    vote       VARCHAR(16) NOT NULL,
    total      BIGINT NOT NULL,
    comment    VARCHAR(2000) NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_review_sheets PRIMARY KEY (review_id, member_id)
);

CREATE TABLE review_scores (
    review_id     BIGINT NOT NULL CONSTRAINT fk_review_scores_review REFERENCES reviews (id),
    member_id     BIGINT NOT NULL CONSTRAINT fk_review_scores_member REFERENCES users (id),
    criterion     VARCHAR(64) NOT NULL,
    points        BIGINT NOT NULL,
    CONSTRAINT pk_review_scores PRIMARY KEY (review_id, member_id, criterion)
);

CREATE TABLE review_conditions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_review_conditions PRIMARY KEY,
    review_id  BIGINT NOT NULL CONSTRAINT fk_review_conditions_review REFERENCES reviews (id),
    project_id BIGINT NOT NULL CONSTRAINT fk_review_conditions_project REFERENCES projects (id),
    text       VARCHAR(1000) NOT NULL,
    indicator  VARCHAR(32) NULL,
    threshold  BIGINT NULL,
    by_year    INTEGER NULL
);
CREATE INDEX ix_review_conditions_project ON review_conditions (project_id);

INSERT INTO entry_standards (id, scope_key, industry_code, park_unit_id, name, version, created_at, updated_at) OVERRIDING SYSTEM VALUE VALUES
    (1, '*|*', NULL, NULL, '默认标准（各行业）', 1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
    (2, 'C39|*', 'C39', NULL, '计算机、通信和其他电子设备制造业', 1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
    (3, 'C36|*', 'C36', NULL, '汽车制造业', 1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
    (4, 'C26|*', 'C26', NULL, '化学原料和化学制品制造业', 1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
    (5, 'C13|*', 'C13', NULL, '农副食品加工业', 1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00');
SELECT setval(pg_get_serial_sequence('entry_standards', 'id'), (SELECT MAX(id) FROM entry_standards));

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

INSERT INTO rubrics (id, created_at, created_by) OVERRIDING SYSTEM VALUE VALUES (1, '2026-01-01 00:00:00+00', NULL);
SELECT setval(pg_get_serial_sequence('rubrics', 'id'), (SELECT MAX(id) FROM rubrics));

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
