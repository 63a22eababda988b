"""A typed client of the contract, for the kiosk, the display and the tests.

``QueueClient`` is synchronous (httpx) and meant to run off the UI thread.
``EventStream`` follows ``WS /api/v1/events`` in a thread of its own,
reconnecting with backoff and resuming with ``since`` so no event is missed.
"""

import json
import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

from queue_protocol.events import Event, parse_event
from queue_protocol.models import (
    DeviceFaultReport,
    DeviceInfo,
    DeviceToken,
    FeedbackReply,
    FeedbackRequest,
    HandInReply,
    HandInRequest,
    HealthReply,
    IssueTicketRequest,
    Lease,
    LeaseRequest,
    LoginReply,
    LoginRequest,
    OfficeInfo,
    QueueSnapshot,
    ServiceInfo,
    Ticket,
    TransferRequest,
)
from queue_protocol.states import CounterAction, TicketAction

API = "/api/v1"
log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class ApiError(Exception):
    """The server answered with a 4xx/5xx. ``error`` is the contract's stable code."""

    def __init__(self, status: int, error: str, message: str, message_en: str | None = None):
        super().__init__(f"{status} {error}: {message_en or message}")
        self.status = status
        self.error = error
        self.message = message
        self.message_en = message_en or message


class ServerUnreachableError(ApiError):
    """No answer: connection refused, timed out, or the network is down."""

    def __init__(self, detail: str):
        super().__init__(0, "unreachable", f"Server tidak terjangkau: {detail}", detail)


class UntrustedServerError(ServerUnreachableError):
    """The server's certificate was not signed by the CA this device pinned: whoever
    answers is not the office's server (or its certificate was replaced without its CA).
    Nothing was sent; the device treats it as unreachable and says why."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.message = f"Sertifikat server tidak dipercaya: {detail}"
        self.message_en = f"The server's certificate is not trusted: {detail}"


def transport_error(error: httpx.TransportError) -> ServerUnreachableError:
    """An unreachable server, or an untrusted one when its certificate failed the pin."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return UntrustedServerError(cause.verify_message or str(cause))
        cause = cause.__cause__ or cause.__context__
    return ServerUnreachableError(str(error) or type(error).__name__)


class ServerUnavailableError(ApiError):
    """The server answered 503: it cannot serve now (its database is down or full).
    Nothing was done; the same call may be made again later."""


@dataclass(frozen=True)
class ServerLink:
    """Where a device's server is and how to talk to it: its base URL, the device's
    token, and the pinned TLS context (None: plain HTTP, or HTTPS checked against the
    system's trust store)."""

    url: str
    token: str | None = None
    tls: ssl.SSLContext | None = None

    @property
    def ws_url(self) -> str:
        base = self.url.rstrip("/")
        return base.replace("http://", "ws://", 1).replace("https://", "wss://", 1)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def client(self, *, timeout: float = 5.0) -> "QueueClient":
        return QueueClient(self.url, self.token, timeout=timeout, tls=self.tls)


