-- id: COOK-6
-- title: An analytics or advertising cookie was set before any consent covering it
-- clause: PP-8 cookies; PP-9(b),(d) advertising and analytics
-- law: Art. 7(1), 8 L94 (general consent; no KZ cookie-specific rule found)
-- severity: medium
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: cookie.set events logged in the period. Non-essential cookies are inventory
--   rows with essential not true. A cookie is covered by a consent of its inventory purpose (or a banner
--   consent with no scope) given at or before it: a consent.grant event of the same session or user, or a
--   consents row of the user still valid then (int_consent_moments); a returning user's earlier consent
--   counts. Cookies missing from the inventory are COOK-3's. Key: the cookie.set event's request_id (else
--   file:line).
select
    o.event_key as record_key,
    o.user_id,
    o.ts as occurred_at,
    o.name,
    c.purpose_code,
    'non-essential cookie ' || o.name || ' (' || coalesce(c.purpose_code, 'no purpose') || ') set on '
    || local_day(o.ts) || ' before any ' || coalesce(c.purpose_code, '')
    || ' consent in the session or of the user' as reason
from stg_cookie_observations as o
inner join stg_cookies as c
    on o.name = c.name and (o.domain_norm is null or o.domain_norm = c.domain_norm)
where
    not coalesce(c.essential, false)
    and o.ts between $period_start and $period_end
    and not exists (
        select 1 from int_consent_moments as m
        where
            (m.session_id = o.session_id or m.user_id = o.user_id)
            and (m.scope is null or m.scope = c.purpose_code)
            and m.from_ts <= o.ts
            and (m.to_ts is null or m.to_ts > o.ts)
    )
order by record_key;
