-- id: DIS-3
-- title: Disclosure to an authority without a documented, prior, competent request covering the data
-- clause: PP-14 "at the request of competent authorities, drawn up in accordance with … legislation"; PP-13
-- law: Art. 9(1) L94 (processing without consent on a statutory ground)
-- severity: high
-- params: period_start, period_end
-- needs: stg_disclosures
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. gov_request is
--   legal_basis 'authority_request' or 'court_order' (a court is a competent authority). Found: no
--   request_id, or one with no legal_requests row; the request received after the disclosure (or its receipt
--   not recorded); authority_kind not recorded or 'other' (competence not shown; police, prosecutor, court,
--   tax and regulator count as competent); a 'court_order' whose request is not from a court; the request's
--   legal_basis_ref not recorded; any disclosed field outside the request's scope_fields (scope not recorded
--   = every field is outside it). The recipient's kind is not judged: a court may order disclosure to a
--   private party (see DIS-4).
with gov as (
    select
        d.disclosure_id,
        d.disclosed_at,
        d.legal_basis,
        d.request_id,
        d.fields,
        q.request_id as found_request,
        q.received_at,
        q.authority_kind,
        q.legal_basis_ref,
        q.scope_fields,
        list_filter(
            coalesce(d.fields, []::varchar[]),
            x -> not coalesce(list_contains(q.scope_fields, x), false)
        ) as beyond_scope
    from stg_disclosures as d
    left join stg_legal_requests as q on d.request_id = q.request_id
    where
        d.disclosed_at between $period_start and $period_end
        and d.legal_basis in ('authority_request', 'court_order')
),

judged as (
    select
        *,
        case
            when request_id is null then 'no request document is referenced'
            when found_request is null then 'request ' || request_id || ' is not in legal_requests'
            when received_at is null then 'request ' || request_id || ' has no receipt date'
            when received_at > disclosed_at
                then 'request ' || request_id || ' was received after the disclosure'
            when authority_kind is null or authority_kind = 'other'
                then 'request ' || request_id || ' does not show a competent authority'
            when legal_basis = 'court_order' and authority_kind <> 'court'
                then 'disclosure under a court order, but request ' || request_id
                || ' comes from a ' || authority_kind
            when legal_basis_ref is null
                then 'request ' || request_id || ' cites no legal basis'
            when len(beyond_scope) > 0
                then 'fields beyond the scope of request ' || request_id || ': '
                || array_to_string(list_sort(beyond_scope), ', ')
        end as problem
    from gov
)

select
    disclosure_id as record_key,
    disclosed_at as occurred_at,
    legal_basis,
    request_id,
    authority_kind,
    'disclosure on ' || local_day(disclosed_at) || ' (' || legal_basis || '): '
    || problem as reason
from judged
where problem is not null
order by disclosure_id;
