-- users: b_user (the main module's accounts) with the site's user fields in b_uts_user
-- (UF_IIN, UF_LEGAL_HOLD_UNTIL, UF_LEGAL_HOLD_BASIS). ACTIVE 'Y'/'N' becomes active/closed;
-- Bitrix records no deactivation date, so closed_at is TIMESTAMP_X (the last change of the row,
-- which is the deactivation when nobody edits a deactivated account afterwards).
-- CUser::Delete removes the row: a user in the destruction register (wgp_pd_destruction_log)
-- with no b_user row comes back as status 'destroyed' with every personal column NULL.
-- DATETIME columns are local server time (Asia/Atyrau): timezone(tz, ...) makes them TIMESTAMPTZ.
select
    cast(u.ID as varchar) as user_id,
    nullif(trim(concat_ws(' ', u.LAST_NAME, u.NAME, u.SECOND_NAME)), '') as full_name,
    nullif(trim(u.EMAIL), '') as email,
    nullif(trim(coalesce(u.PERSONAL_MOBILE, u.PERSONAL_PHONE)), '') as phone,
    nullif(trim(f.UF_IIN), '') as iin,
    cast(u.PERSONAL_BIRTHDAY as date) as birth_date,
    case u.ACTIVE when 'Y' then 'active' when 'N' then 'closed' else u.ACTIVE end as status,
    timezone(getvariable('tz'), cast(u.DATE_REGISTER as timestamp)) as created_at,
    timezone(getvariable('tz'), cast(u.LAST_LOGIN as timestamp)) as last_active_at,
    case
        when u.ACTIVE = 'N' then timezone(getvariable('tz'), cast(u.TIMESTAMP_X as timestamp))
    end as closed_at,
    cast(f.UF_LEGAL_HOLD_UNTIL as date) as legal_hold_until,
    nullif(trim(f.UF_LEGAL_HOLD_BASIS), '') as legal_hold_basis
from b_user as u
left join b_uts_user as f on u.ID = f.VALUE_ID

union all

select
    cast(d.UF_USER_ID as varchar) as user_id,
    cast(null as varchar) as full_name,
    cast(null as varchar) as email,
    cast(null as varchar) as phone,
    cast(null as varchar) as iin,
    cast(null as date) as birth_date,
    'destroyed' as status,
    cast(null as timestamptz) as created_at,
    cast(null as timestamptz) as last_active_at,
    cast(null as timestamptz) as closed_at,
    cast(null as date) as legal_hold_until,
    cast(null as varchar) as legal_hold_basis
from (select distinct UF_USER_ID from wgp_pd_destruction_log) as d
where d.UF_USER_ID is not null and not exists (select 1 from b_user as u where u.ID = d.UF_USER_ID)
