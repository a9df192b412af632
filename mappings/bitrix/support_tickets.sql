-- support_tickets: results of the FEEDBACK web form (form module: b_form_result, answers in
-- b_form_result_answer). A result in status "Closed" was closed at its last change
-- (TIMESTAMP_X); the body is the answer to the MESSAGE field. Results are removed with
-- CFormResult::Delete, so an erased ticket has no row.
select
    cast(r.ID as varchar) as ticket_id,
    cast(r.USER_ID as varchar) as user_id,
    timezone(getvariable('tz'), cast(r.DATE_CREATE as timestamp)) as opened_at,
    case
        when s.TITLE = 'Closed' then timezone(getvariable('tz'), cast(r.TIMESTAMP_X as timestamp))
    end as closed_at,
    'web_form' as channel,
    (
        select min(a.USER_TEXT)
        from b_form_result_answer as a
        inner join b_form_field as q on a.FIELD_ID = q.ID
        where a.RESULT_ID = r.ID and q.SID = 'MESSAGE'
    ) as body
from b_form_result as r
inner join b_form as f on r.FORM_ID = f.ID
left join b_form_status as s on r.STATUS_ID = s.ID
where f.SID = 'FEEDBACK'
