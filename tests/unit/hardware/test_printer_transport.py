"""Printer URLs, transports and EscposTicketPrinter against odd peers (silent, echoing, late)."""

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.printer import open_printer
from hardware.printer.base import PrinterError, PrinterUnreachableError
from hardware.printer.escpos_printer import EscposTicketPrinter
from hardware.printer.fake import FakeNetworkPrinter
from hardware.printer.layout import render_ticket
from hardware.printer.paper import PaperWidth
from hardware.printer.status import DLE_EOT_PRINTER, NO_STATUS, UNREACHABLE
from hardware.printer.transport import TcpTransport
from tests.unit.hardware.printer_samples import sample_ticket


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback TCP listener that nobody serves: connections succeed, nothing answers."""
    server = socket.create_server(("127.0.0.1", 0))
    yield server
    server.close()


def _port(server: socket.socket) -> int:
    port: int = server.getsockname()[1]
    return port


def test_open_printer_reads_paper_and_qr_from_the_url() -> None:
    printer = open_printer("tcp://10.0.0.7?paper=58mm&qr=native&timeout=1.5")

    assert isinstance(printer, EscposTicketPrinter)
    assert printer.paper is PaperWidth.MM58
    assert printer.qr_mode == "native"
    assert isinstance(printer.transport, TcpTransport)
    assert (printer.transport.host, printer.transport.port) == ("10.0.0.7", 9100)
    assert printer.transport.timeout == 1.5


def test_open_printer_keyword_arguments_win_over_the_url() -> None:
    printer = open_printer("tcp://10.0.0.7:9101?paper=58", paper=PaperWidth.MM80, qr_mode="native")

    assert isinstance(printer, EscposTicketPrinter)
    assert printer.paper is PaperWidth.MM80
    assert printer.qr_mode == "native"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bogus://x", "unknown kind 'bogus://'"),
        ("tcp://", "no host"),
        ("tcp://printer:port", "Port could not be cast"),
        ("usb://04b8", "usb://VID:PID"),
        ("tcp://printer?paper=57", "use 58 or 80"),
        ("tcp://printer?qr=svg", "use image or native"),
        ("serial:///dev/ttyUSB0?speed=9600", "unknown setting 'speed'"),
        ("file://", "no path"),
    ],
)
def test_open_printer_bad_url_raises_printer_error(url: str, message: str) -> None:
    with pytest.raises(PrinterError, match="bad printer URL") as raised:
        open_printer(url)

    assert message in raised.value.message


def test_tcp_silent_peer_is_unreachable_not_ok(listener: socket.socket) -> None:
    printer = open_printer(f"tcp://127.0.0.1:{_port(listener)}?timeout=0.2")
    with printer:
        assert printer.status() == UNREACHABLE
        with pytest.raises(PrinterUnreachableError, match="no answer"):
            printer.print_ticket(sample_ticket())


def test_tcp_late_answer_is_not_taken_for_the_next_one(listener: socket.socket) -> None:
    timed_out, stale_sent = threading.Event(), threading.Event()

    def peer() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(3)  # first query: answer only after the client gave up
            assert timed_out.wait(5)
            connection.sendall(b"\x1a")  # late "offline"
            stale_sent.set()
            connection.recv(3)
            connection.sendall(b"\x12")  # the real answer: online

    thread = threading.Thread(target=peer)
    thread.start()
    transport = TcpTransport("127.0.0.1", _port(listener), timeout=0.2)
    transport.open()
    try:
        assert transport.query(DLE_EOT_PRINTER) == b""
        timed_out.set()
        assert stale_sent.wait(5)
        assert transport.query(DLE_EOT_PRINTER) == b"\x12"
    finally:
        transport.close()
        thread.join(5)


def test_tcp_connection_dropped_while_idle_reconnects_once() -> None:
    with FakeNetworkPrinter() as fake:
        printer = open_printer(fake.url)
        with printer:
            fake.stop()  # the printer rebooted: our connection is gone
            fake.start()  # same port
            printer.print_ticket(sample_ticket())
        assert fake.wait_for_tickets(1, 5)


def test_tcp_refused_raises_unreachable_with_advice(listener: socket.socket) -> None:
    port = _port(listener)
    listener.close()

    with pytest.raises(PrinterUnreachableError, match="connection refused"):
        open_printer(f"tcp://127.0.0.1:{port}").open()


def test_tcp_status_off_prints_without_asking() -> None:
    with FakeNetworkPrinter() as fake:
        fake.paper_near_end()
        with open_printer(f"{fake.url}?status=off") as printer:
            printer.print_ticket(sample_ticket())
        assert fake.wait_for_tickets(1, 5)


def test_serial_loop_echo_is_not_an_escpos_status(tmp_path: Path) -> None:
    with open_printer("loop://?timeout=0.2") as printer:
        status = printer.status()
        with pytest.raises(PrinterError, match="ESC/POS mode"):
            printer.print_ticket(sample_ticket())

    assert status.reachable
    assert status.online is None


def test_file_printer_writes_the_rendered_bytes_and_knows_no_status(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.touch()
    ticket = sample_ticket()

    with open_printer(f"file://{device}?paper=58") as printer:
        assert printer.status() == NO_STATUS
        printer.print_ticket(ticket)

    assert device.read_bytes() == render_ticket(ticket, paper=PaperWidth.MM58)


def test_file_printer_missing_device_is_unreachable(tmp_path: Path) -> None:
    with pytest.raises(PrinterUnreachableError, match="no such device"):
        open_printer(f"file://{tmp_path / 'lp9'}").open()
    assert not (tmp_path / "lp9").exists()


def test_usb_printer_without_device_is_unreachable() -> None:
    with pytest.raises(PrinterUnreachableError, match="USB printer 04b8:0e15"):
        open_printer("usb://04b8:0e15").open()


def test_importing_the_printer_interface_does_not_load_escpos() -> None:
    code = "import sys, hardware.printer.base, hardware.printer; print('escpos' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "False"
