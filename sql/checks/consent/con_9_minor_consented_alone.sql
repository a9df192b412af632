-- id: CON-9
-- title: A minor's consent was given by the minor, not by a legal representative
-- clause: PP-3 "solely within the requirements of the Law ... 94-V"
-- law: Art. 7(1), Art. 8(1) L94 ("legal representative"); Civil Code Arts. 22-23 (age unverified)
-- severity: medium
-- params: period_start, period_end, minor_age
-- needs: stg_consents, stg_users
-- note: A state during the period, not an event in it: the requirement judges a consent the operator relies
--   on, so a minor's consent given alone counts while it is in force at some moment of the period (given by
--   period_end, and not expired or withdrawn before period_start: int_consent_validity, where a refused
--   withdrawal does not end it), whenever it was given; the defect is not cured by the person turning 18
--   later. Age at consent is counted in whole years from users.birth_date to the local date of given_at;
--   below minor_age (yardstick, 18) a consent needs given_by = 'legal_rep' with a representative_id. Under 14
--   is named separately in the reason. Consents of persons whose birth date is not recorded (e.g. destroyed
--   accounts) cannot be judged.
with judged as (
    select
        c.consent_id,
        c.user_id,
        c.scope,
        c.given_at,
        c.given_by,
        c.representative_id,
        v.ends_at,
        local_date(c.given_at) < u.birth_date + to_years(14) as under_14
    from stg_consents as c
    inner join int_consent_validity as v on c.consent_id = v.consent_id
    inner join stg_users as u on c.user_id = u.user_id
    where
        consent_in_force_during(v.given_at, v.valid_until, v.withdrawn_at, $period_start, $period_end)
        and u.birth_date is not null
        and local_date(c.given_at) < u.birth_date + to_years($minor_age)
        and (
            c.given_by is distinct from 'legal_rep'
            or c.representative_id is null
            or trim(c.representative_id) = ''
        )
)

select
    consent_id as record_key,
    user_id,
    given_at as occurred_at,
    scope,
    given_by,
    ends_at as in_force_until,
    under_14,
    'consent to ' || scope || ' given ' || local_day(given_at)
    || ' by a person ' || case when under_14 then 'under 14' else 'under the age of majority' end
    || case
        when given_by = 'legal_rep' then ', marked as by a legal representative who is not identified'
        else ', with no legal representative acting'
    end as reason
from judged
order by consent_id;
