-- id: CON-5
-- title: Consent withdrawal not honoured within 15 working days, or refused without a basis
-- clause: PP-20 "to withdraw consent ... except in cases provided by Article 8(2)"
-- law: Art. 8(2),(7), Art. 24(1)(5) L94; 15 working days (F7, in force date unverified)
-- severity: high
-- params: as_of, period_start, period_end, deadline_consent_withdrawal, in_force_consent_withdrawal
-- needs: stg_consent_withdrawals
-- note: An event in the period, except (b). Only withdrawals received on or after
--   in_force_consent_withdrawal. (a) and (c) judge a withdrawal received in the period (its deadline and its
--   answer are events of that withdrawal); (b) judges processing in the period, so a withdrawal received
--   before the period still binds (a state) and a message sent in the period after its deadline is found
--   under it. (a) no outcome (processed_at) by wd_deadline(received_at, 15), or one recorded later; (b)
--   processing in the withdrawn scope after that deadline = a message of that kind (marketing scope ->
--   marketing messages) sent to the person after the deadline, unless the outcome was a refusal or the person
--   consented again (a consent of that scope given after the withdrawal and before the send; only when it was
--   given is read, not consent_in_force, so that a source recording no consent terms can still be audited
--   here); storage under legal hold is not processing here; (c) a refusal with no refusal_basis. One row per
--   withdrawal, reasons joined.
with withdrawals as (
    select
        w.withdrawal_id,
        w.user_id,
        coalesce(w.scope, c.scope) as scope,
        w.received_at,
        w.processed_at,
        w.outcome,
        w.refusal_basis,
        wd_deadline(w.received_at, $deadline_consent_withdrawal) as stop_by,
        w.received_at >= $period_start as received_in_period
    from stg_consent_withdrawals as w
    left join stg_consents as c on w.consent_id = c.consent_id
    where
        w.received_at <= $period_end
        and local_date(w.received_at) >= $in_force_consent_withdrawal
),

after_deadline as (
    select
        w.withdrawal_id,
        count(*) as messages_after,
        min(m.sent_at) as first_sent_after
    from withdrawals as w
    inner join stg_communications as m
        on
            w.user_id = m.user_id
            and w.scope = m.kind
            and w.stop_by < m.sent_at
            and m.sent_at between $period_start and $period_end
    where
        w.outcome is distinct from 'refused'
        and not exists (
            select 1
            from stg_consents as again
            where
                again.user_id = w.user_id
                and again.scope = w.scope
                and again.given_at > w.received_at
                and again.given_at <= m.sent_at
        )
    group by w.withdrawal_id
),

judged as (
    select
        w.*,
        a.messages_after,
        a.first_sent_after,
        case
            when not w.received_in_period then null
            when w.processed_at is null and w.stop_by < $as_of
                then 'no outcome by the deadline of ' || local_day(w.stop_by)
            when w.processed_at > w.stop_by
                then 'outcome recorded ' || local_day(w.processed_at)
                || ', after the deadline of ' || local_day(w.stop_by)
        end as late_reason,
        case
            when a.messages_after > 0
                then a.messages_after::varchar || ' ' || w.scope
                || ' message(s) sent after the deadline, first on '
                || local_day(a.first_sent_after)
        end as processing_reason,
        case
            when
                w.received_in_period
                and w.outcome = 'refused'
                and (w.refusal_basis is null or trim(w.refusal_basis) = '')
                then 'refused with no legal basis stated'
        end as refusal_reason
    from withdrawals as w
    left join after_deadline as a on w.withdrawal_id = a.withdrawal_id
)

select
    withdrawal_id as record_key,
    user_id,
    received_at as occurred_at,
    stop_by,
    processed_at,
    outcome,
    messages_after,
    'withdrawal of ' || coalesce(scope, 'unknown') || ' consent received '
    || local_day(received_at) || ': '
    || concat_ws('; ', late_reason, processing_reason, refusal_reason) as reason
from judged
where late_reason is not null or processing_reason is not null or refusal_reason is not null
order by withdrawal_id;
