"""Text printed on the operator's terminal: secrets redacted, control characters made visible."""

from __future__ import annotations

import re

from wgp_audit.errors import redact_secrets

# C0 controls but tab and newline, DEL, C1 controls, bidi overrides and isolates, lone surrogates
# (the bytes of a file name that is not UTF-8, as os.fsdecode hands them over).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    """A control or undecodable character as a visible escape."""
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: one undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object) -> str:
    """Return `text` fit for a terminal: no secret, no escape sequence, no undecodable byte.

    Every value that comes from the operator (file names, data values, error texts) passes here
    before it is printed.
    """
    return _UNSAFE.sub(_escape, redact_secrets(str(text)))
