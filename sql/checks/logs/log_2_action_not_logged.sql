-- id: LOG-2
-- title: A consent or a transfer is recorded in the database but not in the app log
-- clause: PP-12 "we may share ... with your consent"
-- law: Art. 22(1)(5) L94 (record consent, third-party and cross-border transfers, publication)
-- severity: medium
-- params: period_start, period_end
-- needs: log_app
-- note: An event in the period: a consent given or a disclosure made in the period (and inside the app log's
--   window). Judged only inside the app log's own window (first to last event) and the audit period. A
--   consent matches a consent.grant event carrying its consent_id, or one without an id for the same user and
--   scope logged within an hour of given_at. A disclosure matches an export or transfer event carrying its
--   disclosure_id, or one without an id for the same recipient logged within a day of disclosed_at.
--   Cross-border transfers and publication consents are rows of the same two tables, so they are covered too.
--   Keys: consent_id, disclosure_id.
with win as (
    select
        greatest(min(ts), $period_start) as lo,
        least(max(ts), $period_end) as hi
    from log_app
),

grants as (
    select
        user_id,
        detail_scope as scope,
        json_extract_string(details, '$.consent_id') as consent_id,
        ts
    from stg_app_events
    where event = 'consent.grant'
),

exports as (
    select
        json_extract_string(details, '$.disclosure_id') as disclosure_id,
        json_extract_string(details, '$.recipient_id') as recipient_id,
        ts
    from stg_app_events
    where event in ('export', 'transfer')
),

consents_unlogged as (
    select
        c.consent_id as record_key,
        c.user_id,
        c.given_at as occurred_at,
        'consent ' || c.consent_id || ' (scope ' || coalesce(c.scope, '?') || ') given on '
        || local_day(c.given_at)
        || ' has no consent.grant event in the app log' as reason
    from stg_consents as c, win
    where
        c.given_at between win.lo and win.hi
        -- two anti-joins rather than one with `or`: DuckDB turns each into a hash join
        and not exists (
            select 1 from grants as g
            where g.consent_id = c.consent_id
        )
        and not exists (
            select 1 from grants as g
            where
                g.consent_id is null and g.user_id = c.user_id and g.scope = c.scope
                and g.ts between c.given_at - interval 1 hour and c.given_at + interval 1 hour
        )
),

disclosures_unlogged as (
    select
        d.disclosure_id as record_key,
        null as user_id,
        d.disclosed_at as occurred_at,
        'disclosure ' || d.disclosure_id || ' to ' || coalesce(d.recipient_id, 'an unrecorded recipient')
        || ' on ' || local_day(d.disclosed_at)
        || ' has no export or transfer event in the app log' as reason
    from stg_disclosures as d, win
    where
        d.disclosed_at between win.lo and win.hi
        and not exists (
            select 1 from exports as e
            where e.disclosure_id = d.disclosure_id
        )
        and not exists (
            select 1 from exports as e
            where
                e.disclosure_id is null and e.recipient_id = d.recipient_id
                and e.ts between d.disclosed_at - interval 1 day and d.disclosed_at + interval 1 day
        )
)

select * from consents_unlogged
union all
select * from disclosures_unlogged
order by record_key;
