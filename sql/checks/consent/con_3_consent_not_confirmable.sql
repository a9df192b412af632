-- id: CON-3
-- title: Consent is not confirmable, or its proof is not kept
-- clause: PP-22 "non-termination of use ... is the confirmation of consent"
-- law: Art. 8(1), Art. 25(2)(5) L94
-- severity: high
-- params: period_start, period_end
-- needs: stg_consents
-- note: A state during the period, not an event in it: processing may rest only on a consent the operator can
--   confirm, for as long as it relies on it, so a consent counts while it is in force at some moment of the
--   period (given by period_end, and not expired or withdrawn before period_start: int_consent_validity,
--   where a refused withdrawal does not end it), whenever it was given. Found: method continued_use (not a
--   confirmable act), no method recorded, or no evidence_ref kept.
select
    c.consent_id as record_key,
    c.user_id,
    c.given_at as occurred_at,
    c.scope,
    c.method,
    v.ends_at as in_force_until,
    case
        when c.method = 'continued_use'
            then 'consent to ' || c.scope || ' was inferred from continued use of the site,'
            || ' which is not a confirmable act'
        when c.method is null then 'consent to ' || c.scope || ' records no method of giving it'
        else 'consent to ' || c.scope || ' given by ' || c.method || ' has no evidence reference'
    end as reason
from stg_consents as c
inner join int_consent_validity as v on c.consent_id = v.consent_id
where
    consent_in_force_during(v.given_at, v.valid_until, v.withdrawn_at, $period_start, $period_end)
    and (
        c.method is null
        or c.method = 'continued_use'
        or c.evidence_ref is null
        or trim(c.evidence_ref) = ''
    )
order by record_key;
