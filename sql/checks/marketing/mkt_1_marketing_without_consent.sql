-- id: MKT-1
-- title: Marketing message sent to a person who never gave a marketing consent
-- clause: PP-9(c) "authorized marketing communications"
-- law: Art. 7(1), Art. 8(1) L94
-- severity: high
-- params: period_start, period_end
-- needs: stg_communications
-- note: An event in the period: a marketing message sent in the period; the consent is read whenever it was
--   given. A marketing message needs a marketing consent given at or before sent_at. Consents that had
--   expired by then are CON-4's and withdrawn ones MKT-2's/CON-5's, so each send is judged by one check only.
select
    m.message_id as record_key,
    m.user_id,
    m.sent_at as occurred_at,
    m.channel,
    m.campaign_id,
    'marketing message ' || m.message_id || ' sent ' || local_day(m.sent_at)
    || ' by ' || coalesce(m.channel, 'an unknown channel')
    || ' with no marketing consent given by then' as reason
from stg_communications as m
where
    m.kind = 'marketing'
    and m.sent_at between $period_start and $period_end
    and not exists (
        select 1
        from stg_consents as c
        where c.user_id = m.user_id and c.scope = 'marketing' and c.given_at <= m.sent_at
    )
order by record_key;
