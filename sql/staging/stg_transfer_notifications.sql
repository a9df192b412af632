-- stg_transfer_notifications: the contract columns of transfer_notifications, whatever the source (DuckDB
-- file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_transfer_notifications
create or replace view stg_transfer_notifications as
select
    notification_id,
    disclosure_id,
    user_id,
    sent_at
from raw_transfer_notifications;
