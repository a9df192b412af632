-- id: DSR-7
-- title: Personal data not destroyed within one working day of a destruction request
-- clause: PP-20 "to demand the destruction of their personal data, which collection and processing were
--   carried out in violation of the legislation"
-- law: Art. 24(1)(4), Art. 25(2)(8) L94
-- severity: high
-- params: as_of, period_start, period_end, deadline_destroy, in_force_destroy
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Requests of kind destroy received in the period and not
--   refused (refusals are DSR-3). The anchor is received_at: the contract records no confirmation of the
--   unlawful processing, and answered_at is set by the operator, so counting from it would let the operator
--   start the clock when it chooses. The request is done by the earliest destruction_records.destroyed_at of
--   that user (any store, any reason; a destruction before the request counts as done). A finding is that
--   destruction after wd_deadline(received_at, deadline_destroy), or none once that deadline has passed.
with requests as (
    select
        request_id,
        user_id,
        received_at,
        wd_deadline(received_at, $deadline_destroy) as destroy_by
    from stg_dsr_requests
    where
        kind = 'destroy'
        and outcome is distinct from 'refused'
        and received_at between $period_start and $period_end
        and local_date(received_at) >= $in_force_destroy
),

judged as (
    select
        r.*,
        d.destroyed_at
    from requests as r
    left join int_first_destruction as d on r.user_id = d.user_id
)

select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    destroy_by,
    destroyed_at,
    case
        when destroyed_at is null
            then 'destruction request received ' || local_day(received_at)
            || ' has no destruction record; it was due by '
            || local_day(destroy_by)
        else
            'destruction request received ' || local_day(received_at)
            || ' was carried out on ' || local_day(destroyed_at)
            || ', after the deadline of ' || local_day(destroy_by)
    end as reason
from judged
where (destroyed_at is null and destroy_by < $as_of) or destroyed_at > destroy_by
order by request_id;
