-- id: SEC-7
-- title: Breach record states no measures taken
-- clause: PP-21 "reasonably protected by technical means and security procedures"
-- law: Rules for notifying of a breach, Order 481/НҚ of 09.08.2024 (content of the Art. 25(2)(8) notice)
-- severity: medium
-- params: period_start, period_end, in_force_breach_notification
-- needs: stg_security_incidents
-- note: An event in the period: a breach detected in the period. Incidents with personal_data_breach true,
--   detected in the period on or after in_force_breach_notification (the Order itself came into force in
--   August 2024). A finding is measures_taken NULL or blank. The second element of the notice, the affected
--   subjects' identifiers, cannot be checked: the contract has no affected-subject list column
--   (affected_count is a number, not the list).
select
    incident_id as record_key,
    detected_at as occurred_at,
    affected_count,
    'breach detected ' || local_day(detected_at)
    || ' records no measures taken' as reason
from stg_security_incidents
where
    personal_data_breach
    and nullif(trim(measures_taken), '') is null
    and detected_at between $period_start and $period_end
    and local_date(detected_at) >= $in_force_breach_notification
order by incident_id;
