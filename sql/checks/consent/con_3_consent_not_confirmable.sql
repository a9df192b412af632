-- id: CON-3
-- title: Consent is not confirmable, or its proof is not kept
-- clause: PP-22 "non-termination of use ... is the confirmation of consent"
-- law: Art. 8(1), Art. 25(2)(5) L94
-- severity: high
-- params: period_end
-- needs: stg_consents
select
    consent_id as record_key,
    user_id,
    given_at as occurred_at,
    scope,
    method,
    case
        when method = 'continued_use'
            then 'consent to ' || scope || ' was inferred from continued use of the site,'
            || ' which is not a confirmable act'
        when method is null then 'consent to ' || scope || ' records no method of giving it'
        else 'consent to ' || scope || ' given by ' || method || ' has no evidence reference'
    end as reason
from stg_consents
where
    given_at <= $period_end
    and (method is null or method = 'continued_use' or evidence_ref is null or trim(evidence_ref) = '')
order by consent_id;
