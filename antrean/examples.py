"""``antrean config example office|kiosk|display``: the commented example files that ship.

An installed Antrean has no source checkout beside it: this prints the example a technician
copies and adapts (``antrean config example office > /etc/antrean/office.toml``).
"""

import argparse
import sys
from typing import Any

from antrean.asset_files import asset_path

EXAMPLES = {
    "office": ("office.example.toml", "the office: services, counters, hours, quotas"),
    "kiosk": ("kiosk.example.toml", "a kiosk or a feedback screen and its devices"),
    "display": ("display.example.toml", "a waiting-room board, its voice and LEDs"),
}


def register(groups: dict[str, Any]) -> None:
    """Add ``example KIND`` under ``antrean config``."""
    parser = groups["config"].add_parser(
        "example",
        help="print a commented example file / contoh berkas konfigurasi",
        description="Print the commented example to adapt: "
        + "; ".join(f"{kind}: {summary}" for kind, (_, summary) in EXAMPLES.items())
        + ".",
    )
    parser.add_argument("kind", choices=list(EXAMPLES), help="whose file to print")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the example of ``args.kind`` to standard output."""
    name, _ = EXAMPLES[args.kind]
    sys.stdout.write(asset_path(name).read_text(encoding="utf-8"))
    return 0
