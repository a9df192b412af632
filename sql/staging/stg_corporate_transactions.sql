-- stg_corporate_transactions: the contract columns of corporate_transactions, whatever the source (DuckDB
-- file, exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_corporate_transactions
create or replace view stg_corporate_transactions as
select
    txn_id,
    lower(trim(kind)) as kind,
    buyer_recipient_id,
    assets_share_pct,
    closed_at
from raw_corporate_transactions;
