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
from queue_protocol.client import (
    ApiError,
    QueueClient,
    ServerLink,
    ServerUnreachableError,
    UntrustedServerError,
)

log = logging.getLogger(__name__)


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
        link: the current way to the server (an enrolled board's ``DeviceLink.current``).
        logo_file: a local logo that overrides the office's.
        on_loaded: gets the ``Startup``.
        on_trouble: gets ``"untrusted"`` when the server's certificate fails the pin, and
            None once it is trusted again.
        on_unreachable: told when no server answers (``DeviceLink.unreachable``).
    """

    def __init__(
        self,
        link: Callable[[], ServerLink],
        *,
        on_loaded: Callable[[Startup], None],
        on_trouble: Callable[[str | None], None] = lambda _trouble: None,
        on_unreachable: Callable[[], None] | None = None,
        logo_file: Path | None = None,
        min_backoff: float = 0.5,
        max_backoff: float = 15.0,
    ) -> None:
        self._link = link
        self._on_loaded = on_loaded
        self._on_trouble = on_trouble
        self._on_unreachable = on_unreachable
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
            except UntrustedServerError as error:
                self._on_trouble("untrusted")
                problem = str(error)
                if problem != last_problem:
                    log.error("board refuses the server: %s", error.message_en)
                    last_problem = problem
            except (ApiError, OSError) as error:
                if isinstance(error, ServerUnreachableError) and self._on_unreachable:
                    self._on_unreachable()
                problem = str(error)
                if problem != last_problem:  # one line per kind of trouble, not per retry
                    log.warning("board cannot start yet: %s", problem)
                    last_problem = problem
            else:
                if not self._stopping.is_set():
                    self._on_trouble(None)
                    self._on_loaded(startup)
                    return
            if self._stopping.wait(delay):
                return
            delay = min(delay * 2, self._backoff[1])

    def _attempt(self) -> Startup:
        link = self._link()
        with link.client() as client:
            office = client.office()
            snapshot = client.queue()
            services = _service_labels(client)
        return Startup(link.url, office, snapshot, self._logo(link, office), services)

    def _logo(self, link: ServerLink, office: OfficeInfo) -> bytes | None:
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
            url = link.url.rstrip("/") + url
        try:
            reply = httpx.get(url, timeout=5, verify=link.tls if link.tls is not None else True)
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
