-- consent_in_force(given_at, valid_until, withdrawn_at, moment): "consent in force", written once.
-- A consent counts at an instant when it was given at or before it, its term had not run out
-- (valid_until is the last instant it is valid: a consent valid until 23:59 still covers 23:59)
-- and it had not been withdrawn by then (withdrawn_at: the receipt of a withdrawal that was not
-- refused, from int_consent_validity). NULL means no term, or no withdrawal. Read by CON-6, DIS-2,
-- DIS-8 and int_consent_coverage, and with no withdrawal (expiry alone: withdrawals are CON-5's
-- and MKT-2's) by CON-4 and DIS-9.
create or replace macro consent_in_force(given_at, valid_until, withdrawn_at, moment) as
given_at <= moment
and (valid_until is null or valid_until >= moment)
and (withdrawn_at is null or withdrawn_at > moment);
