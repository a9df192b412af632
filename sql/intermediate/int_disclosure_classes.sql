-- int_disclosure_classes: every disclosure classified for charts (recipient kind and legal
-- basis, by local month). One row per disclosure. `month` is the first day of the month of
-- disclosed_at in the session time zone (the yardstick's, Asia/Atyrau), `identifiable` is
-- anonymised not true (NULL counts as identifiable), `subjects` counts the listed
-- disclosure_subjects (for anonymised disclosures: the population the data was derived from).
-- Kinds or bases that are not recorded read 'not recorded'; a recipient missing from the
-- register reads 'unknown recipient'.
-- depends: stg_disclosure_subjects, stg_disclosures, stg_recipients
create or replace view int_disclosure_classes as
with subject_counts as (
    select
        disclosure_id,
        count(distinct user_id) as subjects
    from stg_disclosure_subjects
    group by disclosure_id
)

select
    d.disclosure_id,
    date_trunc('month', timezone(current_setting('TimeZone'), d.disclosed_at))::date as month,
    d.recipient_id,
    case
        when r.recipient_id is null then 'unknown recipient'
        else coalesce(r.kind, 'not recorded')
    end as recipient_kind,
    coalesce(d.legal_basis, 'not recorded') as legal_basis,
    not coalesce(d.anonymised, false) as identifiable,
    coalesce(d.destination_country, r.country) as destination_country,
    d.record_count,
    coalesce(s.subjects, 0) as subjects
from stg_disclosures as d
left join stg_recipients as r on d.recipient_id = r.recipient_id
left join subject_counts as s on d.disclosure_id = s.disclosure_id;
