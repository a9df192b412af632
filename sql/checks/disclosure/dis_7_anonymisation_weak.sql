-- id: DIS-7
-- title: "Anonymised" disclosure carries a direct identifier or is not k-anonymous
-- clause: PP-17 "anonymized information (data that does not identify Users individually)"
-- law: Art. 17(1), Art. 1(7) L94 (depersonalisation before transfer for research)
-- severity: high
-- params: period_start, period_end, direct_identifiers, quasi_identifiers, k_min
-- needs: stg_disclosures
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. judged:
--   disclosures with anonymised = true or legal_basis 'anonymised'. (a) any field in the yardstick's
--   direct_identifiers is a finding. (b) k-anonymity over the quasi-identifiers among the disclosed fields,
--   rebuilt per person of the disclosure's population in disclosure_subjects (the demo and the audit read
--   disclosure_subjects as listing the population of anonymised disclosures too) from users: age_band =
--   10-year band of the age at the local disclosure date from birth_date, country = users.country, gender =
--   7th IIN digit (odd male, even female). city and postcode are not in the contract and cannot be rebuilt: k
--   is computed on the derivable quasi-identifiers only, which overstates k when they were disclosed. Persons
--   whose disclosed quasi-identifier cannot be rebuilt (e.g. destroyed since) are left out. The smallest
--   equivalence class below k_min is a finding (no quasi-identifier disclosed: the whole population is one
--   class). An anonymised disclosure with no population listed is not judged under (b): k cannot be computed
--   (reported as a limitation, not as a pass).
with anon as (
    select
        disclosure_id,
        recipient_id,
        disclosed_at,
        coalesce(fields, []::varchar[]) as fields,
        list_intersect(coalesce(fields, []::varchar[]), $direct_identifiers) as direct_fields,
        list_intersect(coalesce(fields, []::varchar[]), $quasi_identifiers) as quasi_fields
    from stg_disclosures
    where
        disclosed_at between $period_start and $period_end
        and (coalesce(anonymised, false) or legal_basis = 'anonymised')
),

people as (
    select
        a.disclosure_id,
        case
            when list_contains(a.quasi_fields, 'age_band')
                then (
                    (extract(year from age(local_date(a.disclosed_at), u.birth_date)) // 10) * 10
                )::varchar
                || '-' || (
                    (extract(year from age(local_date(a.disclosed_at), u.birth_date)) // 10) * 10 + 9
                )::varchar
            else '*'
        end as age_band,
        case when list_contains(a.quasi_fields, 'country') then u.country else '*' end as country,
        case
            when list_contains(a.quasi_fields, 'gender')
                then case
                    when substr(u.iin, 7, 1) in ('1', '3', '5') then 'm'
                    when substr(u.iin, 7, 1) in ('2', '4', '6') then 'f'
                end
            else '*'
        end as gender
    from anon as a
    inner join stg_disclosure_subjects as s on a.disclosure_id = s.disclosure_id
    inner join stg_users as u on s.user_id = u.user_id
),

classes as (
    select
        disclosure_id,
        age_band,
        country,
        gender,
        count(*) as class_size
    from people
    where age_band is not null and country is not null and gender is not null
    group by all
),

smallest as (
    select
        disclosure_id,
        min(class_size) as k,
        count(*) as n_classes
    from classes
    group by disclosure_id
)

select
    a.disclosure_id as record_key,
    a.disclosed_at as occurred_at,
    a.recipient_id,
    a.direct_fields,
    k.k,
    case
        when len(a.direct_fields) > 0
            then '"anonymised" disclosure on ' || local_day(a.disclosed_at)
            || ' carries direct identifiers: ' || array_to_string(list_sort(a.direct_fields), ', ')
        else
            '"anonymised" disclosure on ' || local_day(a.disclosed_at)
            || ' is only ' || k.k::varchar || '-anonymous on '
            || coalesce(
                nullif(array_to_string(list_sort(a.quasi_fields), ', '), ''),
                'no quasi-identifier'
            )
            || ' (minimum ' || $k_min::varchar || ')'
    end as reason
from anon as a
left join smallest as k on a.disclosure_id = k.disclosure_id
where len(a.direct_fields) > 0 or k.k < $k_min
order by a.disclosure_id;
