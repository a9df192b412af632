-- communications: b_event, the main module's mail-event queue (every e-mail the site sends).
-- Only events actually sent count: SUCCESS_EXEC 'Y' (sent) or 'P' (partly sent); 'N' (queued),
-- 'F' (failed) and '0' (no template) never reached anyone. The addressee's user id and the
-- campaign are read from C_FIELDS, the PHP-serialized field array (s:7:"USER_ID";s:2:"42";).
-- The site's only marketing mail is the news digest (EVENT_NAME WGP_NEWS_DIGEST); every other
-- event (registration, password, feedback replies) is a service message.
select
    cast(e.ID as varchar) as message_id,
    nullif(regexp_extract(e.C_FIELDS, 's:7:"USER_ID";s:[0-9]+:"([0-9]+)"', 1), '') as user_id,
    'email' as channel,
    case when e.EVENT_NAME = 'WGP_NEWS_DIGEST' then 'marketing' else 'service' end as kind,
    nullif(regexp_extract(e.C_FIELDS, 's:8:"CAMPAIGN";s:[0-9]+:"([^"]*)"', 1), '') as campaign_id,
    timezone(getvariable('tz'), cast(e.DATE_EXEC as timestamp)) as sent_at
from b_event as e
where e.SUCCESS_EXEC in ('Y', 'P')
