-- stg_consents: the contract columns of consents, whatever the source (DuckDB file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_consents
create or replace view stg_consents as
select
    consent_id,
    user_id,
    lower(trim(scope)) as scope,
    given_at,
    valid_until,
    policy_version_id,
    lower(trim(method)) as method,
    evidence_ref,
    lower(trim(given_by)) as given_by,
    representative_id,
    operator_bin,
    states_data_list,
    notify_on_transfer
from raw_consents;
