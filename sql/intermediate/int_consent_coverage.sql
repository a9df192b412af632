-- int_consent_coverage: every processing event whose purpose requires consent, with whether a
-- consent of that scope was valid at the moment of the event (an as-of join). Feeds the consent
-- coverage charts (share covered, by purpose and month). Events: marketing communications, and
-- identifiable disclosures made on the basis of consent (scope third_party, or cross_border when
-- the destination is abroad). App-log events are not counted yet. A consent counts as in
-- int_consent_validity (the disclosure checks' reading): until valid_until or the receipt of
-- a withdrawal that was not refused.
-- depends: int_consent_events, int_consent_validity
create or replace view int_consent_coverage as
select
    e.event_source,
    e.event_id,
    e.user_id,
    e.purpose,
    e.event_at,
    strftime(local_date(e.event_at), '%Y-%m') as month,
    exists(
        select 1
        from int_consent_validity as c
        where
            c.user_id = e.user_id
            and c.scope = e.purpose
            and consent_in_force(c.given_at, c.valid_until, c.withdrawn_at, e.event_at)
    ) as covered
from int_consent_events as e;
