-- stg_recipients: the contract columns of recipients, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_recipients
create or replace view stg_recipients as
select
    recipient_id,
    name,
    lower(trim(kind)) as kind,
    upper(trim(country)) as country,
    contract_signed_at,
    security_clause
from raw_recipients;
