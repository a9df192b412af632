-- stg_support_tickets: the contract columns of support_tickets, whatever the source (DuckDB file, exports,
-- PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_support_tickets
create or replace view stg_support_tickets as
select
    ticket_id,
    user_id,
    opened_at,
    closed_at,
    channel,
    body
from raw_support_tickets;
