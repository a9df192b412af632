"""Log ingestion: web access logs and app event logs into Parquet rows and rejects."""

from __future__ import annotations

from wgp_audit.logs.app import ingest_app_logs
from wgp_audit.logs.result import FileRecord, IngestResult
from wgp_audit.logs.web import ingest_web_logs

__all__ = ["FileRecord", "IngestResult", "ingest_app_logs", "ingest_web_logs"]
