-- id: CON-2
-- title: Consent record lacks a mandatory element of Art. 8(4)
-- clause: PP-1 "WGP LLP ... owner and operator of the Database"
-- law: Art. 8(4)(1)-(7) L94 (F17)
-- severity: medium
-- params: period_start, period_end, operator_bin, in_force_consent_contents
-- needs: stg_consents
-- note: A state during the period, not an event in it: a consent lacking an element is a defect for as long
--   as the operator relies on it, so a consent counts while it is in force at some moment of the period
--   (given by period_end, and not expired or withdrawn before period_start: int_consent_validity, where a
--   refused withdrawal does not end it), whenever it was given. Mapping of the 7 elements onto the contract:
--   (1) operator name and BIN -> operator_bin equals the yardstick BIN (digits compared, spacing ignored; the
--   contract has no operator-name column, the BIN identifies the operator); (7) list of data ->
--   states_data_list is true. Not testable per record: (2) subject's full name (no name column in consents;
--   the row is tied to the subject by user_id, which is required); (3) validity term -> valid_until may
--   lawfully be empty, the consent then lasting until the purpose is reached (Art. 8(6)); (4)-(6)
--   third-party, cross-border and publication terms are expressed by separate consent rows of those scopes,
--   so a missing row means "not allowed" rather than a missing element. Only consents given on or after
--   in_force_consent_contents.
select
    c.consent_id as record_key,
    c.user_id,
    c.given_at as occurred_at,
    c.scope,
    c.operator_bin,
    c.states_data_list,
    v.ends_at as in_force_until,
    'consent to ' || c.scope || ' given ' || local_day(c.given_at) || ' '
    || concat_ws(
        ' and ',
        case
            when c.user_id is null then 'names no data subject'
        end,
        case
            when c.operator_bin is null or trim(c.operator_bin) = ''
                then 'does not name the operator by BIN'
            when regexp_replace(c.operator_bin, '[^0-9]', '', 'g') <> $operator_bin
                then 'names a BIN other than the operator''s'
        end,
        case
            when c.states_data_list is distinct from true then 'does not state the list of data'
        end
    ) as reason
from stg_consents as c
inner join int_consent_validity as v on c.consent_id = v.consent_id
where
    consent_in_force_during(v.given_at, v.valid_until, v.withdrawn_at, $period_start, $period_end)
    and local_date(c.given_at) >= $in_force_consent_contents
    and (
        c.user_id is null
        or c.operator_bin is null
        or regexp_replace(c.operator_bin, '[^0-9]', '', 'g') <> $operator_bin
        or c.states_data_list is distinct from true
    )
order by record_key;
