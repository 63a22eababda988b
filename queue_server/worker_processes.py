"""The office's extra server processes (``antrean server --workers N``, PostgreSQL).

The first process starts the others as ``antrean server ... --worker-of PID`` on
its port: each binds it with ``SO_REUSEPORT``, and the kernel spreads new
connections among them. The first starts again any that ends, and stops them
when it stops. An extra process ends itself when the first is gone, however that
ended (``kill -9`` included).
"""

import logging
import os
import signal
import socket
import subprocess
import sys

from queue_server.services.background import BackgroundThread
from queue_server.settings import TLS_ENVIRONMENT, Settings

log = logging.getLogger(__name__)
CHECK_SECONDS = 1.0
STOP_SECONDS = 8.0
BACKLOG = 2048  # uvicorn's own


def shared_socket(host: str, port: int) -> socket.socket:
    """A listening socket that the office's other server processes bind as well."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


class WorkerProcesses(BackgroundThread):
    """In the first process: ``count`` more, kept running while the server runs."""

    thread_name = "worker-processes"

    def __init__(self, settings: Settings, *, count: int) -> None:
        super().__init__()
        self._settings = settings
        self._count = count

    def command(self) -> list[str]:
        settings = self._settings
        return [
            sys.executable,
            "-m",
            "antrean",
            "server",
            "--config",
            str(settings.office_file),
            "--host",
            settings.host,
            "--port",
            str(settings.port),
            "--no-advertise",
            "--worker-of",
            str(os.getpid()),
        ]

    def _run(self) -> None:
        processes = [self._start_one() for _ in range(self._count)]
        while not self._stop.wait(CHECK_SECONDS):
            for index, process in enumerate(processes):
                if process.poll() is not None:
                    log.warning(
                        "server process %d ended (exit status %s); starting another",
                        process.pid,
                        process.returncode,
                    )
                    processes[index] = self._start_one()
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()

    def _start_one(self) -> subprocess.Popen[bytes]:
        # The database's URL may hold a password: in the environment, not on a command
        # line every user of the machine can read. Its log goes where this one's goes.
        settings = self._settings
        environment = {
            **os.environ,
            "ANTREAN_DATABASE_URL": settings.resolved_database_url,
            "ANTREAN_DATA_DIR": str(settings.data_dir),
        }
        for name, key in TLS_ENVIRONMENT.items():
            if getattr(settings, key) is not None:
                environment[name] = str(getattr(settings, key))
        return subprocess.Popen(self.command(), env=environment)


class ParentWatch(BackgroundThread):
    """In an extra process: stop (as on Ctrl-C) once the first process is gone."""

    thread_name = "parent-watch"

    def __init__(self, first_pid: int) -> None:
        super().__init__()
        self._first_pid = first_pid

    def _run(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            if os.getppid() != self._first_pid:
                log.warning("the first server process %d is gone; stopping", self._first_pid)
                os.kill(os.getpid(), signal.SIGTERM)
                return
