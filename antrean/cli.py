"""The ``antrean`` command: one entry point, a subcommand per part.

Each part registers its own subcommands; nothing heavy (Qt, a database, a
device) is imported until the chosen subcommand runs, so ``--help`` is fast.
"""

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from antrean import __version__
from antrean.log_setup import configure_logging

Runner = Callable[[argparse.Namespace], int]

# (module, function) pairs, each adding subcommands to the parser it is given.
_REGISTRARS: tuple[tuple[str, str], ...] = (
    ("queue_server.cli", "register"),
    ("hq_server.cli", "register"),
    ("hardware.cli", "register"),
    ("kiosk_app.cli", "register"),
    ("counter_display.cli", "register"),
    ("antrean.demo", "register"),
    ("antrean.supervise", "register"),
    ("antrean.examples", "register"),
    ("antrean.config_check", "register"),
    ("queue_server.simulation.cli", "register"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrean",
        description="Antrean: antrean kantor imigrasi / immigration office queues.",
    )
    parser.add_argument("--version", action="version", version=f"antrean {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    device = commands.add_parser("device", help="enrol devices and test hardware")
    device_commands = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    config = commands.add_parser("config", help="configuration files / berkas konfigurasi")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    groups = {"": commands, "device": device_commands, "config": config_commands}
    for module_name, function_name in _REGISTRARS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        getattr(module, function_name)(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose)
    run: Runner = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as error:
        if error.name is None or error.name.partition(".")[0] in _OWN_PACKAGES:
            raise
        print(_missing_role(args.command, error.name), file=sys.stderr)
        return 2


_OWN_PACKAGES = frozenset(module.partition(".")[0] for module, _ in _REGISTRARS)


def _missing_role(command: str, module: str) -> str:
    """What to say when a command needs a package this PC's role did not install."""
    return (
        f"antrean {command}: the Python package {module!r} is not installed here. "
        "Install Antrean with the extra of this PC's role: antrean[server], antrean[kiosk] "
        "or antrean[display] (see the README).\n"
        f"antrean {command}: paket Python {module!r} tidak terpasang di sini. Pasang Antrean "
        "dengan extra sesuai peran PC ini: antrean[server], antrean[kiosk] atau antrean[display]."
    )


if __name__ == "__main__":
    sys.exit(main())
