-- The performance report (on the cockpit) reads the period's signings and the producing projects, each in three
-- statements: from these indexes alone instead of a lookup of every row in the wide table.
CREATE INDEX ix_projects_signed_sums ON projects (signed_on) INCLUDE (responsible_unit_id, signed_amount, contract_amount, groundbreaking_on);
CREATE INDEX ix_projects_producing ON projects (stage, production_on) INCLUDE (responsible_unit_id, industry_code, land_supplied_mu, land_area_mu);
