-- id: CON-6
-- title: Third-party or cross-border transfer outside the consent's scope
-- clause: PP-11 "may share ... with affiliates"; PP-12
-- law: Art. 7(6), Art. 8(4)(4)-(6), Art. 16 L94
-- severity: high
-- params: period_start, period_end, operator_country
-- needs: stg_disclosures, stg_disclosure_subjects, stg_consents
-- note: An event in the period: a disclosure made in the period; the consents are read whenever given, as
--   active at disclosed_at. For each identifiable disclosure made on legal_basis 'consent', every subject
--   needs a third_party consent, and also a cross_border consent when destination_country is not the
--   operator's country, in force at disclosed_at (consent_in_force over int_consent_validity: given before,
--   not expired, not withdrawn before unless the withdrawal was refused). A destination the yardstick
--   assesses as adequate does not lift the cross_border consent here, while DIS-8 accepts it: DIS-8 judges
--   whether the transfer abroad is permitted at all (Art. 16(2): to a protecting state without further
--   condition), CON-6 whether a transfer the operator itself based on consent is covered by that consent's
--   scope (Art. 7(6), 8(4)(5): the requirement has no adequacy exception). Publication (Art. 8(4)(6)) cannot
--   be tested: the contract records no publication events. record_key is disclosure_id:user_id.
with subjects as (
    select
        d.disclosure_id,
        s.user_id,
        d.disclosed_at,
        d.recipient_id,
        d.destination_country
    from stg_disclosures as d
    inner join stg_disclosure_subjects as s on d.disclosure_id = s.disclosure_id
    where
        d.legal_basis = 'consent'
        and d.anonymised is distinct from true
        and d.disclosed_at between $period_start and $period_end
),

needed as (
    select
        disclosure_id,
        user_id,
        disclosed_at,
        destination_country,
        'third_party' as scope
    from subjects
    union all
    select
        disclosure_id,
        user_id,
        disclosed_at,
        destination_country,
        'cross_border' as scope
    from subjects
    where coalesce(destination_country, '') <> $operator_country
),

missing as (
    select n.*
    from needed as n
    where not exists (
        select 1
        from int_consent_validity as a
        where
            a.user_id = n.user_id
            and a.scope = n.scope
            and consent_in_force(a.given_at, a.valid_until, a.withdrawn_at, n.disclosed_at)
    )
)

select
    disclosure_id || ':' || user_id as record_key,
    user_id,
    disclosed_at as occurred_at,
    disclosure_id,
    destination_country,
    list(scope order by scope) as missing_scopes,
    'disclosure ' || disclosure_id || ' on ' || local_day(disclosed_at)
    || ' was made on consent, but the subject had no active '
    || string_agg(scope, ' or ' order by scope) || ' consent' as reason
from missing
group by disclosure_id, user_id, disclosed_at, destination_country
order by record_key;
