-- stg_dsr_requests: the contract columns of dsr_requests, whatever the source (DuckDB file, exports,
-- PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_dsr_requests
create or replace view stg_dsr_requests as
select
    request_id,
    user_id,
    lower(trim(kind)) as kind,
    channel,
    received_at,
    identity_verified_at,
    docs_received_at,
    answered_at,
    completed_at,
    lower(trim(outcome)) as outcome,
    refusal_reason,
    fee_charged,
    response_elements
from raw_dsr_requests;
