-- id: RET-2
-- title: Personal data kept past its retention period
-- clause: PP-10 "retain ... for as long as necessary to fulfill the above business purposes"
-- law: Art. 12(2), Art. 18(1), Art. 25(2)(4),(8) L94
-- severity: high
-- params: as_of, retention_closed_ticket, retention_inactive_account, retention_grace_working_days
-- needs: stg_users
-- note: Two categories of the yardstick's schedule are judged at the audit date: a closed support ticket
--   whose body is still stored after retention_closed_ticket days from closed_at, and an active account
--   holding personal data after retention_inactive_account days from last_active_at (an active account with
--   no last_active_at counts from created_at). Each must be destroyed within retention_grace_working_days
--   working days after the period ends (F4 reading). A legal hold on the user covering the audit date excuses
--   both. Closed accounts are RET-3 and logs are RET-7, so they are left out here. Marketing data after a
--   withdrawal is not checked: the contract holds no marketing profile, and the communications rows are the
--   sending log that MKT-1 and MKT-2 audit. Keys are prefixed: ticket:<ticket_id>, account:<user_id>.
with held as (
    select
        user_id,
        legal_hold_until is not null
        and legal_hold_until >= local_date($as_of) as on_hold
    from stg_users
),

tickets as (
    select
        t.ticket_id,
        t.user_id,
        t.closed_at as trigger_at,
        wd_deadline(
            t.closed_at + to_days($retention_closed_ticket),
            $retention_grace_working_days
        ) as destroy_by
    from stg_support_tickets as t
    left join held as h on t.user_id = h.user_id
    where
        t.closed_at is not null
        and t.body is not null
        and not coalesce(h.on_hold, false)
),

inactive as (
    select
        u.user_id,
        coalesce(u.last_active_at, u.created_at) as trigger_at,
        wd_deadline(
            coalesce(u.last_active_at, u.created_at) + to_days($retention_inactive_account),
            $retention_grace_working_days
        ) as destroy_by
    from stg_users as u
    inner join held as h on u.user_id = h.user_id
    where
        u.status = 'active'
        and not h.on_hold
        and u.holds_personal_data
)

select
    'ticket:' || ticket_id as record_key,
    user_id,
    trigger_at as occurred_at,
    'support_ticket_body' as category,
    destroy_by,
    'support ticket closed on ' || local_day(trigger_at)
    || ' still stores its body; it had to be erased by '
    || local_day(destroy_by) as reason
from tickets
where destroy_by < $as_of

union all

select
    'account:' || user_id as record_key,
    user_id,
    trigger_at as occurred_at,
    'inactive_account' as category,
    destroy_by,
    'active account last used on ' || local_day(trigger_at)
    || ' still holds personal data; it had to be destroyed by '
    || local_day(destroy_by) as reason
from inactive
where destroy_by < $as_of
order by record_key;
