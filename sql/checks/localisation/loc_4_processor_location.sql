-- id: LOC-4
-- title: Processor with no recorded location, or abroad without a cross-border basis
-- clause: PP-6 "mobile app, or … third party services"; PP-21 "third party service providers"
-- law: Art. 12(2), Art. 16 L94
-- severity: high
-- params: operator_country, adequate_states
-- needs: stg_recipients, stg_storage_locations
-- note: processors are recipients of kind 'service_provider' and storage_locations with role 'processor'
--   holding personal data (not recorded counts as holding). A store and a recipient are linked by
--   storage_locations.provider = recipients.name (the contract has no key between them). Found: country not
--   recorded; or country not KZ, not in the yardstick's adequate_states (F18, the operator's assessment), and
--   no cross_border_basis on the store (for a recipient: on any of its linked processor stores). record_key
--   is the recipient_id or the store_id.
with stores as (
    select
        store_id,
        provider,
        country,
        nullif(trim(cross_border_basis), '') as basis
    from stg_storage_locations
    where role = 'processor' and coalesce(holds_personal_data, true)
),

processors as (
    select
        r.recipient_id as record_key,
        'service provider ' || r.recipient_id as what,
        r.country,
        (
            select max(s.basis) from stores as s
            where s.provider = r.name
        ) as basis
    from stg_recipients as r
    where r.kind = 'service_provider'
    union all
    select
        store_id as record_key,
        'processor store ' || store_id as what,
        country,
        basis
    from stores
)

select
    record_key,
    country,
    what || case
        when country is null then ' has no recorded location'
        else
            ' is in ' || country
            || ', which is not an assessed protecting state, and no cross-border basis is recorded'
    end as reason
from processors
where
    country is null
    or (
        country <> $operator_country
        and not coalesce(list_contains($adequate_states, country), false)
        and basis is null
    )
order by record_key;
