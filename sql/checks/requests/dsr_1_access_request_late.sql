-- id: DSR-1
-- title: Access request not answered within the working-day deadline
-- clause: PP-20 "to be aware of the availability of their personal data"
-- law: Art. 24(1)(1), Art. 25(2)(6) L94; 3 working days (F11a, figure unverified)
-- severity: medium
-- params: as_of, period_start, period_end, deadline_access_request, in_force_access_request
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one.
with access as (
    select
        request_id,
        user_id,
        received_at,
        answered_at,
        wd_deadline(received_at, $deadline_access_request) as answer_by
    from stg_dsr_requests
    where
        kind = 'access'
        and received_at between $period_start and $period_end
        and local_date(received_at) >= $in_force_access_request
)

select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    answer_by,
    answered_at,
    case
        when answered_at is null
            then 'access request received ' || local_day(received_at)
            || ' is unanswered; the answer was due by '
            || local_day(answer_by)
        else
            'access request received ' || local_day(received_at)
            || ' was answered on ' || local_day(answered_at)
            || ', after the deadline of ' || local_day(answer_by)
    end as reason
from access
where (answered_at is null and answer_by < $as_of) or answered_at > answer_by
order by request_id;
