"""``antrean device test KIND URL``: the technician's check of one device.

Each kind's check lives in ``hardware.<kind>.check.run_check(url, *, timeout, out)``
and is imported only when chosen, so ``antrean --help`` loads no device library.
"""

import argparse
import importlib
import sys
from typing import Any

_KINDS = {
    "printer": ("print a test ticket and show the printer's state", 3.0),
    "scanner": ("wait for one scan and show it", 30.0),
    "mrz": ("read one passport's MRZ and validate it", 30.0),
    "camera": ("decode QR codes from the camera for a while", 10.0),
}


def register(groups: dict[str, Any]) -> None:
    """Add ``test printer|scanner|mrz|camera URL`` under ``antrean device``."""
    test = groups["device"].add_parser(
        "test", help="check a printer, scanner, MRZ reader or camera"
    )
    kinds = test.add_subparsers(dest="device_kind", metavar="KIND", required=True)
    for kind, (summary, default_timeout) in _KINDS.items():
        parser = kinds.add_parser(kind, help=summary, description=f"{kind}: {summary}.")
        parser.add_argument("url", metavar="URL", help="device URL, as in kiosk.toml")
        parser.add_argument(
            "--timeout",
            type=_positive,
            default=default_timeout,
            metavar="S",
            help=f"seconds to wait for the device (default {default_timeout:g})",
        )
        if kind == "camera":
            parser.add_argument(
                "--seconds", type=_positive, metavar="N", help="how long to read frames"
            )
        parser.set_defaults(run=run_device_test, device_kind=kind)


def run_device_test(args: argparse.Namespace) -> int:
    """Run ``hardware.<kind>.check.run_check`` for the chosen kind; its exit code."""
    module = importlib.import_module(f"hardware.{args.device_kind}.check")
    seconds = getattr(args, "seconds", None)
    timeout = seconds if seconds is not None else args.timeout
    code: int = module.run_check(args.url, timeout=timeout, out=sys.stdout)
    return code


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value
