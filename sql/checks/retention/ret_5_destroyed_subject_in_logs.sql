-- id: RET-5
-- title: A destroyed subject's identifier is still being logged after the destruction
-- clause: PP-10 "we will delete or anonymise your personal data"
-- law: Art. 1(6), 18, 22(2) L94 (destruction makes restoring the data impossible)
-- severity: high
-- params: period_start, period_end
-- needs: log_app, stg_destruction_records
-- note: An event in the period: an app event logged in the period, after the subject's destruction (whenever
--   that was). App events naming, as user_id, a user whose account is destroyed (users.status 'destroyed'),
--   logged after the earliest destroyed_at of that user's destruction records. The account.delete event
--   itself is the record of the deletion and is not counted. The web log has no user id field and the
--   contract gives no id format to look for in paths, so it is not scanned; lines stored before the
--   destruction are RET-7's (log retention). Key: the event's request_id (else file:line).
with gone as (
    select
        d.user_id,
        min(d.destroyed_at) as destroyed_at
    from stg_destruction_records as d
    inner join stg_users as u on d.user_id = u.user_id and u.status = 'destroyed'
    where d.destroyed_at is not null
    group by d.user_id
)

select
    e.event_key as record_key,
    e.user_id,
    e.ts as occurred_at,
    e.event,
    g.destroyed_at,
    'app event ' || coalesce(e.event, '?') || ' on ' || local_day(e.ts)
    || ' names a subject destroyed on ' || local_day(g.destroyed_at) as reason
from stg_app_events as e
inner join gone as g on e.user_id = g.user_id
where
    e.ts > g.destroyed_at
    and e.event is distinct from 'account.delete'
    and e.ts between $period_start and $period_end
order by record_key;
