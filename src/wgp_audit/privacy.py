"""What reports may show about people: keyed pseudonyms, masking, small-count suppression."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wgp_audit.errors import ConfigError
from wgp_audit.identifiers import NameIndex, mask

KEY_VARIABLE = "WGP_AUDIT_PSEUDONYM_KEY"
KEY_FILE_VARIABLE = "WGP_AUDIT_PSEUDONYM_KEY_FILE"


def default_key_file() -> Path:
    """Where the pseudonym key lives when no variable names one: outside any report folder."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "wgp-audit" / "pseudonym.key"


def load_key() -> bytes:
    """The pseudonym key: $WGP_AUDIT_PSEUDONYM_KEY, else a key file (created once, mode 0600)."""
    if value := os.environ.get(KEY_VARIABLE):
        return value.encode()
    path = Path(os.environ.get(KEY_FILE_VARIABLE) or default_key_file())
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        return path.read_text(encoding="utf-8").strip().encode()
    except OSError as exc:
        raise ConfigError(
            f"cannot read or create the pseudonym key file {path}: {exc.strerror}",
            hint=f"set {KEY_VARIABLE} or {KEY_FILE_VARIABLE} to a readable key",
        ) from exc


@dataclass(frozen=True)
class Pseudonymiser:
    """Keyed, stable pseudonyms: the same id gives the same pseudonym with the same key."""

    key: bytes
    reveal: bool = False  # an auditor's explicit, logged choice to show raw values
    names: NameIndex = field(default_factory=NameIndex)  # the source's own people, masked too

    def __call__(self, value: object, prefix: str = "p") -> str | None:
        """Pseudonymise one identifier (None stays None); raw when revealing."""
        if value is None:
            return None
        if self.reveal:
            return str(value)
        digest = hmac.new(self.key, str(value).encode(), hashlib.sha256).hexdigest()
        return f"{prefix}-{digest[:12]}"

    def text(self, value: str | None) -> str | None:
        """Mask identifiers inside free text (unless revealing): e-mails, phones, IINs, BINs,
        IPv4/IPv6 addresses (also URL-encoded) and the known names (wgp_audit.identifiers)."""
        if value is None or self.reveal:
            return value
        return mask(value, self.names)


def pseudonymiser(reveal: bool = False, full_names: Iterable[str | None] = ()) -> Pseudonymiser:
    """A pseudonymiser with the workspace key; full_names (e.g. users.full_name) are masked too."""
    return Pseudonymiser(load_key(), reveal, NameIndex.from_full_names(full_names))


def suppress_small(count: int, threshold: int) -> int | None:
    """Counts under the threshold (but above zero) are withheld from person-level breakdowns."""
    return None if 0 < count < threshold else count
