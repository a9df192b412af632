-- id: LOC-1
-- title: Primary user database not in Kazakhstan (or, policy-literal, not at the LLP's location)
-- clause: PP-2 "database … is located at the location of LLP"
-- law: Art. 12(2) L94 (storage in a database located on the territory of RK), in force 01.01.2016
-- severity: high
-- params: operator_country, operator_city
-- needs: stg_storage_locations
-- note: state check over storage_locations with role 'primary' that hold personal data (holds_personal_data
--   not recorded counts as holding). variant 'legal': country is not the operator's country (KZ) or not
--   recorded, a breach of Art. 12(2). variant 'policy_literal': in KZ but city is not the operator's city
--   (Atyrau) or not recorded, a breach of PP-2 only; requirements.md rates it low, so read the variant column
--   before the header severity. The storage_locations table has no validity dates, so the state at the audit
--   date is judged (the localisation rule has been in force since 2016). A missing primary store is LOC-2.
select
    store_id as record_key,
    system,
    country,
    case
        when (country is distinct from $operator_country) then 'legal'
        else 'policy_literal'
    end as variant,
    case
        when country is null
            then 'primary store ' || store_id || ' holding personal data has no recorded country'
        when country <> $operator_country
            then 'primary store ' || store_id || ' holding personal data is in ' || country
            || ', outside Kazakhstan'
        else
            'primary store ' || store_id || ' is in Kazakhstan but not in ' || $operator_city
            || ', where the Privacy Policy places the database (policy-literal reading)'
    end as reason
from stg_storage_locations
where
    role = 'primary'
    and coalesce(holds_personal_data, true)
    and (
        country is distinct from $operator_country
        or lower(coalesce(city, '')) <> lower($operator_city)
    )
order by store_id;
