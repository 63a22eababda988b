"""``antrean server``, ``antrean db upgrade|backup``, ``antrean device add``,
``antrean bookings import``; ``antrean user ...`` lives in ``queue_server.cli_users``."""

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_server import cli_privacy
from queue_server.config import ConfigError
from queue_server.settings import HTTP_PORT, HTTPS_PORT


def register(groups: dict[str, Any]) -> None:
    commands = groups[""]
    server = commands.add_parser(
        "server",
        help="run the office's queue server",
        description="Serves the office's kiosks, boards, consoles and pages: HTTPS on port "
        f"{HTTPS_PORT} when TLS material exists (antrean tls init), plain HTTP on port "
        f"{HTTP_PORT} on loopback only. Migrates the database first.",
    )
    _common(server)
    server.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (0.0.0.0: every interface, which needs TLS)",
    )
    server.add_argument(
        "--port", type=int, help=f"port (default {HTTPS_PORT} with TLS, {HTTP_PORT} without)"
    )
    server.add_argument("--tls-cert", type=Path, help="server certificate (PEM) brought by IT")
    server.add_argument("--tls-key", type=Path, help="its private key (PEM)")
    server.add_argument("--tls-ca", type=Path, help="the CA that signed it, for devices to pin")
    server.add_argument("--no-advertise", action="store_true", help="no zeroconf advertisement")
    server.add_argument(
        "--workers",
        type=int,
        help="server processes on the port (PostgreSQL only beyond 1; default 1)",
    )
    server.add_argument("--worker-of", type=int, help=argparse.SUPPRESS)  # started by the first
    server.set_defaults(run=run_server)

    db = commands.add_parser(
        "db",
        help="database maintenance",
        description="Apply migrations (upgrade) or copy the database (backup).",
    )
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="apply migrations")
    _common(db_upgrade)
    db_upgrade.set_defaults(run=run_db_upgrade)
    db_backup = db_commands.add_parser(
        "backup",
        help="copy the database, also while the server runs",
        description="Copy the database: SQLite with its online backup, PostgreSQL with "
        "pg_dump (restore with pg_restore). PATH is the copy's file, or a folder for dated "
        "copies (antrean-YYYYMMDD-HHMMSS.sqlite3 or .pgdump). Copies are readable by their "
        "owner alone and hold the database only, no other file of the data directory.",
    )
    _common(db_backup)
    db_backup.add_argument("path", type=Path, help="the copy's file, or a folder")
    db_backup.add_argument(
        "--keep", type=int, metavar="N", help="PATH is a folder: keep its newest N copies"
    )
    db_backup.set_defaults(run=run_db_backup)
    cli_privacy.register_db(db_commands, _common)

    from queue_server import cli_users  # it imports this module's helpers

    cli_users.register(commands)

    tls = commands.add_parser("tls", help="the office CA and the server certificate")
    tls_commands = tls.add_subparsers(dest="tls_command", metavar="ACTION", required=True)
    tls_init = tls_commands.add_parser(
        "init",
        help="make the office CA (once) and the server certificate",
        description="Makes the office CA once (devices pin it) and a server certificate "
        "for this machine's names and addresses, in <data dir>/tls. Run again after the "
        "server's address changes: the certificate is renewed under the same CA.",
    )
    _common(tls_init)
    tls_init.add_argument(
        "--name", action="append", default=[], help="a DNS name of the server (repeatable)"
    )
    tls_init.add_argument(
        "--address", action="append", default=[], help="an IP address of the server (repeatable)"
    )
    tls_init.add_argument("--renew", action="store_true", help="a new server certificate now")
    tls_init.set_defaults(run=run_tls_init)

    _register_devices(groups["device"])
    cli_privacy.register(commands, _common)
    _register_upstream(commands)

    bookings = commands.add_parser("bookings", help="M-Paspor bookings")
    booking_commands = bookings.add_subparsers(
        dest="bookings_command", metavar="ACTION", required=True
    )
    booking_import = booking_commands.add_parser("import", help="load bookings from CSV or JSON")
    _common(booking_import)
    booking_import.add_argument(
        "file", type=Path, help="the M-Paspor export: CSV with a header row, or JSON"
    )
    booking_import.set_defaults(run=run_bookings_import)


