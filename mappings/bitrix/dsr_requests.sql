-- dsr_requests: the site's data-subject request register (highload block wgp_pd_requests),
-- every row but consent withdrawals (those are consent_withdrawals). UF_RESPONSE_ITEMS is a
-- multiple field, which Bitrix stores PHP-serialized (a:2:{i:0;s:12:"confirmation";...}).
select
    cast(r.ID as varchar) as request_id,
    cast(r.UF_USER_ID as varchar) as user_id,
    r.UF_TYPE as kind,
    r.UF_CHANNEL as channel,
    timezone(getvariable('tz'), cast(r.UF_RECEIVED_AT as timestamp)) as received_at,
    timezone(getvariable('tz'), cast(r.UF_IDENTITY_CHECKED_AT as timestamp))
        as identity_verified_at,
    timezone(getvariable('tz'), cast(r.UF_DOCS_RECEIVED_AT as timestamp)) as docs_received_at,
    timezone(getvariable('tz'), cast(r.UF_ANSWERED_AT as timestamp)) as answered_at,
    timezone(getvariable('tz'), cast(r.UF_COMPLETED_AT as timestamp)) as completed_at,
    r.UF_OUTCOME as outcome,
    nullif(trim(r.UF_REFUSAL_REASON), '') as refusal_reason,
    cast(r.UF_FEE as decimal(18, 2)) as fee_charged,
    case
        when r.UF_RESPONSE_ITEMS is not null
            then regexp_extract_all(r.UF_RESPONSE_ITEMS, 's:[0-9]+:"([^"]*)"', 1)
    end as response_elements
from wgp_pd_requests as r
where r.UF_TYPE is distinct from 'consent_withdrawal'
