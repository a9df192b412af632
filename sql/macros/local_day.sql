-- local_day(ts): the operator's local calendar day of an instant, as YYYY-MM-DD text, for the
-- reasons checks give (local_date comes from the calendar, in the yardstick's time zone).
create or replace macro local_day(ts) as strftime(local_date(ts), '%Y-%m-%d');
