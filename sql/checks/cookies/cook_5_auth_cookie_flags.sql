-- id: COOK-5
-- title: An authentication or session cookie was set without Secure or HttpOnly
-- clause: PP-21 "we use ... security measures"
-- law: Art. 22(1) L94 (measures against unauthorised access)
-- severity: medium
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: cookie.set events logged in the period. Auth/session cookies are those the
--   inventory declares kind 'session', and any whose name contains sess, auth, token or sid. A flag logged
--   false or not logged counts as missing. One finding per name@domain as logged, with how often.
with auth as (
    select o.*
    from stg_cookie_observations as o
    where
        o.ts between $period_start and $period_end
        and (
            regexp_matches(lower(coalesce(o.name, '')), 'sess|auth|token|sid')
            or exists (
                select 1 from stg_cookies as c
                where
                    c.name = o.name and c.kind = 'session'
                    and (o.domain_norm is null or c.domain_norm = o.domain_norm)
            )
        )
)

select
    name || '@' || coalesce(domain, '') as record_key,
    min(ts) as occurred_at,
    count(*) filter (where not coalesce(secure, false)) as without_secure,
    count(*) filter (where not coalesce(http_only, false)) as without_http_only,
    'auth/session cookie ' || name || ' was set '
    || count(*) filter (where not coalesce(secure, false) or not coalesce(http_only, false))
    || ' times without ' || case
        when bool_or(not coalesce(secure, false)) and bool_or(not coalesce(http_only, false))
            then 'Secure or HttpOnly'
        when bool_or(not coalesce(secure, false)) then 'Secure'
        else 'HttpOnly'
    end || ', first on ' || local_day(min(ts)) as reason
from auth
where not coalesce(secure, false) or not coalesce(http_only, false)
group by name, domain
order by record_key;
