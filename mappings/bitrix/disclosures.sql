-- disclosures: the site's disclosure register (highload block wgp_pd_disclosures). UF_RECIPIENT
-- links a wgp_pd_recipients row, whose UF_XML_ID is the recipient_id; UF_FIELDS is a multiple
-- field stored PHP-serialized. UF_DOCUMENT is free text ("Request No. ..."), not a
-- legal_requests id, so request_id is not provided.
select
    cast(d.ID as varchar) as disclosure_id,
    r.UF_XML_ID as recipient_id,
    timezone(getvariable('tz'), cast(d.UF_DATE as timestamp)) as disclosed_at,
    d.UF_BASIS as legal_basis,
    cast(d.UF_ANONYMISED as integer) = 1 as anonymised,
    case
        when d.UF_FIELDS is not null
            then regexp_extract_all(d.UF_FIELDS, 's:[0-9]+:"([^"]*)"', 1)
    end as fields,
    cast(d.UF_RECORD_COUNT as bigint) as record_count,
    cast(d.UF_AMOUNT as decimal(18, 2)) as consideration_amount,
    d.UF_COUNTRY as destination_country,
    d.UF_PURPOSE as purpose_code
from wgp_pd_disclosures as d
left join wgp_pd_recipients as r on d.UF_RECIPIENT = r.ID
