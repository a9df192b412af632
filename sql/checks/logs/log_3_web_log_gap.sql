-- id: LOG-3
-- title: The web log has a gap longer than the limit while the site was serving traffic
-- clause: PP-6 "we automatically gather ... log files"
-- law: audit completeness (Art. 22(1) L94 measures; no figure)
-- severity: low
-- params: log_gap_minutes, period_start, period_end, tz
-- needs: log_web
-- note: An event in the period: web log lines in the period. Consecutive parsed lines (all files, ordered by
--   time) more than log_gap_minutes apart (yardstick [logs] gap_minutes) inside the audit period; only gaps
--   between the first and the last line count, so a log that starts late is not a gap. A quiet night on a
--   small site can exceed a short limit: set the limit from the site's traffic (the demo's uptime monitor
--   requests /healthz every 10 minutes). Key: the <file>:<line> of the last line before the gap.
with ordered as (
    select
        file,
        line_no,
        ts,
        lead(ts) over (order by ts, file, line_no) as next_ts
    from log_web
    where ts between $period_start and $period_end
)

select
    regexp_extract(file, '[^/\\]+$') || ':' || line_no as record_key,
    ts as occurred_at,
    next_ts,
    (epoch(next_ts) - epoch(ts)) // 60 as gap_minutes,
    'no request logged for ' || ((epoch(next_ts) - epoch(ts)) // 60)::bigint || ' minutes, from '
    || strftime(timezone($tz, ts), '%Y-%m-%d %H:%M') || ' to '
    || strftime(timezone($tz, next_ts), '%Y-%m-%d %H:%M') || ' local time' as reason
from ordered
where next_ts is not null and epoch(next_ts) - epoch(ts) > $log_gap_minutes * 60
order by record_key;
