-- int_consent_validity: one row per consent with the instant it stopped counting.
-- A consent counts from given_at until the earliest of valid_until and the receipt of a
-- withdrawal of it that was not refused (a pending withdrawal counts from receipt).
-- The one reading of "consent in force" (with the consent_in_force macros): read by CON-2, CON-3,
-- CON-4 (expiry alone), CON-6, CON-9, DIS-2, DIS-8, DIS-9 and int_consent_coverage.
-- depends: stg_consent_withdrawals, stg_consents
create or replace view int_consent_validity as
with withdrawn as (
    select
        consent_id,
        min(received_at) as withdrawn_at
    from stg_consent_withdrawals
    where outcome is distinct from 'refused'
    group by consent_id
)

select
    c.consent_id,
    c.user_id,
    c.scope,
    c.given_at,
    c.valid_until,
    w.withdrawn_at,
    coalesce(c.notify_on_transfer, false) as notify_on_transfer,
    least(c.valid_until, w.withdrawn_at) as ends_at
from stg_consents as c
left join withdrawn as w on c.consent_id = w.consent_id;
