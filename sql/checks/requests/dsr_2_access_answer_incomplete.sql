-- id: DSR-2
-- title: Access answer lacks information the subject is entitled to
-- clause: PP-20 "to be aware of the availability of their personal data"
-- law: Art. 24(1)(1) L94
-- severity: medium
-- params: period_start, period_end, in_force_access_request
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Applies to access requests that were answered with
--   outcome granted or partial. Art. 24(1)(1) requires six elements in response_elements: confirmation,
--   purpose, sources, methods, data_list and terms (third_parties is recorded in the contract but not
--   required by that paragraph). An empty or NULL list misses all six. Refused requests are DSR-3; unanswered
--   ones are DSR-1.
with answered as (
    select
        request_id,
        user_id,
        received_at,
        answered_at,
        list_filter(
            ['confirmation', 'purpose', 'sources', 'methods', 'data_list', 'terms'],
            lambda e: not list_contains(coalesce(response_elements, []::varchar[]), e)
        ) as missing
    from stg_dsr_requests
    where
        kind = 'access'
        and outcome in ('granted', 'partial')
        and answered_at is not null
        and received_at between $period_start and $period_end
        and local_date(received_at) >= $in_force_access_request
)

select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    answered_at,
    missing,
    'access answer of ' || local_day(answered_at)
    || ' lacks: ' || array_to_string(missing, ', ') as reason
from answered
where len(missing) > 0
order by request_id;
