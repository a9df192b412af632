-- org_roles: membership of the user group PD_RESPONSIBLE ("Responsible for personal data"),
-- whose time-limited membership (b_user_group.DATE_ACTIVE_FROM / DATE_ACTIVE_TO) is how the
-- site records each appointment.
select
    cast(ug.USER_ID as varchar) as person_id,
    'responsible_for_personal_data' as role,
    timezone(getvariable('tz'), cast(ug.DATE_ACTIVE_FROM as timestamp)) as appointed_at,
    timezone(getvariable('tz'), cast(ug.DATE_ACTIVE_TO as timestamp)) as ended_at
from b_user_group as ug
inner join b_group as g on ug.GROUP_ID = g.ID
where g.STRING_ID = 'PD_RESPONSIBLE'
