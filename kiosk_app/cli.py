"""``antrean kiosk``: the touchscreen kiosk, or with ``--mode feedback`` a counter's survey screen.

Qt is imported only when the command runs, so ``antrean --help`` stays fast.
"""

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk_app.config import KioskConfig

log = logging.getLogger(__name__)


def register(groups: dict[str, "argparse._SubParsersAction[argparse.ArgumentParser]"]) -> None:
    """Add ``kiosk`` to the top-level commands."""
    parser = groups[""].add_parser(
        "kiosk",
        help="run the touchscreen kiosk (or a counter's feedback screen)",
        description="The entrance kiosk: M-Paspor check-in, passport, walk-in tickets. "
        "With --mode feedback --counter N, the satisfaction (SKM) screen of counter N.",
    )
    parser.add_argument("--config", type=Path, help="kiosk.toml (default: built-in defaults)")
    parser.add_argument("--server", help="server URL, or 'auto' to find it on the LAN")
    parser.add_argument(
        "--mode", choices=("kiosk", "feedback"), help="override [mode] of the config"
    )
    parser.add_argument("--counter", type=int, help="the counter a feedback screen belongs to")
    parser.add_argument(
        "--geometry",
        metavar="WxH+X+Y",
        help="a window of this size at this place instead of full screen (e.g. 640x1080+0+0)",
    )
    parser.set_defaults(run=run)
    actions = parser.add_subparsers(dest="kiosk_action", metavar="ACTION")
    enrol = actions.add_parser(
        "enrol",
        help="enrol this kiosk or feedback screen with a code from the server",
        description="Exchanges the code printed by 'antrean device add' (or shown on the "
        "admin's devices page) for this device's own token, and pins the office CA. "
        "The result is kept in the data directory of kiosk.toml.",
    )
    enrol.add_argument("code", help="the enrolment code (quote it: it contains '#' and '&')")
    enrol.add_argument(
        "--config", dest="enrol_config", type=Path, help="kiosk.toml (default: built-in defaults)"
    )
    enrol.set_defaults(run=run_enrol)


def run_enrol(args: argparse.Namespace) -> int:
    """``antrean kiosk enrol CODE``: enrol, keep the result, say where."""
    from kiosk_app.config import KioskConfigError, KioskMode, load_config
    from queue_protocol import DeviceKind
    from queue_protocol.enrolment import EnrolmentError, EnrolmentFile, enrol_and_keep

    try:
        config = load_config(args.enrol_config or args.config)
    except KioskConfigError as error:
        log.error("%s", error)
        return 2
    kind = DeviceKind.FEEDBACK if config.mode == KioskMode.FEEDBACK else DeviceKind.KIOSK
    store = EnrolmentFile(config.data_dir)
    try:
        enrolment = enrol_and_keep(args.code, store, kind=kind)
    except EnrolmentError as error:
        print(f"antrean: {error}", file=sys.stderr)
        return 2
    print(f"enrolled as {enrolment.name} at {enrolment.office_name} ({enrolment.server_url})")
    print(f"kept in {store.path}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Load the config, then run the kiosk or the feedback screen."""
    from kiosk_app.config import KioskConfigError, KioskMode

    try:
        config = config_for(args)
    except (KioskConfigError, ValueError) as error:
        log.error("%s", error)
        return 2
    from kiosk_app.app import run_feedback, run_kiosk

    if config.mode == KioskMode.FEEDBACK:
        return run_feedback(config, server=args.server)
    return run_kiosk(config, server=args.server)


def config_for(args: argparse.Namespace) -> "KioskConfig":
    """The config file with the command line's options over it.

    Raises:
        KioskConfigError: the file cannot be used.
        ValueError: an option's value cannot be (pydantic's ``ValidationError``).
    """
    from kiosk_app.config import KioskMode, load_config

    config = load_config(args.config)
    updates: dict[str, object] = {}
    if args.mode:
        updates["mode"] = KioskMode(args.mode)
    if args.counter is not None:
        updates["feedback"] = config.feedback.model_copy(update={"counter": args.counter})
    if args.geometry:
        window = {"geometry": args.geometry, "fullscreen": False}
        updates["screen"] = type(config.screen).model_validate(config.screen.model_dump() | window)
    if updates:
        config = type(config).model_validate(config.model_copy(update=updates).model_dump())
    return config
