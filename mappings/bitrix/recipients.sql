-- recipients: the site's recipients register (highload block wgp_pd_recipients). The contract
-- date is a DATE: the contract counts from the start of that local day.
select
    r.UF_XML_ID as recipient_id,
    r.UF_NAME as name,
    r.UF_KIND as kind,
    r.UF_COUNTRY as country,
    timezone(getvariable('tz'), cast(cast(r.UF_CONTRACT_DATE as date) as timestamp))
        as contract_signed_at,
    cast(r.UF_SECURITY_CLAUSE as integer) = 1 as security_clause
from wgp_pd_recipients as r
