"""``antrean supervise -- COMMAND...``: the main process of the kiosk's and the board's units.

The unit logs the user ``antrean`` in on tty1 (``PAMName=login``), which is how cage gets
the seat: the screen and the input devices. pam_systemd then moves every process of the
unit into the login session's scope, where systemd no longer hears their ``sd_notify``
messages nor signals them when it stops the unit; it still hears and signals the unit's
main process, the one it started (systemd issues 6045 and 6875). So this process is the
main one. It starts COMMAND (cage, which starts the app) and

- passes the app's ``READY=1``, ``WATCHDOG=1`` and ``STOPPING=1`` on to systemd;
- passes systemd's stop (SIGTERM) to the app alone, so the kiosk prints the ticket in
  hand before it quits, and cage ends when the app does;
- passes systemd's watchdog abort (SIGABRT) to the app, whose Python then writes where
  its UI thread hung to the journal;
- ends whatever it started before it ends itself: what is left after a grace period is
  killed, and COMMAND gets SIGTERM if this process dies first.

Outside systemd it only runs COMMAND.
"""

import argparse
import ctypes
import logging
import os
import select
import signal
import socket
import struct
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from antrean.systemd_notify import ServiceNotifier

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 15.0  # below the units' TimeoutStopSec=20
ABORT_GRACE_SECONDS = 5.0  # for the aborted app to write its stacks
PR_SET_PDEATHSIG = 1
STOPS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


def register(groups: dict[str, Any]) -> None:
    parser = groups[""].add_parser(
        "supervise",
        help="run cage and the app as one systemd service (the kiosk's and the board's units)",
        description="Start COMMAND, pass its sd_notify messages on to systemd, and pass "
        "systemd's stop on to the app that said it was ready.",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGUMENTS...]")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    command: list[str] = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        log.error("antrean supervise: give the command to run after --")
        return 2
    return Supervisor(ServiceNotifier.from_environ()).run(command)


class Supervisor:
    """One run of COMMAND; ``run`` returns its exit code (128 + N when a signal ended it)."""

    def __init__(self, upstream: ServiceNotifier) -> None:
        self.upstream = upstream
        self.app_pid: int | None = None
        self._app_fd: int | None = None
        self._deadline: float | None = None
        self._aborted = False

    def run(self, command: Sequence[str]) -> int:
        with _listening() as (inbox, address), _signals_to_pipe() as wake:
            env = {k: v for k, v in os.environ.items() if k != "WATCHDOG_PID"}
            env["NOTIFY_SOCKET"] = address
            child = subprocess.Popen(command, env=env, preexec_fn=_end_with_parent)
            log.info("started %s (pid %d)", command[0], child.pid)
            child_fd = os.pidfd_open(child.pid)
            try:
                code = self._loop(child, child_fd, inbox, wake)
            finally:
                os.close(child_fd)
                self._end_app()
        return 128 + signal.SIGABRT if self._aborted else code

    def _loop(
        self, child: subprocess.Popen[bytes], child_fd: int, inbox: socket.socket, wake: int
    ) -> int:
        while True:
            timeout = None if self._deadline is None else max(0, self._deadline - time.monotonic())
            ready, _, _ = select.select([inbox.fileno(), wake, child_fd], [], [], timeout)
            if inbox.fileno() in ready:
                self._relay(inbox)
            if wake in ready:
                for number in os.read(wake, 64):
                    self._on_signal(number, child)
            if child_fd in ready:
                code = child.wait()
                log.info("%s ended (%d)", child.args[0], code)  # type: ignore[index]
                return code if code >= 0 else 128 - code
            if self._deadline is not None and time.monotonic() >= self._deadline:
                log.warning("still running %.0f s after the stop: killed", STOP_GRACE_SECONDS)
                self._signal_app(signal.SIGKILL)
                child.kill()
                self._deadline = None

    def _relay(self, inbox: socket.socket) -> None:
        data, ancillary, _, _ = inbox.recvmsg(4096, socket.CMSG_SPACE(_CREDENTIALS.size))
        lines = data.decode(errors="replace").split("\n")
        sender = _sender(ancillary)
        if "READY=1" in lines and self.app_pid is None and sender is not None:
            self._watch_app(sender)
        kept = [line for line in lines if line and not line.startswith("MAINPID=")]
        if kept:
            self.upstream.send("\n".join(kept))

    def _watch_app(self, pid: int) -> None:
        try:
            self._app_fd = os.pidfd_open(pid)
        except OSError:
            return
        self.app_pid = pid
        log.info("the app (pid %d) is ready", pid)

    def _on_signal(self, number: int, child: subprocess.Popen[bytes]) -> None:
        if number == signal.SIGABRT:
            log.error("the watchdog fired: aborting the app")
            self._aborted = True
            self._signal_app(signal.SIGABRT)
            self._deadline = time.monotonic() + ABORT_GRACE_SECONDS
        elif number in STOPS:
            log.info("stopping the app")
            if not self._signal_app(signal.SIGTERM):
                child.terminate()
            self._deadline = time.monotonic() + STOP_GRACE_SECONDS

    def _signal_app(self, number: int) -> bool:
        """Signal the app, by its pidfd (never a reused pid); False if there is none."""
        if self._app_fd is None:
            return False
        with suppress(ProcessLookupError):
            signal.pidfd_send_signal(self._app_fd, number)
        return True

    def _end_app(self) -> None:
        """cage has ended: the app, left without a screen, ends too, or is killed."""
        if self._app_fd is None:
            return
        ready, _, _ = select.select([self._app_fd], [], [], ABORT_GRACE_SECONDS)
        if not ready:
            log.warning("the app outlived cage: killed")
            self._signal_app(signal.SIGKILL)
        os.close(self._app_fd)
        self._app_fd = None


@contextmanager
def _listening() -> Iterator[tuple[socket.socket, str]]:
    """A datagram socket for the app's messages, in the abstract namespace, with each
    message's sender attached (SO_PASSCRED)."""
    name = f"antrean-supervise-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        sock.bind("\0" + name)
        yield sock, "@" + name


@contextmanager
def _signals_to_pipe() -> Iterator[int]:
    """The signals this process handles, as bytes on a pipe its ``select`` waits on."""
    read_end, write_end = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    numbers = (*STOPS, signal.SIGABRT)
    previous = {number: signal.signal(number, _noted) for number in numbers}
    old_fd = signal.set_wakeup_fd(write_end)
    try:
        yield read_end
    finally:
        signal.set_wakeup_fd(old_fd)
        for number, handler in previous.items():
            signal.signal(number, handler)
        os.close(read_end)
        os.close(write_end)


def _noted(number: int, frame: object) -> None:
    """A signal's handler: its number is on the wake-up pipe already."""


def _sender(ancillary: list[tuple[int, int, bytes]]) -> int | None:
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid, _, _ = _CREDENTIALS.unpack(data[: _CREDENTIALS.size])
            return int(pid)
    return None


def _end_with_parent() -> None:
    """In the child, before cage starts: SIGTERM when this process dies, even by SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
