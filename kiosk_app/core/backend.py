"""The kiosk's port to the queue server, and its implementation over ``QueueClient``.

The flow and the issuer depend on ``KioskBackend`` only, so unit tests use a
fake and the app uses ``ClientBackend``. Every call blocks: the app makes them
from worker threads, never from the UI thread.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from queue_protocol import (
    DeviceFaultReport,
    FeedbackReply,
    FeedbackRequest,
    HandInReply,
    HandInRequest,
    IssueTicketRequest,
    Lease,
    LeaseRequest,
    OfficeInfo,
    ServiceInfo,
    Ticket,
)
from queue_protocol.client import QueueClient, ServerLink, ServerUnreachableError


class KioskBackend(Protocol):
    """What the kiosk asks of the server. Raises ``ApiError``/``ServerUnreachableError``."""

    def office(self) -> OfficeInfo: ...

    def services(self) -> list[ServiceInfo]: ...

    def issue_ticket(self, request: IssueTicketRequest) -> Ticket: ...

    def lease(self, request: LeaseRequest) -> Lease: ...

    def hand_in(self, request: HandInRequest) -> HandInReply: ...

    def report_fault(self, report: DeviceFaultReport) -> None: ...

    def feedback(self, request: FeedbackRequest) -> FeedbackReply: ...


class ClientBackend:
    """``KioskBackend`` over HTTP, safe to call from several worker threads.

    Each call borrows a ``QueueClient`` from a small free list and gives it back, so
    connections are reused and at most one client exists per concurrent call. (A
    thread-local would not do: Qt pool threads get a fresh Python thread state for each
    job, so a thread-local client would be rebuilt, TLS context and all, every time.)

    The link is read at every call: when an enrolled kiosk's token is swapped or its
    server found at a new address, the free clients are closed and new ones made.

    Args:
        link: the server, or a function giving the current one (``DeviceLink.current``).
        timeout: seconds before a call counts as "server unreachable".
        on_unreachable: told when a call finds no server (``DeviceLink.unreachable``).
    """

    def __init__(
        self,
        link: ServerLink | Callable[[], ServerLink],
        *,
        timeout: float = 3.0,
        on_unreachable: Callable[[], None] | None = None,
    ) -> None:
        self._link = link if callable(link) else (lambda: link)
        self._timeout = timeout
        self._on_unreachable = on_unreachable
        self._free: list[tuple[ServerLink, QueueClient]] = []
        self._all: list[QueueClient] = []
        self._lock = threading.Lock()

    @contextmanager
    def _client(self) -> Iterator[QueueClient]:
        link = self._link()
        stale: list[QueueClient] = []
        with self._lock:
            stale = [client for made_for, client in self._free if made_for != link]
            self._free = [(made_for, c) for made_for, c in self._free if made_for == link]
            client = self._free.pop()[1] if self._free else None
            for old in stale:
                self._all.remove(old)
        for old in stale:
            old.close()
        if client is None:
            client = link.client(timeout=self._timeout)
            with self._lock:
                self._all.append(client)
        try:
            yield client
        except ServerUnreachableError:
            if self._on_unreachable is not None:
                self._on_unreachable()
            raise
        finally:
            with self._lock:
                self._free.append((link, client))

    @property
    def client_count(self) -> int:
        """How many HTTP clients exist (bounded by the calls made at the same time)."""
        with self._lock:
            return len(self._all)

    def close(self) -> None:
        """Close every connection pool."""
        with self._lock:
            clients, self._all, self._free = self._all, [], []
        for client in clients:
            client.close()

    def office(self) -> OfficeInfo:
        with self._client() as client:
            return client.office()

    def services(self) -> list[ServiceInfo]:
        with self._client() as client:
            return client.services()

    def issue_ticket(self, request: IssueTicketRequest) -> Ticket:
        with self._client() as client:
            return client.issue_ticket(request)

    def lease(self, request: LeaseRequest) -> Lease:
        with self._client() as client:
            return client.lease(request)

    def hand_in(self, request: HandInRequest) -> HandInReply:
        with self._client() as client:
            return client.hand_in(request)

    def report_fault(self, report: DeviceFaultReport) -> None:
        with self._client() as client:
            client.report_fault(report)

    def feedback(self, request: FeedbackRequest) -> FeedbackReply:
        with self._client() as client:
            return client.feedback(request)
