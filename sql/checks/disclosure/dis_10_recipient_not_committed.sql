-- id: DIS-10
-- title: Recipient had not committed in writing to security and confidentiality before the transfer
-- clause: PP-21 "affiliates, partners and third party service providers are committed to using the
--   information … in accordance with our security requirements"
-- law: Art. 10(1), 2nd para L94 (refuse access to a third party that will not commit)
-- severity: medium
-- params: period_start, period_end
-- needs: stg_disclosures
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. found per
--   disclosure: recipient not in recipients; contract_signed_at not recorded or after disclosed_at;
--   security_clause not true (false or not recorded). Disclosures under legal_basis 'authority_request' or
--   'court_order' are excluded: an authority or court receives data under statute, not under a contract with
--   the operator. Anonymised disclosures are judged too (PP-17 recipients of anonymised data are "trusted
--   partners or authorized researchers").
select
    d.disclosure_id as record_key,
    d.disclosed_at as occurred_at,
    d.recipient_id,
    r.contract_signed_at,
    r.security_clause,
    'disclosure on ' || local_day(d.disclosed_at) || ' to '
    || coalesce(d.recipient_id, 'an unrecorded recipient') || ': '
    || case
        when r.recipient_id is null then 'the recipient is not in the recipients register'
        when r.contract_signed_at is null then 'no signed contract is recorded'
        when r.contract_signed_at > d.disclosed_at
            then 'the contract was signed only on ' || local_day(r.contract_signed_at)
        else 'the contract has no security and confidentiality clause'
    end as reason
from stg_disclosures as d
left join stg_recipients as r on d.recipient_id = r.recipient_id
where
    d.disclosed_at between $period_start and $period_end
    and coalesce(d.legal_basis, '') not in ('authority_request', 'court_order')
    and (
        r.recipient_id is null
        or r.contract_signed_at is null
        or r.contract_signed_at > d.disclosed_at
        or not coalesce(r.security_clause, false)
    )
order by d.disclosure_id;
