"""Telling systemd how a service is doing: the ``sd_notify`` protocol, without libsystemd.

systemd starts a ``Type=notify`` service with ``NOTIFY_SOCKET``, the address of a datagram
socket (a path, or with a leading ``@`` a name in Linux's abstract namespace); with
``WatchdogSec=`` it adds ``WATCHDOG_USEC``. The service sends newline-separated
``KEY=value`` lines there: ``READY=1`` once it serves, ``WATCHDOG=1`` at least once per
``WATCHDOG_USEC`` (else systemd kills and restarts it), ``STOPPING=1`` when it stops.

Invariants: outside systemd (no ``NOTIFY_SOCKET``) every call does nothing; a message
that cannot be sent is dropped, never raised, as ``sd_notify(3)`` does, so the service
keeps serving whatever happens to its supervisor.

``WATCHDOG_PID`` is not honoured: the kiosk's and the board's app is not the process
systemd started but cage's child, and sends its messages to ``antrean supervise``, which
passes them on to systemd.
"""

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

HEARTBEATS_PER_TIMEOUT = 3  # a late beat or two still keeps the watchdog fed


@dataclass(frozen=True)
class ServiceNotifier:
    """Where to send, and how often the watchdog needs a beat (None: no watchdog)."""

    address: str | None = None
    watchdog_usec: int | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> "ServiceNotifier":
        """The notifier systemd asked for through this process's environment."""
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET") or None
        usec = env.get("WATCHDOG_USEC", "")
        watchdog = int(usec) if usec.isdigit() and int(usec) > 0 else None
        return cls(address=address, watchdog_usec=watchdog)

    @property
    def enabled(self) -> bool:
        """A supervisor listens."""
        return self.address is not None

    @property
    def heartbeat_seconds(self) -> float | None:
        """How often to send ``WATCHDOG=1``; None when nobody watches."""
        if not self.enabled or self.watchdog_usec is None:
            return None
        return self.watchdog_usec / 1_000_000 / HEARTBEATS_PER_TIMEOUT

    def ready(self) -> None:
        """This process serves now."""
        self.send("READY=1")

    def watchdog(self) -> None:
        """Still alive: the loop that sends this is not stuck."""
        self.send("WATCHDOG=1")

    def stopping(self) -> None:
        """Shutting down, on purpose."""
        self.send("STOPPING=1")

    def send(self, message: str) -> None:
        """One datagram of ``KEY=value`` lines; dropped if it cannot be sent."""
        if self.address is None:
            return
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(target)
                sock.sendall(message.encode())
        except OSError as error:
            log.debug("systemd notification %r not sent: %s", message, error)
