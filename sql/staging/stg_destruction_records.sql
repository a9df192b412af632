-- stg_destruction_records: the contract columns of destruction_records, whatever the source (DuckDB file,
-- exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_destruction_records
create or replace view stg_destruction_records as
select
    destruction_id,
    user_id,
    store_id,
    category,
    lower(trim(reason)) as reason,
    triggered_at,
    destroyed_at,
    includes_backups
from raw_destruction_records;
