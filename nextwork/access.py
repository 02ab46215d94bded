"""Who may see what: the access file, roles and the municipalities each user may see in full.

Roles:
- admin: everything, exact figures, and may import;
- foundation: all municipalities, exact figures;
- manager: their own municipalities in full; other sites only inside the programme total,
  with small numbers suppressed;
- viewer: aggregated figures only, small numbers suppressed.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nextwork.db import ROOT

ROLES = ("admin", "foundation", "manager", "viewer")


class AccessFileError(ValueError):
    """The access file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Viewer:
    """The person looking, as far as the dashboard is concerned."""

    role: str
    email: str | None = None
    municipalities: tuple[str, ...] = ()  # a manager's own
    signed_in: bool = False

    @property
    def sees_all_exactly(self) -> bool:
        return self.role in ("admin", "foundation")

    def exact_scope(self, everyone: list[str]) -> list[str]:
        """The municipalities whose figures this person may see unsuppressed."""
        if self.sees_all_exactly:
            return list(everyone)
        if self.role == "manager":
            return [m for m in everyone if m in self.municipalities]
        return []

    def visible_scope(self, everyone: list[str]) -> list[str]:
        """The municipalities this person may select (a viewer sees all, suppressed)."""
        if self.role == "manager":
            return self.exact_scope(everyone)
        return list(everyone)

    def is_exact(self, municipalities, everyone: list[str]) -> bool:
        """Whether figures about exactly these municipalities may be shown unsuppressed."""
        allowed = set(self.exact_scope(everyone))
        return bool(municipalities) and set(municipalities) <= allowed

    def describe(self) -> str:
        """Role and scope, for the audit log (no names of young people, no ids)."""
        scope = ",".join(self.municipalities) if self.role == "manager" else "all"
        return f"{self.role}:{scope}"


# With no sign-in configured, the demo data is shown to anyone, as to a viewer.
DEMO_VISITOR = Viewer(role="viewer", email=None, signed_in=False)


@dataclass(frozen=True)
class AccessConfig:
    users: dict[str, Viewer] = field(default_factory=dict)
    allow_unauthenticated: bool = False
    path: Path | None = None

    def viewer_for(self, email: str | None) -> Viewer | None:
        if not email:
            return None
        return self.users.get(email.strip().lower())


def access_path() -> Path:
    return Path(os.environ.get("NEXTWORK_ACCESS", ROOT / "config" / "access.toml"))


def load(path: Path | None = None, known_municipalities: list[str] | None = None) -> AccessConfig:
    """Read the access file; a missing file means nobody is listed."""
    path = Path(path) if path is not None else access_path()
    if not path.exists():
        return AccessConfig(path=None)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise AccessFileError(f"{path}: not valid TOML ({e})") from e
    users = {}
    for i, entry in enumerate(data.get("user", []), start=1):
        email = str(entry.get("email", "")).strip().lower()
        role = entry.get("role")
        municipalities = tuple(entry.get("municipalities", []))
        if not email or "@" not in email:
            raise AccessFileError(f"{path}: user {i}: an email address is required")
        if role not in ROLES:
            raise AccessFileError(
                f"{path}: user {i} ({email}): role must be one of {', '.join(ROLES)}"
            )
        if role == "manager" and not municipalities:
            raise AccessFileError(f"{path}: user {i} ({email}): a manager needs `municipalities`")
        unknown = [
            m
            for m in municipalities
            if known_municipalities is not None and m not in known_municipalities
        ]
        if unknown:
            raise AccessFileError(
                f"{path}: user {i} ({email}): unknown municipality {', '.join(unknown)}"
            )
        users[email] = Viewer(role=role, email=email, municipalities=municipalities, signed_in=True)
    return AccessConfig(
        users=users,
        allow_unauthenticated=bool(data.get("allow_unauthenticated", False)),
        path=path,
    )


@functools.cache
def _cached(path: str, mtime: int, names: tuple[str, ...]) -> AccessConfig:
    return load(Path(path), list(names))


def current_config(known_municipalities: list[str]) -> AccessConfig:
    """The access file, read again whenever it changes."""
    path = access_path()
    mtime = path.stat().st_mtime_ns if path.exists() else 0
    return _cached(str(path), mtime, tuple(known_municipalities))


@dataclass(frozen=True)
class Decision:
    """What the frame does for this request: show the dashboard to `viewer`, or one of
    the pages that show nothing else (sign in, no access, sign-in required)."""

    outcome: str  # show | sign_in | no_access | needs_sign_in
    viewer: Viewer | None = None


def decide(
    auth_configured: bool,
    logged_in: bool,
    email: str | None,
    config: AccessConfig,
    data_is_demo: bool,
) -> Decision:
    if auth_configured:
        if not logged_in:
            return Decision("sign_in")
        viewer = config.viewer_for(email)
        return Decision("show", viewer) if viewer else Decision("no_access")
    if data_is_demo:
        return Decision("show", DEMO_VISITOR)
    if config.allow_unauthenticated:
        return Decision("show", Viewer(role="viewer"))
    return Decision("needs_sign_in")
