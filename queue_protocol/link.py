"""An enrolled device's way to its server, kept current while the device runs.

``DeviceLink.current()`` is the ``ServerLink`` to use now: the server's last known
address, the device's token, and the context that trusts the pinned office CA alone.
Clients read it at each call or connect, so a change takes effect at once.

Two things change by themselves, in the link's own thread:

- **the token** is swapped before it ends: at start and every ``CHECK_EVERY`` the
  link asks the server when its token ends (``GET /devices/me``; an admin's
  ``antrean device rotate`` brings that end near), and within ``SWAP_BEFORE`` of it
  swaps it (``POST /devices/token``). The new token is saved before it is used, so a
  power cut in between loses nothing: the old one stays valid a few minutes more.
- **the address**: when a call finds no server (``unreachable()``), zeroconf is asked
  for the pinned server (the same office and CA fingerprint), at most every
  ``FIND_EVERY``. A new address is saved. Nothing is ever trusted on the
  advertisement's word: every connection still checks the certificate.

A device run with a fixed URL and token (the demo, tests, a developer's machine) uses
a ``ServerLink`` directly and has no ``DeviceLink``.
"""

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from queue_protocol.client import ApiError, ServerLink, ServerUnreachableError
from queue_protocol.enrolment import Enrolment, EnrolmentFile
from queue_protocol.tls import pinned_context

log = logging.getLogger(__name__)

CHECK_EVERY = 3600.0
FIND_EVERY = 30.0
SWAP_BEFORE = timedelta(days=7)
ServerFinder = Callable[[str, str | None], str | None]  # office id, CA fingerprint -> URL


def find_on_lan(office_id: str, ca_fingerprint: str | None) -> str | None:
    """Zeroconf, imported late: the stack starts only when an address is lost."""
    from queue_protocol.discovery import find_server

    return find_server(office_id=office_id, ca_fingerprint=ca_fingerprint, timeout=3.0)


class DeviceLink:
    """The current ``ServerLink`` of an enrolled device (see the module docstring).

    Args:
        store: where the enrolment is kept; it is rewritten when the token or the
            address changes.
        enrolment: the enrolment as loaded from ``store``.
        find_server: zeroconf lookup of the pinned server.
        clock: the wall clock (for the token's end).
    """

    def __init__(
        self,
        store: EnrolmentFile,
        enrolment: Enrolment,
        *,
        find_server: ServerFinder = find_on_lan,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        timeout: float = 5.0,
    ) -> None:
        self._store = store
        self._enrolment = enrolment
        self._tls = pinned_context(enrolment.ca_pem) if enrolment.ca_pem else None
        self._find_server = find_server
        self._clock = clock
        self._monotonic = monotonic
        self._timeout = timeout
        self._lock = threading.Lock()
        self._lost = threading.Event()
        self._stopping = threading.Event()
        self._last_find = -FIND_EVERY
        self._thread: threading.Thread | None = None

    @property
    def enrolment(self) -> Enrolment:
        with self._lock:
            return self._enrolment

    def current(self) -> ServerLink:
        enrolment = self.enrolment
        return ServerLink(enrolment.server_url, enrolment.token, self._tls)

    def unreachable(self) -> None:
        """A call found no server at the current address: look for it on the LAN."""
        self._lost.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="device-link", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._lost.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        next_check = self._monotonic()
        while not self._stopping.is_set():
            if self._lost.is_set():
                self._lost.clear()
                self.find_again()
            if self._monotonic() >= next_check:
                self.check_token()
                next_check = self._monotonic() + CHECK_EVERY
            self._lost.wait(max(0.0, min(next_check - self._monotonic(), FIND_EVERY)))

    def check_token(self) -> bool:
        """Swap the token if it ends within ``SWAP_BEFORE``. True when it was swapped."""
        try:
            with self.current().client(timeout=self._timeout) as client:
                info = client.device_info()
                if info.token_expires_at - self._clock() > SWAP_BEFORE:
                    return False
                new = client.swap_token()
        except ServerUnreachableError:
            self.unreachable()
            return False
        except ApiError as error:
            log.warning("device token not checked: %s", error.message_en)
            return False
        self._update(token=new.token, token_expires_at=new.expires_at)
        log.info("device token swapped; the new one ends %s", f"{new.expires_at:%Y-%m-%d}")
        return True

    def find_again(self) -> bool:
        """Ask zeroconf for the pinned server; True when it answers at a new address."""
        if self._monotonic() - self._last_find < FIND_EVERY:
            return False
        self._last_find = self._monotonic()
        enrolment = self.enrolment
        url = self._find_server(enrolment.office_id, enrolment.ca_fingerprint)
        if url is None or url == enrolment.server_url:
            return False
        log.info("the office server answers at a new address: %s", url)
        self._update(server_url=url)
        return True

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._enrolment = self._enrolment.model_copy(update=changes)
            enrolment = self._enrolment
        self._store.save(enrolment)


class NotEnrolledError(Exception):
    """The device is to find its server by itself (``auto``) but was never enrolled."""


def open_link(
    *, configured_url: str, configured_token: str | None, data_dir: Path
) -> "DeviceLink | ServerLink":
    """The enrolled device's link; else a fixed one from the configured URL and token
    (the demo, tests). Raises ``NotEnrolledError`` for ``auto`` without an enrolment,
    ``EnrolmentError`` for an enrolment file that cannot be read."""
    store = EnrolmentFile(data_dir)
    enrolment = store.load()
    if enrolment is not None:
        return DeviceLink(store, enrolment)
    if configured_url == "auto":
        raise NotEnrolledError(
            "Perangkat belum terdaftar / This device is not enrolled: make a code on the "
            "server ('antrean device add NAME --kind KIND', or Admin > Devices) and enrol "
            f"with it; the enrolment is kept in {store.path}."
        )
    return ServerLink(configured_url, configured_token or None)
