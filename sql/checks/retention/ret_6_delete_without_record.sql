-- id: RET-6
-- title: An account deletion in the app log has no destruction record
-- clause: PP-10 "we will delete or anonymise your personal data"
-- law: Art. 25(2)(4) L94 (document the measures taken); audit trail
-- severity: low
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: an account.delete event logged in the period. An account.delete event matches
--   a destruction record of the same user whose destroyed_at lies within a day of the event. The record's
--   what/where/when/why (category, store_id, destroyed_at, reason) must be filled in; the contract has no
--   'who' column, so that element cannot be checked. Key: the event's request_id (else file:line).
select
    e.event_key as record_key,
    e.user_id,
    e.ts as occurred_at,
    'account.delete event on ' || local_day(e.ts)
    || case when e.user_id is null then ' without a user id' else '' end
    || ' has no complete destruction record (category, store, date and reason) within a day' as reason
from stg_app_events as e
where
    e.event = 'account.delete'
    and e.ts between $period_start and $period_end
    and not exists (
        select 1 from stg_destruction_records as d
        where
            d.user_id = e.user_id
            and d.destroyed_at between e.ts - interval 1 day and e.ts + interval 1 day
            and d.category is not null and d.store_id is not null and d.reason is not null
    )
order by record_key;
