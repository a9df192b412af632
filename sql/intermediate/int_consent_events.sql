-- int_consent_events: every processing event whose purpose requires consent: marketing
-- communications, and identifiable disclosures made on the basis of consent (scope third_party,
-- or cross_border when the destination is abroad). App-log events are not counted yet.
-- depends: stg_communications, stg_disclosure_subjects, stg_disclosures
create or replace view int_consent_events as
select
    'communication' as event_source,
    message_id as event_id,
    user_id,
    'marketing' as purpose,
    sent_at as event_at
from stg_communications
where kind = 'marketing'
union all
select
    'disclosure' as event_source,
    d.disclosure_id || ':' || s.user_id as event_id,
    s.user_id,
    case when d.destination_country <> 'KZ' then 'cross_border' else 'third_party' end as purpose,
    d.disclosed_at as event_at
from stg_disclosures as d
inner join stg_disclosure_subjects as s on d.disclosure_id = s.disclosure_id
where d.legal_basis = 'consent' and not coalesce(d.anonymised, false);
