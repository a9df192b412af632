-- id: PUR-1
-- title: Processing for a purpose the policy in force did not declare
-- clause: PP-9 "purposes (a)-(e)"
-- law: Art. 7(8), Art. 14, Art. 15(2) L94
-- severity: high
-- params: period_start, period_end
-- needs: stg_processing_events, stg_purposes, stg_policy_versions
-- note: The contract has no processing_activities table and purposes are not versioned: the declared set is the purpose register rows that cite a policy clause. Events are messages (marketing -> marketing, service -> customer_service) and disclosures (their purpose_code), from stg_processing_events. A row is found when the purpose is missing, not in the register, cites no policy clause, or no policy version was in force on the event date. One row per message or disclosure (record_key = its id).
with events as (
    select distinct
        source_key,
        event_kind,
        occurred_at,
        purpose_code,
        message_kind
    from stg_processing_events
    where occurred_at between $period_start and $period_end
),

first_policy as (
    select min(effective_at) as effective_at
    from stg_policy_versions
)

select
    e.source_key as record_key,
    e.occurred_at,
    e.event_kind,
    e.purpose_code,
    e.event_kind || ' ' || e.source_key || ' on ' || strftime(local_date(e.occurred_at), '%Y-%m-%d')
    || ' ' || case
        when e.purpose_code is null and e.event_kind = 'message'
            then 'has a message kind (' || coalesce(e.message_kind, 'none') || ') that maps to no purpose'
        when e.purpose_code is null then 'records no purpose'
        when p.purpose_code is null then 'was for purpose ' || e.purpose_code || ', which the policy does not declare'
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
