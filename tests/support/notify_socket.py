"""A socket that listens as systemd does for ``sd_notify`` messages (``NOTIFY_SOCKET``)."""

import socket
import struct
import time
import uuid

CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


class NotifyListener:
    """A datagram socket in Linux's abstract namespace (no path-length limit, no file to
    remove). ``environ`` gives the variables systemd would set; ``wait_for`` collects the
    messages until one carries the asked ``KEY=value``; ``senders`` holds the pid that sent
    each one, as systemd sees it (it hears a unit's main process, or its cgroup)."""

    def __init__(self) -> None:
        self.name = f"@antrean-test-{uuid.uuid4().hex}"
        self.messages: list[str] = []
        self.senders: list[int] = []
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
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
                data, ancillary, _, _ = self._sock.recvmsg(
                    4096, socket.CMSG_SPACE(CREDENTIALS.size)
                )
            except TimeoutError:
                continue
            self.messages.append(data.decode())
            self.senders.append(_sender(ancillary))
        return list(self.messages)

    def _count(self, line: str) -> int:
        return sum(line in message.split("\n") for message in self.messages)

    def close(self) -> None:
        self._sock.close()


def _sender(ancillary: list[tuple[int, int, bytes]]) -> int:
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            return int(CREDENTIALS.unpack(data[: CREDENTIALS.size])[0])
    raise AssertionError("a message without its sender's credentials")
