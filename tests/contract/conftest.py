"""Fixtures for the contract suites: simulated printers behind each real transport."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hardware.printer.base import TicketView
from hardware.printer.fake import FakeNetworkPrinter, SimulatedPrinter
from hardware.printer.fake_serial import FakeSerialPrinter

# Short, so the offline cases (which wait for a timeout) stay quick.
STATUS_TIMEOUT = 0.3


@dataclass(frozen=True)
class PrinterRig:
    """A printer URL for ``open_printer`` and the simulated device behind it."""

    url: str
    device: SimulatedPrinter


def _tcp(tmp_path: Path) -> Iterator[PrinterRig]:
    with FakeNetworkPrinter(output_dir=tmp_path / "png") as fake:
        yield PrinterRig(f"{fake.url}?timeout={STATUS_TIMEOUT}", fake)


def _serial_pty(tmp_path: Path) -> Iterator[PrinterRig]:
    with FakeSerialPrinter(output_dir=tmp_path / "png") as fake:
        yield PrinterRig(f"{fake.url}&timeout={STATUS_TIMEOUT}", fake)


def _serial_socket(tmp_path: Path) -> Iterator[PrinterRig]:
    with FakeNetworkPrinter(output_dir=tmp_path / "png") as fake:
        yield PrinterRig(f"socket://127.0.0.1:{fake.port}?timeout={STATUS_TIMEOUT}", fake)


def _sim(tmp_path: Path) -> Iterator[PrinterRig]:
    from hardware.printer.fake import sim_printer

    url = f"sim://{tmp_path / 'png'}"
    yield PrinterRig(f"{url}?timeout={STATUS_TIMEOUT}", sim_printer(url))


_RIGS = {"tcp": _tcp, "serial-pty": _serial_pty, "serial-socket": _serial_socket, "sim": _sim}


@pytest.fixture(params=list(_RIGS))
def printer_rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PrinterRig]:
    """Each simulated printer behind the transport that reaches it."""
    yield from _RIGS[request.param](tmp_path)


@pytest.fixture
def ticket() -> TicketView:
    """A regular ticket with a stage and a status URL."""
    return TicketView(
        office_name="Kantor Imigrasi Kelas I TPI Jakarta Selatan",
        number="B027",
        service_id="Penggantian Paspor",
        service_en="Passport Replacement",
        people_ahead=3,
        estimated_wait_min=12,
        issued_at=datetime(2026, 3, 2, 10, 5, tzinfo=ZoneInfo("Asia/Jakarta")),
        status_url="http://10.0.0.2:8000/t/9fKq2LmX7pRt",
        stage_id="Foto & wawancara",
        stage_en="Photo & interview",
    )