def _register_devices(devices: Any) -> None:
    add = devices.add_parser(
        "add",
        help="add a kiosk, display or feedback screen: prints its enrolment code",
        description="Prints a one-time enrolment code (valid 72 hours) for the technician "
        "to use on the device: 'antrean kiosk enrol CODE' or 'antrean display enrol CODE'. "
        "A revoked device's name may be added again.",
    )
    _common(add)
    add.add_argument("name", help="the device's name, such as kiosk-lobi or papan-1")
    add.add_argument(
        "--kind",
        choices=["kiosk", "display", "feedback"],
        required=True,
        help="kiosk: entrance kiosk; display: waiting-room board; feedback: counter's SKM screen",
    )
    add.add_argument(
        "--counter",
        type=int,
        help="a feedback screen's counter: it rates only tickets finished there (required "
        "for --kind feedback)",
    )
    add.add_argument(
        "--url",
        help=f"the server's address as devices reach it (default: https://<this machine's "
        f"LAN address>:{HTTPS_PORT}, or http://127.0.0.1:{HTTP_PORT} without TLS)",
    )
    add.set_defaults(run=run_device_add)
    listing = devices.add_parser("list", help="every device, its state and its token's end")
    _common(listing)
    listing.set_defaults(run=run_device_list)
    for action, text in (
        ("revoke", "end the device's token now (its name may be added again)"),
        ("rotate", "have the device swap its token within the hour"),
    ):
        parser = devices.add_parser(action, help=text)
        _common(parser)
        parser.add_argument("name", help="the device's name, as 'antrean device list' shows")
        parser.set_defaults(run=run_device_change, action=action)


def _register_upstream(commands: Any) -> None:
    upstream = commands.add_parser("upstream", help="reports to headquarters")
    actions = upstream.add_subparsers(dest="upstream_command", metavar="ACTION", required=True)
    enrol = actions.add_parser(
        "enrol",
        help="enrol this office at headquarters with a code from 'antrean hq office add'",
        description="Pins headquarters' CA, makes this office's signing key (kept in <data "
        "dir>/upstream, readable by the server's user alone; only its public half leaves), "
        "and enrols it. The server reports to headquarters from its next start.",
    )
    _common(enrol)
    enrol.add_argument("code", help="the enrolment code (quote it: it contains '#' and '&')")
    enrol.set_defaults(run=run_upstream_enrol)
    status = actions.add_parser("status", help="what has reached headquarters, what waits")
    _common(status)
    status.set_defaults(run=run_upstream_status)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, help="the office's file, office.toml (else $ANTREAN_CONFIG)"
    )
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: SQLite in the data dir)")


NO_OFFICE = (
    "which office? Give its file with --config /etc/antrean/office.toml, or set "
    "ANTREAN_CONFIG. To begin one: antrean config example office > office.toml, then adapt it.\n"
    "antrean: kantor yang mana? Berikan berkasnya dengan --config /etc/antrean/office.toml, atau "
    "atur ANTREAN_CONFIG."
)


def _settings(args: argparse.Namespace, *, office: bool = True) -> Any:
    """The settings of the command line and the environment. ``office``: the command
    works on an office, whose file must be named (never the example office by default:
    a user added there would land in another office's database)."""
    from queue_server.settings import Settings

    try:
        settings = Settings.from_env()
    except ConfigError as error:
        raise SystemExit(_fail(str(error))) from None
    if args.config:
        settings = replace(settings, office_file=args.config)
    elif office and "ANTREAN_CONFIG" not in os.environ:
        raise SystemExit(_fail(NO_OFFICE))
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    return settings


@contextmanager
def _context(args: argparse.Namespace) -> Iterator[Any]:
    """The server context for a one-off command; its connections are closed afterwards."""
    from queue_server.server import open_context

    ctx = open_context(_settings(args))
    try:
        yield ctx
    finally:
        ctx.db.dispose()


def _fail(message: str) -> int:
    print(f"antrean: {message}", file=sys.stderr)
    return 2


