-- stg_disclosures: the contract columns of disclosures, whatever the source (DuckDB file, exports,
-- PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_disclosures
create or replace view stg_disclosures as
select
    disclosure_id,
    recipient_id,
    disclosed_at,
    lower(trim(legal_basis)) as legal_basis,
    request_id,
    anonymised,
    fields,
    record_count,
    consideration_amount,
    upper(trim(destination_country)) as destination_country,
    purpose_code
from raw_disclosures;
