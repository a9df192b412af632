-- consent_in_force_during(given_at, valid_until, withdrawn_at, from_ts, to_ts): a consent in force
-- at some moment of [from_ts, to_ts] (see consent_in_force): given by to_ts, its term not run out
-- and not withdrawn before from_ts. The state the consent checks judge for as long as the operator
-- relies on a consent (CON-2, CON-3, CON-9).
create or replace macro consent_in_force_during(given_at, valid_until, withdrawn_at, from_ts, to_ts) as
given_at <= to_ts
and (valid_until is null or valid_until >= from_ts)
and (withdrawn_at is null or withdrawn_at > from_ts);
