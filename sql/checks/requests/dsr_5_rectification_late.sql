-- id: DSR-5
-- title: Rectification not done within one working day of the supporting documents
-- clause: PP-20 "to change and supplement their personal data if there are grounds, confirmed by the relevant
--   documents"
-- law: Art. 13, Art. 24(1)(2), Art. 25(2)(8) L94
-- severity: medium
-- params: as_of, period_start, period_end, deadline_rectify, in_force_rectify
-- needs: stg_dsr_requests
-- note: An event in the period: a request received in the period, its deadline counted from it; periods that
--   follow each other judge each request once, so one received before the period belongs to the earlier
--   period even when its deadline falls in this one. Rectify requests received in the period whose documents
--   arrived (docs_received_at); the clock starts on that day, so a request still waiting for documents is not
--   judged. A finding is completed_at after wd_deadline(docs_received_at, deadline_rectify), or no
--   completed_at once that deadline has passed. Refused requests are DSR-3. Whether the data was destroyed
--   when rectification was impossible is not recorded in the contract.
with rectify as (
    select
        request_id,
        user_id,
        received_at,
        docs_received_at,
        completed_at,
        wd_deadline(docs_received_at, $deadline_rectify) as done_by
    from stg_dsr_requests
    where
        kind = 'rectify'
        and outcome is distinct from 'refused'
        and docs_received_at is not null
        and received_at between $period_start and $period_end
        and local_date(docs_received_at) >= $in_force_rectify
)

select
    request_id as record_key,
    user_id,
    docs_received_at as occurred_at,
    done_by,
    completed_at,
    case
        when completed_at is null
            then 'rectification with documents received '
            || local_day(docs_received_at)
            || ' is not done; it was due by ' || local_day(done_by)
        else
            'rectification with documents received '
            || local_day(docs_received_at)
            || ' was done on ' || local_day(completed_at)
            || ', after the deadline of ' || local_day(done_by)
    end as reason
from rectify
where (completed_at is null and done_by < $as_of) or completed_at > done_by
order by request_id;
