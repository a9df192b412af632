-- stg_communications: the contract columns of communications, whatever the source (DuckDB file, exports,
-- PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_communications
create or replace view stg_communications as
select
    message_id,
    user_id,
    lower(trim(channel)) as channel,
    lower(trim(kind)) as kind,
    campaign_id,
    sent_at,
    provider_recipient_id
from raw_communications;
