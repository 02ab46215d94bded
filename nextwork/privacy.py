"""Pseudonymisation of CPR numbers and masking of anything that looks like one."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

import platformdirs

ID_PREFIX = "p-"
ID_HEX_CHARS = 16  # 64 bits: collisions are negligible for a few hundred thousand people

_CPR_LIKE = re.compile(r"\d{6}[-\s]?\d{4}")


def default_key_path() -> Path:
    """Outside the repository and the database, in the user's config directory."""
    override = os.environ.get("NEXTWORK_KEY_FILE")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("nextwork-indsigt")) / "pseudonym.key"


def load_or_create_key(path: Path | None = None) -> bytes:
    path = Path(path) if path is not None else default_key_path()
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise ValueError(f"key file {path} is too short to be a pseudonymisation key")
        return key.encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    return key.encode("ascii")


def normalise_cpr(value: str) -> str | None:
    """Ten digits, or None when the value is not a CPR number."""
    digits = re.sub(r"[-\s]", "", value)
    return digits if re.fullmatch(r"\d{10}", digits) else None


def pseudonym(key: bytes, normalised_cpr: str) -> str:
    digest = hmac.new(key, normalised_cpr.encode("ascii"), hashlib.sha256).hexdigest()
    return ID_PREFIX + digest[:ID_HEX_CHARS]


def mask_cpr_like(text: str) -> str:
    """Hide any run of digits shaped like a CPR number, wherever it turns up."""
    return _CPR_LIKE.sub("**********", text)
