"""A socket that listens as systemd does for ``sd_notify`` messages (``NOTIFY_SOCKET``)."""

import socket
import time
import uuid


class NotifyListener:
    """A datagram socket in Linux's abstract namespace (no path-length limit, no file to
    remove). ``environ`` gives the variables systemd would set; ``wait_for`` collects the
    messages until one carries the asked ``KEY=value``."""

    def __init__(self) -> None:
        self.name = f"@antrean-test-{uuid.uuid4().hex}"
        self.messages: list[str] = []
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind("\0" + self.name[1:])

    def environ(self, *, watchdog_usec: int | None = None) -> dict[str, str]:
        env = {"NOTIFY_SOCKET": self.name}
        if watchdog_usec is not None:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        return env

    def wait_for(self, line: str, *, timeout: float = 60, count: int = 1) -> list[str]:
        """Every message so far, once ``count`` of them hold ``line`` as one of their lines."""
        deadline = time.monotonic() + timeout
        while self._count(line) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{line!r} x{count} never came; got {self.messages}")
            self._sock.settimeout(left)
            try:
                self.messages.append(self._sock.recv(4096).decode())
            except TimeoutError:
                continue
        return list(self.messages)

    def _count(self, line: str) -> int:
        return sum(line in message.split("\n") for message in self.messages)

    def close(self) -> None:
        self._sock.close()
