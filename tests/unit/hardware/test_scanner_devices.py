"""SerialCodeScanner and SerialMrzReader details, URLs, and the technician checks."""

import io
import threading
from collections.abc import Callable

import pytest

from hardware.mrz.check import mask_document_number
from hardware.mrz.check import run_check as run_mrz_check
from hardware.mrz.fake import SPECIMEN_TD3, FakeSerialMrzReader
from hardware.scanner.check import run_check as run_scanner_check
from hardware.scanner.fake import FakeSerialScanner
from hardware.scanner.framing import Suffix
from hardware.scanner.ports import SerialUrlError, parse_serial_url
from hardware.scanner.serial_scanner import ScannerConfigError, SerialCodeScanner


@pytest.mark.parametrize(
    ("url", "port", "options"),
    [
        ("serial:///dev/ttyUSB0?baudrate=115200", "/dev/ttyUSB0", {"baudrate": 115200}),
        (
            "serial:///dev/ttyS0?parity=e&stopbits=2",
            "/dev/ttyS0",
            {"baudrate": 9600, "parity": "E", "stopbits": 2},
        ),
        ("/dev/pts/3", "/dev/pts/3", {"baudrate": 9600}),
        ("loop://", "loop://", {}),
        ("socket://127.0.0.1:7000", "socket://127.0.0.1:7000", {}),
    ],
)
def test_parse_serial_url(url: str, port: str, options: dict[str, object]) -> None:
    target = parse_serial_url(url)
    assert (target.port, target.options) == (port, options)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://x", "not a serial device URL"),
        ("serial://", "names no device"),
        ("serial:///dev/ttyS0?baudrate=fast", "baudrate='fast' is not a number"),
        ("serial:///dev/ttyS0?speed=9600", "unknown setting 'speed'"),
    ],
)
def test_parse_serial_url_misconfiguration(url: str, message: str) -> None:
    with pytest.raises(SerialUrlError, match=message):
        parse_serial_url(url)


def test_serial_scanner_bad_url_is_config_error() -> None:
    with pytest.raises(ScannerConfigError, match="not a serial device URL"):
        SerialCodeScanner("ftp://x").open()


def test_serial_scanner_no_suffix_mode_over_pty() -> None:
    with FakeSerialScanner(suffix=Suffix.NONE) as fake:
        scanner = SerialCodeScanner(fake.device_path, suffix=Suffix.NONE, silence_gap=0.05)
        with scanner:
            fake.scan("A0123456")
            assert scanner.read_scan(2.0) == "A0123456"


def test_serial_scanner_trigger_command_reaches_device() -> None:
    with FakeSerialScanner() as fake, SerialCodeScanner(fake.device_path) as scanner:
        scanner.send_command(b"\x16T\r")
        assert fake.received(2.0) == b"\x16T\r"


def test_mask_document_number() -> None:
    assert mask_document_number("L898902C3") == "L8******3"
    assert mask_document_number("AB") == "**"


class Repeater:
    """Repeats a device action until stopped.

    The check opens the port after the test starts, and opening a pty discards bytes
    already waiting, so the device keeps "scanning" until the check has read one.
    """

    def __init__(self, action: Callable[[], None]) -> None:
        self._action = action
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._action()
            self._stop.wait(0.05)

    def __enter__(self) -> "Repeater":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


def test_scanner_check_ok_shows_scan() -> None:
    with FakeSerialScanner() as fake:
        out = io.StringIO()
        with Repeater(lambda: fake.scan("ANT1.JKT.ABC")):
            code = run_scanner_check(fake.device_path, timeout=3.0, out=out)
    assert code == 0
    assert out.getvalue().splitlines()[-1].endswith("scanned 12 characters: 'ANT1.JKT.ABC'")


def test_scanner_check_timeout_and_missing_device() -> None:
    with FakeSerialScanner() as fake:
        out = io.StringIO()
        assert run_scanner_check(fake.device_path, timeout=0.1, out=out) == 1
        assert "no scan within 0.1 s" in out.getvalue()
    out = io.StringIO()
    assert run_scanner_check("serial:///dev/ttyACM0x", timeout=0.1, out=out) == 2
    assert out.getvalue().startswith("scanner at serial:///dev/ttyACM0x: no such device")


def test_mrz_check_valid_passport_masked() -> None:
    with FakeSerialMrzReader() as fake:
        out = io.StringIO()
        with Repeater(fake.present):
            code = run_mrz_check(fake.device_path, timeout=3.0, out=out)
    text = out.getvalue()
    assert code == 0
    assert "L8******3" in text
    assert "L898902C3" not in text
    assert text.splitlines()[-1].endswith("TD3 read and all check digits correct")


def test_mrz_check_invalid_passport_lists_errors() -> None:
    bad = SPECIMEN_TD3.replace("L898902C3", "L8989O2C3")
    with FakeSerialMrzReader() as fake:
        out = io.StringIO()
        with Repeater(lambda: fake.present(bad)):
            code = run_mrz_check(fake.device_path, timeout=3.0, out=out)
    assert code == 1
    assert "document number check digit is 6, expected 0" in out.getvalue().splitlines()[-1]


def test_mrz_check_missing_device() -> None:
    out = io.StringIO()
    assert run_mrz_check("/dev/ttyNOPE", timeout=0.1, out=out) == 2
    assert out.getvalue().startswith("MRZ reader at /dev/ttyNOPE: no such device")


def test_cli_device_test_scanner_and_mrz(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("hardware.cli", reason="hardware/cli.py is not written yet")
    from antrean.cli import main

    with FakeSerialScanner() as fake, Repeater(lambda: fake.scan("A012")):
        code = main(["device", "test", "scanner", fake.device_path, "--timeout", "2"])
    assert code == 0
    assert "'A012'" in capsys.readouterr().out
    code = main(["device", "test", "mrz", "serial:///dev/ttyNOPE", "--timeout", "0.1"])
    assert code != 0
