-- id: COOK-3
-- title: A cookie was set that is not in the declared cookie inventory
-- clause: PP-8 "cookies ... we use"
-- law: none (policy commitment)
-- severity: low
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: cookie.set events logged in the period. cookie.set events of the app log
--   against the cookies table, by name and domain (compared without the leading dot and case-insensitively,
--   RFC 6265 5.2.3; a host-only cookie with no domain matches any inventory row of its name). One finding per
--   name@domain as logged, with the count and first time; third-party cookies appear here and, if their
--   domain is unregistered, under COOK-4 too (two different promises). Local-storage keys are not in the app
--   log.
select
    o.name || '@' || coalesce(o.domain, '') as record_key,
    min(o.ts) as occurred_at,
    count(*) as times_set,
    'cookie ' || coalesce(o.name, '(no name)') || ' on ' || coalesce(o.domain, 'the host only')
    || ' was set ' || count(*) || ' times from ' || local_day(min(o.ts))
    || ' but is not in the cookie inventory' as reason
from stg_cookie_observations as o
where
    o.ts between $period_start and $period_end
    and not exists (
        select 1 from stg_cookies as c
        where c.name = o.name and (o.domain_norm is null or c.domain_norm = o.domain_norm)
    )
group by o.name, o.domain
order by record_key;
