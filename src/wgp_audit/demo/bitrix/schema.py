"""The subset of a 1C-Bitrix site's tables the Bitrix demo writes, as MySQL and SQLite DDL.

Column names and types follow Bitrix's own main, form and consent modules (b_user, b_group,
b_user_group, b_uts_user user fields, b_consent_agreement, b_consent_user_consent, b_event,
b_event_log, b_form*), written here for the columns the demo fills; the wgp_pd_* tables are
highload-block registers the site added for what Bitrix lacks (an ID plus UF_* columns, the way
the highloadblock module creates them). Bitrix keeps DATETIME as zone-less local server time and
flags as 'Y'/'N' (highload booleans as 1/0).
"""

from __future__ import annotations

# (column, MySQL type); the first column is the primary key unless the table says otherwise.
Columns = tuple[tuple[str, str], ...]

TABLES: dict[str, Columns] = {
    "b_user": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("TIMESTAMP_X", "datetime DEFAULT NULL"),
        ("LOGIN", "varchar(50) NOT NULL"),
        ("PASSWORD", "varchar(255) NOT NULL"),
        ("ACTIVE", "char(1) NOT NULL DEFAULT 'Y'"),
        ("NAME", "varchar(50) DEFAULT NULL"),
        ("LAST_NAME", "varchar(50) DEFAULT NULL"),
        ("SECOND_NAME", "varchar(50) DEFAULT NULL"),
        ("EMAIL", "varchar(255) DEFAULT NULL"),
        ("LAST_LOGIN", "datetime DEFAULT NULL"),
        ("DATE_REGISTER", "datetime NOT NULL"),
        ("LID", "char(2) DEFAULT NULL"),
        ("PERSONAL_PHONE", "varchar(255) DEFAULT NULL"),
        ("PERSONAL_MOBILE", "varchar(255) DEFAULT NULL"),
        ("PERSONAL_BIRTHDAY", "date DEFAULT NULL"),
        ("PERSONAL_GENDER", "char(1) DEFAULT NULL"),
        ("PERSONAL_CITY", "varchar(255) DEFAULT NULL"),
        ("WORK_COMPANY", "varchar(255) DEFAULT NULL"),
        ("EXTERNAL_AUTH_ID", "varchar(255) DEFAULT NULL"),
        ("XML_ID", "varchar(255) DEFAULT NULL"),
        ("LAST_ACTIVITY_DATE", "datetime DEFAULT NULL"),
    ),
    "b_uts_user": (
        ("VALUE_ID", "int(11) NOT NULL"),
        ("UF_IIN", "varchar(12) DEFAULT NULL"),
        ("UF_LEGAL_HOLD_UNTIL", "date DEFAULT NULL"),
        ("UF_LEGAL_HOLD_BASIS", "text DEFAULT NULL"),
    ),
    "b_group": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("TIMESTAMP_X", "datetime DEFAULT NULL"),
        ("ACTIVE", "char(1) NOT NULL DEFAULT 'Y'"),
        ("C_SORT", "int(18) NOT NULL DEFAULT 100"),
        ("ANONYMOUS", "char(1) NOT NULL DEFAULT 'N'"),
        ("NAME", "varchar(255) NOT NULL"),
        ("DESCRIPTION", "varchar(255) DEFAULT NULL"),
        ("STRING_ID", "varchar(255) DEFAULT NULL"),
    ),
    "b_user_group": (
        ("USER_ID", "int(18) NOT NULL"),
        ("GROUP_ID", "int(18) NOT NULL"),
        ("DATE_ACTIVE_FROM", "datetime DEFAULT NULL"),
        ("DATE_ACTIVE_TO", "datetime DEFAULT NULL"),
    ),
    "b_consent_agreement": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("CODE", "varchar(45) DEFAULT NULL"),
        ("DATE_INSERT", "datetime NOT NULL"),
        ("ACTIVE", "char(1) NOT NULL DEFAULT 'Y'"),
        ("NAME", "varchar(255) NOT NULL"),
        ("TYPE", "char(1) DEFAULT NULL"),
        ("LANGUAGE_ID", "char(2) DEFAULT NULL"),
        ("DATA_PROVIDER", "varchar(45) DEFAULT NULL"),
        ("AGREEMENT_TEXT", "longtext DEFAULT NULL"),
        ("LABEL_TEXT", "varchar(4000) DEFAULT NULL"),
        ("SECURITY_CODE", "varchar(32) DEFAULT NULL"),
        ("USE_URL", "char(1) NOT NULL DEFAULT 'N'"),
        ("URL", "varchar(255) DEFAULT NULL"),
    ),
    "b_consent_user_consent": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("DATE_INSERT", "datetime NOT NULL"),
        ("AGREEMENT_ID", "int(18) NOT NULL"),
        ("USER_ID", "int(18) DEFAULT NULL"),
        ("IP", "varchar(15) NOT NULL"),
        ("URL", "varchar(4000) DEFAULT NULL"),
        ("ORIGIN_ID", "varchar(30) DEFAULT NULL"),
        ("ORIGINATOR_ID", "varchar(30) DEFAULT NULL"),
    ),
    "b_event": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("EVENT_NAME", "varchar(255) NOT NULL"),
        ("MESSAGE_ID", "int(18) DEFAULT NULL"),
        ("LID", "varchar(255) NOT NULL"),
        ("C_FIELDS", "longtext DEFAULT NULL"),
        ("DATE_INSERT", "datetime DEFAULT NULL"),
        ("DATE_EXEC", "datetime DEFAULT NULL"),
        ("SUCCESS_EXEC", "char(1) NOT NULL DEFAULT 'N'"),
        ("DUPLICATE", "char(1) NOT NULL DEFAULT 'Y'"),
        ("LANGUAGE_ID", "char(2) DEFAULT NULL"),
    ),
    "b_event_log": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("TIMESTAMP_X", "datetime NOT NULL"),
        ("SEVERITY", "varchar(50) NOT NULL"),
        ("AUDIT_TYPE_ID", "varchar(50) NOT NULL"),
        ("MODULE_ID", "varchar(50) NOT NULL"),
        ("ITEM_ID", "varchar(255) NOT NULL"),
        ("REMOTE_ADDR", "varchar(40) DEFAULT NULL"),
        ("USER_AGENT", "text DEFAULT NULL"),
        ("REQUEST_URI", "text DEFAULT NULL"),
        ("SITE_ID", "char(2) DEFAULT NULL"),
        ("USER_ID", "int(18) DEFAULT NULL"),
        ("GUEST_ID", "int(18) DEFAULT NULL"),
        ("DESCRIPTION", "mediumtext DEFAULT NULL"),
    ),
    "b_form": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("TIMESTAMP_X", "datetime DEFAULT NULL"),
        ("NAME", "varchar(255) NOT NULL"),
        ("SID", "varchar(50) NOT NULL"),
        ("C_SORT", "int(18) DEFAULT 100"),
        ("USE_CAPTCHA", "char(1) DEFAULT 'N'"),
    ),
    "b_form_field": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("FORM_ID", "int(18) NOT NULL DEFAULT 0"),
        ("TIMESTAMP_X", "datetime DEFAULT NULL"),
        ("ACTIVE", "char(1) DEFAULT 'Y'"),
        ("TITLE", "text DEFAULT NULL"),
        ("SID", "varchar(50) DEFAULT NULL"),
        ("C_SORT", "int(18) NOT NULL DEFAULT 100"),
        ("REQUIRED", "char(1) DEFAULT 'N'"),
    ),
    "b_form_status": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("FORM_ID", "int(18) NOT NULL DEFAULT 0"),
        ("TIMESTAMP_X", "datetime DEFAULT NULL"),
        ("ACTIVE", "char(1) NOT NULL DEFAULT 'Y'"),
        ("C_SORT", "int(18) NOT NULL DEFAULT 100"),
        ("TITLE", "varchar(255) NOT NULL"),
        ("DEFAULT_VALUE", "char(1) DEFAULT NULL"),
    ),
    "b_form_result": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("TIMESTAMP_X", "datetime DEFAULT NULL"),
        ("DATE_CREATE", "datetime DEFAULT NULL"),
        ("STATUS_ID", "int(18) NOT NULL DEFAULT 0"),
        ("FORM_ID", "int(18) NOT NULL DEFAULT 0"),
        ("USER_ID", "int(18) DEFAULT NULL"),
        ("USER_AUTH", "char(1) NOT NULL DEFAULT 'N'"),
        ("STAT_GUEST_ID", "int(18) DEFAULT NULL"),
        ("STAT_SESSION_ID", "int(18) DEFAULT NULL"),
    ),
    "b_form_result_answer": (
        ("ID", "int(18) NOT NULL AUTO_INCREMENT"),
        ("RESULT_ID", "int(18) NOT NULL DEFAULT 0"),
        ("FORM_ID", "int(18) NOT NULL DEFAULT 0"),
        ("FIELD_ID", "int(18) NOT NULL DEFAULT 0"),
        ("ANSWER_ID", "int(18) DEFAULT NULL"),
        ("USER_TEXT", "longtext DEFAULT NULL"),
        ("USER_DATE", "datetime DEFAULT NULL"),
        ("USER_FILE_ID", "int(18) DEFAULT NULL"),
        ("USER_FILE_NAME", "varchar(255) DEFAULT NULL"),
    ),
    # Highload blocks the site added (registers Bitrix does not have).
    "wgp_pd_requests": (
        ("ID", "int(11) unsigned NOT NULL AUTO_INCREMENT"),
        ("UF_USER_ID", "int(18) DEFAULT NULL"),
        ("UF_TYPE", "varchar(30) DEFAULT NULL"),
        ("UF_SCOPE", "varchar(30) DEFAULT NULL"),
        ("UF_CHANNEL", "varchar(30) DEFAULT NULL"),
        ("UF_RECEIVED_AT", "datetime DEFAULT NULL"),
        ("UF_IDENTITY_CHECKED_AT", "datetime DEFAULT NULL"),
        ("UF_DOCS_RECEIVED_AT", "datetime DEFAULT NULL"),
        ("UF_ANSWERED_AT", "datetime DEFAULT NULL"),
        ("UF_COMPLETED_AT", "datetime DEFAULT NULL"),
        ("UF_OUTCOME", "varchar(30) DEFAULT NULL"),
        ("UF_REFUSAL_REASON", "text DEFAULT NULL"),
        ("UF_FEE", "decimal(18,2) DEFAULT NULL"),
        ("UF_RESPONSE_ITEMS", "text DEFAULT NULL"),
    ),
    "wgp_pd_recipients": (
        ("ID", "int(11) unsigned NOT NULL AUTO_INCREMENT"),
        ("UF_XML_ID", "varchar(50) DEFAULT NULL"),
        ("UF_NAME", "varchar(255) DEFAULT NULL"),
        ("UF_KIND", "varchar(30) DEFAULT NULL"),
        ("UF_COUNTRY", "char(2) DEFAULT NULL"),
        ("UF_CONTRACT_DATE", "date DEFAULT NULL"),
        ("UF_SECURITY_CLAUSE", "int(18) DEFAULT NULL"),
    ),
    "wgp_pd_disclosures": (
        ("ID", "int(11) unsigned NOT NULL AUTO_INCREMENT"),
        ("UF_RECIPIENT", "int(18) DEFAULT NULL"),
        ("UF_DATE", "datetime DEFAULT NULL"),
        ("UF_BASIS", "varchar(30) DEFAULT NULL"),
        ("UF_ANONYMISED", "int(18) DEFAULT NULL"),
        ("UF_FIELDS", "text DEFAULT NULL"),
        ("UF_RECORD_COUNT", "int(18) DEFAULT NULL"),
        ("UF_AMOUNT", "decimal(18,2) DEFAULT NULL"),
        ("UF_COUNTRY", "char(2) DEFAULT NULL"),
        ("UF_PURPOSE", "varchar(30) DEFAULT NULL"),
        ("UF_DOCUMENT", "varchar(255) DEFAULT NULL"),
    ),
    "wgp_pd_destruction_log": (
        ("ID", "int(11) unsigned NOT NULL AUTO_INCREMENT"),
        ("UF_USER_ID", "int(18) DEFAULT NULL"),
        ("UF_STORE", "varchar(50) DEFAULT NULL"),
        ("UF_CATEGORY", "varchar(50) DEFAULT NULL"),
        ("UF_REASON", "varchar(30) DEFAULT NULL"),
        ("UF_TRIGGERED_AT", "datetime DEFAULT NULL"),
        ("UF_DESTROYED_AT", "datetime DEFAULT NULL"),
        ("UF_BACKUPS", "int(18) DEFAULT NULL"),
    ),
}

