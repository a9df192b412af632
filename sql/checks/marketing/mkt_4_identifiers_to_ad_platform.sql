-- id: MKT-4
-- title: Identifiers uploaded to an advertising platform
-- clause: PP-9(b) "advertising ... of third parties"; PP-12 "does not share ... with non-affiliates"
-- law: Art. 1(7), Art. 7(6) L94 (hashing is not depersonalisation)
-- severity: high
-- params: period_start, period_end, direct_identifiers
-- needs: stg_disclosures, stg_recipients
-- note: An event in the period: a disclosure to an ad platform made in the period. Any disclosure to a
--   recipient of kind ad_platform that is not marked anonymised, or that carries a direct identifier field
--   (yardstick direct_identifiers; a hashed e-mail is still listed as email), whatever its legal basis.
select
    d.disclosure_id as record_key,
    d.disclosed_at as occurred_at,
    d.recipient_id,
    d.fields,
    d.record_count,
    'disclosure ' || d.disclosure_id || ' to ad platform ' || d.recipient_id || ' on '
    || local_day(d.disclosed_at) || ' '
    || case
        when (d.anonymised is distinct from true)
            then 'was not depersonalised'
            || coalesce(' (fields: ' || array_to_string(d.fields, ', ') || ')', '')
        else
            'was marked anonymised but carries identifiers: '
            || array_to_string(list_intersect(d.fields, $direct_identifiers), ', ')
    end as reason
from stg_disclosures as d
inner join stg_recipients as r on d.recipient_id = r.recipient_id
where
    r.kind = 'ad_platform'
    and d.disclosed_at between $period_start and $period_end
    and (
        d.anonymised is distinct from true
        or list_has_any(coalesce(d.fields, []), $direct_identifiers)
    )
order by record_key;
