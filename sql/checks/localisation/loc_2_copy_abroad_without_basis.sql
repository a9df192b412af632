-- id: LOC-2
-- title: Copy of personal data abroad without a cross-border basis, or no primary store in Kazakhstan
-- clause: PP-2 "database … is located at the location of LLP"
-- law: Art. 12(2), Art. 16 L94 (copies abroad only as a lawful cross-border transfer, with the database kept
--   in RK)
-- severity: high
-- params: operator_country, adequate_states
-- needs: stg_storage_locations
-- note: state check. (a) a store with role replica, backup or analytics holding personal data (not recorded
--   counts as holding) whose country is not KZ (or not recorded) and that has neither a cross_border_basis
--   nor a country in the yardstick's adequate_states (the operator's own adequacy assessment; Art. 16(2)).
--   Log stores are LOC-3, processors LOC-4. (b) no store with role 'primary' holding personal data in KZ at
--   all: record_key 'no-primary-in-rk'. The requirement's per-subject part ("any subject with no
--   primary-store row") cannot be tested: the contract holds no per-subject store mapping.
with copies as (
    select
        store_id as record_key,
        system,
        role,
        country,
        role || ' copy ' || store_id || ' holding personal data is '
        || case
            when country is null then 'in an unrecorded country'
            else 'in ' || country
        end
        || ', which is not an assessed protecting state, and no cross-border basis is recorded' as reason
    from stg_storage_locations
    where
        role in ('replica', 'backup', 'analytics')
        and coalesce(holds_personal_data, true)
        and country is distinct from $operator_country
        and not coalesce(list_contains($adequate_states, country), false)
        and nullif(trim(cross_border_basis), '') is null
),

primary_missing as (
    select
        'no-primary-in-rk' as record_key,
        null as system,
        'primary' as role,
        null as country,
        'no primary store holding personal data is recorded in Kazakhstan' as reason
    where not exists (
        select 1
        from stg_storage_locations
        where
            role = 'primary'
            and coalesce(holds_personal_data, true)
            and country = $operator_country
    )
)

select * from copies
union all
select * from primary_missing
order by record_key;
