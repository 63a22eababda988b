"""``antrean server``, ``antrean db upgrade``, ``antrean user add``, ``antrean device add``,
``antrean bookings import``."""

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from queue_server.config import ConfigError


def register(groups: dict[str, Any]) -> None:
    commands = groups[""]
    server = commands.add_parser("server", help="run the office's queue server")
    _common(server)
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: LAN)")
    server.add_argument("--port", type=int, default=8000)
    server.add_argument("--no-advertise", action="store_true", help="no zeroconf advertisement")
    server.add_argument(
        "--workers",
        type=int,
        help="server processes on the port (PostgreSQL only beyond 1; default 1)",
    )
    server.add_argument("--worker-of", type=int, help=argparse.SUPPRESS)  # started by the first
    server.set_defaults(run=run_server)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="apply migrations")
    _common(db_upgrade)
    db_upgrade.set_defaults(run=run_db_upgrade)

    user = commands.add_parser("user", help="officer, supervisor and admin accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    user_add = user_commands.add_parser("add", help="add an account")
    _common(user_add)
    user_add.add_argument("name")
    user_add.add_argument("--role", choices=["officer", "supervisor", "admin"], required=True)
    user_add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from standard input",
    )
    user_add.set_defaults(run=run_user_add)

    device_add = groups["device"].add_parser(
        "add", help="enrol a kiosk, display or feedback screen"
    )
    _common(device_add)
    device_add.add_argument("name")
    device_add.add_argument("--kind", choices=["kiosk", "display", "feedback"], required=True)
    device_add.set_defaults(run=run_device_add)

    bookings = commands.add_parser("bookings", help="M-Paspor bookings")
    booking_commands = bookings.add_subparsers(
        dest="bookings_command", metavar="ACTION", required=True
    )
    booking_import = booking_commands.add_parser("import", help="load bookings from CSV or JSON")
    _common(booking_import)
    booking_import.add_argument("file", type=Path)
    booking_import.set_defaults(run=run_bookings_import)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="office.toml (default: the example office)")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: SQLite in the data dir)")


def _settings(args: argparse.Namespace) -> Any:
    from queue_server.settings import Settings

    try:
        settings = Settings.from_env()
    except ConfigError as error:
        raise SystemExit(_fail(str(error))) from None
    if args.config:
        settings = replace(settings, office_file=args.config)
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
    import uvicorn

    from queue_server.server import build_server, tune_collector, uvicorn_config
    from queue_server.worker_processes import shared_socket

    settings = replace(
        _settings(args), host=args.host, port=args.port, advertise=not args.no_advertise
    )
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
        print(f"Antrean: {name} on http://{args.host}:{settings.port}{processes}", flush=True)
    tune_collector()
    config = uvicorn_config(server.app, host=args.host, port=settings.port)
    uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)
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
    from queue_server.storage.migrate import upgrade

    settings = _settings(args)
    upgrade(settings.resolved_database_url)
    print(f"database at {settings.resolved_database_url} is up to date")
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    from queue_protocol import Role
    from queue_server.domain.errors import DomainError
    from queue_server.services import auth
    from queue_server.services.context import COMMAND_LINE

    password = sys.stdin.readline().rstrip("\n")
    try:
        with _context(args) as ctx:
            auth.add_user(ctx, args.name, Role(args.role), password, by=COMMAND_LINE)
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    print(f"user {args.name} ({args.role}) added")
    return 0


def run_device_add(args: argparse.Namespace) -> int:
    from queue_protocol import DeviceKind
    from queue_server.domain.errors import DomainError
    from queue_server.services import auth
    from queue_server.services.context import COMMAND_LINE

    try:
        with _context(args) as ctx:
            token = auth.enrol_device(ctx, args.name, DeviceKind(args.kind), by=COMMAND_LINE)
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    print(token)
    print(
        f"(device {args.name}, {args.kind}: keep this token; it is shown only once)",
        file=sys.stderr,
    )
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
