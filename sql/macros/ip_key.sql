-- ip_key(addr): (family, number) of a textual address, for range lookups (LOG-4): IPv4 as a
-- 32-bit number, IPv6 by its first 32 bits (prefixes of /32 or shorter only).
create or replace macro ip_key(addr) as (
    case
        when regexp_full_match(addr, '[0-9]{1,3}(\.[0-9]{1,3}){3}')
            then {
                'family': 4,
                'num': split_part(addr, '.', 1)::bigint * 16777216 + split_part(addr, '.', 2)::bigint * 65536
                + split_part(addr, '.', 3)::bigint * 256 + split_part(addr, '.', 4)::bigint
            }
        when strpos(addr, ':') > 0 then {
            'family': 6,
            'num': case
                when starts_with(addr, '::') then 0
                else
                    coalesce(try_cast('0x' || split_part(addr, ':', 1) as bigint), 0) * 65536
                    + coalesce(try_cast('0x' || nullif(split_part(addr, ':', 2), '') as bigint), 0)
            end
        }
    end
);