def run_server(args: argparse.Namespace) -> int:
    from queue_server.server import build_server, tls_in_use, tune_collector, uvicorn_config
    from queue_server.supervised_server import supervised_server
    from queue_server.worker_processes import shared_socket

    os.umask(0o077)  # every file the server writes is its user's alone
    settings = replace(_settings(args), host=args.host, advertise=not args.no_advertise)
    for key, value in (
        ("tls_certificate", args.tls_cert),
        ("tls_key", args.tls_key),
        ("tls_ca", args.tls_ca),
    ):
        if value is not None:
            settings = replace(settings, **{key: value})
    try:
        tls = tls_in_use(replace(settings, port=args.port or 0))
    except ConfigError as error:
        return _fail(str(error))
    settings = replace(settings, port=args.port or (HTTPS_PORT if tls else HTTP_PORT))
    if args.workers is not None:
        settings = replace(settings, workers=args.workers)
    if args.worker_of is not None:
        settings = replace(settings, workers=1, worker_of=args.worker_of)
    problem = _workers_problem(settings)
    if problem:
        return _fail(problem)
    sock = shared_socket(args.host, args.port) if settings.shares_port else None
    if sock is not None:
        settings = replace(settings, port=sock.getsockname()[1])
    try:
        server = build_server(settings)
    except ConfigError as error:
        return _fail(str(error))
    if settings.worker_of is None:
        processes = f" ({settings.workers} processes)" if settings.workers > 1 else ""
        name = server.ctx.office.office.name
        where = f"{server.scheme}://{args.host}:{settings.port}"
        print(f"Antrean: {name} on {where}{processes}", flush=True)
    tune_collector()
    config = uvicorn_config(server.app, host=args.host, port=settings.port, tls=server.tls)
    server_process = supervised_server(config, first=settings.worker_of is None)
    server_process.run(sockets=[sock] if sock is not None else None)
    return 0


def _workers_problem(settings: Any) -> str | None:
    from sqlalchemy.engine import make_url

    if settings.workers < 1:
        return f"--workers {settings.workers}: give 1 or more"
    backend = make_url(settings.resolved_database_url).get_backend_name()
    if settings.workers > 1 and backend != "postgresql":
        return (
            f"--workers {settings.workers} needs PostgreSQL (--database-url "
            "postgresql+psycopg://...). On SQLite one process writes at a time, so more "
            "processes would only wait for one another: leave out --workers."
        )
    return None


def run_db_upgrade(args: argparse.Namespace) -> int:
    from queue_server.passport_key import KeySource
    from queue_server.storage.database import printable_url
    from queue_server.storage.migrate import DatabaseUnusableError, upgrade

    settings = _settings(args, office=False)
    url = settings.resolved_database_url
    keys = KeySource.of(settings.data_dir, settings.passport_key)
    try:
        upgrade(url, adopt_passport_key=keys.adopt)
    except (DatabaseUnusableError, ConfigError) as error:
        return _fail(str(error))
    print(f"database at {printable_url(url)} is up to date")
    return 0


def run_db_backup(args: argparse.Namespace) -> int:
    from queue_server.storage.backup import BackupError, back_up, back_up_into

    url = _settings(args, office=False).resolved_database_url
    path: Path = args.path
    try:
        if args.keep is not None or path.is_dir():
            stamp = datetime.now().astimezone()
            path = back_up_into(url, path, stamp=stamp, keep=args.keep)
        else:
            back_up(url, path)
    except BackupError as error:
        return _fail(str(error))
    print(f"backup written: {path} ({path.stat().st_size} bytes)")
    return 0


def run_tls_init(args: argparse.Namespace) -> int:
    from queue_protocol.tls import CertificateError, colon_hex
    from queue_server.certificates import default_addresses, default_names, init_tls
    from queue_server.config import load_office

    settings = _settings(args)
    try:
        office = load_office(settings.office_file)
        report = init_tls(
            settings.tls_paths,
            office_name=office.office.name,
            names=args.name or default_names(office.office.id),
            addresses=args.address or default_addresses(),
            renew=args.renew,
        )
    except (ConfigError, CertificateError, OSError) as error:
        return _fail(str(error))
    made = "made" if report.ca_made else "kept (devices keep their pin)"
    print(f"office CA       {report.paths.ca}: {made}")
    print(f"  fingerprint   {colon_hex(report.ca_fingerprint)}")
    state = "made" if report.server_made else "kept"
    until = f"{report.not_after:%Y-%m-%d}"
    print(f"server          {report.paths.certificate}: {state}, valid until {until}")
    print(f"  names         {', '.join(report.names)}")
    print(f"  addresses     {', '.join(report.addresses)}")
    print(
        "Install the office CA in the officers' browsers (it is also served at /ca.pem); "
        "enrol devices with 'antrean device add'."
    )
    return 0


