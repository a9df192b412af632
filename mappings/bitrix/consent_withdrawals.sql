-- consent_withdrawals: the site's data-subject request register (highload block
-- wgp_pd_requests), rows with UF_TYPE 'consent_withdrawal'. The register names the scope, not
-- the consent row, so consent_id is the user's latest consent of that agreement given before
-- the withdrawal was received (NULL when there is none).
select
    cast(r.ID as varchar) as withdrawal_id,
    (
        select cast(max(cast(c.ID as bigint)) as varchar)
        from b_consent_user_consent as c
        inner join b_consent_agreement as a on c.AGREEMENT_ID = a.ID
        where
            c.USER_ID = r.UF_USER_ID
            and a.CODE = case r.UF_SCOPE
                when 'account' then 'WGP_PD_PROCESSING'
                when 'marketing' then 'WGP_MARKETING'
                when 'customer_service' then 'WGP_FEEDBACK'
            end
            and cast(c.DATE_INSERT as timestamp) <= cast(r.UF_RECEIVED_AT as timestamp)
    ) as consent_id,
    cast(r.UF_USER_ID as varchar) as user_id,
    r.UF_SCOPE as scope,
    timezone(getvariable('tz'), cast(r.UF_RECEIVED_AT as timestamp)) as received_at,
    timezone(getvariable('tz'), cast(r.UF_COMPLETED_AT as timestamp)) as processed_at,
    r.UF_OUTCOME as outcome,
    nullif(trim(r.UF_REFUSAL_REASON), '') as refusal_basis
from wgp_pd_requests as r
where r.UF_TYPE = 'consent_withdrawal'
