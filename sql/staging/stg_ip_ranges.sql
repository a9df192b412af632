-- stg_ip_ranges: address ranges -> country, for LOG-4. There is no GeoIP database offline, so this
-- is a small, reviewed table of ranges (sql/seeds/ip_ranges.csv) used by the demo (Kazakh ISPs'
-- blocks as the auditor recorded them, crawler and hosting blocks abroad, private ranges
-- as 'internal'). For a real audit replace it with an export of a GeoIP database (e.g. DB-IP
-- lite CSV) of the audit date.
-- IPv4 ranges are compared as 32-bit numbers; IPv6 ranges by their first 32 bits (prefixes of /32
-- or shorter only). ip_key(addr) is in sql/macros/.
-- depends: seed_ip_ranges
create or replace view stg_ip_ranges as
with parsed as (
    select
        cidr,
        country,
        holder,
        ip_key(split_part(cidr, '/', 1)) as k,
        split_part(cidr, '/', 2)::integer as prefix
    from seed_ip_ranges
)

select
    parsed.cidr,
    parsed.country,
    parsed.holder,
    k.family,
    k.num as lo,
    k.num + (1::bigint << (32 - parsed.prefix)) - 1 as hi
from parsed;
