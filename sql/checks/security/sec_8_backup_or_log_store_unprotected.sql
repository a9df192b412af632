-- id: SEC-8
-- title: A backup or log store holding personal data is not encrypted at rest
-- clause: PP-21 "reasonably protected by technical means and security procedures"
-- law: Art. 22(2) L94 (protection lasts until destruction, backups and archived logs included)
-- severity: medium
-- needs: stg_storage_locations
-- note: the contract records encryption at rest but not public reachability, so "publicly reachable" is not
--   checked; an unknown (NULL) encryption flag counts as unencrypted, since protection must be shown.
select
    store_id as record_key,
    role,
    country,
    role || ' store ' || store_id || ' (' || coalesce(system, 'unnamed system') || ')'
    || ' holds personal data and is '
    || case when encrypted_at_rest is null then 'not recorded as encrypted' else 'not encrypted' end
    || ' at rest' as reason
from stg_storage_locations
where
    role in ('backup', 'log_store')
    and coalesce(holds_personal_data, true)
    and not coalesce(encrypted_at_rest, false)
order by store_id;
