-- consents: b_consent_user_consent, the main module's record of each ticked consent box, joined
-- to b_consent_agreement for the agreement's CODE, which names the purpose on this site:
-- WGP_PD_PROCESSING -> account, WGP_MARKETING -> marketing, WGP_FEEDBACK -> customer_service
-- (any other code is passed on lower-cased and reported by the audit's closed-set check).
-- Every row is written by the consent component of a web form, so method is 'web_form'; the
-- evidence is the row itself with the IP and page URL Bitrix stored.
-- Rows without USER_ID (a guest's feedback form) name no user and are left out.
select
    cast(c.ID as varchar) as consent_id,
    cast(c.USER_ID as varchar) as user_id,
    case a.CODE
        when 'WGP_PD_PROCESSING' then 'account'
        when 'WGP_MARKETING' then 'marketing'
        when 'WGP_FEEDBACK' then 'customer_service'
        else lower(a.CODE)
    end as scope,
    timezone(getvariable('tz'), cast(c.DATE_INSERT as timestamp)) as given_at,
    'web_form' as method,
    'b_consent_user_consent#' || cast(c.ID as varchar) || ' ip=' || c.IP
    || coalesce(' url=' || c.URL, '') as evidence_ref
from b_consent_user_consent as c
inner join b_consent_agreement as a on c.AGREEMENT_ID = a.ID
where c.USER_ID is not null
