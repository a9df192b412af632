-- pd_kinds(text): the kinds of personal data a free text visibly holds, as a list of plain words
-- (never the values): an e-mail address (also URL-encoded, %40), a +7 phone number (also %2B7,
-- with spaces, dashes or brackets), an IIN-like 12-digit number (YYMMDD date, then a century/sex
-- digit 0-6; the checksum is not verified) and a password field. Used by LOG-1 and SEC-3.
create or replace macro pd_kinds(t) as list_filter([
    case when regexp_matches(t, '[A-Za-z0-9._%+-]+(@|%40)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}')
        then 'an e-mail address' end,
    case when regexp_matches(t, '(\+|%2[Bb])7[ (-]*[0-9]{3}[ )-]*[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{2}([^0-9]|$)')
        then 'a +7 phone number' end,
    case when regexp_matches(t, '(^|[^0-9])[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-6][0-9]{5}([^0-9]|$)')
        then 'an IIN-like 12-digit number' end,
    case when regexp_matches(lower(t), '(^|[^a-z])(password|passwd|pwd)"?\s*[:=]')
        then 'a password field' end
], x -> x is not null);

-- domain_label(domain): the registrable label of a host (mc.yandex.ru -> yandex), alphanumerics
-- only, to match a third-party domain against recipient names (the contract has no domain column).
create or replace macro domain_label(d) as regexp_replace(
    list_extract(string_split(ltrim(lower(d), '.'), '.'), -2), '[^a-z0-9]', '', 'g'
);
