"""``antrean hq``: headquarters' server and its administration.

``db upgrade``, ``serve``, ``tls init``, ``office add CODE``, ``user add NAME``. Every one
takes ``--database-url`` (else ``ANTREAN_HQ_DATABASE_URL``) and ``--data-dir`` (else
``ANTREAN_HQ_DATA_DIR``); nothing is imported before the command runs.
"""

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from hq_server.settings import HQ_HTTP_PORT, HQ_HTTPS_PORT


def register(groups: dict[str, Any]) -> None:
    hq = groups[""].add_parser("hq", help="headquarters: the directorate's national server")
    actions = hq.add_subparsers(dest="hq_command", metavar="ACTION", required=True)
    db = actions.add_parser("db", help="headquarters' database")
    db_actions = db.add_subparsers(dest="hq_db_command", metavar="ACTION", required=True)
    upgrade = db_actions.add_parser("upgrade", help="apply migrations, make partitions ahead")
    _common(upgrade)
    upgrade.set_defaults(run=run_db_upgrade)

    serve = actions.add_parser("serve", help="run headquarters' server (PostgreSQL)")
    _common(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (TLS beyond loopback)"
    )
    serve.add_argument(
        "--port", type=int, help=f"port (default {HQ_HTTPS_PORT} with TLS, {HQ_HTTP_PORT} without)"
    )
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes on the port (default 1)"
    )
    serve.set_defaults(run=run_serve)

    tls = actions.add_parser("tls", help="headquarters' CA and server certificate")
    tls_actions = tls.add_subparsers(dest="hq_tls_command", metavar="ACTION", required=True)
    init = tls_actions.add_parser(
        "init",
        help="make headquarters' CA (once) and its server certificate",
        description="Offices pin the CA: it is made once; the server certificate is made "
        "again at every run for the names and addresses given.",
    )
    _common(init)
    init.add_argument("--name", action="append", default=[], help="a DNS name of HQ (repeatable)")
    init.add_argument("--address", action="append", default=[], help="an IP address (repeatable)")
    init.set_defaults(run=run_tls_init)

    _register_accounts(actions)


def _register_accounts(actions: Any) -> None:
    office = actions.add_parser("office", help="offices that report to headquarters")
    office_actions = office.add_subparsers(
        dest="hq_office_command", metavar="ACTION", required=True
    )
    add = office_actions.add_parser(
        "add",
        help="enrol an office: prints its one-time enrolment code",
        description="Prints a code (valid 72 hours, usable once) for 'antrean upstream enrol "
        "CODE' at the office. Adding an office again makes a new code.",
    )
    _common(add)
    add.add_argument("code", help="the office's id, as in its office.toml ([office] id)")
    add.add_argument("--name", required=True, help="Kantor Imigrasi ...")
    add.add_argument("--region", required=True, help="its Kanwil")
    add.add_argument("--hq-url", help="headquarters' address as offices reach it")
    add.set_defaults(run=run_office_add)

    user = actions.add_parser("user", help="directorate and regional accounts")
    user_actions = user.add_subparsers(dest="hq_user_command", metavar="ACTION", required=True)
    user_add = user_actions.add_parser("add", help="add an account")
    _common(user_add)
    user_add.add_argument("name", help="the login name")
    user_add.add_argument(
        "--role",
        choices=["analyst", "regional", "admin"],
        required=True,
        help="analyst or admin: every office; regional: the offices of one region (--region)",
    )
    user_add.add_argument("--region", help="a regional head's Kanwil")
    user_add.add_argument("--password-stdin", action="store_true", required=True,
                          help="read the password from standard input")  # fmt: skip
    user_add.set_defaults(run=run_user_add)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="postgresql+psycopg://... (ANTREAN_HQ_DATABASE_URL)")
    parser.add_argument("--data-dir", type=Path, help="TLS files (ANTREAN_HQ_DATA_DIR)")


def _settings(args: argparse.Namespace) -> Any:
    from hq_server.settings import HqSettings

    settings = HqSettings()
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    if args.data_dir:
        settings = replace(settings, data_dir=args.data_dir)
    return settings


def _fail(message: str) -> int:
    print(f"antrean hq: {message}", file=sys.stderr)
    return 2


def _context(args: argparse.Namespace) -> Any:
    from hq_server.server import open_context

    return open_context(_settings(args))


