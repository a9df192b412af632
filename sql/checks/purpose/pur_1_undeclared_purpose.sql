-- id: PUR-1
-- title: Processing for a purpose the policy in force did not declare
-- clause: PP-9 "purposes (a)-(e)"
-- law: Art. 7(8), Art. 14, Art. 15(2) L94
-- severity: high
-- params: period_start, period_end
-- needs: stg_processing_events, stg_purposes, stg_policy_versions, log_app
-- note: An event in the period (an event, not a state). The contract has no processing_activities table and
--   purposes are not versioned: the declared set is the purpose register rows that cite a policy clause.
--   Events are messages (marketing -> marketing, service -> customer_service) and disclosures (their
--   purpose_code), from stg_processing_events, and app-log events that carry a purpose (trimmed and
--   lower-cased in stg_app_events). A row is found when the purpose is missing (messages and disclosures),
--   not in the register, cites no policy clause, or no policy version was in force on the event date. Not
--   judged: app events that carry no purpose (the log format does not require one on every event);
--   consent.grant/consent.withdraw events whose purpose is a transfer scope (third_party, cross_border,
--   publication: consent scopes, not processing purposes); export events naming a disclosure_id of the
--   disclosures table (judged on that row). One row per message or disclosure (record_key = its id) and per
--   app event (record_key = its request_id, else file:line). Without the app log this check is not evaluable.
with app_events as (
    select
        'app event' as event_kind,
        e.event_key as source_key,
        e.ts as occurred_at,
        e.purpose as purpose_code,
        cast(null as varchar) as message_kind,
        e.user_id,
        e.event as app_event
    from stg_app_events as e
    where
        e.ts between $period_start and $period_end
        and e.purpose is not null
        and not (
            e.event in ('consent.grant', 'consent.withdraw')
            and e.purpose in ('third_party', 'cross_border', 'publication')
        )
        and not exists (
            select 1
            from stg_disclosures as d
            where e.event = 'export' and d.disclosure_id = json_extract_string(e.details, '$.disclosure_id')
        )
),

events as (
    select distinct
        event_kind,
        source_key,
        occurred_at,
        purpose_code,
        message_kind,
        cast(null as varchar) as user_id,
        cast(null as varchar) as app_event
    from stg_processing_events
    where occurred_at between $period_start and $period_end
    union all
    select * from app_events
),

first_policy as (
    select min(effective_at) as effective_at
    from stg_policy_versions
)

select
    e.source_key as record_key,
    e.occurred_at,
    e.event_kind,
    e.app_event,
    e.user_id,
    e.purpose_code,
    e.event_kind || ' ' || coalesce(e.app_event || ' ', '') || e.source_key || ' on '
    || local_day(e.occurred_at)
    || ' ' || case
        when e.purpose_code is null and e.event_kind = 'message'
            then 'has a message kind (' || coalesce(e.message_kind, 'none') || ') that maps to no purpose'
        when e.purpose_code is null then 'records no purpose'
        when
            p.purpose_code is null
            then 'was for purpose ' || e.purpose_code || ', which the policy does not declare'
        when p.policy_clause is null or trim(p.policy_clause) = ''
            then 'was for purpose ' || e.purpose_code || ', which cites no policy clause'
        else 'happened before any policy version was in force'
    end as reason
from events as e
cross join first_policy as f
left join stg_purposes as p on e.purpose_code = p.purpose_code
where
    p.purpose_code is null
    or p.policy_clause is null
    or trim(p.policy_clause) = ''
    or f.effective_at is null
    or e.occurred_at < f.effective_at
order by record_key;
