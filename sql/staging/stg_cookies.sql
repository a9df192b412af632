-- stg_cookies: the contract columns of cookies, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_cookies
create or replace view stg_cookies as
select
    name,
    domain,
    -- the domain as matched against observed cookies: lower-cased, without the leading dot (RFC 6265 5.2.3)
    ltrim(lower(trim(domain)), '.') as domain_norm,
    lower(trim(kind)) as kind,
    declared_max_age_days,
    purpose_code,
    essential
from raw_cookies;
