-- id: DIS-1
-- title: Identifiable personal data disclosed to a non-affiliate without a policy exception
-- clause: PP-12 "does not share users' personal information with non-affiliates"
-- law: Privacy Policy commitment (PP-12); Art. 7(6) L94 (transfer only within the consent given)
-- severity: high
-- params: period_start, period_end, affiliate_ids
-- needs: stg_disclosures, stg_recipients
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. identifiable =
--   anonymised is not true (NULL counts as identifiable). An affiliate is a recipient with kind 'affiliate'
--   or listed in the yardstick's affiliate register ($affiliate_ids); register mismatches are DIS-2.
--   Exceptions read from PP-13/14/16: legal_basis 'authority_request' or 'court_order' (competent-authority
--   requests; judged by DIS-3) and 'reorganisation' (buyer; judged by DIS-6). Recipient kinds that a
--   dedicated check judges are left to it so one flow is reported once: service_provider (DIS-1b, the
--   processor policy gap), individual (DIS-4, PP-13 carve-out), ad_platform (MKT-4), data_broker (DIS-5). A
--   disclosure whose recipient is missing from recipients is reported here.
with flows as (
    select
        d.disclosure_id,
        d.recipient_id,
        d.disclosed_at,
        d.legal_basis,
        r.kind as recipient_kind,
        r.recipient_id is not null as recipient_known
    from stg_disclosures as d
    left join stg_recipients as r on d.recipient_id = r.recipient_id
    where
        d.disclosed_at between $period_start and $period_end
        and not coalesce(d.anonymised, false)
)

select
    disclosure_id as record_key,
    disclosed_at as occurred_at,
    recipient_id,
    recipient_kind,
    legal_basis,
    case
        when not recipient_known
            then 'identifiable disclosure to ' || coalesce(recipient_id, 'an unrecorded recipient')
            || ', which is not in the recipients register'
        else
            'identifiable disclosure to non-affiliate '
            || recipient_id
            || ' ('
            || coalesce(recipient_kind, 'kind not recorded')
            || ') on legal basis ' || coalesce(legal_basis, 'not recorded')
            || '; PP-12 allows only authority requests, court orders and a reorganisation buyer'
    end as reason
from flows
where
    coalesce(recipient_kind, '') <> 'affiliate'
    and not coalesce(list_contains($affiliate_ids, recipient_id), false)
    and coalesce(legal_basis, '') not in ('authority_request', 'court_order', 'reorganisation')
    and coalesce(recipient_kind, '') not in ('service_provider', 'individual', 'ad_platform', 'data_broker')
order by disclosure_id;
