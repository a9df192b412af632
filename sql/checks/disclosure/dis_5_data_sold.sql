-- id: DIS-5
-- title: Personal data leased or sold
-- clause: PP-15 "undertakes not to lease or sell any personal data"
-- law: Art. 7(6) L94 (transfer only within the consent given)
-- severity: high
-- params: period_start, period_end
-- needs: stg_disclosures
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made.
select
    d.disclosure_id as record_key,
    d.disclosed_at as occurred_at,
    d.recipient_id,
    r.kind as recipient_kind,
    d.consideration_amount,
    case
        when coalesce(d.consideration_amount, 0) > 0
            then 'disclosure to ' || coalesce(r.name, d.recipient_id) || ' was paid for ('
            || d.consideration_amount::varchar || ' received)'
        else
            'disclosure to ' || coalesce(r.name, d.recipient_id)
            || ', a data broker'
    end as reason
from stg_disclosures as d
left join stg_recipients as r on d.recipient_id = r.recipient_id
where
    d.disclosed_at between $period_start and $period_end
    and (coalesce(d.consideration_amount, 0) > 0 or r.kind = 'data_broker')
order by d.disclosure_id;
