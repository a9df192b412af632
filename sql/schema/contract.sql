-- Data contract v1 (../shared/data-contract.md) as DuckDB DDL.
-- wgp_audit.contract reads this file: the tables, columns and types below are required;
-- `primary key` marks the key checked for duplicates; `-- enum: a|b|c` after a column
-- declares its closed set of values (other values are data-quality findings).
-- Timestamps are timestamptz (UTC); list columns are varchar[].

create table users (
    user_id varchar primary key,
    full_name varchar,
    email varchar,
    phone varchar,
    iin varchar,
    birth_date date,
    country varchar,
    status varchar, -- enum: active|closed|destroyed
    created_at timestamptz,
    last_active_at timestamptz,
    closed_at timestamptz,
    legal_hold_until date,
    legal_hold_basis varchar,
    source varchar, -- enum: self|partner|third_party
    source_recipient_id varchar,
    source_basis_ref varchar
);

create table policy_versions (
    version_id varchar primary key,
    label varchar,
    effective_at timestamptz,
    url varchar,
    text_sha256 varchar,
    material_change boolean
);

create table purposes (
    purpose_code varchar primary key,
    description varchar,
    policy_clause varchar,
    legal_basis varchar, -- enum: consent|contract|law
    requires_consent boolean
);

create table consents (
    consent_id varchar primary key,
    user_id varchar,
    scope varchar, -- enum: customer_service|account|advertising|analytics|marketing|research|enforcement|third_party|cross_border|publication
    given_at timestamptz,
    valid_until timestamptz, -- validity: lies in the future by design (data-contract.md)
    policy_version_id varchar,
    method varchar, -- enum: web_form|written|e_document|sms_code|state_service|continued_use
    evidence_ref varchar,
    given_by varchar, -- enum: subject|legal_rep
    representative_id varchar,
    operator_bin varchar,
    states_data_list boolean,
    notify_on_transfer boolean
);

create table consent_withdrawals (
    withdrawal_id varchar primary key,
    consent_id varchar,
    user_id varchar,
    scope varchar,
    received_at timestamptz,
    processed_at timestamptz,
    outcome varchar, -- enum: stopped|refused
    refusal_basis varchar
);

create table support_tickets (
    ticket_id varchar primary key,
    user_id varchar,
    opened_at timestamptz,
    closed_at timestamptz,
    channel varchar,
    body varchar
);

create table communications (
    message_id varchar primary key,
    user_id varchar,
    channel varchar, -- enum: email|sms|push|phone
    kind varchar, -- enum: service|marketing
    campaign_id varchar,
    sent_at timestamptz,
    provider_recipient_id varchar
);

create table recipients (
    recipient_id varchar primary key,
    name varchar,
    kind varchar, -- enum: affiliate|service_provider|government_authority|court|individual|buyer|researcher|ad_platform|data_broker
    country varchar,
    contract_signed_at timestamptz,
    security_clause boolean
);

create table disclosures (
    disclosure_id varchar primary key,
    recipient_id varchar,
    disclosed_at timestamptz,
    legal_basis varchar, -- enum: consent|authority_request|court_order|reorganisation|anonymised|processor_contract
    request_id varchar,
    anonymised boolean,
    fields varchar[],
    record_count bigint,
    consideration_amount decimal(18, 2),
    destination_country varchar,
    purpose_code varchar
);

create table disclosure_subjects (
    disclosure_id varchar,
    user_id varchar
);

create table transfer_notifications (
    notification_id varchar primary key,
    disclosure_id varchar,
    user_id varchar,
    sent_at timestamptz
);

create table legal_requests (
    request_id varchar primary key,
    authority_name varchar,
    authority_kind varchar, -- enum: police|prosecutor|court|tax|regulator|other
    received_at timestamptz,
    legal_basis_ref varchar,
    scope_fields varchar[]
);

create table corporate_transactions (
    txn_id varchar primary key,
    kind varchar, -- enum: sale|reorganisation
    buyer_recipient_id varchar,
    assets_share_pct decimal(5, 2),
    closed_at timestamptz
);

create table dsr_requests (
    request_id varchar primary key,
    user_id varchar,
    kind varchar, -- enum: access|rectify|block|unblock|destroy|object_automated
    channel varchar,
    received_at timestamptz,
    identity_verified_at timestamptz,
    docs_received_at timestamptz,
    answered_at timestamptz,
    completed_at timestamptz,
    outcome varchar, -- enum: granted|refused|partial
    refusal_reason varchar,
    fee_charged decimal(18, 2),
    response_elements varchar[]
);

create table destruction_records (
    destruction_id varchar primary key,
    user_id varchar,
    store_id varchar,
    category varchar,
    reason varchar, -- enum: retention|closure|request|unlawful|consent_withdrawn|court
    triggered_at timestamptz,
    destroyed_at timestamptz,
    includes_backups boolean
);

create table storage_locations (
    store_id varchar primary key,
    system varchar,
    role varchar, -- enum: primary|replica|backup|log_store|analytics|processor
    provider varchar,
    country varchar,
    city varchar,
    holds_personal_data boolean,
    encrypted_at_rest boolean,
    cross_border_basis varchar
);

create table cookies (
    name varchar,
    domain varchar,
    kind varchar, -- enum: session|persistent
    declared_max_age_days integer,
    purpose_code varchar,
    essential boolean
);

create table security_incidents (
    incident_id varchar primary key,
    detected_at timestamptz,
    personal_data_breach boolean,
    affected_count bigint,
    authority_notified_at timestamptz,
    contact_included boolean,
    measures_taken varchar
);

create table org_roles (
    person_id varchar,
    role varchar,
    appointed_at timestamptz,
    ended_at timestamptz -- validity: a fixed-term appointment's planned end
);
