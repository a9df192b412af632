-- id: SEC-3
-- title: Personal data travelled in a URL, or a personal-data page was served over plain http
-- clause: PP-21 "we use ... security measures to protect your personal information"
-- law: Art. 22(1)(1),(3) L94
-- severity: medium
-- params: period_start, period_end
-- needs: log_web
-- note: An event in the period: a web request logged in the period. One finding per web log line
--   (<file>:<line>): an e-mail address, a +7/8 phone number, an IIN (checksum and birth date verified) or the
--   name of a person the source holds (macro pd_kinds: the same detector as LOG-1 and the report masker, on
--   URL-decoded text) in the request path, its query string or the referer; or a referer on a wgp.kz account,
--   profile, login, register, checkout, password or user page with the http scheme. The combined log has no
--   $scheme, so plain-http requests are seen only through referers. PD in a URL also lands in the log: it is
--   reported here once, not again under LOG-1.
with candidates as (
    select
        file,
        line_no,
        ts,
        split_part(path, '?', 1) as target,
        nullif(substr(path, strpos(path, '?') + 1), path) as query,
        referer
    from log_web
    where
        ts between $period_start and $period_end
        and (
            pd_identifier_candidate(path)
            or pd_identifier_candidate(coalesce(referer, ''))
            or starts_with(coalesce(referer, ''), 'http://')
        )
),

judged as (
    select
        *,
        list_concat(
            list_transform(pd_kinds(target), k -> k || ' in the request path'),
            list_transform(pd_kinds(coalesce(query, '')), k -> k || ' in the query string'),
            list_transform(pd_kinds(coalesce(referer, '')), k -> k || ' in the referer'),
            case
                when
                    regexp_matches(
                        lower(coalesce(referer, '')),
                        '^http://([a-z0-9-]+\.)*wgp\.kz(:[0-9]+)?/(account|profile|login|register|checkout|password|users?)([/?#]|$)'  -- noqa: LT05
                    )
                    then ['a personal-data page served over plain http (seen in the referer)']
                else []
            end
        ) as problems
    from candidates
)

select
    regexp_extract(file, '[^/\\]+$') || ':' || line_no as record_key,
    ts as occurred_at,
    array_to_string(problems, '; ') || ' (request of '
    || local_day(ts) || ')' as reason
from judged
where len(problems) > 0
order by record_key;
