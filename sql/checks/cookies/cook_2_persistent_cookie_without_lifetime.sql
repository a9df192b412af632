-- id: COOK-2
-- title: Persistent cookie has no declared lifetime
-- clause: PP-8 "permanent cookies remain on the user's device for a longer period"
-- law: none (policy commitment)
-- severity: low
-- needs: stg_cookies
-- note: Judged on the declared inventory (cookies table): kind persistent with declared_max_age_days NULL. Whether the lifetime actually set exceeds the declared one needs the cookie.set events of the app log, which are not in the contract tables; that half of COOK-2 is not checked here. The key is name@domain.
select
    name || '@' || coalesce(domain, '') as record_key,
    name,
    domain,
    'persistent cookie ' || name || ' has no declared lifetime' as reason
from stg_cookies
where kind = 'persistent' and declared_max_age_days is null
order by record_key;
