-- id: DQ-1
-- title: Closed-set columns hold only the contract's values
-- clause: data-contract.md
-- law: Art. 25(2)(1-1) (data quality)
-- severity: low
-- note: Every value of every closed-set column of the contract (`-- enum:` in sql/schema/contract.sql), as
--   the source holds it (before staging's normalisation), outside the column's allowed values. The row is
--   kept and audited as is. dq_enum_values is generated from the contract (wgp_audit.validate.quality_views)
--   and reads only the columns the source provides, so a partial source is checked on what it has.
select
    table_name,
    column_name,
    table_name || ':' || record_id as record_key,
    format(
        '{}.{} = ''{}'' is not one of {} ({}); the row is kept and audited as is',
        table_name, column_name, value, array_to_string(allowed, '|'), origin
    ) as reason
from dq_enum_values
where not list_contains(allowed, value)
order by table_name, column_name, record_id;
