-- id: PUR-5
-- title: Data obtained from a partner or third party with no lawful-basis record
-- clause: PP-7 "add information lawfully obtained from business partners or third parties"
-- law: Art. 7(6) L94
-- severity: medium
-- params: as_of
-- needs: stg_users
-- note: data_lineage maps to users.source / source_recipient_id / source_basis_ref. A record sourced from a
--   partner or third party needs both the source recipient and the document that made the transfer lawful.
--   Destroyed records are still judged (the collection happened).
select
    user_id as record_key,
    user_id,
    created_at as occurred_at,
    source,
    source_recipient_id,
    'record attached ' || coalesce(local_day(created_at), 'on an unknown date')
    || ' from a ' || replace(source, '_', ' ') || ' source '
    || case
        when source_recipient_id is null or trim(source_recipient_id) = ''
            then case
                when source_basis_ref is null or trim(source_basis_ref) = ''
                    then 'names neither the source nor a lawful-basis document'
                else 'does not name the source'
            end
        else coalesce(source_recipient_id, '') || ' has no lawful-basis document'
    end as reason
from stg_users
where
    source in ('partner', 'third_party')
    and (created_at is null or created_at <= $as_of)
    and (
        source_basis_ref is null or trim(source_basis_ref) = ''
        or source_recipient_id is null or trim(source_recipient_id) = ''
    )
order by user_id;
