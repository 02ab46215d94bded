"""Pseudonymisation of CPR numbers, and the one recogniser of text shaped like a CPR number.

A CPR number is a date of birth DDMMYY and a serial NNNN. The recogniser finds one written
in any of the ways people and case systems write it, alone or inside longer text:

    0102031234   010203-1234   010203 1234   010203/1234   010203.1234   010203_1234
    01 02 03 12 34   01.02.03-1234   01-02-03-1234   01/02/03 1234   010203 - 1234

that is: the six digits of the date either together or as three pairs with a separator
between them, then the four digits of the serial (with a separator before them when the
date is written in pairs, and optionally one inside them: `12 34`). A separator is a
space, a dash (also the typographic dashes and the minus sign), a dot, a slash or an
underscore, with up to two spaces around it. The digits must not continue on either side:
`12345678901` is not a CPR number, nor is anything inside a longer run of digits.

To keep ordinary numbers out, the day must be 01-31 and the month 01-12 (`find_cpr`, which
decides what an import rejects or pseudonymises). Deliberately not caught:

- the modulus-11 check, which CPR numbers issued since 2007 need not pass, so it is not
  used to rule anything out;
- replacement numbers (erstatningspersonnumre, day plus 60) and a date part that is no
  real date in any month (3102..), which are rare and would let many more ordinary
  numbers through as CPR numbers;
- a CPR number whose leading zero a spreadsheet has dropped (`102031234`, nine digits);
- the digits spelled out or broken by other characters (`0102 031234`, `01O2031234`).

`mask_cpr_like`, for messages, masks the same shapes without the date check: hiding a
phone number by mistake in an error message costs nothing.
"""

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

MASK = "**********"

# The pieces of the recogniser. They are written so that both Python's `re` and RE2 (the
# regular expressions of DuckDB, which checks every cell of an import) read them alike.
_BLANK = "[ \t\u00a0]"
_MARK = "[-./_\u2010-\u2015\u2212]"  # dash, dot, slash, underscore, typographic dashes, minus
_SEP = f"(?:{_BLANK}{{0,2}}{_MARK}{_BLANK}{{0,2}}|{_BLANK}{{1,2}})"  # one separator
_DAY, _MONTH = "(?:0[1-9]|[12][0-9]|3[01])", "(?:0[1-9]|1[0-2])"
_ANY2 = "[0-9]{2}"
# Characters that may be taken out of a CPR number to leave its ten digits.
SEPARATOR_CLASS = "[-./_ \t\u00a0\u2010-\u2015\u2212]"


def _shape(day: str, month: str) -> str:
    compact = f"{day}{month}{_ANY2}{_SEP}?[0-9]{{4}}"
    paired = f"{day}{_SEP}{month}{_SEP}{_ANY2}{_SEP}[0-9]{{2}}{_SEP}?[0-9]{{2}}"
    return f"(?:{compact}|{paired})"


CPR_SHAPE = _shape(_DAY, _MONTH)
# RE2 has no look-around: the digits' edges are written as a non-digit or the text's end.
CONTAINS_SQL = f"(?:^|[^0-9]){CPR_SHAPE}(?:[^0-9]|$)"
WHOLE_SQL = f"^{CPR_SHAPE}$"

_FIND = re.compile(f"(?<![0-9]){CPR_SHAPE}(?![0-9])")
_WHOLE = re.compile(CPR_SHAPE)
_MASK = re.compile(f"(?<![0-9]){_shape(_ANY2, _ANY2)}(?![0-9])")
_SEPARATORS = re.compile(SEPARATOR_CLASS)


def find_cpr(text: str | None) -> bool:
    """Whether `text` holds a CPR number anywhere, in any of the shapes above."""
    return bool(text) and _FIND.search(text) is not None


def is_cpr(text: str | None) -> bool:
    """Whether `text`, apart from spaces around it, is one CPR number and nothing else."""
    return bool(text) and _WHOLE.fullmatch(text.strip()) is not None


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
    """The ten digits of a value of the `cpr` column, or None when it has not ten digits
    once the separators are taken out (the column is a CPR number by its name, so its date
    part is not checked)."""
    digits = _SEPARATORS.sub("", value.strip())
    return digits if re.fullmatch(r"[0-9]{10}", digits) else None


def pseudonym(key: bytes, normalised_cpr: str) -> str:
    digest = hmac.new(key, normalised_cpr.encode("ascii"), hashlib.sha256).hexdigest()
    return ID_PREFIX + digest[:ID_HEX_CHARS]


def mask_cpr_like(text: str) -> str:
    """Hide any run of digits shaped like a CPR number, wherever it turns up."""
    return _MASK.sub(MASK, text)
