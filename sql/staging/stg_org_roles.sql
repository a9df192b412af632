-- stg_org_roles: the contract columns of org_roles, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_org_roles
create or replace view stg_org_roles as
select
    person_id,
    lower(trim(role)) as role,
    appointed_at,
    ended_at
from raw_org_roles;
