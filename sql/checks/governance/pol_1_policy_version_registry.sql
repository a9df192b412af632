-- id: POL-1
-- title: Policy version registry lacks the 2023-01-12 version, or versions overlap
-- clause: PP-22 "last updated on 12.01.2023"
-- law: Art. 25(2)(1-1) L94 (policy documents approved); PP-22
-- severity: low
-- params: period_end
-- note: The registry must hold a version labelled 2023-01-12 (the date the published policy states). Versions
--   carry only effective_at, each in force until the next; they overlap when two share the same effective_at
--   (both rows are returned), and a version with no effective_at cannot be placed. The "site serves the
--   latest version" part (text_sha256 against a crawl of the policy page) is not tested: the contract has no
--   crawl data. An empty registry is itself the finding, so no table is listed under needs.
with versions as (
    select
        version_id,
        label,
        effective_at,
        count(*) over (partition by effective_at) as same_start
    from stg_policy_versions
    where effective_at is null or effective_at <= $period_end
),

missing as (
    select
        'missing:2023-01-12' as record_key,
        cast(null as timestamptz) as occurred_at,
        'the policy version registry holds no version labelled 2023-01-12,'
        || ' the date the published policy states' as reason
    where not exists (
        select 1 from stg_policy_versions
        where label = '2023-01-12'
    )
)

select
    version_id as record_key,
    effective_at as occurred_at,
    case
        when effective_at is null
            then 'policy version ' || version_id || ' has no effective date'
        else
            'policy version ' || version_id || ' takes effect '
            || local_day(effective_at) || ' together with '
            || cast((same_start - 1) as varchar) || ' other version(s): they overlap'
    end as reason
from versions
where effective_at is null or same_start > 1
union all
select
    record_key,
    occurred_at,
    reason
from missing
order by record_key;
