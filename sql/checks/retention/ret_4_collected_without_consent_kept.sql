-- id: RET-4
-- title: Personal data collected before any consent is still held
-- clause: PP-3 "solely within the requirements of the Law ... 94-V"
-- law: Art. 18(3-1), Art. 7(1), Art. 8(1) L94
-- severity: high
-- needs: stg_users, stg_consents
-- note: CON-1's rule, applied to the state at the audit date: an account created (created_at) before the
--   user's earliest consent of any scope given_at, or with no consent at all, was collected without consent;
--   it is a finding while any personal column (full_name, email, phone, iin, birth_date) is still filled. The
--   contract records no Art. 9 ground on users, so none is excused; a legal hold does not excuse unlawfully
--   collected data. No grace is given: the contract records no date on which the unlawful collection was
--   confirmed. Every planted CON-1 violation that still holds data is therefore also a RET-4 finding.
with first_consent as (
    select
        user_id,
        min(given_at) as first_given_at
    from stg_consents
    group by user_id
),

subjects as (
    select
        u.user_id,
        u.created_at,
        c.first_given_at
    from stg_users as u
    left join first_consent as c on u.user_id = c.user_id
    where
        u.created_at is not null
        and (c.first_given_at is null or u.created_at < c.first_given_at)
        and u.holds_personal_data
)

select
    user_id as record_key,
    user_id,
    created_at as occurred_at,
    first_given_at,
    case
        when first_given_at is null
            then 'account created on ' || local_day(created_at)
            || ' has no consent on record and still holds personal data'
        else
            'account created on ' || local_day(created_at)
            || ' before the first consent of '
            || local_day(first_given_at)
            || ' still holds personal data'
    end as reason
from subjects
order by user_id;
