-- Pre-review (预审): entry standards with their thresholds, versioned scoring rubrics, reviews with indicator checks, vetoes, score sheets and conditions.
-- Seeds typical entry standards and the default 11-criterion rubric; both are examples for an admin to edit.

CREATE TABLE entry_standards (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_entry_standards PRIMARY KEY,
    scope_key     NVARCHAR(64) NOT NULL,
    industry_code NVARCHAR(16) NULL CONSTRAINT fk_entry_standards_industry REFERENCES industries (code),
    park_unit_id  BIGINT NULL CONSTRAINT fk_entry_standards_park REFERENCES units (id),
    name          NVARCHAR(200) NOT NULL,
    version       INT NOT NULL CONSTRAINT df_entry_standards_version DEFAULT 1,
    created_at    DATETIME2 NOT NULL,
    updated_at    DATETIME2 NOT NULL
);
CREATE UNIQUE INDEX ux_entry_standards_scope ON entry_standards (scope_key);

CREATE TABLE entry_standard_thresholds (
    standard_id BIGINT NOT NULL CONSTRAINT fk_thresholds_standard REFERENCES entry_standards (id),
    indicator   NVARCHAR(32) NOT NULL,
    min_value   BIGINT NULL,
    max_value   BIGINT NULL,
    CONSTRAINT pk_entry_standard_thresholds PRIMARY KEY (standard_id, indicator)
);

CREATE TABLE rubrics (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_rubrics PRIMARY KEY,
    created_at DATETIME2 NOT NULL,
    created_by BIGINT NULL CONSTRAINT fk_rubrics_created_by REFERENCES users (id)
);

CREATE TABLE rubric_criteria (
    rubric_id       BIGINT NOT NULL CONSTRAINT fk_rubric_criteria_rubric REFERENCES rubrics (id),
    code            NVARCHAR(64) NOT NULL,
    name            NVARCHAR(100) NOT NULL,
    weight          BIGINT NOT NULL,
    indicator       NVARCHAR(32) NULL,
    points_per_step BIGINT NULL,
    step            BIGINT NULL,
    sort_order      INT NOT NULL,
    CONSTRAINT pk_rubric_criteria PRIMARY KEY (rubric_id, code)
);

CREATE TABLE reviews (
    id                     BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_reviews PRIMARY KEY,
    project_id             BIGINT NOT NULL CONSTRAINT fk_reviews_project REFERENCES projects (id),
    rubric_id              BIGINT NOT NULL CONSTRAINT fk_reviews_rubric REFERENCES rubrics (id),
    standard_id            BIGINT NULL CONSTRAINT fk_reviews_standard REFERENCES entry_standards (id),
    chair_id               BIGINT NULL CONSTRAINT fk_reviews_chair REFERENCES users (id),
    status                 NVARCHAR(16) NOT NULL,
    applied_on             DATE NOT NULL,
    land_area_mu           BIGINT NOT NULL,
    fixed_asset_investment BIGINT NOT NULL,
    annual_output          BIGINT NOT NULL,
    annual_tax             BIGINT NOT NULL,
    annual_energy_tce      BIGINT NOT NULL,
    employees              INT NULL,
    rd_ratio               BIGINT NULL,
    plot_ratio             BIGINT NULL,
    outcome                NVARCHAR(16) NULL,
    score                  BIGINT NULL,
    land_class             NVARCHAR(1) NULL,
    vetoed                 BIT NULL,
    decision_note          NVARCHAR(2000) NULL,
    decided_on             DATE NULL,
    decided_by             BIGINT NULL CONSTRAINT fk_reviews_decided_by REFERENCES users (id),
    version                INT NOT NULL CONSTRAINT df_reviews_version DEFAULT 1,
    created_at             DATETIME2 NOT NULL,
    updated_at             DATETIME2 NOT NULL,
    created_by             BIGINT NULL CONSTRAINT fk_reviews_created_by REFERENCES users (id)
);
CREATE INDEX ix_reviews_project ON reviews (project_id, id);
CREATE INDEX ix_reviews_status ON reviews (status, id);
-- At most one open review per project, even when two applications race.
CREATE UNIQUE INDEX ux_reviews_open ON reviews (project_id) WHERE status = 'open';

CREATE TABLE review_checks (
    review_id BIGINT NOT NULL CONSTRAINT fk_review_checks_review REFERENCES reviews (id),
    indicator NVARCHAR(32) NOT NULL,
    value     BIGINT NULL,
    min_value BIGINT NULL,
    max_value BIGINT NULL,
    met       BIT NULL,
    gap       BIGINT NULL,
    CONSTRAINT pk_review_checks PRIMARY KEY (review_id, indicator)
);

CREATE TABLE review_vetoes (
    review_id BIGINT NOT NULL CONSTRAINT fk_review_vetoes_review REFERENCES reviews (id),
    code      NVARCHAR(64) NOT NULL,
    source    NVARCHAR(16) NOT NULL,
    CONSTRAINT pk_review_vetoes PRIMARY KEY (review_id, code)
);

