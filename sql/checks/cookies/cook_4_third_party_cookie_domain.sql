-- id: COOK-4
-- title: A cookie was set on a third-party domain that is not a registered recipient
-- clause: PP-8 cookies; PP-12 "we do not share ... except"
-- law: Art. 7(1), 15 L94 (transfer to a third party needs consent and a basis)
-- severity: medium
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: cookie.set events logged in the period. A domain is third-party when it is
--   neither wgp.kz nor a subdomain of it. The contract has no domain column on recipients, so a domain is
--   registered when its registrable label (mc.yandex.ru -> yandex, macro domain_label), at least 3
--   characters, appears in a recipient's name with non-alphanumerics removed. One finding per domain (key:
--   the domain without the leading dot).
select
    o.domain_norm as record_key,
    min(o.ts) as occurred_at,
    count(*) as times_set,
    string_agg(distinct o.name, ', ' order by o.name) as cookies,
    'cookies (' || string_agg(distinct o.name, ', ' order by o.name) || ') were set on '
    || o.domain_norm || ' from ' || local_day(min(o.ts))
    || ', a third party with no row in the recipients register' as reason
from stg_cookie_observations as o
where
    o.ts between $period_start and $period_end
    and o.domain_norm is not null
    and o.domain_norm <> 'wgp.kz' and not o.domain_norm like '%.wgp.kz'
    and not exists (
        select 1 from stg_recipients as r
        where
            length(domain_label(o.domain_norm)) >= 3
            and strpos(regexp_replace(lower(r.name), '[^a-z0-9]', '', 'g'), domain_label(o.domain_norm)) > 0
    )
group by o.domain_norm
order by record_key;
