"""A real headquarters server on a real uvicorn on loopback, over TLS with its own CA
(``antrean hq tls init``), on a PostgreSQL database of its own; it can be stopped and
started again on the same port (an outage), and its clock is the test's."""

import threading
from dataclasses import dataclass, replace
from pathlib import Path

import uvicorn

from hq_server.certificates import init_tls
from hq_server.cli import uvicorn_options
from hq_server.server import HqServer, build_server
from hq_server.services.context import Clock, HqContext, utc_now
from hq_server.settings import HqSettings
from tests.support.live_server import free_socket, serve_in_thread


@dataclass
class HqThreadServer:
    settings: HqSettings
    clock: Clock = utc_now
    port: int = 0
    server: HqServer | None = None
    _uvicorn: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @classmethod
    def with_tls(
        cls, data_dir: Path, database_url: str, clock: Clock = utc_now
    ) -> "HqThreadServer":
        settings = HqSettings(database_url=database_url, data_dir=data_dir)
        init_tls(settings.tls, names=["localhost"], addresses=["127.0.0.1"])
        return cls(settings=settings, clock=clock)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"{self.server.scheme}://127.0.0.1:{self.port}"

    @property
    def ca_pem(self) -> str:
        return self.settings.tls.ca.read_text()

    @property
    def ctx(self) -> HqContext:
        assert self.server is not None
        return self.server.ctx

    def start(self) -> None:
        sock = free_socket(self.port)
        self.port = sock.getsockname()[1]
        self.server = build_server(replace(self.settings, port=self.port), clock=self.clock)
        options = uvicorn_options("127.0.0.1", 0, self.server.tls)
        config = uvicorn.Config(self.server.app, **options)
        self._uvicorn, self._thread = serve_in_thread(config, sock, what="headquarters")

    def stop(self) -> None:
        if self._uvicorn is not None and self._thread is not None:
            self._uvicorn.should_exit = True
            self._thread.join(timeout=20)
        if self.server is not None:
            self.server.ctx.db.dispose()
        self._uvicorn = self._thread = None
