-- pd_kinds(text): the kinds of personal data a free text visibly holds, as a list of plain words
-- (never the values). The identifiers come from wgp_audit.identifiers (one detector for these
-- checks and the report masker), registered on the audit connection by
-- register_identifier_functions: pd_identifier_candidate(t) is a cheap RE2 pre-filter, and only
-- the text it keeps goes to the Python function pd_identifier_kinds(t). Text is URL-decoded first
-- (%40, %2B7, '+' as a space in query strings). Kinds that identify a person: an e-mail address,
-- a +7/8 phone number (Kazakh spellings), an IIN (checksum, birth date and century digit
-- verified: 12-digit order numbers are not IINs), a name of a person the source holds
-- (users.full_name, whole words). Not reported here: IP addresses (PP-6 declares them as log
-- fields) and BINs (they identify a legal entity, not a person). A password field is matched
-- by its own pattern. Used by LOG-1 and SEC-3.
create or replace macro pd_kinds(t) as list_concat(
    list_transform(
        list_filter(
            case when t is not null and pd_identifier_candidate(t) then pd_identifier_kinds(t) end,
            k -> k in ('email', 'phone', 'iin', 'name')
        ),
        k -> case k
            when 'email' then 'an e-mail address'
            when 'phone' then 'a phone number'
            when 'iin' then 'an IIN'
            when 'name' then 'the name of a person the source holds'
        end
    ),
    case
        when regexp_matches(lower(coalesce(t, '')), '(^|[^a-z])(password|passwd|pwd)"?\s*[:=]')
            then ['a password field']
        else []
    end
);
