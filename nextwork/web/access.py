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

from nextwork.config import ROOT

ROLES = ("admin", "foundation", "manager", "viewer")


class AccessFileError(ValueError):
    """The access file cannot be used; the message says where and why. `admins` are the
    emails the file lists as admins and `issuers` the issuers it names, as far as they
    could be read: only an admin signed in with a token from one of those issuers is shown
    the message in the browser (everyone else sees that the dashboard is not available)."""

    def __init__(
        self,
        message: str,
        admins: frozenset[str] = frozenset(),
        issuers: frozenset[str] = frozenset(),
    ):
        super().__init__(message)
        self.admins = admins
        self.issuers = issuers


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
    # The identity provider's issuers whose tokens are accepted (`issuer` in the file).
    issuers: tuple[str, ...] = ()
    # For admins: managers' municipalities that have no data yet.
    notices: tuple[str, ...] = ()

    def viewer_for(self, email: str | None) -> Viewer | None:
        if not email:
            return None
        return self.users.get(email.strip().lower())


def access_path() -> Path:
    return Path(os.environ.get("NEXTWORK_ACCESS", ROOT / "config" / "access.toml"))


_FILE_KEYS = ("allow_unauthenticated", "issuer", "user")
_USER_KEYS = ("email", "role", "municipalities")


def _danish_municipalities() -> set[str]:
    from nextwork.ingest import db

    return set(db.municipality_table()["name"])


def load(path: Path | None = None, known_municipalities: list[str] | None = None) -> AccessConfig:
    """Read and check the access file; a missing file means nobody is listed. Every value
    must have its type (a boolean is `true` or `false`, not text), every key must be known,
    and each email is listed once. A manager's municipality must be a Danish municipality;
    one without data yet (not in `known_municipalities`) is allowed and noted for admins."""
    path = Path(path) if path is not None else access_path()
    if not path.exists():
        return AccessConfig(path=None)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise AccessFileError(f"{path}: not valid TOML ({e})") from e
    admins = (
        frozenset(
            str(entry.get("email", "")).strip().lower()
            for entry in data.get("user", [])
            if isinstance(entry, dict) and entry.get("role") == "admin"
        )
        if isinstance(data.get("user", []), list)
        else frozenset()
    )

    issuer = data.get("issuer", [])
    issuers = [issuer] if isinstance(issuer, str) else issuer
    readable = frozenset(
        i for i in (issuers if isinstance(issuers, list) else []) if isinstance(i, str) and i
    )

    def fail(message: str):
        raise AccessFileError(f"{path}: {message}", admins, readable)

    unknown = [k for k in data if k not in _FILE_KEYS]
    if unknown:
        fail(f"unknown key {', '.join(unknown)} (known: {', '.join(_FILE_KEYS)})")
    allow = data.get("allow_unauthenticated", False)
    if not isinstance(allow, bool):
        fail("allow_unauthenticated must be true or false (without quotes)")
    if not isinstance(issuers, list) or not all(isinstance(i, str) and i for i in issuers):
        fail("issuer must be the identity provider's issuer URL (or a list of them)")
    entries = data.get("user", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        fail("each user must be a [[user]] table")
    danish = _danish_municipalities()
    users: dict[str, Viewer] = {}
    without_data: list[str] = []
    for i, entry in enumerate(entries, start=1):
        email = entry.get("email")
        email = email.strip().lower() if isinstance(email, str) else ""
        role = entry.get("role")
        municipalities = entry.get("municipalities", [])
        who = f"user {i}" + (f" ({email})" if email else "")
        unknown = [k for k in entry if k not in _USER_KEYS]
        if unknown:
            fail(f"{who}: unknown key {', '.join(unknown)} (known: {', '.join(_USER_KEYS)})")
        if not email or "@" not in email:
            fail(f"user {i}: an email address is required")
        if email in users:
            fail(f"{who}: {email} is listed twice (emails match whatever their case)")
        if not isinstance(role, str) or role not in ROLES:
            fail(f"{who}: role must be one of {', '.join(ROLES)}")
        if not isinstance(municipalities, list) or not all(
            isinstance(m, str) for m in municipalities
        ):
            fail(f'{who}: municipalities must be a list of names, such as ["Vejle"]')
        if role == "manager" and not municipalities:
            fail(f"{who}: a manager needs `municipalities`")
        for m in municipalities:
            if m not in danish:
                fail(f"{who}: {m} is not a Danish municipality (write its name, e.g. Vejle)")
            if known_municipalities is not None and m not in known_municipalities:
                without_data.append(m)
        users[email] = Viewer(
            role=role, email=email, municipalities=tuple(municipalities), signed_in=True
        )
    return AccessConfig(
        users=users,
        allow_unauthenticated=allow,
        path=path,
        issuers=tuple(issuers),
        notices=tuple(sorted(set(without_data))),
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
    reason: str = ""  # why not, for the server's log


def _verified(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def token_problem(issuers, claims: dict) -> str | None:
    """Why a sign-in token is not accepted (None when it is): it must come from one of the
    configured issuers, and its email must not be marked unverified (providers that do not
    send `email_verified`, such as Entra ID, vouch for the email by sending it)."""
    if not issuers:
        return "the access file names no `issuer`"
    issuer = claims.get("iss")
    if issuer not in issuers:
        return f"a token from another issuer ({issuer})"
    if "email_verified" in claims and not _verified(claims["email_verified"]):
        return "the provider says the email is not verified"
    return None


def decide(
    auth_configured: bool,
    logged_in: bool,
    email: str | None,
    config: AccessConfig,
    data_is_demo: bool,
    claims: dict | None = None,
) -> Decision:
    """Who sees what. A signed-in person is let in only with a token `token_problem`
    accepts and an entry in the access file. With no sign-in, demo data is shown as to a viewer
    and real data only where the operator allowed it."""
    if auth_configured:
        if not logged_in:
            return Decision("sign_in")
        problem = token_problem(config.issuers, claims or {})
        if problem:
            return Decision("no_access", reason=problem)
        viewer = config.viewer_for(email)
        if viewer is None:
            return Decision("no_access", reason="not in the access file")
        return Decision("show", viewer)
    if data_is_demo:
        return Decision("show", DEMO_VISITOR)
    if config.allow_unauthenticated:
        return Decision("show", Viewer(role="viewer"))
    return Decision("needs_sign_in")
