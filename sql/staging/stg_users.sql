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
    source_basis_ref,
    -- still holds personal data: any personal column filled (a destroyed user keeps none)
    full_name is not null or email is not null or phone is not null
    or iin is not null or birth_date is not null as holds_personal_data
from raw_users;
