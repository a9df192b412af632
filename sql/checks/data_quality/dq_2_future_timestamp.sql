-- id: DQ-2
-- title: No event timestamp lies in the future
-- clause: data-contract.md
-- law: Art. 25(2)(1-1) (data quality)
-- severity: low
-- params: as_of
-- note: Every event timestamp of the contract (a timestamptz column not marked `-- validity:` in
--   sql/schema/contract.sql) later than both the audit date and now: an audit as of a past date sees later
--   rows as out of its scope, not as faults. Validity and planning dates (valid_until, ended_at, ...) may lie
--   in the future by design. dq_event_times is generated from the contract (wgp_audit.validate.quality_views)
--   and reads only the columns the source provides.
select
    table_name,
    column_name,
    value as recorded_at,
    table_name || ':' || record_id || ':' || column_name as record_key,
    format(
        '{}.{} = {} records an event that has not happened yet ({})',
        table_name, column_name, cast(value as varchar), origin
    ) as reason
from dq_event_times
where value > greatest($as_of, now())
order by table_name, column_name, record_id;
