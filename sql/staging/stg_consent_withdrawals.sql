-- stg_consent_withdrawals: the contract columns of consent_withdrawals, whatever the source (DuckDB file,
-- exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_consent_withdrawals
create or replace view stg_consent_withdrawals as
select
    withdrawal_id,
    consent_id,
    user_id,
    lower(trim(scope)) as scope,
    received_at,
    processed_at,
    lower(trim(outcome)) as outcome,
    refusal_basis
from raw_consent_withdrawals;
