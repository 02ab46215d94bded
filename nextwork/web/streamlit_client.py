"""A client speaking Streamlit's own protocol, as its front end in a browser does: opening a
link fetches the page and the front end's first requests over HTTP and opens a session on
a websocket; each page is a `rerun_script` message answered by the page's elements until
`script_finished`. The load test's users (`nextwork/ops/locustfile.py`) and the warm start
(`nextwork/web/appserver.py`) use it; it runs nothing in a browser, so all the work it causes
is the app server's.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

PAGE_TIMEOUT = 180.0  # seconds one page may take before it counts as failed


@dataclass
class PageRun:
    """What one run of a page showed: its URL path ("overblik" for the overview), how long
    it took, and the errors a reader would have seen (exception boxes and the like)."""

    path: str
    seconds: float
    errors: list[str] = field(default_factory=list)
    elements: int = 0


def get(url: str, timeout: float = PAGE_TIMEOUT, opener=None) -> int:
    """An HTTP GET as the browser makes it when a link is opened; its status."""
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


class Browser:
    """One reader's browser: its cookies (a proxy's sticky-session cookie among them), the
    HTTP requests it makes on opening a link, and the sessions of its tabs."""

    def __init__(self, base: str, timeout: float = PAGE_TIMEOUT):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open_link(self, url: str) -> list[str]:
        """The HTTP requests a browser makes on opening `url` before its websocket: the
        page, the health check and the host configuration. Each failing one as an error."""
        errors = []
        for address in (url, f"{self.base}/_stcore/health", f"{self.base}/_stcore/host-config"):
            status = get(address, self.timeout, self.opener)
            if status >= 400:
                errors.append(f"GET {address}: HTTP {status}")
        return errors

    def session(self) -> Session:
        """A new tab's session, sending the browser's cookies as a browser does."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        return Session(self.base, self.timeout, {"Cookie": cookies} if cookies else None)


class Session:
    """One browser tab's session: a websocket on which each run of a page is asked for and
    read to its end. Use as a context manager, or call `close`."""

    def __init__(self, base: str, timeout: float = PAGE_TIMEOUT, headers: dict | None = None):
        from websockets.sync.client import connect

        self.base = base.rstrip("/")
        self.timeout = timeout
        socket_url = "ws" + self.base.removeprefix("http") + "/_stcore/stream"
        self._connection = connect(
            socket_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=timeout,
            close_timeout=2,
            additional_headers=headers,
            # The server pings; a client busy reading a long page must not be dropped.
            ping_interval=None,
        )
        self.socket = self._connection.__enter__()
        self.pages: dict[str, str] = {}  # page script hash -> URL path ("" = overview)
        self.page_hash = ""
        self.query_string = ""

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._connection.__exit__(None, None, None)

    @property
    def path(self) -> str:
        return self.pages.get(self.page_hash, "") or "overblik"

    def other_pages(self) -> list[str]:
        """The hashes of the menu's pages other than the one shown."""
        return [h for h in self.pages if h != self.page_hash]

    def run(self, query_string: str = "", page_name: str = "", page_hash: str = "") -> PageRun:
        """Ask for a run of the page (by URL path or by hash) with this query string, and read
        everything it sends until the run has finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = query_string
        message.rerun_script.page_name = page_name
        message.rerun_script.page_script_hash = page_hash
        message.rerun_script.context_info.timezone = "Europe/Copenhagen"
        message.rerun_script.context_info.locale = "da-DK"
        started = time.monotonic()
        self.socket.send(message.SerializeToString())
        deadline = started + self.timeout
        errors: list[str] = []
        elements = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"the page {page_name or page_hash or '/'} was still running")
            data = self.socket.recv(timeout=left)
            answer = ForwardMsg()
            answer.ParseFromString(data)
            kind = answer.WhichOneof("type")
            if kind == "navigation":
                self.pages = {
                    p.page_script_hash: p.url_pathname for p in answer.navigation.app_pages
                }
                self.page_hash = answer.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = answer.page_info_changed.query_string
            elif kind == "delta" and answer.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = answer.delta.new_element
                if element.WhichOneof("type") == "exception":
                    shown = f"{element.exception.type}: {element.exception.message}"
                    errors.append(f"exception box on /{self.path}: {shown}")
            elif kind == "session_event" and answer.session_event.HasField(
                "script_compilation_exception"
            ):
                errors.append("the app did not compile")
            elif kind == "page_not_found":
                errors.append(f"page not found: {page_name or page_hash}")
            elif kind == "script_finished":
                if answer.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    errors.append("the app did not compile")
                if answer.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return PageRun(self.path, time.monotonic() - started, errors, elements)


def split_link(url: str) -> tuple[str, str]:
    """A link's page path (without slashes) and query string."""
    parts = urllib.parse.urlsplit(url)
    return parts.path.strip("/"), parts.query
