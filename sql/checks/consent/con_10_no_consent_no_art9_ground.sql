-- id: CON-10
-- title: Personal data processed without consent and without an Art. 9 ground
-- clause: PP-9 purposes (a)-(e); PP-13, PP-14
-- law: Art. 9 L94 (cases where consent is not required); Art. 7(1)
-- severity: high
-- params: period_start, period_end
-- needs: stg_processing_events, stg_purposes, stg_consents
-- note: An event in the period: a service message or identifiable disclosure in the period; the consents are
--   read whenever they were given. The contract has no processing_activities table: processing = service
--   messages and identifiable disclosures (stg_processing_events; marketing messages are MKT-1's) with the
--   purpose register (purposes.legal_basis). An event needs a consent of the person given by then whose scope
--   is the event's purpose, or a purpose declared under the same policy clause (e.g. the account consent
--   covers customer_service, both PP-9(a)). Without one it must rest on an Art. 9 ground: the purpose's
--   legal_basis is 'law', or the disclosure was an authority_request or court_order (Art. 9(1)). 'contract'
--   is not an Art. 9 ground. Disclosures on 'consent' are CON-6's for their scope, yet still need the purpose
--   consent here. Events whose purpose is not in the register are PUR-1's. Expiry and withdrawal are
--   CON-4/CON-5.
with events as (
    select
        e.event_key,
        e.source_key,
        e.event_kind,
        e.user_id,
        e.occurred_at,
        e.purpose_code,
        e.legal_basis as disclosure_basis,
        p.legal_basis as purpose_basis,
        p.policy_clause
    from stg_processing_events as e
    inner join stg_purposes as p on e.purpose_code = p.purpose_code
    where
        e.occurred_at between $period_start and $period_end
        and e.user_id is not null
        and (
            (e.event_kind = 'message' and e.message_kind = 'service')
            or (e.event_kind = 'disclosure' and e.anonymised is distinct from true)
        )
),

covering_scopes as (
    select
        p.purpose_code,
        q.purpose_code as scope
    from stg_purposes as p
    inner join stg_purposes as q
        on p.purpose_code = q.purpose_code or p.policy_clause = q.policy_clause
)

select
    e.event_key as record_key,
    e.user_id,
    e.occurred_at,
    e.purpose_code,
    e.purpose_basis,
    e.disclosure_basis,
    e.event_kind || ' ' || e.source_key || ' on ' || local_day(e.occurred_at)
    || ' processed data for ' || e.purpose_code || ' (basis: ' || coalesce(e.purpose_basis, 'none')
    || ') with no consent from the person and no Art. 9 ground' as reason
from events as e
where
    coalesce(e.purpose_basis, '') <> 'law'
    and coalesce(e.disclosure_basis, '') not in ('authority_request', 'court_order')
    and not exists (
        select 1
        from covering_scopes as s
        inner join stg_consents as c on s.scope = c.scope
        where
            s.purpose_code = e.purpose_code
            and c.user_id = e.user_id
            and c.given_at <= e.occurred_at
    )
order by record_key;
