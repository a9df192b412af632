-- id: COOK-1
-- title: Cookie declared as a session cookie carries a lifetime
-- clause: PP-8 "session cookies are automatically deleted when the browser window is closed"
-- law: none (policy commitment)
-- severity: low
-- needs: stg_cookies
-- note: Judged on the declared inventory (cookies table): kind session with a declared_max_age_days (any value, 0 included). The Expires and Max-Age actually sent are in the app log (cookie.set events), not in the contract tables, so observed lifetimes are not checked here. The key is name@domain.
select
    name || '@' || coalesce(domain, '') as record_key,
    name,
    domain,
    declared_max_age_days,
    'session cookie ' || name || ' is declared with a lifetime of '
    || declared_max_age_days || ' days' as reason
from stg_cookies
where kind = 'session' and declared_max_age_days is not null
order by record_key;
