"""``antrean device test scanner URL``: wait for one scan and show it."""

from typing import TextIO

from hardware.scanner.base import ScannerError
from hardware.scanner.serial_scanner import SerialCodeScanner

EXIT_OK, EXIT_NO_SCAN, EXIT_DEVICE = 0, 1, 2


def run_check(url: str, *, timeout: float, out: TextIO) -> int:
    """Open the scanner at ``url``, wait up to ``timeout`` s for one scan, report it.

    Returns 0 when a scan came, 1 when none came in time, 2 when the device is unusable;
    the last line written always says what happened.
    """
    scanner = SerialCodeScanner(url)
    try:
        scanner.open()
    except ScannerError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE
    try:
        out.write(f"scanner at {url}: open, scan a code within {timeout:g} s\n")
        out.flush()
        text = scanner.read_scan(timeout)
    except ScannerError as error:
        out.write(f"{error}\n")
        return EXIT_DEVICE
    finally:
        scanner.close()
    if text is None:
        out.write(
            f"scanner at {url}: no scan within {timeout:g} s "
            "(check the cable, the baud rate and that the scanner's suffix is CR or LF)\n"
        )
        return EXIT_NO_SCAN
    out.write(f"scanner at {url}: OK, scanned {len(text)} characters: {text!r}\n")
    return EXIT_OK
