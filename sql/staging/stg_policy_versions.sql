-- stg_policy_versions: the contract columns of policy_versions, whatever the source (DuckDB file, exports,
-- PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_policy_versions
create or replace view stg_policy_versions as
select
    version_id,
    trim(label) as label,
    effective_at,
    url,
    text_sha256,
    material_change
from raw_policy_versions;
