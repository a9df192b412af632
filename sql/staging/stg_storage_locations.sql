-- stg_storage_locations: the contract columns of storage_locations, whatever the source (DuckDB file,
-- exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_storage_locations
create or replace view stg_storage_locations as
select
    store_id,
    system,
    lower(trim(role)) as role,
    provider,
    upper(trim(country)) as country,
    trim(city) as city,
    holds_personal_data,
    encrypted_at_rest,
    cross_border_basis
from raw_storage_locations;
