-- id: CON-8
-- title: Person active under a materially changed policy version they never accepted
-- clause: PP-22 "non-termination of use ... is the confirmation of consent"
-- law: Art. 8(1) L94
-- severity: medium
-- params: period_start, period_end
-- needs: stg_policy_versions, stg_users, stg_consents
-- note: An event in the period: the continued use of the service under a version never accepted, dated by
--   last_active_at (the contract records no other activity), so a person counts when last active in the
--   period (on or after period_start) after the effective_at of a material version in force by period_end;
--   one whose last activity was before the period is not judged. A material version (material_change) binds
--   every person active (last_active_at) after its effective_at, unless it had already been superseded by a
--   later version before the account was created. Acceptance = at least one consent row with that
--   policy_version_id; whether the act was confirmable is CON-3. Destroyed accounts are not judged.
--   record_key is user_id:version_id.
with versions as (
    select
        version_id,
        label,
        effective_at,
        material_change,
        lead(effective_at) over (order by effective_at) as superseded_at
    from stg_policy_versions
    where effective_at is not null
),

bound as (
    select
        u.user_id,
        u.last_active_at,
        v.version_id,
        v.label,
        v.effective_at
    from stg_users as u
    inner join versions as v
        on
            v.material_change
            and v.effective_at <= $period_end
            and u.last_active_at > v.effective_at
            and u.last_active_at >= $period_start
            and (v.superseded_at is null or u.created_at < v.superseded_at)
    where u.status is distinct from 'destroyed'
)

select
    b.user_id || ':' || b.version_id as record_key,
    b.user_id,
    b.effective_at as occurred_at,
    b.version_id,
    b.last_active_at,
    'active on ' || local_day(b.last_active_at)
    || ' under the policy version ' || coalesce(b.label, b.version_id) || ' in force from '
    || local_day(b.effective_at)
    || ', with no consent recorded for that version' as reason
from bound as b
where
    not exists (
        select 1
        from stg_consents as c
        where c.user_id = b.user_id and c.policy_version_id = b.version_id
    )
order by record_key;
