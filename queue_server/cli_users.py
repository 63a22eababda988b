"""``antrean user add | passwd | list | totp``: the office's accounts from the command line.

The same service calls as the admin's pages, so the same rules hold (a name of 2-64
lower-case letters, digits, ``.``, ``-`` or ``_``; a password of at least 8
characters), and every change is audited under ``command-line``. A password is read
from standard input, never from the command line, where ``ps`` and the shell's
history would show it.
"""

import argparse
import sys
from typing import Any

from queue_server.cli import _common, _context, _fail
from queue_server.config import ConfigError

ROLES = ["officer", "supervisor", "admin"]


def register(commands: Any) -> None:
    user = commands.add_parser("user", help="officer, supervisor and admin accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="add an account")
    _common(add)
    add.add_argument("name", help="the login name (letters, digits, . _ -)")
    add.add_argument(
        "--role",
        choices=ROLES,
        required=True,
        help="officer: counter console; supervisor: also reports; admin: also accounts, devices",
    )
    _password_stdin(add)
    add.set_defaults(run=run_user_add)
    passwd = user_commands.add_parser(
        "passwd", help="set an account's password (its open sessions end)"
    )
    _common(passwd)
    passwd.add_argument("name", help="the account's login name")
    _password_stdin(passwd)
    passwd.set_defaults(run=run_user_passwd)
    listing = user_commands.add_parser("list", help="every account, its role and state")
    _common(listing)
    listing.set_defaults(run=run_user_list)
    totp = user_commands.add_parser(
        "totp",
        help="set up an admin's authenticator app (a new secret; prints its link and QR)",
    )
    _common(totp)
    totp.add_argument("name", help="the admin's login name")
    totp.set_defaults(run=run_user_totp)


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from standard input (never an argument, which ps shows)",
    )


def _read_password() -> str:
    return sys.stdin.readline().rstrip("\n")


def run_user_add(args: argparse.Namespace) -> int:
    from queue_protocol import Role
    from queue_server.domain.errors import DomainError
    from queue_server.services import auth
    from queue_server.services.context import COMMAND_LINE

    password = _read_password()
    try:
        with _context(args) as ctx:
            auth.add_user(ctx, args.name, Role(args.role), password, by=COMMAND_LINE)
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    print(f"user {args.name} ({args.role}) added")
    return 0


def run_user_passwd(args: argparse.Namespace) -> int:
    from queue_server.domain.errors import DomainError
    from queue_server.services import auth
    from queue_server.services.context import COMMAND_LINE

    password = _read_password()
    try:
        with _context(args) as ctx:
            auth.set_password(ctx, args.name, password, by=COMMAND_LINE)
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    print(f"password of {args.name} set; its open sessions have ended")
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    from queue_server.services import admin

    try:
        with _context(args) as ctx:
            users = admin.users(ctx)
    except ConfigError as error:
        return _fail(str(error))
    print(f"{'NAME':<24} {'ROLE':<11} {'STATE':<9} CREATED")
    for user in users:
        state = "disabled" if user.disabled else "active"
        created = user.created_at.strftime("%Y-%m-%d %H:%M")
        print(f"{user.username:<24} {user.role:<11} {state:<9} {created}")
    return 0


def run_user_totp(args: argparse.Namespace) -> int:
    import qrcode

    from queue_server.domain.errors import DomainError
    from queue_server.services import auth
    from queue_server.services.context import COMMAND_LINE

    try:
        with _context(args) as ctx:
            uri = auth.set_up_totp(ctx, args.name, by=COMMAND_LINE)
            asked = ctx.office.security.admin_totp
    except (ConfigError, DomainError) as error:
        return _fail(str(error))
    code = qrcode.QRCode(border=2)
    code.add_data(uri)
    code.print_ascii(out=sys.stdout, invert=True)
    print(uri)
    print(f"scan it with the authenticator app of {args.name}; any earlier entry stops working")
    if not asked:
        print("note: office.toml does not ask for it yet ([security] admin_totp = true)")
    return 0
