-- id: ORG-1
-- title: Days of the audit period with no person responsible for personal data appointed
-- clause: PP-3 "solely within the requirements of the Law ... 94-V"
-- law: Art. 25(2)(10), Art. 25(3) L94
-- severity: medium
-- params: period_start, period_end, tz
-- note: A state during the period: every local day of the period must be covered, whenever the appointment
--   was made. A local day is covered when an org_roles row with role responsible_for_personal_data has its
--   appointment on or before that day and no end, or an end on or after that day (a same-day handover covers
--   the day). Each run of uncovered days in [period_start, period_end] is one row keyed gap:<first day>. An
--   empty org_roles table is itself the finding (one gap over the whole period), so no table is listed under
--   needs.
with days as (
    select cast(t.d as date) as d
    from range(
        cast(local_date($period_start) as timestamp),
        cast(local_date($period_end) as timestamp) + interval 1 day,
        interval 1 day
    ) as t (d)
),

appointments as (
    select
        local_date(appointed_at) as first_day,
        local_date(ended_at) as last_day
    from stg_org_roles
    where role = 'responsible_for_personal_data' and appointed_at is not null
),

uncovered as (
    select
        d,
        d - cast(row_number() over (order by d) as integer) as island
    from days
    where not exists (
        select 1
        from appointments as a
        where a.first_day <= days.d and (a.last_day is null or a.last_day >= days.d)
    )
),

gaps as (
    select
        min(d) as first_day,
        max(d) as last_day,
        count(*) as days
    from uncovered
    group by island
)

select
    'gap:' || strftime(first_day, '%Y-%m-%d') as record_key,
    timezone($tz, cast(first_day as timestamp)) as occurred_at,
    first_day,
    last_day,
    days,
    'no responsible person for personal data was appointed from '
    || strftime(first_day, '%Y-%m-%d') || ' to ' || strftime(last_day, '%Y-%m-%d')
    || ' (' || cast(days as varchar) || ' day(s))' as reason
from gaps
order by record_key;
