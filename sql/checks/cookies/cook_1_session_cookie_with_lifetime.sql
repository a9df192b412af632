-- id: COOK-1
-- title: Cookie declared as a session cookie carries a lifetime
-- clause: PP-8 "session cookies are automatically deleted when the browser window is closed"
-- law: none (policy commitment)
-- severity: low
-- params: period_start, period_end
-- needs: stg_cookies, log_app
-- note: A state for the inventory, an event for what was set (details below). Two sources, one finding per
--   inventory cookie (key name@domain as declared). Declared: kind session with a declared_max_age_days (any
--   value, 0 included); the inventory is judged as it stands (a state). Observed: cookie.set events of the
--   app log in the period (an event) for a cookie the inventory declares session (matched by name and by
--   domain without the leading dot, case-insensitively; a host-only cookie matches its name), set with a
--   Max-Age above 0, or with an Expires and no Max-Age, unless that Expires is a readable date not after the
--   event. A Max-Age of 0 or less, or a past Expires, is how a cookie is deleted (RFC 6265 5.2.2, 5.3), not a
--   lifetime. An Expires the audit cannot read still counts: the cookie carries one. Without the app log this
--   check is not evaluable, since what was set cannot be shown.
with observed as (
    select
        c.name,
        c.domain,
        o.ts,
        o.max_age,
        o.expires,
        coalesce(
            try_strptime(
                o.expires, ['%a, %d %b %Y %H:%M:%S GMT', '%A, %d-%b-%y %H:%M:%S GMT']
            ) at time zone 'UTC',
            try_cast(o.expires as timestamptz)
        ) as expires_at
    from stg_cookie_observations as o
    inner join stg_cookies as c
        on o.name = c.name and (o.domain_norm is null or o.domain_norm = c.domain_norm)
    where c.kind = 'session' and o.ts between $period_start and $period_end
),

with_lifetime as (
    select
        name,
        domain,
        count(*) as times_set,
        min(ts) as first_set_at,
        max(case
            when max_age > 0 then max_age
            when expires_at is not null then epoch(expires_at) - epoch(ts)
        end) / 86400.0 as longest_days
    from observed
    where
        max_age > 0
        or (
            max_age is null
            and trim(coalesce(expires, '')) <> ''
            and (expires_at is null or expires_at > ts)
        )
    group by name, domain
)

select
    c.name || '@' || coalesce(c.domain, '') as record_key,
    c.name,
    c.domain,
    c.declared_max_age_days,
    l.times_set,
    l.first_set_at as occurred_at,
    round(l.longest_days, 2) as longest_observed_days,
    'session cookie ' || c.name || ' '
    || concat_ws(
        ' and ',
        case
            when c.declared_max_age_days is not null
                then 'is declared with a lifetime of ' || c.declared_max_age_days || ' days'
        end,
        case
            when l.times_set > 0
                then 'was set with a lifetime ' || l.times_set || ' times from '
                || local_day(l.first_set_at)
                || coalesce(' (longest ' || round(l.longest_days, 2) || ' days)', '')
        end
    ) as reason
from stg_cookies as c
left join with_lifetime as l on c.name = l.name and c.domain is not distinct from l.domain
where c.kind = 'session' and (c.declared_max_age_days is not null or l.times_set > 0)
order by record_key;