CREATE TABLE review_sheets (
    review_id  BIGINT NOT NULL CONSTRAINT fk_review_sheets_review REFERENCES reviews (id),
    member_id  BIGINT NOT NULL CONSTRAINT fk_review_sheets_member REFERENCES users (id),
    vote       NVARCHAR(16) NOT NULL,
    total      BIGINT NOT NULL,
    comment    NVARCHAR(2000) NULL,
    created_at DATETIME2 NOT NULL,
    updated_at DATETIME2 NOT NULL,
    CONSTRAINT pk_review_sheets PRIMARY KEY (review_id, member_id)
);

CREATE TABLE review_scores (
    review_id     BIGINT NOT NULL CONSTRAINT fk_review_scores_review REFERENCES reviews (id),
    member_id     BIGINT NOT NULL CONSTRAINT fk_review_scores_member REFERENCES users (id),
    criterion     NVARCHAR(64) NOT NULL,
    points        BIGINT NOT NULL,
    CONSTRAINT pk_review_scores PRIMARY KEY (review_id, member_id, criterion)
);

CREATE TABLE review_conditions (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_review_conditions PRIMARY KEY,
    review_id  BIGINT NOT NULL CONSTRAINT fk_review_conditions_review REFERENCES reviews (id),
    project_id BIGINT NOT NULL CONSTRAINT fk_review_conditions_project REFERENCES projects (id),
    text       NVARCHAR(1000) NOT NULL,
    indicator  NVARCHAR(32) NULL,
    threshold  BIGINT NULL,
    by_year    INT NULL
);
CREATE INDEX ix_review_conditions_project ON review_conditions (project_id);

SET IDENTITY_INSERT entry_standards ON;
INSERT INTO entry_standards (id, scope_key, industry_code, park_unit_id, name, version, created_at, updated_at) VALUES
    (1, N'*|*', NULL, NULL, N'默认标准（各行业）', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (2, N'C39|*', N'C39', NULL, N'计算机、通信和其他电子设备制造业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (3, N'C36|*', N'C36', NULL, N'汽车制造业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (4, N'C26|*', N'C26', NULL, N'化学原料和化学制品制造业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    (5, N'C13|*', N'C13', NULL, N'农副食品加工业', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
SET IDENTITY_INSERT entry_standards OFF;

INSERT INTO entry_standard_thresholds (standard_id, indicator, min_value, max_value) VALUES
    (1, N'investmentIntensity', 3000000, NULL),
    (1, N'taxPerMu', 200000, NULL),
    (1, N'outputPerMu', 4000000, NULL),
    (1, N'energyIntensity', NULL, 5000),
    (1, N'plotRatio', 10000, 30000),
    (1, N'rdRatio', 15000, NULL),
    (2, N'investmentIntensity', 4000000, NULL),
    (2, N'taxPerMu', 300000, NULL),
    (2, N'outputPerMu', 6000000, NULL),
    (2, N'energyIntensity', NULL, 3000),
    (2, N'plotRatio', 12000, 30000),
    (2, N'rdRatio', 30000, NULL),
    (3, N'investmentIntensity', 3500000, NULL),
    (3, N'taxPerMu', 250000, NULL),
    (3, N'outputPerMu', 5000000, NULL),
    (3, N'energyIntensity', NULL, 3000),
    (3, N'plotRatio', 10000, 25000),
    (3, N'rdRatio', 20000, NULL),
    (4, N'investmentIntensity', 3500000, NULL),
    (4, N'taxPerMu', 250000, NULL),
    (4, N'outputPerMu', 5000000, NULL),
    (4, N'energyIntensity', NULL, 8000),
    (4, N'plotRatio', 8000, 20000),
    (4, N'rdRatio', 15000, NULL),
    (5, N'investmentIntensity', 2000000, NULL),
    (5, N'taxPerMu', 120000, NULL),
    (5, N'outputPerMu', 3000000, NULL),
    (5, N'energyIntensity', NULL, 4000),
    (5, N'plotRatio', 10000, 25000),
    (5, N'rdRatio', 10000, NULL);

SET IDENTITY_INSERT rubrics ON;
INSERT INTO rubrics (id, created_at, created_by) VALUES (1, '2026-01-01 00:00:00', NULL);
SET IDENTITY_INSERT rubrics OFF;

INSERT INTO rubric_criteria (rubric_id, code, name, weight, indicator, points_per_step, step, sort_order) VALUES
    (1, N'industryCategory', N'产业类别', 50000, NULL, NULL, NULL, 1),
    (1, N'technology', N'技术水平', 50000, NULL, NULL, NULL, 2),
    (1, N'investmentScale', N'投资规模', 170000, NULL, NULL, NULL, 3),
    (1, N'investmentIntensity', N'投资强度', 170000, N'investmentIntensity', 1000, 100000, 4),
    (1, N'investor', N'投资方实力', 100000, NULL, NULL, NULL, 5),
    (1, N'environment', N'环境保护', 50000, NULL, NULL, NULL, 6),
    (1, N'safety', N'安全生产', 50000, NULL, NULL, NULL, 7),
    (1, N'landUse', N'节约集约用地', 100000, NULL, NULL, NULL, 8),
    (1, N'planning', N'规划符合性', 50000, NULL, NULL, NULL, 9),
    (1, N'taxContribution', N'税收贡献', 160000, N'taxPerMu', 5000, 10000, 10),
    (1, N'employment', N'带动就业', 50000, NULL, NULL, NULL, 11);
