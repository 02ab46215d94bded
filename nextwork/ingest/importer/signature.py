"""The demo generator's signature of its export: which files it wrote, by SHA-256.

An import marks the data as demo only when the files are exactly those; a marker copied
beside other files (or an edited demo file) is ignored with a warning, and the data is real.
The demo status lives in the database (`imports.is_demo`), never in a file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nextwork.ingest import contract
from nextwork.ingest.contract import TABLES

DEMO_MARKER = ".nextwork-demo"
DEMO_KIND = "nextwork-demo-export"


def sign_demo_export(folder: str | Path) -> Path:
    """Sign the demo export in `folder` as the demo generator's own (see DEMO_MARKER)."""
    folder = Path(folder)
    files = {
        p.name: sha256_of(p)
        for p in sorted(folder.iterdir())
        if p.is_file()
        and not p.name.startswith(".")
        and p.stem.lower() in TABLES
        and p.suffix.lower().lstrip(".") in contract.FORMATS
    }
    marker = folder / DEMO_MARKER
    text = json.dumps({"kind": DEMO_KIND, "files": files}, indent=1)
    marker.write_text(text + "\n", encoding="utf-8")
    return marker


def is_signed_demo(folder: str | Path) -> bool:
    """Whether the export in `folder` carries the demo generator's signature of its files
    as they are now."""
    folder = Path(folder)
    try:
        signed = json.loads((folder / DEMO_MARKER).read_text(encoding="utf-8"))
        files = signed["files"]
        return signed.get("kind") == DEMO_KIND and all(
            sha256_of(folder / name) == digest for name, digest in files.items()
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False


def demo_signed(checker) -> bool:
    """Whether the export's files are exactly those the demo generator signed."""
    marker = checker.dir / DEMO_MARKER
    if not marker.is_file():
        return False
    try:
        signed = json.loads(marker.read_text(encoding="utf-8"))
        files = signed["files"] if signed.get("kind") == DEMO_KIND else None
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        files = None
    read = {f.name: f.sha256 for f in checker.files.values()}
    if files == read:
        return True
    checker.warn(
        DEMO_MARKER,
        0,
        "-",
        "the demo marker does not match the files of the export; loaded as real data",
    )
    return False


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
