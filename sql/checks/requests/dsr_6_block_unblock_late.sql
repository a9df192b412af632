-- id: DSR-6
-- title: Blocking or unblocking not done within one working day
-- clause: PP-20 (omits the right to blocking; the law applies regardless)
-- law: Art. 24(1)(3), Art. 25(2)(8) L94
-- severity: medium
-- params: as_of, period_start, period_end, deadline_block, deadline_unblock
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Requests of kind block or unblock received in the
--   period. The clock starts on the day of received_at (the information of a violation, or of its not being
--   confirmed); a finding is completed_at after wd_deadline(received_at, deadline_block or deadline_unblock),
--   or no completed_at once that deadline has passed. Refused requests are DSR-3. No processing while blocked
--   is not checked here: it needs the app event log, which is not in the contract tables. The yardstick has
--   no in_force date for these duties (original 2013 text).
with requests as (
    select
        request_id,
        user_id,
        kind,
        received_at,
        completed_at,
        wd_deadline(
            received_at, case kind when 'block' then $deadline_block else $deadline_unblock end
        ) as done_by
    from stg_dsr_requests
    where
        kind in ('block', 'unblock')
        and outcome is distinct from 'refused'
        and received_at between $period_start and $period_end
)

select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    kind,
    done_by,
    completed_at,
    case
        when completed_at is null
            then kind || ' request received ' || local_day(received_at)
            || ' is not done; it was due by ' || local_day(done_by)
        else
            kind || ' request received ' || local_day(received_at)
            || ' was done on ' || local_day(completed_at)
            || ', after the deadline of ' || local_day(done_by)
    end as reason
from requests
where (completed_at is null and done_by < $as_of) or completed_at > done_by
order by request_id;
