-- id: COOK-2
-- title: Persistent cookie has no declared lifetime, or was set for longer than declared
-- clause: PP-8 "permanent cookies remain on the user's device for a longer period"
-- law: none (policy commitment)
-- severity: low
-- params: period_start, period_end
-- needs: stg_cookies, log_app
-- note: A state for the inventory, an event for what was set (details below). Two sources, one finding per
--   inventory cookie (key name@domain as declared). Declared: kind persistent with declared_max_age_days
--   NULL; the inventory is judged as it stands (a state). Observed: cookie.set events of the app log in the
--   period (an event) for a cookie the inventory declares persistent with a lifetime (matched by name and by
--   domain without the leading dot, case-insensitively; a host-only cookie matches its name), whose lifetime
--   exceeds declared_max_age_days. The lifetime is Max-Age when present (it wins over Expires, RFC 6265 5.3),
--   else Expires minus the event time, with 60 seconds allowed for the clock gap between the header and the
--   log stamp. Not found: a persistent cookie set with no lifetime, a Max-Age of 0 or less, or an unreadable
--   Expires (the browser deletes it at close, sooner than declared: nothing is exceeded). Without the app log
--   this check is not evaluable, since what was set cannot be shown.
with observed as (
    select
        c.name,
        c.domain,
        c.declared_max_age_days,
        o.ts,
        coalesce(o.max_age, epoch(coalesce(
            try_strptime(
                o.expires, ['%a, %d %b %Y %H:%M:%S GMT', '%A, %d-%b-%y %H:%M:%S GMT']
            ) at time zone 'UTC',
            try_cast(o.expires as timestamptz)
        )) - epoch(o.ts)) as lifetime_seconds,
        case when o.max_age is null then 60 else 0 end as allowance_seconds
    from stg_cookie_observations as o
    inner join stg_cookies as c
        on o.name = c.name and (o.domain_norm is null or o.domain_norm = c.domain_norm)
    where
        c.kind = 'persistent'
        and c.declared_max_age_days is not null
        and o.ts between $period_start and $period_end
),

too_long as (
    select
        name,
        domain,
        count(*) as times_set,
        min(ts) as first_set_at,
        max(lifetime_seconds) / 86400.0 as longest_days
    from observed
    where lifetime_seconds > declared_max_age_days * 86400 + allowance_seconds
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
    'persistent cookie ' || c.name || ' '
    || case
        when c.declared_max_age_days is null then 'has no declared lifetime'
        else
            'was set ' || l.times_set || ' times from '
            || local_day(l.first_set_at) || ' for up to '
            || round(l.longest_days, 2) || ' days, longer than the declared '
            || c.declared_max_age_days || ' days'
    end as reason
from stg_cookies as c
left join too_long as l on c.name = l.name and c.domain is not distinct from l.domain
where c.kind = 'persistent' and (c.declared_max_age_days is null or l.times_set > 0)
order by record_key;
