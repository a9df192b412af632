-- stg_zz_consent_coverage: every processing event whose purpose requires consent, with whether a
-- consent of that scope was valid at the moment of the event (an as-of join). Feeds the consent
-- coverage charts (share covered, by purpose and month). Events: marketing communications, and
-- identifiable disclosures made on the basis of consent (scope third_party, or cross_border when
-- the destination is abroad). App-log events are not counted yet. A consent counts as in
-- stg_zz_consent_validity (the disclosure checks' reading): until valid_until or the receipt of
-- a withdrawal that was not refused.
create or replace view stg_zz_consent_events as
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

create or replace view stg_zz_consent_coverage as
select
    e.event_source,
    e.event_id,
    e.user_id,
    e.purpose,
    e.event_at,
    strftime(local_date(e.event_at), '%Y-%m') as month,
    exists (
        select 1
        from stg_zz_consent_validity as c
        where
            c.user_id = e.user_id
            and c.scope = e.purpose
            and c.given_at <= e.event_at
            and (c.ends_at is null or c.ends_at > e.event_at)
    ) as covered
from stg_zz_consent_events as e;