def run_device_add(args: argparse.Namespace) -> int:
    from queue_protocol import DeviceKind
    from queue_server.domain.errors import DomainError
    from queue_server.enrolment_codes import enrolment_code, print_code
    from queue_server.services import devices
    from queue_server.services.context import COMMAND_LINE

    settings = _settings(args)
    try:
        with _context(args) as ctx:
            secret = devices.add(
                ctx, args.name, DeviceKind(args.kind), counter=args.counter, by=COMMAND_LINE
            )
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    code = enrolment_code(settings, secret, url=args.url)
    print_code(code, name=args.name, kind=args.kind)
    return 0


def run_device_list(args: argparse.Namespace) -> int:
    from queue_server.services import admin

    try:
        with _context(args) as ctx:
            rows = admin.devices(ctx)
    except ConfigError as error:
        return _fail(str(error))
    print(f"{'NAME':<24} {'KIND':<9} {'STATE':<10} TOKEN ENDS")
    for row in rows:
        ends = f"{row.token_expires_at:%Y-%m-%d %H:%M}" if row.token_expires_at else "-"
        print(f"{row.name:<24} {row.kind:<9} {row.state:<10} {ends}")
    return 0


def run_device_change(args: argparse.Namespace) -> int:
    from queue_server.domain.errors import DomainError
    from queue_server.services import devices
    from queue_server.services.context import COMMAND_LINE

    change = devices.revoke if args.action == "revoke" else devices.rotate
    try:
        with _context(args) as ctx:
            change(ctx, args.name, by=COMMAND_LINE)
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    done = "revoked" if args.action == "revoke" else "swaps its token within the hour"
    print(f"device {args.name} {done}")
    return 0


def run_upstream_enrol(args: argparse.Namespace) -> int:
    from queue_protocol.enrolment import EnrolmentError
    from queue_server.config import load_office
    from queue_server.upstream import credentials

    settings = _settings(args)
    try:
        office = load_office(settings.office_file).office
        enrolled = credentials.enrol(args.code, office=office.id, data_dir=settings.data_dir)
    except (ConfigError, EnrolmentError) as error:
        return _fail(str(error))
    print(f"{enrolled.name} ({enrolled.office}, {enrolled.region}) enrolled at {enrolled.hq_url}")
    print("The server reports to headquarters from its next start.")
    return 0


def run_upstream_status(args: argparse.Namespace) -> int:
    from queue_server.services import upstream_status
    from queue_server.upstream import credentials

    settings = _settings(args)
    enrolled = credentials.load(settings.data_dir)
    if enrolled is None:
        print("not enrolled at headquarters: antrean upstream enrol CODE")
        return 1
    try:
        with _context(args) as ctx:
            state = upstream_status.status(ctx)
    except ConfigError as error:
        return _fail(str(error))
    when = f"{state.acknowledged_at:%Y-%m-%d %H:%M}" if state.acknowledged_at else "never"
    print(f"headquarters      {enrolled.hq_url} ({enrolled.office})")
    print(f"acknowledged      batch {state.acknowledged}, {when}")
    print(f"waiting           {state.waiting_batches} batches, {state.waiting_records} records")
    if state.last_error:
        print(f"last error        {state.last_error_at:%Y-%m-%d %H:%M}: {state.last_error}")
    for batch in state.refused:
        print(f"put aside         batch {batch.sequence} ({batch.records} records): {batch.error}")
    return 0


def run_bookings_import(args: argparse.Namespace) -> int:
    from queue_server.domain.errors import DomainError
    from queue_server.services import bookings, tickets

    try:
        with _context(args) as ctx:
            result = bookings.import_bookings(
                ctx, args.file, lambda number: tickets.passport_hash(ctx, number)
            )
    except (ConfigError, DomainError, OSError, ValueError) as error:
        return _fail(str(error))
    for line in result.errors:
        print(line, file=sys.stderr)
    print(f"{result.added} bookings added, {result.updated} updated, {len(result.errors)} refused")
    return 1 if result.errors else 0
