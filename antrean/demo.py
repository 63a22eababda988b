"""``antrean demo``: the whole system on this machine, with simulated devices.

Starts the queue server with the example office (open around the clock so the
demo works at any hour), demo accounts and devices, today's sample bookings,
a simulated ticket printer, then the kiosk and the waiting-room board when a
screen is available, and a few simulated officers so the board moves.
"""

import argparse
import base64
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

log = logging.getLogger("antrean.demo")

DEMO_PASSWORD = "demo-antrean"  # noqa: S105 - the demo accounts' published password
DEMO_USERS = (("petugas", "officer"), ("kepala", "supervisor"), ("admin", "admin"))


def register(groups: dict[str, Any]) -> None:
    demo = groups[""].add_parser("demo", help="run the whole system with simulated devices")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", type=Path, default=Path("var/demo"))
    demo.add_argument("--no-windows", action="store_true", help="server and devices only")
    demo.add_argument("--no-officers", action="store_true", help="no simulated counter officers")
    demo.add_argument("--seconds", type=float, default=0, help="stop after this long (0: Ctrl-C)")
    demo.set_defaults(run=run_demo)


@dataclass
class DemoSetup:
    data_dir: Path
    office_file: Path
    database_url: str
    tokens: dict[str, str] = field(default_factory=dict)
    booking_codes: list[str] = field(default_factory=list)
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)


def prepare(data_dir: Path, port: int) -> DemoSetup:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from queue_protocol import DeviceKind, Role
    from queue_server.config import always_open_office_text
    from queue_server.server import open_context
    from queue_server.services import auth, devices
    from queue_server.settings import Settings

    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    key = Ed25519PrivateKey.generate()
    public = base64.urlsafe_b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    text = (
        always_open_office_text()
        .replace("# token_public_key = ", f'token_public_key = "{public.decode().rstrip("=")}"\n# ')
        .replace('public_url = "http://127.0.0.1:8000"', f'public_url = "http://127.0.0.1:{port}"')
    )
    office_file = data_dir / "office.toml"
    office_file.write_text(text, encoding="utf-8")
    setup = DemoSetup(data_dir, office_file, f"sqlite:///{data_dir / 'antrean.sqlite3'}")
    settings = Settings(
        data_dir=data_dir, office_file=office_file, database_url=setup.database_url, advertise=False
    )
    ctx = open_context(settings)
    for name, role in DEMO_USERS:
        auth.add_user(ctx, name, Role(role), DEMO_PASSWORD)
    for kind in DeviceKind:
        setup.tokens[kind.value] = devices.issue_token(ctx, f"{kind.value}-demo", kind)
    setup.booking_codes = _sample_bookings(ctx, key, data_dir)
    ctx.db.dispose()
    return setup


