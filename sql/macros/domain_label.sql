-- domain_label(domain): the registrable label of a host (mc.yandex.ru -> yandex), alphanumerics
-- only, to match a third-party domain against recipient names (the contract has no domain column).
create or replace macro domain_label(d) as regexp_replace(
    list_extract(string_split(ltrim(lower(d), '.'), '.'), -2), '[^a-z0-9]', '', 'g'
);