# Tables keyed otherwise than by their first column.
_KEYS = {"b_uts_user": "VALUE_ID", "b_user_group": None}
_UNIQUE = {"b_user_group": ("ix_user_group", "USER_ID`,`GROUP_ID")}


def _sqlite_type(mysql: str) -> str:
    """The SQLite column type for a MySQL column definition."""
    base = mysql.split()[0].lower()
    if base.startswith(("int", "tinyint", "bigint")):
        return "INTEGER"
    if base == "datetime":
        return "DATETIME"
    if base == "date":
        return "DATE"
    if base.startswith("decimal"):
        return "NUMERIC"
    return "TEXT"


def mysql_ddl() -> str:
    """CREATE TABLE statements for MySQL/MariaDB (InnoDB, utf8mb4), one per table."""
    out = []
    for name, cols in TABLES.items():
        lines = [f"  `{c}` {t}" for c, t in cols]
        key = _KEYS.get(name, cols[0][0])
        if key:
            lines.append(f"  PRIMARY KEY (`{key}`)")
        if name in _UNIQUE:
            index, columns = _UNIQUE[name]
            lines.append(f"  UNIQUE KEY `{index}` (`{columns}`)")
        out.append(
            f"DROP TABLE IF EXISTS `{name}`;\nCREATE TABLE `{name}` (\n"
            + ",\n".join(lines)
            + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;"
        )
    return "\n\n".join(out) + "\n"


def sqlite_ddl() -> list[str]:
    """The same tables for SQLite (DATETIME stored as 'YYYY-MM-DD HH:MM:SS' text)."""
    out = []
    for name, cols in TABLES.items():
        key = _KEYS.get(name, cols[0][0])
        lines = [
            f'"{c}" {_sqlite_type(t)}'
            + (" PRIMARY KEY" if c == key else "")
            + (" NOT NULL" if "NOT NULL" in t and c != key else "")
            for c, t in cols
        ]
        out.append(f'CREATE TABLE "{name}" (' + ", ".join(lines) + ")")
    return out
