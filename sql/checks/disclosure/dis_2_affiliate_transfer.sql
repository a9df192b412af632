-- id: DIS-2
-- title: Affiliate transfer to an unregistered affiliate or outside the third-party consent scope
-- clause: PP-11 "may share … with affiliates … remains subject to the Privacy Policy"
-- law: Art. 7(6), Art. 8(4)(4) L94 (third-party transfer only if the consent allows it)
-- severity: high
-- params: period_start, period_end, affiliate_ids
-- needs: stg_disclosures, stg_recipients, stg_consents
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. an affiliate
--   transfer is a disclosure to a recipient of kind 'affiliate' or listed in $affiliate_ids. Found: (a) the
--   recipient is not both kind 'affiliate' and in the affiliate register; (b) an identifiable transfer
--   (anonymised not true) where a listed subject had no consent with scope 'third_party' in force at
--   disclosed_at (given before it, not past valid_until, not withdrawn: see int_consent_validity), or where
--   no subject is listed at all (consent cannot be shown). The "logged in the register of actions" part is
--   not tested here: the contract's app events hold no register event (see CON-7/LOG-2).
with affiliate_flows as (
    select
        d.disclosure_id,
        d.recipient_id,
        d.disclosed_at,
        not coalesce(d.anonymised, false) as identifiable,
        r.kind = 'affiliate' and list_contains($affiliate_ids, d.recipient_id) as registered
    from stg_disclosures as d
    left join stg_recipients as r on d.recipient_id = r.recipient_id
    where
        d.disclosed_at between $period_start and $period_end
        and (r.kind = 'affiliate' or list_contains($affiliate_ids, d.recipient_id))
),

subject_scope as (
    select
        f.disclosure_id,
        s.user_id,
        exists(
            select 1
            from int_consent_validity as c
            where
                c.user_id = s.user_id
                and c.scope = 'third_party'
                and consent_in_force(c.given_at, c.valid_until, c.withdrawn_at, f.disclosed_at)
        ) as covered
    from affiliate_flows as f
    inner join stg_disclosure_subjects as s on f.disclosure_id = s.disclosure_id
    where f.identifiable
),

per_flow as (
    select
        f.disclosure_id,
        f.recipient_id,
        f.disclosed_at,
        f.identifiable,
        coalesce(f.registered, false) as registered,
        count(s.user_id) as subjects,
        count(s.user_id) filter (where not s.covered) as uncovered
    from affiliate_flows as f
    left join subject_scope as s on f.disclosure_id = s.disclosure_id
    group by all
)

select
    disclosure_id as record_key,
    disclosed_at as occurred_at,
    recipient_id,
    subjects,
    uncovered as subjects_without_third_party_consent,
    case
        when not registered
            then 'transfer on ' || local_day(disclosed_at) || ' to ' || recipient_id
            || ', which is not a registered affiliate (kind and affiliate register disagree)'
        when subjects = 0
            then 'identifiable affiliate transfer on ' || local_day(disclosed_at)
            || ' lists no subjects, so third-party consent cannot be shown'
        else
            'identifiable affiliate transfer on ' || local_day(disclosed_at) || ': '
            || uncovered::varchar || ' of ' || subjects::varchar
            || ' subjects had no third-party consent in force'
    end as reason
from per_flow
where not registered or (identifiable and (subjects = 0 or uncovered > 0))
order by disclosure_id;
