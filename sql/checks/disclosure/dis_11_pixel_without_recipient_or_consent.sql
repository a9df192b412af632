-- id: DIS-11
-- title: A third-party pixel fired to a domain with no recipient record, or before consent
-- clause: PP-8 pixels; PP-12 "we do not share ... except"
-- law: Art. 7(1), 8, 15 L94
-- severity: medium
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: a pixel.fire event in the period; consents are read whenever given.
--   pixel.fire events of the app log to a domain that is not wgp.kz or its subdomain. Recipient: as COOK-4
--   (registrable label of the domain in a recipient's name; the contract has no domain column). Consent: a
--   consent of the event's purpose (advertising when none is logged) or of scope third_party, in the session
--   or of the user, given at or before the pixel (int_consent_moments). Both are needed, so either missing is
--   a finding. Third-party cookies are COOK-4's. Key: the event's request_id (else file:line).
with pixels as (
    select
        e.*,
        e.detail_domain_norm as domain_norm,
        coalesce(e.purpose, 'advertising') as needed_scope
    from stg_app_events as e
    where e.event = 'pixel.fire' and e.ts between $period_start and $period_end
),

judged as (
    select
        p.*,
        exists(
            select 1 from stg_recipients as r
            where
                length(domain_label(p.domain_norm)) >= 3
                and strpos(
                    regexp_replace(lower(r.name), '[^a-z0-9]', '', 'g'), domain_label(p.domain_norm)
                ) > 0
        ) as registered,
        exists(
            select 1 from int_consent_moments as m
            where
                (m.session_id = p.session_id or m.user_id = p.user_id)
                and (m.scope is null or m.scope in (p.needed_scope, 'third_party'))
                and m.from_ts <= p.ts
                and (m.to_ts is null or m.to_ts > p.ts)
        ) as consented
    from pixels as p
    where p.domain_norm <> 'wgp.kz' and not p.domain_norm like '%.wgp.kz'
)

select
    event_key as record_key,
    user_id,
    ts as occurred_at,
    domain_norm as domain,
    registered,
    consented,
    'pixel to ' || domain_norm || ' fired on ' || local_day(ts) || ': '
    || case
        when
            not registered and not consented
            then 'no recipients row and no ' || needed_scope || ' consent before it'
        when not registered then 'the domain has no recipients row'
        else 'no ' || needed_scope || ' consent in the session or of the user before it'
    end as reason
from judged
where not registered or not consented
order by record_key;
