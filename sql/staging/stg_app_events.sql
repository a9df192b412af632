-- stg_app_events: app events with a stable event_key (request_id, else <file basename>:<line>)
-- and the details fields the log checks read. A purpose is trimmed and lower-cased (blank = none),
-- a domain also without its leading dot (detail_domain_norm, compared as browsers do).
-- depends: log_app
create or replace view stg_app_events as
select
    * replace (nullif(lower(trim(purpose)), '') as purpose),
    coalesce(request_id, regexp_extract(file, '[^/\\]+$') || ':' || line_no) as event_key,
    regexp_extract(file, '[^/\\]+$') || ':' || line_no as line_key,
    json_extract_string(details, '$.scope') as detail_scope,
    json_extract_string(details, '$.domain') as detail_domain,
    ltrim(lower(trim(json_extract_string(details, '$.domain'))), '.') as detail_domain_norm
from log_app;
