"""``antrean display``: the waiting-room board (papan antrean)."""

import argparse
import logging
import sys
from pathlib import Path

from counter_display.config import ConfigError, DisplayConfig, LedConfig, load_config
from queue_protocol.window_geometry import WindowGeometry

log = logging.getLogger(__name__)


def register(groups: dict[str, argparse._SubParsersAction]) -> None:  # type: ignore[type-arg]
    """Add ``display`` to the top-level commands."""
    parser = groups[""].add_parser(
        "display",
        help="waiting-room board with spoken calls / papan antrean",
        description="Show the waiting-room board: calls, counters, people waiting; "
        "speak each call; drive the counter LED displays.",
    )
    parser.add_argument(
        "--config", type=Path, help="display.toml (see assets/display.example.toml)"
    )
    parser.add_argument("--server", help='queue server URL, or "auto" to find it on the LAN')
    parser.add_argument(
        "--led", help="counter LED URL: serial:///dev/ttyUSB0?baudrate=9600, sim://"
    )
    parser.add_argument(
        "--layout",
        choices=("landscape", "portrait"),
        help="the board's layout (default: from the screen's shape)",
    )
    parser.add_argument("--window", action="store_true", help="a window instead of full screen")
    parser.add_argument(
        "--geometry",
        metavar="WxH+X+Y",
        help="a window of this size at this place (e.g. 1280x720+640+0); implies --window",
    )
    parser.add_argument(
        "--say",
        nargs=2,
        metavar=("NUMBER", "COUNTER"),
        help="speak one call (e.g. --say A012 3) through the voice clips and exit",
    )
    parser.add_argument(
        "--quit-after", type=float, metavar="SECONDS", help="exit after SECONDS (smoke tests)"
    )
    parser.set_defaults(run=run)
    actions = parser.add_subparsers(dest="display_action", metavar="ACTION")
    enrol = actions.add_parser(
        "enrol",
        help="enrol this board with a code from the server",
        description="Exchanges the code printed by 'antrean device add NAME --kind display' "
        "for this board's own token, and pins the office CA. The result is kept in the "
        "data directory of display.toml.",
    )
    enrol.add_argument("code", help="the enrolment code (quote it: it contains '#' and '&')")
    enrol.add_argument("--config", dest="enrol_config", type=Path, help="display.toml")
    enrol.set_defaults(run=run_enrol)


def config_for(args: argparse.Namespace) -> DisplayConfig:
    """The config file (or the defaults) with the command line's options over it."""
    config = load_config(args.config) if args.config else DisplayConfig()
    update: dict[str, object] = {}
    if args.server:
        update["server"] = DisplayConfig.model_validate({"server": args.server}).server
    if args.led:
        update["led"] = LedConfig.model_validate(config.led.model_dump() | {"url": args.led})
    if args.layout:
        update["layout"] = args.layout
    if args.window or args.geometry:
        update["fullscreen"] = False
    if args.geometry:
        update["geometry"] = WindowGeometry.model_validate(args.geometry)
    return config.model_copy(update=update)


def run_enrol(args: argparse.Namespace) -> int:
    """``antrean display enrol CODE``: enrol, keep the result, say where."""
    from queue_protocol import DeviceKind
    from queue_protocol.enrolment import EnrolmentError, EnrolmentFile, enrol_and_keep

    try:
        path = args.enrol_config or args.config
        config = load_config(path) if path else DisplayConfig()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    store = EnrolmentFile(config.data_dir)
    try:
        enrolment = enrol_and_keep(args.code, store, kind=DeviceKind.DISPLAY)
    except EnrolmentError as error:
        print(f"antrean: {error}", file=sys.stderr)
        return 2
    print(f"enrolled as {enrolment.name} at {enrolment.office_name} ({enrolment.server_url})")
    print(f"kept in {store.path}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the board until its window closes (or ``--say`` one call)."""
    try:
        config = config_for(args)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except ValueError as error:  # a bad --server value (pydantic's ValidationError)
        print(f"invalid option: {error}", file=sys.stderr)
        return 2
    if args.say:
        return say(config, args.say[0], args.say[1])
    from counter_display.qt_main import run_board

    return run_board(config, quit_after=args.quit_after)


def say(config: DisplayConfig, number: str, counter_text: str) -> int:
    """Speak one call, for checking an office's recorded clips; no Qt, no server."""
    from counter_display.core.phrases import call_text
    from counter_display.core.speech import CommandSink, SpeechQueue, SpokenCall

    if not counter_text.isdigit():
        print(f"counter must be a number, not {counter_text!r}", file=sys.stderr)
        return 2
    mode = config.audio.number_reading if config.audio.number_reading != "office" else "words"
    queue = SpeechQueue(
        CommandSink(config.audio.player),
        config.audio.voice_dir,
        languages=config.languages,
        mode=mode,
    )
    call = SpokenCall(number, int(counter_text))
    try:
        paths = queue.clips_for(call)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    for language in config.languages:
        print(call_text(number, call.counter, language, mode))
    missing = [p for p in paths if not p.is_file()]
    for path in missing:
        print(f"missing clip: {path}", file=sys.stderr)
    queue.start()
    queue.announce(call)
    queue.wait_idle(timeout=120)
    queue.close()
    if queue.silent:
        print("no audio device: nothing was played", file=sys.stderr)
    return 1 if missing or queue.silent else 0
