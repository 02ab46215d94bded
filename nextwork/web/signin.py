"""Sign-in in front of the dashboard: who is looking, and the pages shown instead of the
dashboard when nobody may see it yet."""

from __future__ import annotations

import logging

import streamlit as st

from nextwork import i18n
from nextwork.ingest import audit
from nextwork.web import access, accessibility, data, session
from nextwork.web.session import t
from nextwork.web.widgets import plain


def auth_configured() -> bool:
    """Whether `.streamlit/secrets.toml` has an `[auth]` section for st.login."""
    try:
        return bool(st.secrets.get("auth"))
    except Exception:  # no secrets file at all
        return False


def gate() -> access.Viewer:
    """The viewer for this run, or a page saying why there is nothing to see (and stop)."""
    # The pages below come before the filters, which read the language from the link: they
    # take it from the link themselves, so that ?lang=en gives them in English too.
    state = st.session_state
    if "lang" not in state:
        wanted = st.query_params.get("lang")
        state["lang"] = wanted if wanted in i18n.LANGUAGES else i18n.DEFAULT
    info = data.facts()
    user = st.user
    logged_in = bool(user.get("is_logged_in"))
    email = user.get("email")
    configured = auth_configured()
    claims = {k: user.get(k) for k in ("iss", "email_verified") if k in user}
    try:
        config = access.current_config(info["municipalities"])
        if configured and not config.issuers:
            raise access.AccessFileError(
                f"{config.path or access.access_path()}: sign-in is set up, so the access "
                "file must name the identity provider's `issuer` (see docs/sign-in.md)",
                frozenset(e for e, v in config.users.items() if v.role == "admin"),
            )
    except access.AccessFileError as e:
        _unavailable_page(e, email if configured and logged_in else None, claims)
    decision = access.decide(configured, logged_in, email, config, info["is_demo"], claims)
    if decision.outcome == "sign_in":
        _sign_in_page()
    elif decision.outcome == "no_access":
        log.warning("sign-in refused: %s", decision.reason)
        _no_access_page(email)
    elif decision.outcome == "needs_sign_in":
        _needs_sign_in_page()
    viewer = decision.viewer
    st.session_state["viewer"] = viewer
    if viewer.role == "admin" and config.notices:
        st.sidebar.info(
            t(
                "Adgangsfilen nævner kommuner, der endnu ikke har data: ",
                "The access file names municipalities with no data yet: ",
            )
            + plain(", ".join(config.notices)),
            icon=":material/info:",
        )
    if viewer.signed_in and st.session_state.get("signed_in_as") != viewer.email:
        st.session_state["signed_in_as"] = viewer.email
        audit.record("sign_in", viewer.email, viewer.describe(), database=session.db_path())
    return viewer


log = logging.getLogger("nextwork.web.signin")


def _unavailable_page(error: access.AccessFileError, email: str | None, claims: dict) -> None:
    """A broken access file: the details go to the server's log and to an admin the file
    names, signed in with a verified token from an issuer it names; anyone else sees only
    that the dashboard is not available."""
    log.error("the access file cannot be used: %s", error)
    _page_start()
    admin = bool(email) and email.strip().lower() in error.admins
    if admin and access.token_problem(error.issuers, claims) is None:
        st.error(
            t("Adgangsfilen kan ikke bruges: ", "The access file cannot be used: ")
            + plain(str(error)),
            icon=":material/error:",
        )
    else:
        st.info(
            t(
                "NExTWORK Indsigt er ikke tilgængelig lige nu. Prøv igen senere, eller kontakt "
                "den dataansvarlige i din kommune.",
                "NExTWORK Indsigt is not available right now. Please try again later or ask "
                "your municipality's data administrator.",
            ),
            icon=":material/lock:",
        )
    st.stop()


def _page_start() -> None:
    """The start of a page shown instead of the dashboard: its language declared (a screen
    reader reads it in the link's language, Danish unless ?lang=en) and the focus style, as
    on every page of the dashboard."""
    accessibility.page_setup(session.lang())
    st.title("NExTWORK Indsigt")


def _sign_in_page() -> None:
    _page_start()
    st.write(
        t(
            "Log ind med din organisations konto for at se tallene.",
            "Sign in with your organisation's account to see the figures.",
        )
    )
    st.button(t("Log ind", "Sign in"), on_click=st.login, type="primary", key="sign_in")
    st.stop()


def _no_access_page(email: str | None) -> None:
    _page_start()
    st.info(
        t(
            f"Du er logget ind som {plain(email or '')}, men har ikke adgang til "
            "NExTWORK Indsigt. "
            "Kontakt den dataansvarlige i din kommune, hvis du skal have adgang.",
            f"You are signed in as {plain(email or '')} but have no access to "
            "NExTWORK Indsigt. "
            "Please ask your municipality's data administrator if you need it.",
        ),
        icon=":material/lock:",
    )
    st.button(t("Log ud", "Sign out"), on_click=st.logout, key="sign_out")
    st.stop()


def _needs_sign_in_page() -> None:
    _page_start()
    st.error(
        t(
            "Databasen indeholder et rigtigt udtræk, og der er ikke sat log ind op. Tallene "
            "vises derfor ikke. Sæt log ind op i `.streamlit/secrets.toml` (afsnittet `[auth]`) "
            "og giv brugerne adgang i `config/access.toml`; se docs/sign-in.md. Kun hvis tallene "
            "må være offentlige, kan `allow_unauthenticated = true` i adgangsfilen vise dem for "
            "alle (med små tal skjult).",
            "The database holds a real export and no sign-in is set up, so the figures are not "
            "shown. Set up sign-in in `.streamlit/secrets.toml` (the `[auth]` section) and "
            "grant access in `config/access.toml`; see docs/sign-in.md. Only if the figures may "
            "be public can `allow_unauthenticated = true` in the access file show them to anyone "
            "(with small numbers suppressed).",
        ),
        icon=":material/lock:",
    )
    st.stop()


def sidebar_account(viewer: access.Viewer) -> None:
    """Who is signed in, as what; sign-out; an admin's choice of exact downloads."""
    roles = {
        "admin": ("administrator", "administrator"),
        "foundation": ("fonden", "foundation"),
        "manager": ("leder", "manager"),
        "viewer": ("læser", "viewer"),
    }
    with st.sidebar:
        if viewer.signed_in:
            role = t(*roles[viewer.role])
            scope = ", ".join(viewer.municipalities) if viewer.role == "manager" else ""
            st.caption(plain(viewer.email) + f" · {role}" + (f" ({scope})" if scope else ""))
            st.button(t("Log ud", "Sign out"), on_click=st.logout, key="sign_out")
        if viewer.role == "admin":
            st.toggle(
                t("Eksakte tal i downloads (kun internt)", "Exact figures in downloads (internal)"),
                key="exact_exports",
                help=t(
                    "Downloads skjuler ellers små tal. Filen siger selv, at den er intern.",
                    "Downloads otherwise suppress small numbers. The file says it is internal.",
                ),
            )
