-- stg_users: the contract columns of users, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_users
create or replace view stg_users as
select
    user_id,
    full_name,
    email,
    phone,
    iin,
    birth_date,
    upper(trim(country)) as country,
    lower(trim(status)) as status,
    created_at,
    last_active_at,
    closed_at,
    legal_hold_until,
    legal_hold_basis,
    lower(trim(source)) as source,
    source_recipient_id,
    source_basis_ref
from raw_users;
