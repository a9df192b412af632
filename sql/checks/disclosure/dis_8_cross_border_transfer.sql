-- id: DIS-8
-- title: Cross-border transfer to a non-protecting state without the subjects' cross-border consent
-- clause: PP-3 "solely within the requirements of the Law … 94-V"
-- law: Art. 16(2),(3), Art. 8(4)(5) L94
-- severity: high
-- params: period_start, period_end, adequate_states
-- needs: stg_disclosures
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. destination =
--   destination_country, else the recipient's country; not recorded = found. Judged: identifiable disclosures
--   (anonymised not true; depersonalised data are not personal data) whose destination is not KZ. Covered
--   when the destination is in the yardstick's adequate_states (the operator's own assessment: no official
--   list exists), or when every listed subject had a consent with scope 'cross_border' in force at
--   disclosed_at (int_consent_validity). A disclosure listing no subject cannot show consent and is found.
--   Treaty or statutory grounds (Art. 16(3)) are not recorded in the contract and cannot be credited: the
--   auditor reviews such findings. Adequacy lifts only this check: a transfer the operator based on consent
--   still needs a cross_border consent under CON-6 (the consent's scope must cover it).
with abroad as (
    select
        d.disclosure_id,
        d.recipient_id,
        d.disclosed_at,
        coalesce(d.destination_country, r.country) as destination
    from stg_disclosures as d
    left join stg_recipients as r on d.recipient_id = r.recipient_id
    where
        d.disclosed_at between $period_start and $period_end
        and not coalesce(d.anonymised, false)
        and coalesce(d.destination_country, r.country) is distinct from 'KZ'
        and not coalesce(list_contains($adequate_states, coalesce(d.destination_country, r.country)), false)
),

subjects as (
    select
        a.disclosure_id,
        count(*) as n,
        count(*) filter (
            where not exists (
                select 1
                from int_consent_validity as c
                where
                    c.user_id = s.user_id
                    and c.scope = 'cross_border'
                    and consent_in_force(c.given_at, c.valid_until, c.withdrawn_at, a.disclosed_at)
            )
        ) as uncovered
    from abroad as a
    inner join stg_disclosure_subjects as s on a.disclosure_id = s.disclosure_id
    group by a.disclosure_id
)

select
    a.disclosure_id as record_key,
    a.disclosed_at as occurred_at,
    a.recipient_id,
    a.destination,
    coalesce(s.uncovered, 0) as subjects_without_cross_border_consent,
    case
        when a.destination is null
            then 'identifiable disclosure on ' || local_day(a.disclosed_at)
            || ' has no recorded destination country'
        when coalesce(s.n, 0) = 0
            then 'identifiable transfer to ' || a.destination || ' on '
            || local_day(a.disclosed_at)
            || ' (not an assessed protecting state) lists no subjects,'
            || ' so cross-border consent cannot be shown'
        else
            'identifiable transfer to ' || a.destination || ' on '
            || local_day(a.disclosed_at) || ' (not an assessed protecting state): '
            || s.uncovered::varchar || ' of ' || s.n::varchar || ' subjects had no cross-border consent'
    end as reason
from abroad as a
left join subjects as s on a.disclosure_id = s.disclosure_id
where a.destination is null or coalesce(s.n, 0) = 0 or s.uncovered > 0
order by a.disclosure_id;
