-- id: CON-1
-- title: Personal data collected before any consent was given
-- clause: PP-3 "solely within the requirements of the Law ... 94-V"
-- law: Art. 7(1), Art. 8(1), Art. 9 L94
-- severity: high
-- params: period_start, period_end
-- needs: stg_users
-- note: An event in the period: the collection (account creation, users.created_at) in the period; the
--   consent it needed is read whenever it was given. Collection is dated by users.created_at (the contract
--   has no app-log collect events yet). The account must be preceded (or matched to the second) by the
--   person's earliest consent of any scope; whether that consent is itself confirmable is CON-3. The contract
--   records no Art. 9 ground per person, so none is excepted; partner-sourced records are judged the same way
--   (their source basis is PUR-5).
with first_consent as (
    select
        user_id,
        min(given_at) as first_given_at
    from stg_consents
    group by user_id
)

select
    u.user_id as record_key,
    u.user_id,
    u.created_at as occurred_at,
    f.first_given_at,
    case
        when f.first_given_at is null
            then 'account created ' || local_day(u.created_at)
            || ' has no consent on record'
        else
            'account created ' || local_day(u.created_at)
            || ' before the first consent, given '
            || local_day(f.first_given_at)
    end as reason
from stg_users as u
left join first_consent as f on u.user_id = f.user_id
where
    u.created_at between $period_start and $period_end
    and (f.first_given_at is null or f.first_given_at > u.created_at)
order by u.user_id;
