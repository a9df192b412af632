-- id: MKT-3
-- title: Service message sent through a contact the person did not provide on the account
-- clause: PP-5 "using existing account contact information provided for that purpose"
-- law: Art. 7(8) L94 (processing only for the declared purpose and data)
-- severity: low
-- params: period_start, period_end
-- needs: stg_communications, stg_users
-- note: An event in the period: a service message sent in the period; the account's contact fields are read
--   as they stand. The contract has no contact_channels table. Reading: the account's contact fields are the
--   contacts provided for service use; e-mail needs users.email, sms and phone need users.phone. A service
--   message on a channel whose account contact is empty went to contact data not provided for that purpose.
--   push (in-app) needs no contact field. Destroyed accounts are not judged (their contact fields were erased
--   after the messages).
select
    m.message_id as record_key,
    m.user_id,
    m.sent_at as occurred_at,
    m.channel,
    'service message ' || m.message_id || ' sent ' || local_day(m.sent_at)
    || ' by ' || m.channel || ', but the account holds no '
    || case when m.channel = 'email' then 'e-mail address' else 'phone number' end
    || ' given for that purpose' as reason
from stg_communications as m
inner join stg_users as u on m.user_id = u.user_id
where
    m.kind = 'service'
    and m.sent_at between $period_start and $period_end
    and u.status is distinct from 'destroyed'
    and (
        (m.channel = 'email' and (u.email is null or trim(u.email) = ''))
        or (m.channel in ('sms', 'phone') and (u.phone is null or trim(u.phone) = ''))
    )
order by record_key;
