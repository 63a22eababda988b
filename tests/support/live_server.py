"""A real queue server on a real uvicorn on loopback, for tests and benchmarks.

``ThreadServer`` runs in this process (fast to start; the test can inject a
clock and reach the context); ``ProcessServer`` runs ``antrean server`` as a
child process, for what only a real process shows (``kill -9``).
"""

import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
import uvicorn

from queue_protocol import DeviceKind, Role
from queue_protocol.client import QueueClient
from queue_server.server import Server, build_server, open_context, uvicorn_config
from queue_server.services import auth, devices
from queue_server.services.context import Clock, utc_now
from queue_server.settings import Settings
from queue_server.storage import event_store

PASSWORD = "rahasia-123"
USERS = {"petugas": Role.OFFICER, "kepala": Role.SUPERVISOR, "admin": Role.ADMIN}
FEEDBACK_COUNTER = 7  # where the seeded feedback screen stands


def free_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(512)
    return sock


def seed(settings: Settings) -> dict[DeviceKind, str]:
    """Accounts for every role (password ``PASSWORD``) and a device of every kind (the
    feedback screen at ``FEEDBACK_COUNTER``)."""
    ctx = open_context(settings)
    try:
        for name, role in USERS.items():
            auth.add_user(ctx, name, role, PASSWORD)
        return {
            kind: devices.issue_token(
                ctx,
                f"{kind.value}-1",
                kind,
                counter=FEEDBACK_COUNTER if kind == "feedback" else None,
            )
            for kind in DeviceKind
        }
    finally:
        ctx.db.dispose()


@dataclass
class LiveServerBase:
    settings: Settings
    tokens: dict[DeviceKind, str] = field(default_factory=dict)
    port: int = 0
    scheme: str = "http"  # https when the server's data directory holds TLS material

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def device_token(self, kind: str) -> str:
        return self.tokens[DeviceKind(kind)]

    def client(self, token: str | None = None) -> QueueClient:
        return QueueClient(self.url, token)

    def login(self, username: str) -> QueueClient:
        client = QueueClient(self.url)
        client.login(username, PASSWORD)
        return client

    def officer_client(self) -> QueueClient:
        return self.login("petugas")

    def kiosk_client(self) -> QueueClient:
        return self.client(self.device_token("kiosk"))


def serve_in_thread(
    config: uvicorn.Config, sock: socket.socket, *, what: str
) -> tuple[uvicorn.Server, threading.Thread]:
    """A uvicorn server for ``config`` on ``sock``, in a daemon thread, once it has started
    (``sock`` is then closed here: uvicorn holds its own copy)."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.01)
    sock.close()
    return server, thread


@dataclass
class ThreadServer(LiveServerBase):
    clock: Clock = utc_now
    server: Server | None = None
    _uvicorn: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    def start(self) -> None:
        sock = free_socket(self.port)
        self.port = sock.getsockname()[1]
        self.settings = replace(self.settings, port=self.port)
        self.server = build_server(self.settings, clock=self.clock)
        self.scheme = self.server.scheme
        config = uvicorn_config(self.server.app, host="127.0.0.1", port=0, tls=self.server.tls)
        self._uvicorn, self._thread = serve_in_thread(config, sock, what="server")

    def stop(self) -> None:
        if self._uvicorn is not None and self._thread is not None:
            self._uvicorn.should_exit = True
            self._thread.join(timeout=20)
        if self.server is not None:
            self.server.ctx.db.dispose()
        self._uvicorn = self._thread = None

    @property
    def ctx(self):  # type: ignore[no-untyped-def]
        assert self.server is not None
        return self.server.ctx

    def wait_for_snapshot(self, timeout: float = 5) -> None:
        """Until the newest event is a queue snapshot: the (coalesced) snapshot of the last
        change is in the log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.ctx.db.read() as session:
                last = event_store.last_seq(session)
                snapshot = event_store.last_of_type(session, "queue.changed")
            if snapshot is not None and snapshot.seq == last:
                return
            time.sleep(0.02)
        raise AssertionError(f"no queue snapshot after the last change in {timeout} s")


@dataclass
class ProcessServer(LiveServerBase):
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    workers: int = 1
    start_seconds: float = 30  # how long it may take to answer /healthz (a busy machine: more)

    def start(self) -> None:
        if not self.port:
            with free_socket() as sock:
                self.port = sock.getsockname()[1]
        command = [
            sys.executable,
            "-m",
            "antrean",
            "server",
            "--config",
            str(self.settings.office_file),
            "--database-url",
            self.settings.resolved_database_url,
            "--port",
            str(self.port),
            "--no-advertise",
            "--workers",
            str(self.workers),
        ]
        log = open(self.log_path or os.devnull, "ab")  # noqa: SIM115 - lives with the process
        environment = {**os.environ, "ANTREAN_DATA_DIR": str(self.settings.data_dir)}
        self.process = subprocess.Popen(command, stdout=log, stderr=log, env=environment)
        log.close()
        try:
            wait_healthy(self.url, self.process, self.start_seconds)
        except RuntimeError:
            self.stop()
            raise

    def kill(self) -> None:
        """``kill -9``: no shutdown hook runs, nothing is flushed by the server."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_healthy(
    url: str,
    process: subprocess.Popen[bytes] | None = None,
    timeout: float = 30,
    *,
    verify: ssl.SSLContext | bool = True,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1, verify=verify).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server at {url} not healthy after {timeout} s")
