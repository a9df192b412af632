-- stg_security_incidents: the contract columns of security_incidents, whatever the source (DuckDB file,
-- exports, PostgreSQL).
-- Closed-set values are trimmed and lower-cased, country codes upper-cased.
-- depends: raw_security_incidents
create or replace view stg_security_incidents as
select
    incident_id,
    detected_at,
    personal_data_breach,
    affected_count,
    authority_notified_at,
    contact_included,
    measures_taken
from raw_security_incidents;
