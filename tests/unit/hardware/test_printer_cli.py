"""``antrean device test printer URL``: exit codes and the messages a technician reads."""

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from antrean.cli import build_parser, main
from hardware.cli import run_device_test
from hardware.printer.fake import FakeNetworkPrinter


@pytest.fixture
def fake() -> Iterator[FakeNetworkPrinter]:
    with FakeNetworkPrinter() as printer:
        yield printer


def _run(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["device", "test", "printer", url, "--timeout", "0.3"])
    return code, capsys.readouterr().out.splitlines()


def test_device_test_printer_ready_prints_sample_and_exits_0(
    fake: FakeNetworkPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = _run(fake.url, capsys)

    assert code == 0
    assert lines == [
        f"printer at {fake.url}: online, paper ok, cover closed",
        f"printer at {fake.url}: OK, printed a test ticket",
    ]
    assert fake.wait_for_tickets(1, 5)
    assert "T001" in fake.tickets[0].text
    assert "Tiket uji, bukan nomor antrean." in fake.tickets[0].text


def test_device_test_printer_out_of_paper_exits_1(
    fake: FakeNetworkPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.paper_out()

    code, lines = _run(fake.url, capsys)

    assert code == 1
    assert lines[-1] == f"printer at {fake.url}: out of paper (load a new roll)"
    assert fake.tickets == []


def test_device_test_printer_cover_open_exits_1(
    fake: FakeNetworkPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.open_cover()

    code, lines = _run(fake.url, capsys)

    assert code == 1
    assert lines[-1] == f"printer at {fake.url}: cover open (close the printer cover)"


def test_device_test_printer_near_end_prints_with_a_warning(
    fake: FakeNetworkPrinter, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.paper_near_end()

    code, lines = _run(fake.url, capsys)

    assert code == 0
    assert lines[-1].endswith("(paper near end: replace the roll soon)")


def test_device_test_printer_refused_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    url = f"tcp://127.0.0.1:{port}"

    code, lines = _run(url, capsys)

    assert code == 2
    assert lines == [
        f"printer at {url}: connection refused (is the printer on, "
        "and is the address and port right?)"
    ]


def test_device_test_printer_bad_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _run("lpt://1", capsys)

    assert code == 2
    assert lines[0].startswith("printer at lpt://1: bad printer URL: unknown kind 'lpt://'")


def test_device_test_printer_file_device_says_status_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = tmp_path / "lp0"
    device.touch()

    code, lines = _run(f"file://{device}", capsys)

    assert code == 0
    assert lines[-1].endswith("(this connection cannot read status: check the paper by eye)")
    assert device.stat().st_size > 0


def test_device_test_parser_wires_every_kind() -> None:
    parser = build_parser()
    for kind in ("printer", "scanner", "mrz", "camera"):
        args = parser.parse_args(["device", "test", kind, "sim://"])
        assert args.run is run_device_test
        assert args.device_kind == kind

    camera = parser.parse_args(["device", "test", "camera", "sim://", "--seconds", "2"])
    assert camera.seconds == 2.0


def test_device_test_rejects_non_positive_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(["device", "test", "printer", "sim://", "--timeout", "0"])

    assert raised.value.code == 2
    assert "must be more than 0" in capsys.readouterr().err
