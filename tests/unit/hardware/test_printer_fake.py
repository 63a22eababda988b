"""The shipped printer simulators: status bytes, refusing when offline, PNG output."""

import socket
from pathlib import Path

import pytest

from hardware.printer.fake import FakeNetworkPrinter, SimulatedPrinter, sim_printer
from hardware.printer.layout import render_ticket
from tests.unit.hardware.printer_samples import sample_ticket


@pytest.mark.parametrize(
    ("fault", "replies"),
    [
        (None, (b"\x12", b"\x12", b"\x12")),
        ("paper_near_end", (b"\x12", b"\x12", b"\x1e")),
        ("paper_out", (b"\x1a", b"\x32", b"\x7e")),
        ("open_cover", (b"\x1a", b"\x16", b"\x12")),
    ],
)
def test_simulated_printer_answers_dle_eot_like_an_epson(
    fault: str | None, replies: tuple[bytes, bytes, bytes]
) -> None:
    printer = SimulatedPrinter()
    if fault:
        getattr(printer, fault)()

    assert tuple(printer.status_reply(n) for n in (1, 2, 4)) == replies


def test_fake_network_printer_offline_refuses_then_restore_listens_again() -> None:
    with FakeNetworkPrinter() as fake:
        fake.go_offline()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", fake.port), timeout=2).close()

        fake.restore()
        with socket.create_connection(("127.0.0.1", fake.port), timeout=2) as client:
            client.sendall(b"\x10\x04\x01")
            assert client.recv(1) == b"\x12"


def test_fake_network_printer_drops_a_blind_job_while_out_of_paper(tmp_path: Path) -> None:
    # a client that never asks for status (python-escpos' Network) loses the ticket
    with FakeNetworkPrinter(output_dir=tmp_path) as fake:
        fake.paper_out()
        with socket.create_connection(("127.0.0.1", fake.port), timeout=2) as client:
            client.sendall(render_ticket(sample_ticket()) + b"\x10\x04\x04")
            assert client.recv(1) == b"\x7e"  # answered after the job was taken in

        assert fake.tickets == []
        assert fake.dropped_jobs == 1
        assert list(tmp_path.iterdir()) == []


def test_fake_network_printer_saves_numbered_pngs_and_their_text(tmp_path: Path) -> None:
    with FakeNetworkPrinter(output_dir=tmp_path / "out") as fake:
        with socket.create_connection(("127.0.0.1", fake.port), timeout=2) as client:
            client.sendall(render_ticket(sample_ticket()) * 2)
        assert fake.wait_for_tickets(2, 5)

    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "ticket-0001.png",
        "ticket-0001.txt",
        "ticket-0002.png",
        "ticket-0002.txt",
    ]
    assert "A012" in (tmp_path / "out" / "ticket-0002.txt").read_text(encoding="utf-8")


def test_sim_printer_is_one_device_per_url_so_faults_outlive_a_reconnect(tmp_path: Path) -> None:
    url = f"sim://{tmp_path}"

    sim_printer(url).paper_out()

    assert sim_printer(url) is sim_printer(url)
    assert sim_printer(url).status_reply(4) == b"\x7e"
    assert sim_printer(url).output_dir == tmp_path
    assert sim_printer(f"sim://{tmp_path / 'other'}").status_reply(4) == b"\x12"
