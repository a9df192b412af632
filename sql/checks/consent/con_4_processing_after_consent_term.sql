-- id: CON-4
-- title: Personal data processed after the consent term ended
-- clause: PP-9 "authorized marketing communications"; PP-3
-- law: Art. 8(5),(6) L94 (F16)
-- severity: medium
-- params: period_start, period_end
-- needs: stg_consents, stg_processing_events
-- note: An event in the period: a message or disclosure in the period; the consents it rests on are read
--   whenever they were given. Processing = messages and identifiable disclosures (stg_processing_events). The
--   consent each rests on: a marketing message -> marketing consent; a service message -> account consent
--   (PP-9(a) customer service and account management); a consent-based identifiable disclosure -> third_party
--   consent. A row is found when the person had given that consent before the event but every such consent
--   had expired (valid_until) by then and no newer one covers it: consent_in_force over int_consent_validity
--   with no withdrawal passed (expiry alone). Never-consented processing is MKT-1/CON-10, withdrawn consent
--   CON-5/MKT-2. The "no term stated: until the purpose ends" branch is not applied: the contract dates no
--   purpose end other than account closure, which RET-3 covers.
with events as (
    select
        event_key,
        source_key,
        event_kind,
        user_id,
        occurred_at,
        case
            when event_kind = 'message' and message_kind = 'marketing' then 'marketing'
            when event_kind = 'message' and message_kind = 'service' then 'account'
            when event_kind = 'disclosure' and legal_basis = 'consent' then 'third_party'
        end as scope
    from stg_processing_events
    where
        occurred_at between $period_start and $period_end
        and user_id is not null
        and (event_kind = 'message' or anonymised is distinct from true)
),

judged as (
    select
        e.event_key,
        e.source_key,
        e.event_kind,
        e.user_id,
        e.occurred_at,
        e.scope,
        max(c.valid_until) as last_valid_until,
        bool_or(consent_in_force(c.given_at, c.valid_until, null, e.occurred_at)) as covered
    from events as e
    inner join int_consent_validity as c
        on e.user_id = c.user_id and e.scope = c.scope and e.occurred_at >= c.given_at
    where e.scope is not null
    group by all
)

select
    event_key as record_key,
    user_id,
    occurred_at,
    scope,
    last_valid_until,
    event_kind || ' ' || source_key || ' on ' || local_day(occurred_at)
    || ' relies on the ' || scope || ' consent, which expired on '
    || local_day(last_valid_until) || ' and was not renewed' as reason
from judged
where not covered
order by event_key;
