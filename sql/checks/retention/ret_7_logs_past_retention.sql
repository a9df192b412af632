-- id: RET-7
-- title: A log file still holds lines older than the log retention period
-- clause: PP-6 "log files"; PP-10 "retain ... for as long as necessary"
-- law: Art. 12(2), 18 L94
-- severity: medium
-- params: as_of, retention_web_logs, retention_app_logs, retention_grace_working_days
-- needs: log_web, log_app
-- note: One finding per file (key web:<file> or app:<file>): lines whose retention (yardstick web_logs /
--   app_logs days after the line, plus the grace working day used for every destruction) ended before the
--   audit date. Judged per local day of the lines, so the deadline is exact for every line of that day. Both
--   logs are needed; give both folders.
with days as (
    select
        'web' as log,
        file,
        date_local,
        count(*) as n,
        min(ts) as first_ts,
        max(ts) as last_ts
    from log_web
    group by all
    union all
    select
        'app' as log,
        file,
        date_local,
        count(*) as n,
        min(ts) as first_ts,
        max(ts) as last_ts
    from log_app
    group by all
),

due as (
    select
        *,
        wd_deadline(
            first_ts + to_days(case when log = 'web' then $retention_web_logs else $retention_app_logs end),
            $retention_grace_working_days
        ) as delete_by,
        case when log = 'web' then $retention_web_logs else $retention_app_logs end as retention_days
    from days
)

select
    log || ':' || regexp_extract(file, '[^/\\]+$') as record_key,
    min(first_ts) as occurred_at,
    sum(n) as lines_past_retention,
    log || ' log file ' || regexp_extract(file, '[^/\\]+$') || ' still holds ' || sum(n)
    || ' lines from ' || strftime(min(date_local), '%Y-%m-%d') || ' to '
    || strftime(max(date_local), '%Y-%m-%d') || ', past the ' || any_value(retention_days)
    || '-day retention' as reason
from due
where delete_by < $as_of
group by log, file
order by record_key;
