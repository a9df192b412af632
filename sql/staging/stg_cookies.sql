-- stg_cookies: the contract columns of cookies, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_cookies
create or replace view stg_cookies as
select
    name,
    domain,
    lower(trim(kind)) as kind,
    declared_max_age_days,
    purpose_code,
    essential
from raw_cookies;
