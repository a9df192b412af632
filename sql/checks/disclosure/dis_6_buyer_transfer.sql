-- id: DIS-6
-- title: Transfer to a buyer without a closed sale or reorganisation of substantially all assets
-- clause: PP-16 "transfers all or substantially all of its assets … transferred to the buyer"
-- law: Privacy Policy commitment (PP-16); Art. 7(6) L94
-- severity: high
-- params: period_start, period_end
-- needs: stg_disclosures
-- note: An event in the period: a disclosure made in the period (disclosed_at); the records it is judged
--   against (recipients, requests, consents, transactions) are read whenever they were made. reorg is
--   legal_basis 'reorganisation', plus any disclosure to a recipient of kind 'buyer'. It is covered when a
--   corporate_transactions row of kind sale or reorganisation names the recipient as buyer_recipient_id,
--   closed at or before disclosed_at, with assets_share_pct >= 80. The 80 % reading of "substantially all" is
--   an interpretation (requirements.md: "e.g. 80% — I"); the yardstick has no slot for it, so it is a literal
--   in this file. The reason names the closest failure: no transaction with that buyer, not closed by the
--   disclosure, or share below 80 %.
with buyer_flows as (
    select
        d.disclosure_id,
        d.recipient_id,
        d.disclosed_at,
        d.legal_basis
    from stg_disclosures as d
    left join stg_recipients as r on d.recipient_id = r.recipient_id
    where
        d.disclosed_at between $period_start and $period_end
        and (d.legal_basis = 'reorganisation' or r.kind = 'buyer')
),

matched as (
    select
        f.disclosure_id,
        count(t.txn_id) as txns,
        count(t.txn_id) filter (where t.closed_at <= f.disclosed_at) as closed_before,
        count(t.txn_id) filter (
            where t.closed_at <= f.disclosed_at and t.assets_share_pct >= 80
        ) as covering,
        max(t.assets_share_pct) filter (where t.closed_at <= f.disclosed_at) as best_share
    from buyer_flows as f
    left join stg_corporate_transactions as t
        on
            f.recipient_id = t.buyer_recipient_id
            and t.kind in ('sale', 'reorganisation')
    group by f.disclosure_id
)

select
    f.disclosure_id as record_key,
    f.disclosed_at as occurred_at,
    f.recipient_id,
    f.legal_basis,
    m.best_share as assets_share_pct,
    'transfer to buyer ' || f.recipient_id || ' on ' || local_day(f.disclosed_at)
    || case
        when m.txns = 0 then ': no sale or reorganisation with this buyer is recorded'
        when m.closed_before = 0 then ': the transaction was not closed by the disclosure date'
        else
            ': the transaction covers ' || coalesce(m.best_share::varchar, 'an unrecorded share')
            || ' % of assets, not substantially all (80 %)'
    end as reason
from buyer_flows as f
inner join matched as m on f.disclosure_id = m.disclosure_id
where m.covering = 0
order by f.disclosure_id;
