"""What a board fetches before it can follow events: server, office, first snapshot.

Runs on a thread of its own (never the UI thread) and keeps trying with backoff
until it succeeds or is stopped, so a board switched on before the server, or
with the network down, simply waits and says it is connecting.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from counter_display.core.board import ServiceLabel
from queue_protocol import OfficeInfo, QueueSnapshot
from queue_protocol.client import ApiError, QueueClient

log = logging.getLogger(__name__)

ServerFinder = Callable[[], str | None]


@dataclass(frozen=True)
class Startup:
    """Everything the board needs to start following events."""

    base_url: str
    office: OfficeInfo
    snapshot: QueueSnapshot
    logo: bytes | None
    services: dict[str, ServiceLabel]


class StartupLoader:
    """Fetches a ``Startup`` on a thread; ``on_loaded`` is called once, from that thread.

    Args:
        server: a base URL, or "auto" to ask ``find_server`` (zeroconf).
        token: the display's device token.
        logo_file: a local logo that overrides the office's.
        on_loaded: gets the ``Startup``.
        find_server: finds the server's URL on the LAN, for "auto".
    """

    def __init__(
        self,
        server: str,
        token: str | None,
        *,
        find_server: ServerFinder,
        on_loaded: Callable[[Startup], None],
        logo_file: Path | None = None,
        min_backoff: float = 0.5,
        max_backoff: float = 15.0,
    ) -> None:
        self._server = server
        self._token = token
        self._find_server = find_server
        self._on_loaded = on_loaded
        self._logo_file = logo_file
        self._backoff = (min_backoff, max_backoff)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="board-startup", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        delay = self._backoff[0]
        last_problem = ""
        while not self._stopping.is_set():
            try:
                startup = self._attempt()
            except (ApiError, OSError, LookupError) as error:
                problem = str(error)
                if problem != last_problem:  # one line per kind of trouble, not per retry
                    log.warning("board cannot start yet: %s", problem)
                    last_problem = problem
            else:
                if startup is not None and not self._stopping.is_set():
                    self._on_loaded(startup)
                    return
            if self._stopping.wait(delay):
                return
            delay = min(delay * 2, self._backoff[1])

    def _attempt(self) -> Startup | None:
        base_url = self._server if self._server != "auto" else self._find_server()
        if base_url is None:
            raise LookupError("no Antrean server found on the network (zeroconf)")
        with QueueClient(base_url, self._token) as client:
            office = client.office()
            snapshot = client.queue()
            services = _service_labels(client)
        return Startup(base_url, office, snapshot, self._logo(base_url, office), services)

    def _logo(self, base_url: str, office: OfficeInfo) -> bytes | None:
        """The configured logo file, else the office's logo; a missing logo is no error."""
        if self._logo_file is not None:
            try:
                return self._logo_file.read_bytes()
            except OSError as error:
                log.warning("logo %s unreadable: %s", self._logo_file, error.strerror)
                return None
        if not office.logo_url:
            return None
        url = office.logo_url
        if url.startswith("/"):
            url = base_url + url
        try:
            reply = httpx.get(url, timeout=5)
        except httpx.HTTPError as error:
            log.warning("logo %s unreachable: %s", url, error)
            return None
        return reply.content if reply.status_code == 200 else None


def _service_labels(client: QueueClient) -> dict[str, ServiceLabel]:
    """Letters and names of the services; without them the board shows stage names."""
    try:
        services = client.services()
    except ApiError as error:
        log.warning("service names unavailable: %s", error)
        return {}
    return {s.code: ServiceLabel(prefix=s.prefix, name=s.name) for s in services}
