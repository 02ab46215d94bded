"""Opening the app in Streamlit's AppTest on the tiny export, with filters in the URL."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from nextwork.web import pages
from tests.tiny_export import AS_OF

ROOT = Path(__file__).resolve().parent.parent
PAGES = {name: f"views/{name}.py" for name in pages.PAGES}

# The year 2024, as the KPI tests count it by hand.
YEAR_2024 = {"start": "2024-01-01", "end": "2024-12-31", "as_of": AS_OF.isoformat()}


# Sign-in as the tests configure it: an [auth] section is present (its values are never
# used, since AppTest's user is already signed in) and an access file lists the user.
AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "test",
        "client_secret": "test",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    }
}


# The identity provider's issuer the access file names, and the tokens carry.
ISSUER = "https://login.example.org/tenant/v2.0"


def write_access(folder: Path, users: list[dict], allow_unauthenticated: bool = False) -> Path:
    """An access file listing `users` ({email, role, municipalities})."""
    lines = [
        f"allow_unauthenticated = {'true' if allow_unauthenticated else 'false'}",
        f'issuer = "{ISSUER}"',
        "",
    ]
    for user in users:
        lines += ["[[user]]", f'email = "{user["email"]}"', f'role = "{user["role"]}"']
        if user.get("municipalities"):
            names = ", ".join(f'"{m}"' for m in user["municipalities"])
            lines.append(f"municipalities = [{names}]")
        lines.append("")
    path = folder / f"access-{abs(hash(str(users)))}-{allow_unauthenticated}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def open_app(
    monkeypatch,
    db_path: Path,
    page: str | None = None,
    role: str | None = "admin",
    municipalities: tuple[str, ...] = (),
    email: str = "analytiker@example.dk",
    access_users: list[dict] | None = None,
    sign_in: bool = True,
    allow_unauthenticated: bool = False,
    access_file: Path | None = None,
    claims: dict | None = None,
    **query: str,
) -> AppTest:
    """Run the app on `db_path` with these URL query parameters, then switch to `page`.

    The pages read the database named by NEXTWORK_DB, so every test points it at its own.
    By default the reader is signed in as an admin (exact figures); `role` and
    `municipalities` make them someone else, `role=None` leaves them out of the access
    file, and `sign_in=False` runs the app with no sign-in configured at all. `access_file`
    replaces the access file written from the users; `claims` change the token's claims
    (by default it comes from ISSUER; a claim set to None is left out).
    """
    monkeypatch.setenv("NEXTWORK_DB", str(db_path))
    monkeypatch.chdir(ROOT)
    users = access_users
    if users is None:
        users = (
            []
            if role is None
            else [{"email": email, "role": role, "municipalities": municipalities}]
        )
    if access_file is None:
        access_file = write_access(db_path.parent, users, allow_unauthenticated)
    monkeypatch.setenv("NEXTWORK_ACCESS", str(access_file))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if sign_in:
        at.secrets = AUTH_SECRETS
        user = {"email": email, "is_logged_in": True, "iss": ISSUER, **(claims or {})}
        at.user = {k: v for k, v in user.items() if v is not None}
    else:
        at.user = {}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None and page != "overblik":
        at.switch_page(PAGES[page])
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything the page wrote as text, for assertions on what a reader sees."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)
