-- int_request_handling: one row per data-subject request with the working days it took against
-- its working-day deadline, for the "handling times against the deadline" charts.
-- The clock starts on the local day of received_at (for rectify: of docs_received_at when the
-- documents came). Handling ends at answered_at for access, object_automated and refused
-- requests, at completed_at for rectify, block and unblock, and at the user's earliest
-- destruction_records.destroyed_at for destroy: the same readings as DSR-1, DSR-3, DSR-5, DSR-6
-- and DSR-7. working_days_taken counts working days after the start day up to the day handling
-- ended (an end on a day off counts as the next working day), so on_time is
-- working_days_taken <= deadline_working_days, to the day.
-- The deadline and the audit date come from the yardstick, which a view cannot bind: they are
-- read from DuckDB variables named like the check parameters (deadline_access_request,
-- deadline_rectify, deadline_block, deadline_unblock, deadline_destroy,
-- deadline_automated_objection, as_of). Set them from Audit.params() before querying, e.g.
-- `for k in (...): audit.con.execute(f"set variable {k} = ?", [params[k]])`; unset, they and
-- on_time read NULL. An open request is on_time NULL until its deadline passes, then false.
-- depends: kz_wd, int_first_destruction, stg_dsr_requests
create or replace view int_request_handling as
with requests as (
    select
        r.request_id,
        r.user_id,
        r.kind,
        r.outcome,
        r.received_at,
        case
            when r.kind = 'rectify' then coalesce(r.docs_received_at, r.received_at)
            else r.received_at
        end as started_at,
        case
            when r.outcome = 'refused' then r.answered_at
            when r.kind in ('rectify', 'block', 'unblock') then r.completed_at
            when r.kind = 'destroy' then x.destroyed_at
            else r.answered_at
        end as ended_at,
        case r.kind
            when 'access' then getvariable('deadline_access_request')
            when 'rectify' then getvariable('deadline_rectify')
            when 'block' then getvariable('deadline_block')
            when 'unblock' then getvariable('deadline_unblock')
            when 'destroy' then getvariable('deadline_destroy')
            when 'object_automated' then getvariable('deadline_automated_objection')
        end::integer as deadline_working_days
    from stg_dsr_requests as r
    left join int_first_destruction as x on r.user_id = x.user_id
),

timed as (
    select
        q.*,
        wd_deadline(q.started_at, q.deadline_working_days) as deadline_at,
        (
            select case when e.is_working then e.wd_ord else e.wd_ord + 1 end
            from kz_wd as e
            where e.wd_day = local_date(q.ended_at)
        ) - (
            select s.wd_ord from kz_wd as s
            where s.wd_day = local_date(q.started_at)
        )::integer as working_days_taken
    from requests as q
)

select
    request_id,
    user_id,
    kind,
    outcome,
    date_trunc('month', local_date(received_at))::date as received_month,
    started_at,
    ended_at,
    working_days_taken,
    deadline_working_days,
    deadline_at,
    case
        when ended_at is not null then ended_at <= deadline_at
        when deadline_at < getvariable('as_of')::timestamptz then false
    end as on_time
from timed;
