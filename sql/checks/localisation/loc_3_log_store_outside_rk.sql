-- id: LOC-3
-- title: Web or app logs stored outside Kazakhstan
-- clause: PP-6 "automatically receive and log … IP address, software and hardware attributes"
-- law: Art. 12(2) L94 (storage in RK); whether an IP address is personal data is open (requirements.md §6.4)
-- severity: medium
-- params: operator_country
-- needs: stg_storage_locations
-- note: state check: every store with role 'log_store' whose country is not KZ or not recorded.
--   holds_personal_data is not consulted, because logs hold IP addresses and account ids whatever the flag
--   says (the flag reflects the open question of whether an IP is PD), and a cross_border_basis does not
--   excuse a log store abroad in the catalogue's reading (only its evidence column shows it). Log-shipping
--   configuration is not in the contract.
select
    store_id as record_key,
    system,
    country,
    cross_border_basis,
    'log store ' || store_id || ' is '
    || case when country is null then 'in an unrecorded country' else 'in ' || country end
    || ', outside Kazakhstan' as reason
from stg_storage_locations
where
    role = 'log_store'
    and country is distinct from $operator_country
order by store_id;
