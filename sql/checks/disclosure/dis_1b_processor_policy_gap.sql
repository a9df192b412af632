-- id: DIS-1b
-- title: Identifiable personal data sent to a service provider although the policy has no processor carve-out
-- clause: PP-12 "does not share users' personal information with non-affiliates"
-- law: Privacy Policy gap (PP-12 vs practice); a policy finding, not a breach of L94 in itself
-- severity: medium
-- params: period_start, period_end
-- needs: stg_disclosures, stg_recipients
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. every
--   identifiable disclosure (anonymised not true) to a recipient of kind 'service_provider' is reported,
--   whatever its legal_basis (processor_contract included): the policy promises no sharing with
--   non-affiliates and names no processors. Only flows recorded in disclosures are judged; processing implied
--   by communications.provider_recipient_id or storage_locations(role='processor') is not a disclosure row
--   and is not reported here (see LOC-4 for processor locations).
select
    d.disclosure_id as record_key,
    d.disclosed_at as occurred_at,
    d.recipient_id,
    d.legal_basis,
    d.record_count,
    'identifiable disclosure of ' || coalesce(d.record_count::varchar, 'an unrecorded number of')
    || ' records to service provider ' || d.recipient_id || ' on '
    || local_day(d.disclosed_at)
    || '; the Privacy Policy does not disclose processors (policy gap)' as reason
from stg_disclosures as d
inner join stg_recipients as r on d.recipient_id = r.recipient_id
where
    d.disclosed_at between $period_start and $period_end
    and r.kind = 'service_provider'
    and not coalesce(d.anonymised, false)
order by d.disclosure_id;
