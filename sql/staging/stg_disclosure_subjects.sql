-- stg_disclosure_subjects: the contract columns of disclosure_subjects, whatever the source (DuckDB file,
-- exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_disclosure_subjects
create or replace view stg_disclosure_subjects as
select
    disclosure_id,
    user_id
from raw_disclosure_subjects;
