-- int_consent_moments: every consent a cookie or pixel may rely on, from two places:
-- consent.grant events of the app log (per session and, when known, per user; a NULL scope is a
-- consent to everything the banner offered) and the consents table (per user, from given_at until
-- valid_until or a withdrawal that was not refused). Named zz so that it follows stg_app_events.
-- depends: int_consent_validity, stg_app_events
create or replace view int_consent_moments as
select
    session_id,
    user_id,
    detail_scope as scope,
    ts as from_ts,
    null::timestamptz as to_ts,
    'log' as source
from stg_app_events
where event = 'consent.grant'
union all
select
    null as session_id,
    user_id,
    scope,
    given_at as from_ts,
    ends_at as to_ts,
    'consents' as source
from int_consent_validity;
