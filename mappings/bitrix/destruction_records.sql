-- destruction_records: the site's destruction register (highload block wgp_pd_destruction_log),
-- written by the handler of OnAfterUserDelete and by the retention agent. UF_BACKUPS is a
-- highload boolean (1/0).
select
    cast(d.ID as varchar) as destruction_id,
    cast(d.UF_USER_ID as varchar) as user_id,
    d.UF_STORE as store_id,
    d.UF_CATEGORY as category,
    d.UF_REASON as reason,
    timezone(getvariable('tz'), cast(d.UF_TRIGGERED_AT as timestamp)) as triggered_at,
    timezone(getvariable('tz'), cast(d.UF_DESTROYED_AT as timestamp)) as destroyed_at,
    cast(d.UF_BACKUPS as integer) = 1 as includes_backups
from wgp_pd_destruction_log as d
