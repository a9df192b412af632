-- id: LOG-1
-- title: Logs hold personal data beyond the declared technical fields
-- clause: PP-6 "log files ... IP address, browser type, ISP, referring/exit pages, platform type, date/time
--   stamp"
-- law: Art. 7(2), 12(2) L94 (collect and keep only what the purpose needs)
-- severity: medium
-- params: period_start, period_end
-- needs: log_app, log_web
-- note: An event in the period: a log line written in the period (keeping older lines is RET-7's). Scans the
--   app log's details object (the contract declares only names, domains, flags and field-name lists there)
--   and the web log's remote_user (the HTTP login) for an e-mail address, a +7/8 phone number, an IIN
--   (checksum and birth date verified), the name of a person the source holds (users.full_name) and a
--   password field (macro pd_kinds: the same detector as SEC-3 and the report masker, URL-decoded text; IPs
--   are declared log fields and BINs identify companies, so neither is reported). URLs and referers are
--   SEC-3's: personal data in a URL is one finding there, not two. Keys: app event request_id (else
--   file:line), web <file>:<line>. Reasons name the kind of data, never the value.
with app as (
    select
        event_key as record_key,
        user_id,
        ts as occurred_at,
        'app event ' || coalesce(event, '?') || ' details' as place,
        pd_kinds(details) as kinds
    from stg_app_events
    where
        details is not null
        and (pd_identifier_candidate(details) or regexp_matches(details, '[Pp][Aa][Ss][Ss]|[Pp][Ww][Dd]'))
        and ts between $period_start and $period_end
),

web as (
    select
        regexp_extract(file, '[^/\\]+$') || ':' || line_no as record_key,
        null as user_id,
        ts as occurred_at,
        'web log remote user' as place,
        pd_kinds(remote_user) as kinds
    from log_web
    where remote_user is not null and ts between $period_start and $period_end
)

select
    record_key,
    user_id,
    occurred_at,
    place,
    array_to_string(kinds, ', ') || ' in the ' || place || ' (logged on '
    || local_day(occurred_at) || ')' as reason
from (
    select * from app
    union all
    select * from web
) as logged
where len(kinds) > 0
order by record_key;