def _sample_bookings(ctx: Any, key: Any, data_dir: Path) -> list[str]:
    from queue_server.services import bookings, tickets
    from queue_server.services.booking_codes import sign_booking_token

    today = ctx.today()
    # The slot covers the day around now, never across midnight (the end would then come
    # before the start): the demo's bookings check in at any hour it is run.
    now = ctx.local(ctx.now())
    day_start = now.replace(hour=0, minute=0)
    start = max(now - timedelta(minutes=30), day_start).strftime("%H:%M")
    end = min(now + timedelta(hours=2), day_start.replace(hour=23, minute=59)).strftime("%H:%M")
    rows = [
        ("1020304050607080", "PB", "X1234567"),
        ("1122334455667788", "GP", "C9876543"),
        ("2233445566778899", "PB", ""),
    ]
    path = data_dir / "bookings.csv"
    lines = ["application_number,service,date,slot,passport_number"]
    lines += [f"{number},{service},{today},{start}-{end},{pp}" for number, service, pp in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bookings.import_bookings(ctx, path, lambda number: tickets.passport_hash(ctx, number))
    return [rows[0][0], sign_booking_token(key, rows[1][0], today), rows[2][0]]


def run_demo(args: argparse.Namespace) -> int:
    import uvicorn

    from queue_server.server import build_server, tune_collector, uvicorn_config
    from queue_server.settings import Settings

    _stop_on_terminate()
    setup = prepare(args.data_dir, args.port)
    settings = Settings(
        data_dir=setup.data_dir,
        office_file=setup.office_file,
        database_url=setup.database_url,
        port=args.port,
        advertise=True,
    )
    server = build_server(settings)
    tune_collector()
    web = uvicorn.Server(uvicorn_config(server.app, host="127.0.0.1", port=args.port))
    thread = threading.Thread(target=web.run, daemon=True)
    stop = threading.Event()
    try:
        thread.start()
        while not web.started:
            if not thread.is_alive():
                return 1
            time.sleep(0.05)
        if not args.no_officers:
            threading.Thread(target=_simulated_officers, args=(settings, stop), daemon=True).start()
        if not args.no_windows and _has_screen():
            setup.children += _start_windows(setup, args.port)
        _print_banner(setup, args.port)
        _run_until_stopped(setup, args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        _end_children(setup.children)
        web.should_exit = True
        thread.join(timeout=10)
    return 0


def _run_until_stopped(setup: DemoSetup, seconds: float) -> None:
    """Until Ctrl-C, ``seconds`` (if given), or every window closed."""
    deadline = time.monotonic() + seconds if seconds else None
    while deadline is None or time.monotonic() < deadline:
        if setup.children and not _alive(setup):
            return
        time.sleep(0.5)


def _end_children(children: list[subprocess.Popen[bytes]]) -> None:
    """Each window is told to stop (a kiosk prints the ticket in hand first), then ended."""
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


def _stop_on_terminate() -> None:
    """A ``kill`` or a closed terminal stops the demo as Ctrl-C does, windows and all:
    by default either would end this process alone, leaving the kiosk and the boards
    running without their server."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupt)


def _alive(setup: DemoSetup) -> bool:
    return any(child.poll() is None for child in setup.children)


def _has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _start_windows(setup: DemoSetup, port: int) -> list[subprocess.Popen[bytes]]:
    """The kiosk, the board and a feedback screen, each its own process."""
    from antrean.demo_devices import start_windows

    return start_windows(setup, port)


def _simulated_officers(settings: Any, stop: threading.Event) -> None:
    """Officers at a few counters who serve whoever is called, so the board moves."""
    from queue_protocol import TicketAction, TicketState
    from queue_protocol.client import ApiError, QueueClient

    with QueueClient(f"http://127.0.0.1:{settings.port}") as officer:
        officer.login("petugas", DEMO_PASSWORD)
        while not stop.wait(12):
            try:
                counters = {c.number: c for c in officer.queue().counters}
                for number in (1, 5, 7, 8):
                    current = counters[number].current
                    if current is not None and current.status == TicketState.CALLED:
                        officer.ticket_action(current.id, TicketAction.START)
                    officer.call_next(number)
            except ApiError as error:
                log.debug("simulated officer: %s", error)


def _print_banner(setup: DemoSetup, port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    print(
        f"""
Antrean demo is running (data in {setup.data_dir}).

  Officer console   {base}/counter       petugas / {DEMO_PASSWORD}
  Branch head       {base}/reports       kepala / {DEMO_PASSWORD}
  Admin             {base}/admin         admin / {DEMO_PASSWORD}
  API documentation {base}/docs

  Device tokens     in {setup.data_dir}/devices.txt
  Sample bookings   {setup.booking_codes[0]} (application number)
                    {setup.booking_codes[2]} (application number)
                    signed token in {setup.data_dir}/booking-token.txt

Press Ctrl-C to stop.
""",
        flush=True,
    )
    (setup.data_dir / "devices.txt").write_text(
        "".join(f"{kind}: {token}\n" for kind, token in setup.tokens.items()), encoding="utf-8"
    )
    (setup.data_dir / "booking-token.txt").write_text(
        setup.booking_codes[1] + "\n", encoding="utf-8"
    )
    sys.stdout.flush()
