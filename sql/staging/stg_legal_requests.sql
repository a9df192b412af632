-- stg_legal_requests: the contract columns of legal_requests, whatever the source (DuckDB file, exports,
-- PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_legal_requests
create or replace view stg_legal_requests as
select
    request_id,
    authority_name,
    lower(trim(authority_kind)) as authority_kind,
    received_at,
    legal_basis_ref,
    scope_fields
from raw_legal_requests;
