-- stg_ip_ranges: address ranges -> country, for LOG-4. There is no GeoIP database offline, so this
-- is a small, reviewed table of ranges used by the demo (Kazakh ISPs' blocks as the auditor
-- recorded them, crawler and hosting blocks abroad, private ranges as 'internal'). For a real
-- audit replace it with an export of a GeoIP database (e.g. DB-IP lite CSV) of the audit date.
-- IPv4 ranges are compared as 32-bit numbers; IPv6 ranges by their first 32 bits (prefixes of /32
-- or shorter only). Helper macro ip_key(addr) gives (family, number) for a textual address.
create or replace macro ip_key(addr) as (
    case
        when regexp_full_match(addr, '[0-9]{1,3}(\.[0-9]{1,3}){3}') then {
            'family': 4,
            'num': split_part(addr, '.', 1)::bigint * 16777216 + split_part(addr, '.', 2)::bigint * 65536
                + split_part(addr, '.', 3)::bigint * 256 + split_part(addr, '.', 4)::bigint
        }
        when strpos(addr, ':') > 0 then {
            'family': 6,
            'num': case
                when starts_with(addr, '::') then 0
                else coalesce(try_cast('0x' || split_part(addr, ':', 1) as bigint), 0) * 65536
                    + coalesce(try_cast('0x' || nullif(split_part(addr, ':', 2), '') as bigint), 0)
            end
        }
    end
);

create or replace view stg_ip_ranges as
with ranges (cidr, country, holder) as (
    values
    ('2.132.0.0/14', 'KZ', 'Kazakhtelecom'),
    ('37.150.0.0/15', 'KZ', 'Kazakhtelecom'),
    ('92.46.0.0/15', 'KZ', 'Kazakhtelecom'),
    ('95.56.0.0/14', 'KZ', 'Kazakhtelecom'),
    ('178.88.0.0/14', 'KZ', 'Kazakhtelecom'),
    ('2a03:32c0::/29', 'KZ', 'Kazakhtelecom IPv6'),
    ('66.249.64.0/19', 'US', 'Google crawlers'),
    ('40.77.0.0/16', 'US', 'Microsoft (bingbot)'),
    ('5.255.192.0/18', 'RU', 'Yandex'),
    ('185.220.100.0/22', 'DE', 'hosting (Tor exits)'),
    ('45.155.204.0/22', 'NL', 'hosting'),
    ('2a01:4f8::/32', 'DE', 'Hetzner IPv6'),
    ('10.0.0.0/8', 'internal', 'RFC 1918'),
    ('172.16.0.0/12', 'internal', 'RFC 1918'),
    ('192.168.0.0/16', 'internal', 'RFC 1918'),
    ('127.0.0.0/8', 'internal', 'loopback'),
    ('fc00::/7', 'internal', 'unique local IPv6')
),

parsed as (
    select
        cidr,
        country,
        holder,
        ip_key(split_part(cidr, '/', 1)) as k,
        split_part(cidr, '/', 2)::integer as prefix
    from ranges
)

select
    cidr,
    country,
    holder,
    k.family as family,
    k.num as lo,
    k.num + (1::bigint << (32 - prefix)) - 1 as hi
from parsed;
