-- id: DIS-9
-- title: Subject not notified of a third-party transfer within the working-day deadline
-- clause: PP-18 "informing the User of the transfer … is left to the discretion of LLP"
-- law: Art. 19(1),(2) L94; 10 working days (F9)
-- severity: medium
-- params: as_of, period_start, period_end, deadline_transfer_notification, in_force_transfer_notification
-- needs: stg_disclosures, stg_disclosure_subjects, stg_consents
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. one row per
--   (disclosure, subject) where the subject had a consent with scope 'third_party', given at or before
--   disclosed_at and not expired (valid_until: consent_in_force with no withdrawal passed), carrying
--   notify_on_transfer = true, and no transfer_notifications row for that disclosure and subject was sent by
--   wd_deadline(disclosed_at, $deadline_transfer_notification) (unsent and the deadline already passed at
--   $as_of, or sent late). Art. 19(2) exceptions excluded: legal_basis 'authority_request' or 'court_order'
--   (state functions), purpose_code 'research' or a recipient of kind 'researcher' (statistical,
--   sociological, scientific purposes), and anonymised disclosures (no identifiable transfer). Disclosures
--   before in_force_transfer_notification are not judged. The PP-18 "discretion" wording itself is a
--   policy-text finding (POL-4).
with notifiable as (
    select
        dsc.disclosure_id,
        dsc.disclosed_at,
        s.user_id,
        wd_deadline(dsc.disclosed_at, $deadline_transfer_notification) as notify_by
    from stg_disclosures as dsc
    inner join stg_disclosure_subjects as s on dsc.disclosure_id = s.disclosure_id
    left join stg_recipients as r on dsc.recipient_id = r.recipient_id
    where
        dsc.disclosed_at between $period_start and $period_end
        and local_date(dsc.disclosed_at) >= $in_force_transfer_notification
        and not coalesce(dsc.anonymised, false)
        and coalesce(dsc.legal_basis, '') not in ('authority_request', 'court_order')
        and coalesce(dsc.purpose_code, '') <> 'research'
        and coalesce(r.kind, '') <> 'researcher'
        and exists (
            select 1
            from int_consent_validity as c
            where
                c.user_id = s.user_id
                and c.scope = 'third_party'
                and c.notify_on_transfer
                and consent_in_force(c.given_at, c.valid_until, null, dsc.disclosed_at)
        )
),

judged as (
    select
        n.disclosure_id,
        n.disclosed_at,
        n.user_id,
        n.notify_by,
        min(t.sent_at) as first_sent
    from notifiable as n
    left join stg_transfer_notifications as t
        on n.disclosure_id = t.disclosure_id and n.user_id = t.user_id
    group by all
)

select
    disclosure_id || ':' || user_id as record_key,
    user_id,
    disclosed_at as occurred_at,
    disclosure_id,
    notify_by,
    first_sent,
    case
        when first_sent is null
            then 'transfer on ' || local_day(disclosed_at)
            || ' was not notified to the subject; notice was due by '
            || local_day(notify_by)
        else
            'transfer on ' || local_day(disclosed_at) || ' was notified on '
            || local_day(first_sent) || ', after the deadline of '
            || local_day(notify_by)
    end as reason
from judged
where (first_sent is null and notify_by < $as_of) or first_sent > notify_by
order by disclosure_id, user_id;
