-- int_first_destruction: per user, the earliest destroyed_at of their destruction records (when
-- their data was first destroyed), for the request-handling and retention-age views.
-- depends: stg_destruction_records
create or replace view int_first_destruction as
select
    user_id,
    min(destroyed_at) as destroyed_at
from stg_destruction_records
group by user_id;