def run_db_upgrade(args: argparse.Namespace) -> int:
    from hq_server.server import HqSetupError
    from hq_server.storage import DatabaseUrlError

    try:
        ctx = _context(args)
    except (HqSetupError, DatabaseUrlError) as error:
        return _fail(str(error))
    partitions = ctx.partitions.existing()
    ctx.db.dispose()
    print(f"headquarters' database is up to date; {len(partitions)} monthly partitions")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hq_server.server import HqSetupError, build_server
    from hq_server.storage import DatabaseUrlError

    settings = replace(_settings(args), host=args.host)
    try:
        server = build_server(settings)
    except (HqSetupError, DatabaseUrlError) as error:
        return _fail(str(error))
    port = args.port or (HQ_HTTPS_PORT if server.tls else HQ_HTTP_PORT)
    print(f"Antrean headquarters on {server.scheme}://{args.host}:{port}", flush=True)
    options = uvicorn_options(args.host, port, server.tls)
    if args.workers < 2:
        uvicorn.run(server.app, **options)
        return 0
    server.ctx.db.dispose()  # each process opens its own connections
    os.environ["ANTREAN_HQ_DATABASE_URL"] = str(settings.database_url)
    os.environ["ANTREAN_HQ_DATA_DIR"] = str(settings.data_dir)
    uvicorn.run("hq_server.asgi:app_from_environment", factory=True, workers=args.workers,
                **options)  # fmt: skip
    return 0


def uvicorn_options(host: str, port: int, tls: Any) -> dict[str, Any]:
    return {
        "host": host, "port": port, "log_level": "warning", "access_log": False,
        "lifespan": "on",
        "ssl_certfile": str(tls.certificate) if tls else None,
        "ssl_keyfile": str(tls.key) if tls else None,
    }  # fmt: skip


def run_tls_init(args: argparse.Namespace) -> int:
    from hq_server.certificates import default_names, init_tls
    from queue_protocol.tls import CertificateError, colon_hex

    settings = _settings(args)
    try:
        report = init_tls(settings.tls, names=args.name or default_names(),
                          addresses=args.address or ["127.0.0.1"])  # fmt: skip
    except (CertificateError, OSError) as error:
        return _fail(str(error))
    made = "made" if report.ca_made else "kept (offices keep their pin)"
    print(f"headquarters CA  {settings.tls.ca}: {made}")
    print(f"  fingerprint    {colon_hex(report.ca_fingerprint)}")
    print(
        f"server           {settings.tls.certificate}: {', '.join(report.names + report.addresses)}"
    )
    return 0


def run_office_add(args: argparse.Namespace) -> int:
    from hq_server.domain.errors import HqError
    from hq_server.server import HqSetupError
    from hq_server.services import enrolment
    from hq_server.storage import DatabaseUrlError
    from queue_protocol.enrolment import EnrolmentCode
    from queue_protocol.tls import fingerprint

    settings = _settings(args)
    ca = settings.tls.ca
    pin = fingerprint(ca.read_bytes()) if ca.is_file() else None
    url = args.hq_url or settings.public_url or _default_url(pin is not None)
    try:
        ctx = _context(args)
        try:
            secret = enrolment.add_office(ctx, args.code, name=args.name, region=args.region)
        finally:
            ctx.db.dispose()
    except (HqSetupError, DatabaseUrlError, HqError) as error:
        return _fail(str(error))
    code = EnrolmentCode(server_url=url.rstrip("/"), ca_fingerprint=pin, secret=secret)
    print(f"Enrolment code for {args.name} ({args.code}), valid 72 hours, usable once:\n")
    print(f"  {code}\n")
    print(f"At the office: antrean upstream enrol '{code}' --config office.toml")
    return 0


def _default_url(tls: bool) -> str:
    import socket

    if not tls:
        return f"http://127.0.0.1:{HQ_HTTP_PORT}"
    return f"https://{socket.gethostname()}:{HQ_HTTPS_PORT}"


def run_user_add(args: argparse.Namespace) -> int:
    from hq_server.domain.errors import HqError
    from hq_server.domain.roles import HqRole
    from hq_server.server import HqSetupError
    from hq_server.services import auth
    from hq_server.storage import DatabaseUrlError

    password = sys.stdin.readline().rstrip("\n")
    try:
        ctx = _context(args)
        try:
            auth.add_user(ctx, args.name, HqRole(args.role), password, region=args.region)
        finally:
            ctx.db.dispose()
    except (HqSetupError, DatabaseUrlError, HqError) as error:
        return _fail(str(error))
    scope = f", {args.region}" if args.region else ""
    print(f"user {args.name} ({args.role}{scope}) added")
    return 0
