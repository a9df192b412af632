-- stg_cookie_observations: one row per cookie.set event in the app log, with the cookie's
-- attributes from details and the inventory row it matches (domains compared without the
-- leading dot and case-insensitively, as browsers do: RFC 6265 5.2.3).
-- depends: stg_app_events
create or replace view stg_cookie_observations as
select
    e.event_key,
    e.file,
    e.line_no,
    e.ts,
    e.session_id,
    e.user_id,
    json_extract_string(e.details, '$.name') as name,
    lower(json_extract_string(e.details, '$.domain')) as domain,
    ltrim(lower(json_extract_string(e.details, '$.domain')), '.') as domain_norm,
    try_cast(json_extract_string(e.details, '$.max_age') as bigint) as max_age,
    json_extract_string(e.details, '$.expires') as expires,
    try_cast(json_extract_string(e.details, '$.secure') as boolean) as secure,
    try_cast(json_extract_string(e.details, '$.http_only') as boolean) as http_only
from stg_app_events as e
where e.event = 'cookie.set';
