-- id: DSR-8
-- title: Request taken with no recorded channel, or data released before the requester's identity was
--   verified
-- clause: PP-20 "to be aware of the availability of their personal data"
-- law: Art. 10(2) L94
-- severity: medium
-- params: period_start, period_end
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Every request received in the period. A finding is a
--   NULL or blank channel, or, for access requests answered with outcome granted or partial (the kinds that
--   release data), an answered_at with no identity_verified_at or before it. The contract does not enumerate
--   channels, so which channels count as secure is not judged.
with requests as (
    select
        request_id,
        user_id,
        kind,
        received_at,
        answered_at,
        identity_verified_at,
        nullif(trim(channel), '') is null as no_channel,
        kind = 'access'
        and outcome in ('granted', 'partial')
        and answered_at is not null
        and (identity_verified_at is null or answered_at < identity_verified_at) as unverified
    from stg_dsr_requests
    where received_at between $period_start and $period_end
)

select
    request_id as record_key,
    user_id,
    received_at as occurred_at,
    kind,
    answered_at,
    identity_verified_at,
    kind || ' request received ' || local_day(received_at)
    || case when no_channel then ' has no recorded channel' else '' end
    || case when no_channel and unverified then ' and' else '' end
    || case
        when unverified and identity_verified_at is null
            then ' released data on ' || local_day(answered_at)
            || ' with no identity verification recorded'
        when unverified
            then ' released data on ' || local_day(answered_at)
            || ' before the identity was verified'
        else ''
    end as reason
from requests
where no_channel or unverified
order by request_id;
