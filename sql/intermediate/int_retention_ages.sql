-- int_retention_ages: one row per closed or destroyed account and per closed support ticket,
-- with its age since the retention trigger against the yardstick's limit, for the "retention
-- ages against the limit" charts.
-- category: closed_account (status closed), destroyed_account (status destroyed with a
-- closed_at; accounts destroyed for another reason have no closure trigger and are left out),
-- closed_ticket (closed_at set). The trigger is closed_at. days_since_trigger counts local
-- calendar days from the trigger to the audit date; days_to_destruction counts them to the
-- user's earliest destruction_records.destroyed_at (accounts only; a ticket body's erasure is
-- not dated in the contract). still_holds_data: any personal column of the user filled, or the
-- ticket body kept. on_legal_hold: users.legal_hold_until on or after the audit date.
-- The limit and the audit date come from the yardstick, which a view cannot bind: they are read
-- from DuckDB variables named like the check parameters (retention_closed_account,
-- retention_closed_ticket, as_of). Set them from Audit.params() before querying; unset, the
-- columns that need them read NULL. over_limit does not add the grace working day of RET-2/RET-3.
-- depends: int_first_destruction, stg_support_tickets, stg_users
create or replace view int_retention_ages as
with users as (
    select
        u.user_id,
        u.status,
        u.closed_at,
        x.destroyed_at,
        u.holds_personal_data,
        coalesce(u.legal_hold_until >= local_date(getvariable('as_of')::timestamptz), false)
            as on_legal_hold
    from stg_users as u
    left join int_first_destruction as x on u.user_id = x.user_id
),

items as (
    select
        user_id as record_key,
        user_id,
        case status when 'closed' then 'closed_account' else 'destroyed_account' end as category,
        closed_at as trigger_at,
        destroyed_at,
        holds_personal_data as still_holds_data,
        on_legal_hold,
        getvariable('retention_closed_account')::integer as limit_days
    from users
    where status = 'closed' or (status = 'destroyed' and closed_at is not null)

    union all

    select
        t.ticket_id as record_key,
        t.user_id,
        'closed_ticket' as category,
        t.closed_at as trigger_at,
        null::timestamptz as destroyed_at,
        t.body is not null as still_holds_data,
        coalesce(u.on_legal_hold, false) as on_legal_hold,
        getvariable('retention_closed_ticket')::integer as limit_days
    from stg_support_tickets as t
    left join users as u on t.user_id = u.user_id
    where t.closed_at is not null
)

select
    record_key,
    user_id,
    category,
    trigger_at,
    date_diff('day', local_date(trigger_at), local_date(getvariable('as_of')::timestamptz))
        as days_since_trigger,
    date_diff('day', local_date(trigger_at), local_date(destroyed_at)) as days_to_destruction,
    limit_days,
    date_diff('day', local_date(trigger_at), local_date(getvariable('as_of')::timestamptz))
    > limit_days as over_limit,
    still_holds_data,
    on_legal_hold
from items;
