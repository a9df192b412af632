-- id: DSR-4
-- title: A fee was charged for the subject's access to their own data
-- clause: PP-20 "to be aware of the availability of their personal data"
-- law: Art. 25(2)(9) L94
-- severity: low
-- params: period_start, period_end
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Applies to access requests received in the period; any
--   fee_charged above zero is a finding. NULL is read as no fee recorded. Other request kinds are not covered
--   by Art. 25(2)(9).
select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    fee_charged,
    'access request received ' || local_day(received_at)
    || ' was charged a fee' as reason
from stg_dsr_requests
where
    kind = 'access'
    and fee_charged > 0
    and received_at between $period_start and $period_end
order by request_id;
