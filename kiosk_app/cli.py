"""``antrean kiosk``: the touchscreen kiosk, or with ``--mode feedback`` a counter's survey screen.

Qt is imported only when the command runs, so ``antrean --help`` stays fast.
"""

import argparse
import logging
from pathlib import Path

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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load the config, then run the kiosk or the feedback screen."""
    from kiosk_app.config import KioskConfigError, KioskMode, load_config

    try:
        config = load_config(args.config)
        updates: dict[str, object] = {}
        if args.mode:
            updates["mode"] = KioskMode(args.mode)
        if args.counter is not None:
            updates["feedback"] = config.feedback.model_copy(update={"counter": args.counter})
        if updates:
            config = type(config).model_validate(config.model_copy(update=updates).model_dump())
    except (KioskConfigError, ValueError) as error:
        log.error("%s", error)
        return 2
    from kiosk_app.app import run_feedback, run_kiosk

    if config.mode == KioskMode.FEEDBACK:
        return run_feedback(config, server=args.server)
    return run_kiosk(config, server=args.server)
