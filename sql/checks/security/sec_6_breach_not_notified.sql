-- id: SEC-6
-- title: Personal-data breach not notified to the authorised body within one working day, or without the
--   responsible person's contact
-- clause: PP-21 "reasonably protected by technical means and security procedures"
-- law: Art. 25(2)(8) L94, last indent (Law 44-VIII, in force 01.07.2024)
-- severity: high
-- params: as_of, period_start, period_end, deadline_breach_notification, in_force_breach_notification
-- needs: stg_security_incidents
-- note: An event in the period: a breach detected in the period. Incidents with personal_data_breach true,
--   detected in the period on or after in_force_breach_notification (local date). A finding is
--   authority_notified_at after wd_deadline(detected_at, deadline_breach_notification) (the day of detection
--   not counted), no notification once that deadline has passed, or contact_included not true (NULL is not
--   recorded, so not shown). The strict variant of F1 (24 hours counted within working days) is not applied.
with breaches as (
    select
        incident_id,
        detected_at,
        authority_notified_at,
        contact_included,
        wd_deadline(detected_at, $deadline_breach_notification) as notify_by
    from stg_security_incidents
    where
        personal_data_breach
        and detected_at between $period_start and $period_end
        and local_date(detected_at) >= $in_force_breach_notification
),

judged as (
    select
        *,
        (authority_notified_at is null and notify_by < $as_of)
        or authority_notified_at > notify_by as late,
        contact_included is not true as no_contact
    from breaches
)

select
    incident_id as record_key,
    detected_at as occurred_at,
    notify_by,
    authority_notified_at,
    contact_included,
    'breach detected ' || local_day(detected_at)
    || case
        when late and authority_notified_at is null
            then ' was not notified to the authority; notice was due by '
            || local_day(notify_by)
        when late
            then ' was notified on ' || local_day(authority_notified_at)
            || ', after the deadline of ' || local_day(notify_by)
        else ''
    end
    || case when late and no_contact then ';' else '' end
    || case
        when no_contact then ' the notice does not show the responsible person''s contact'
        else ''
    end as reason
from judged
where coalesce(late, false) or no_contact
order by incident_id;
