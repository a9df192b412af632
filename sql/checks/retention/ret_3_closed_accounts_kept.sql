-- id: RET-3
-- title: Closed accounts still hold personal data after the retention period
-- clause: PP-10 "retain ... for as long as necessary"
-- law: Art. 18(2), Art. 12(2) L94; Digital Code Art. 41(3)
-- severity: high
-- params: as_of, retention_closed_account, retention_grace_working_days
-- needs: stg_users
with closed as (
    select
        user_id,
        closed_at,
        legal_hold_until,
        wd_deadline(
            closed_at + to_days($retention_closed_account),
            $retention_grace_working_days
        ) as destroy_by,
        holds_personal_data
    from stg_users
    where status = 'closed' and closed_at is not null
)

select
    user_id as record_key,
    user_id,
    closed_at as occurred_at,
    destroy_by,
    'account closed on ' || local_day(closed_at)
    || ' still holds personal data; it had to be destroyed by '
    || local_day(destroy_by)
    || ' and no legal hold covers the audit date' as reason
from closed
where
    holds_personal_data
    and destroy_by < $as_of
    and (legal_hold_until is null or legal_hold_until < local_date($as_of))
order by user_id;