class QueueClient:
    """Calls of the contract. One instance per thread is the simplest safe use."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 5.0,
        tls: ssl.SSLContext | None = None,
    ):
        """``tls``: the pinned context of an enrolled device; None verifies HTTPS against the
        system's trust store (a server with a certificate the office bought)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=timeout,
            verify=tls if tls is not None else True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _request(self, method: str, path: str, body: BaseModel | None = None) -> httpx.Response:
        content = body.model_dump_json(by_alias=True, exclude_none=True) if body else None
        headers = {"Content-Type": "application/json"} if content is not None else {}
        try:
            reply = self._http.request(method, path, content=content, headers=headers)
        except httpx.TransportError as error:
            raise transport_error(error) from error
        if reply.status_code >= 400:
            raise _api_error(reply)
        return reply

    def _get(self, path: str, model: type[M]) -> M:
        return model.model_validate_json(self._request("GET", path).content)

    def _post(self, path: str, body: BaseModel | None, model: type[M]) -> M:
        return model.model_validate_json(self._request("POST", path, body).content)

    def login(self, username: str, password: str) -> LoginReply:
        reply = self._post(
            f"{API}/auth/login", LoginRequest(username=username, password=password), LoginReply
        )
        self._http.headers["Authorization"] = f"Bearer {reply.token}"
        return reply

    def health(self) -> HealthReply:
        return self._get("/healthz", HealthReply)

    def office(self) -> OfficeInfo:
        return self._get(f"{API}/office", OfficeInfo)

    def services(self) -> list[ServiceInfo]:
        raw = self._request("GET", f"{API}/services").content
        return TypeAdapter(list[ServiceInfo]).validate_json(raw)

    def issue_ticket(self, request: IssueTicketRequest) -> Ticket:
        return self._post(f"{API}/tickets", request, Ticket)

    def ticket(self, ticket_id: int) -> Ticket:
        return self._get(f"{API}/tickets/{ticket_id}", Ticket)

    def queue(self) -> QueueSnapshot:
        return self._get(f"{API}/queue", QueueSnapshot)

    def call_next(self, counter: int) -> Ticket | None:
        reply = self._request("POST", f"{API}/counters/{counter}/call-next")
        return None if reply.status_code == 204 else Ticket.model_validate_json(reply.content)

    def counter_action(self, counter: int, action: CounterAction) -> None:
        self._request("POST", f"{API}/counters/{counter}/{action.value}")

    def ticket_action(
        self, ticket_id: int, action: TicketAction, body: TransferRequest | None = None
    ) -> Ticket:
        return self._post(f"{API}/tickets/{ticket_id}/{action.value}", body, Ticket)

    def lease(self, request: LeaseRequest) -> Lease:
        return self._post(f"{API}/leases", request, Lease)

    def hand_in(self, request: HandInRequest) -> HandInReply:
        return self._post(f"{API}/leases/hand-in", request, HandInReply)

    def report_fault(self, report: DeviceFaultReport) -> None:
        self._request("POST", f"{API}/devices/faults", report)

    def feedback(self, request: FeedbackRequest) -> FeedbackReply:
        return self._post(f"{API}/feedback", request, FeedbackReply)

    def device_info(self) -> DeviceInfo:
        return self._get(f"{API}/devices/me", DeviceInfo)

    def swap_token(self) -> DeviceToken:
        return self._post(f"{API}/devices/token", None, DeviceToken)


def _api_error(reply: httpx.Response) -> ApiError:
    try:
        body: Any = reply.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = {}
    if not isinstance(body, dict):
        body = {}
    error = str(body.get("error", "http_error"))
    message = str(body.get("message", reply.reason_phrase))
    message_en = body.get("message_en")
    kind = ServerUnavailableError if reply.status_code == 503 else ApiError
    return kind(reply.status_code, error, message, str(message_en) if message_en else None)


class EventStream:
    """Follows the event stream in a background thread until ``stop``.

    ``on_event`` gets every event exactly once and in ``seq`` order, also across
    reconnects; ``on_connection`` gets True/False when the link comes and goes
    (once per change). Both are called from the stream's thread.
    """

    def __init__(
        self,
        link: "ServerLink | Callable[[], ServerLink]",
        *,
        on_event: Callable[[Event], None],
        on_connection: Callable[[bool], None] | None = None,
        since: int = 0,
        min_backoff: float = 0.2,
        max_backoff: float = 10.0,
    ) -> None:
        """``link``: the server, or a function giving the current one (an enrolled
        device's address and token may change while it runs); read at each connect."""
        self._link = link if callable(link) else (lambda: link)
        self._on_event = on_event
        self._on_connection = on_connection
        self._last_seq = since
        self._backoff = (min_backoff, max_backoff)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._socket: ClientConnection | None = None
        self._connected: bool | None = None

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="event-stream", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        socket = self._socket
        if socket is not None:
            socket.close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        delay = self._backoff[0]
        while not self._stopping.is_set():
            link = self._link()
            url = f"{link.ws_url}{API}/events?{urlencode({'since': str(self._last_seq)})}"
            try:
                with connect(
                    url,
                    additional_headers=link.headers,
                    ssl=link.tls if url.startswith("wss:") else None,
                    open_timeout=5,
                    close_timeout=1,
                ) as socket:
                    self._socket = socket
                    self._set_connected(True)
                    delay = self._backoff[0]
                    self._pump(socket)
            except (OSError, WebSocketException, TimeoutError) as error:
                log.debug("event stream: %s", error)
            finally:
                self._socket = None
            self._set_connected(False)
            if self._stopping.wait(delay):
                break
            delay = min(delay * 2, self._backoff[1])

    def _pump(self, socket: ClientConnection) -> None:
        for raw in socket:
            try:
                event = parse_event(raw)
            except ValidationError as error:
                # A newer server may send an event type this client does not know yet.
                log.warning(
                    "event stream: skipped an event this client cannot read: %s",
                    error.errors()[0].get("msg", error),
                )
                continue
            if event.seq <= self._last_seq:
                continue  # a replayed event we already have
            self._last_seq = event.seq
            self._on_event(event)

    def _set_connected(self, connected: bool) -> None:
        if connected == self._connected:
            return
        self._connected = connected
        log.info("event stream %s", "connected" if connected else "disconnected")
        if self._on_connection is not None:
            self._on_connection(connected)
