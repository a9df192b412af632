-- stg_purposes: the contract columns of purposes, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_purposes
create or replace view stg_purposes as
select
    purpose_code,
    description,
    policy_clause,
    lower(trim(legal_basis)) as legal_basis,
    requires_consent
from raw_purposes;
