-- stg_processing_events: processing of a person's data that the contract records, one row a person
-- and event: messages sent (communications) and data disclosed (disclosures x disclosure_subjects).
-- A message's purpose follows its kind (marketing -> marketing, service -> customer_service,
-- PP-9(c) and PP-9(a)); a disclosure carries its own purpose_code. A disclosure with no subject
-- rows appears once, with user_id NULL. source_key is the event's own table key.
-- depends: stg_communications, stg_disclosure_subjects, stg_disclosures
create or replace view stg_processing_events as
select
    'message' as event_kind,
    message_id as source_key,
    message_id as event_key,
    user_id,
    sent_at as occurred_at,
    case kind
        when 'marketing' then 'marketing'
        when 'service' then 'customer_service'
    end as purpose_code,
    kind as message_kind,
    channel,
    cast(null as varchar) as legal_basis,
    cast(null as boolean) as anonymised,
    cast(null as varchar) as destination_country,
    cast(null as varchar) as recipient_id
from stg_communications
union all
select
    'disclosure' as event_kind,
    d.disclosure_id as source_key,
    d.disclosure_id || coalesce(':' || s.user_id, '') as event_key,
    s.user_id,
    d.disclosed_at as occurred_at,
    lower(trim(d.purpose_code)) as purpose_code,
    cast(null as varchar) as message_kind,
    cast(null as varchar) as channel,
    d.legal_basis,
    d.anonymised,
    d.destination_country,
    d.recipient_id
from stg_disclosures as d
left join stg_disclosure_subjects as s on d.disclosure_id = s.disclosure_id;
