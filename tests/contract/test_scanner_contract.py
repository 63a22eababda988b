"""The CodeScanner contract, over the pty simulator, pyserial's loop:// and a socket:// peer.

Each backend gives a ``SerialCodeScanner`` and a way to make the "device" send bytes.
"""

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from hardware.scanner.base import CodeScanner, ScannerError
from hardware.scanner.fake import FakeSerialScanner
from hardware.scanner.framing import Suffix, encode_scan
from hardware.scanner.serial_scanner import SerialCodeScanner


@dataclass
class Rig:
    scanner: SerialCodeScanner
    send: Callable[[bytes], None]


class SocketPeer:
    """A one-connection TCP "device server" on loopback."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connection: socket.socket | None = None
        self._accepted = threading.Event()
        self._thread = threading.Thread(target=self._accept)
        self._thread.start()

    def _accept(self) -> None:
        self.connection, _ = self.listener.accept()
        self._accepted.set()

    def send(self, data: bytes) -> None:
        assert self._accepted.wait(5)
        assert self.connection is not None
        self.connection.sendall(data)

    def close(self) -> None:
        self._thread.join(5)
        if self.connection is not None:
            self.connection.close()
        self.listener.close()


@pytest.fixture(params=["pty", "loop", "socket"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    if request.param == "pty":
        with FakeSerialScanner() as fake, SerialCodeScanner(fake.device_path) as scanner:
            yield Rig(scanner, fake.send_raw)
    elif request.param == "loop":
        with SerialCodeScanner("loop://") as scanner:
            yield Rig(scanner, scanner.send_command)  # loop:// echoes what is written
    else:
        peer = SocketPeer()
        try:
            with SerialCodeScanner(f"socket://127.0.0.1:{peer.port}") as scanner:
                yield Rig(scanner, peer.send)
        finally:
            peer.close()


def test_contract_is_a_code_scanner(rig: Rig) -> None:
    scanner: CodeScanner = rig.scanner
    assert scanner.url


def test_contract_nothing_sent_returns_none(rig: Rig) -> None:
    assert rig.scanner.read_scan(0.05) is None


def test_contract_one_scan(rig: Rig) -> None:
    rig.send(encode_scan("ANT1.JKT.ABCDEF", Suffix.CR))
    assert rig.scanner.read_scan(2.0) == "ANT1.JKT.ABCDEF"


def test_contract_several_scans_in_one_write_come_one_by_one(rig: Rig) -> None:
    rig.send(b"A001\r\nA002\nA003\r")
    assert [rig.scanner.read_scan(2.0) for _ in range(3)] == ["A001", "A002", "A003"]
    assert rig.scanner.read_scan(0.05) is None


def test_contract_crlf_split_across_writes_is_one_terminator(rig: Rig) -> None:
    rig.send(b"B17\r")
    assert rig.scanner.read_scan(2.0) == "B17"
    rig.send(b"\nC9\r\n")
    assert rig.scanner.read_scan(2.0) == "C9"
    assert rig.scanner.read_scan(0.05) is None


def test_contract_aim_prefix_stripped(rig: Rig) -> None:
    rig.send(encode_scan("1234567890123456", Suffix.CRLF, aim_prefix="]Q1"))
    assert rig.scanner.read_scan(2.0) == "1234567890123456"


def test_contract_close_twice_and_read_after_close(rig: Rig) -> None:
    rig.scanner.close()
    rig.scanner.close()
    with pytest.raises(ScannerError, match="not open"):
        rig.scanner.read_scan(0.01)


def test_contract_unplugged_pty_raises_scanner_error() -> None:
    fake = FakeSerialScanner()
    fake.open()
    with SerialCodeScanner(fake.device_path) as scanner:
        fake.close()
        with pytest.raises(ScannerError, match="disconnected"):
            scanner.read_scan(1.0)
        assert not scanner.is_open


def test_contract_refused_socket_names_the_url() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(
        ScannerError, match=f"scanner at socket://127.0.0.1:{port}: connection refused"
    ):
        SerialCodeScanner(f"socket://127.0.0.1:{port}").open()
