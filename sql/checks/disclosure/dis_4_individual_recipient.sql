-- id: DIS-4
-- title: Personal data disclosed to a private individual without consent or a court order
-- clause: PP-13 "share information with individuals and government agencies … investigation of alleged
--   violations"
-- law: Art. 7(6), Art. 9 L94 (transfer to a third party needs consent or a statutory ground)
-- severity: high
-- params: period_start, period_end
-- needs: stg_disclosures, stg_recipients
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. a disclosure to
--   a recipient of kind 'individual' is found when it is identifiable (anonymised not true) and its
--   legal_basis is neither 'consent' nor 'court_order' (NULL = not recorded = found). Whether the consent
--   really covers the transfer is CON-6; whether the court order is documented is DIS-3.
select
    d.disclosure_id as record_key,
    d.disclosed_at as occurred_at,
    d.recipient_id,
    d.legal_basis,
    'identifiable disclosure on ' || local_day(d.disclosed_at)
    || ' to private individual ' || d.recipient_id || ' on legal basis '
    || coalesce(d.legal_basis, 'not recorded') || ' (only consent or a court order allow it)' as reason
from stg_disclosures as d
inner join stg_recipients as r on d.recipient_id = r.recipient_id
where
    d.disclosed_at between $period_start and $period_end
    and r.kind = 'individual'
    and not coalesce(d.anonymised, false)
    and coalesce(d.legal_basis, '') not in ('consent', 'court_order')
order by d.disclosure_id;
