-- id: DSR-3
-- title: Refusal of a subject's request is unreasoned, or not sent within the request's deadline
-- clause: PP-20 "to be aware of the availability of their personal data"
-- law: Art. 25(2)(7) L94 (the refusal comes within the term that applies to the request)
-- severity: medium
-- params: as_of, period_start, period_end, deadline_access_request, deadline_rectify, deadline_block,
--   deadline_unblock, deadline_destroy, deadline_automated_objection
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Every request kind with outcome refused, received in the
--   period. A refusal is unreasoned when refusal_reason is NULL or blank. It is late when answered_at is
--   after the deadline of its kind (access 3 WD, object_automated 3 WD, rectify/block/unblock/destroy 1 WD),
--   counted from received_at, or for rectify from docs_received_at when documents came; an unsent refusal is
--   late once that deadline has passed. A late refused access request is also a DSR-1 finding. Performing a
--   granted request on time is DSR-5, DSR-6 and DSR-7.
with refused as (
    select
        request_id,
        user_id,
        kind,
        received_at,
        answered_at,
        nullif(trim(refusal_reason), '') is null as unreasoned,
        wd_deadline(
            case
                when kind = 'rectify' then coalesce(docs_received_at, received_at)
                else received_at
            end,
            case kind
                when 'access' then $deadline_access_request
                when 'rectify' then $deadline_rectify
                when 'block' then $deadline_block
                when 'unblock' then $deadline_unblock
                when 'destroy' then $deadline_destroy
                when 'object_automated' then $deadline_automated_objection
            end
        ) as answer_by
    from stg_dsr_requests
    where
        outcome = 'refused'
        and received_at between $period_start and $period_end
),

judged as (
    select
        *,
        (answered_at is null and answer_by < $as_of) or answered_at > answer_by as late
    from refused
)

select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    kind,
    answer_by,
    answered_at,
    kind || ' request received ' || local_day(received_at)
    || ' was refused'
    || case when unreasoned then ' without a reason' else '' end
    || case when unreasoned and late then ' and' else '' end
    || case
        when late and answered_at is null
            then ' with no answer sent; it was due by ' || local_day(answer_by)
        when late
            then ' on ' || local_day(answered_at)
            || ', after the deadline of ' || local_day(answer_by)
        else ''
    end as reason
from judged
where unreasoned or coalesce(late, false)
order by request_id;
