-- id: LOG-4
-- title: An admin page was served to an address outside Kazakhstan
-- clause: PP-2 "the database is located at the location of LLP"
-- law: Art. 12(2), 16 L94 (access from abroad is a cross-border transfer)
-- severity: low
-- params: period_start, period_end
-- needs: log_web
-- note: An event in the period: web log lines in the period. Admin requests are paths /admin, /admin/... or
--   /admin?... answered with a status below 400 (refused probes are not access). The country comes from
--   stg_ip_ranges, a small reviewed table of ranges (no GeoIP database offline: replace it with a GeoIP
--   export for a real audit); private and loopback ranges count as the operator's own network; an address in
--   no listed range is reported as unknown, since nothing shows it is in Kazakhstan. The contract records no
--   cross-border basis for admin access, so none can excuse a finding. Database access is not in these logs.
--   Key: <file>:<line>.
with admin as (
    select
        file,
        line_no,
        ts,
        method,
        split_part(path, '?', 1) as target,
        status,
        ip_key(remote_addr) as k
    from log_web
    where
        (path = '/admin' or path like '/admin/%' or path like '/admin?%')
        and status < 400
        and ts between $period_start and $period_end
),

located as (
    select
        a.*,
        r.country,
        r.holder
    from admin as a
    left join stg_ip_ranges as r on a.k.family = r.family and a.k.num between r.lo and r.hi
    qualify row_number() over (partition by a.file, a.line_no order by r.hi - r.lo nulls last) = 1
)

select
    regexp_extract(file, '[^/\\]+$') || ':' || line_no as record_key,
    ts as occurred_at,
    target,
    status,
    country,
    method || ' ' || target || ' answered ' || status || ' on ' || local_day(ts)
    || ' to an address '
    || case
        when country is null then 'in no listed Kazakh range (country unknown)'
        else 'in ' || country || ' (' || holder || ')'
    end as reason
from located
where country is null or country not in ('KZ', 'internal')
order by record_key;
