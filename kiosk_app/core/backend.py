"""The kiosk's port to the queue server, and its implementation over ``QueueClient``.

The flow and the issuer depend on ``KioskBackend`` only, so unit tests use a
fake and the app uses ``ClientBackend``. Every call blocks: the app makes them
from worker threads, never from the UI thread.
"""

import threading
from collections.abc import Iterator
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
from queue_protocol.client import QueueClient


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

    Args:
        base_url: the server, e.g. ``http://10.0.0.2:8000``.
        token: the device token printed at enrolment.
        timeout: seconds before a call counts as "server unreachable".
    """

    def __init__(self, base_url: str, token: str | None, *, timeout: float = 3.0) -> None:
        self.base_url = base_url
        self._token = token
        self._timeout = timeout
        self._free: list[QueueClient] = []
        self._all: list[QueueClient] = []
        self._lock = threading.Lock()

    @contextmanager
    def _client(self) -> Iterator[QueueClient]:
        with self._lock:
            client = self._free.pop() if self._free else None
        if client is None:
            client = QueueClient(self.base_url, self._token, timeout=self._timeout)
            with self._lock:
                self._all.append(client)
        try:
            yield client
        finally:
            with self._lock:
                self._free.append(client)

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
