-- id: MKT-2
-- title: Marketing message sent after the person opted out
-- clause: PP-20 "to withdraw consent"; PP-9(c) "authorized marketing communications"
-- law: Art. 8(7) L94 (15 working days, F7); policy reading stricter
-- severity: high
-- params: period_start, period_end, deadline_consent_withdrawal, in_force_consent_withdrawal
-- needs: stg_communications, stg_consent_withdrawals
-- note: An event in the period: a marketing message sent in the period; the opt-out it breaches may have been
--   received at any time before (an opt-out keeps binding: a state). Opt-out = a withdrawal of marketing
--   scope that was not refused. Legal variant: sent after wd_deadline(received_at, 15), for withdrawals
--   received on or after in_force_consent_withdrawal. Policy (strict) variant: sent after the operator
--   recorded the opt-out as processed (processed_at), at any date. The reason names the variant; the legal
--   one wins when both apply. A marketing consent given again after the opt-out and before the send lifts it;
--   only when it was given is read (not consent_in_force), so that a source recording no consent terms or
--   withdrawals of consents can still be audited here.
with opt_outs as (
    select
        w.withdrawal_id,
        w.user_id,
        w.received_at,
        w.processed_at,
        case
            when local_date(w.received_at) >= $in_force_consent_withdrawal
                then wd_deadline(w.received_at, $deadline_consent_withdrawal)
        end as legal_stop_by
    from stg_consent_withdrawals as w
    left join stg_consents as c on w.consent_id = c.consent_id
    where
        coalesce(w.scope, c.scope) = 'marketing'
        and w.outcome is distinct from 'refused'
),

sends as (
    select
        m.message_id,
        m.user_id,
        m.sent_at,
        o.withdrawal_id,
        o.received_at,
        o.processed_at,
        o.legal_stop_by,
        coalesce(m.sent_at > o.legal_stop_by, false) as legal_breach,
        coalesce(m.sent_at > o.processed_at, false) as strict_breach
    from stg_communications as m
    inner join opt_outs as o on m.user_id = o.user_id and m.sent_at > o.received_at
    where
        m.kind = 'marketing'
        and m.sent_at between $period_start and $period_end
        and not exists (
            select 1
            from stg_consents as again
            where
                again.user_id = m.user_id
                and again.scope = 'marketing'
                and again.given_at > o.received_at
                and again.given_at <= m.sent_at
        )
),

worst as (
    select *
    from sends
    where legal_breach or strict_breach
    qualify row_number() over (
        partition by message_id order by legal_breach desc, received_at asc
    ) = 1
)

select
    message_id as record_key,
    user_id,
    sent_at as occurred_at,
    withdrawal_id,
    legal_stop_by,
    processed_at,
    case when legal_breach then 'legal' else 'policy (strict)' end as variant,
    'marketing message sent ' || local_day(sent_at) || ' after opt-out '
    || withdrawal_id || ' received ' || local_day(received_at) || ': '
    || case
        when legal_breach
            then 'legal breach, past the 15-working-day deadline of '
            || local_day(legal_stop_by)
        else
            'policy (strict) breach, after the opt-out was recorded as processed on '
            || local_day(processed_at)
    end as reason
from worst
order by record_key;
