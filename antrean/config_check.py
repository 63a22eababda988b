"""``antrean config check office|kiosk|display FILE``: is the file right, before a restart.

Each role's file is read by that role's own loader, as its program will read it: a broken
one is refused with the key and the problem, a valid one is summed up, with the warnings of
what is valid but probably a mistake (an office's status link that phones cannot reach).
Exit status: 0 valid (warnings or not), 2 broken. Loaders are imported only when used, so a
kiosk PC without the server's packages checks its own file.
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(groups: dict[str, Any]) -> None:
    """Add ``check KIND FILE`` under ``antrean config``."""
    parser = groups["config"].add_parser(
        "check",
        help="check a configuration file / periksa berkas konfigurasi",
        description="Read FILE as the role's program would: name each mistake with its key, "
        "or sum the file up with the warnings of what is valid but probably wrong. Exit "
        "status 0 when the file can be used, 2 when it cannot.",
    )
    parser.add_argument("kind", choices=sorted(CHECKS), help="whose file it is")
    parser.add_argument("file", type=Path, help="the file to check (office.toml, kiosk.toml...)")
    parser.set_defaults(run=run)


class UnusableFileError(Exception):
    """The file cannot be used; ``str()`` names the key and the problem."""


def run(args: argparse.Namespace) -> int:
    try:
        summary, warnings = CHECKS[args.kind](args.file)
    except UnusableFileError as error:
        print(f"antrean: {error}", file=sys.stderr)
        return 2
    print(f"{args.file}: OK: {summary}")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0


def _check_office(path: Path) -> tuple[str, list[str]]:
    from queue_server.config import ConfigError, load_office
    from queue_server.domain.office_warnings import office_warnings

    try:
        office = load_office(path)
    except ConfigError as error:
        raise UnusableFileError(str(error)) from None
    summary = (
        f"{office.office.name} ({office.office.id}), {len(office.services)} services, "
        f"{len(office.counters)} counters"
    )
    return summary, office_warnings(office)


def _check_kiosk(path: Path) -> tuple[str, list[str]]:
    from kiosk_app.config import KioskConfigError, load_config

    try:
        config = load_config(path)
    except KioskConfigError as error:
        raise UnusableFileError(str(error)) from None
    return f"a {config.mode.value} for server {config.server.url}", []


def _check_display(path: Path) -> tuple[str, list[str]]:
    from counter_display.config import ConfigError, load_config

    try:
        config = load_config(path)
    except ConfigError as error:
        raise UnusableFileError(str(error)) from None
    return f"a board for server {config.server}", []


CHECKS: dict[str, Callable[[Path], tuple[str, list[str]]]] = {
    "office": _check_office,
    "kiosk": _check_kiosk,
    "display": _check_display,
}
