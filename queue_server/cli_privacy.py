"""``antrean db new-passport-key``; ``antrean data export|erase``: the visitors' data."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

NEW_KEY_MEANING = (
    "Makes a new passport key in <data dir>/passport.key in place of the old one (one that "
    "may have leaked, or is lost). Passport numbers stored so far were hashed with the old "
    "key and would never match again, so they are forgotten: bookings already imported are "
    "then found by application number or booking code only, not by passport, until they "
    "are imported again. Stop the server first; keep a copy of the new key apart from the "
    "backups."
)


def register_db(db_commands: Any, common: Any) -> None:
    """Adds ``new-passport-key`` to ``antrean db``."""
    new_key = db_commands.add_parser(
        "new-passport-key", help="replace the passport key", description=NEW_KEY_MEANING
    )
    common(new_key)
    new_key.add_argument(
        "--yes", action="store_true", help="replace it (without: say what it means, do nothing)"
    )
    new_key.set_defaults(run=run_new_passport_key)


def run_new_passport_key(args: argparse.Namespace) -> int:
    from queue_server.cli import _fail, _settings
    from queue_server.config import ConfigError
    from queue_server.passport_key import KeySource, replace_key
    from queue_server.services.context import COMMAND_LINE, utc_now
    from queue_server.storage import Database
    from queue_server.storage.migrate import DatabaseUnusableError, upgrade

    if not args.yes:
        print(NEW_KEY_MEANING)
        print("Run again with --yes to replace the key.")
        return 1
    settings = _settings(args)
    url = settings.resolved_database_url
    keys = KeySource.of(settings.data_dir, settings.passport_key)
    try:
        upgrade(url, adopt_passport_key=keys.adopt)
        db = Database.from_url(url)
        try:
            forgotten = replace_key(keys, db, by=COMMAND_LINE.label, at=utc_now())
        finally:
            db.dispose()
    except (ConfigError, DatabaseUnusableError, OSError) as error:
        return _fail(str(error))
    print(f"new passport key in {keys.path}; {forgotten} passport hashes made with the old")
    print("key forgotten. Keep a copy of the new key apart from the backups.")
    return 0


def register(commands: Any, common: Any) -> None:
    """Adds ``antrean data export|erase``."""
    data = commands.add_parser("data", help="a visitor's data (UU PDP 27/2022)")
    actions = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    for action, text in (
        ("export", "write everything the office holds on one visitor, as JSON"),
        ("erase", "erase what identifies one visitor (bookings, passport, status link)"),
    ):
        parser = actions.add_parser(action, help=text, description=text + ". Audited.")
        common(parser)
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--application", metavar="NUMBER", help="M-Paspor application number")
        which.add_argument("--passport", metavar="NUMBER", help="passport number")
        parser.set_defaults(run=run_data, action=action)
    actions.choices["export"].add_argument(
        "--output", type=Path, help="the JSON file to write (0600; default: standard output)"
    )
    actions.choices["erase"].add_argument(
        "--yes", action="store_true", help="erase (without: say what would be erased)"
    )


def run_data(args: argparse.Namespace) -> int:
    from queue_server.cli import _context, _fail
    from queue_server.config import ConfigError
    from queue_server.domain.errors import DomainError
    from queue_server.passport_key import write_private_file
    from queue_server.services import visitor_data
    from queue_server.services.context import COMMAND_LINE

    try:
        query = visitor_data.VisitorQuery.of(
            application=args.application, passport_number=args.passport
        )
        with _context(args) as ctx:
            if args.action == "export":
                document = visitor_data.export(ctx, query, by=COMMAND_LINE)
            elif args.yes:
                erased = visitor_data.erase(ctx, query, by=COMMAND_LINE)
            else:
                found = visitor_data.export(ctx, query, by=COMMAND_LINE)
    except (ConfigError, DomainError, OSError) as error:
        return _fail(str(error))
    if args.action == "erase" and args.yes:
        print(f"erased: {erased.summary()}")
        return 0
    if args.action == "erase":
        print(f"found {len(found['bookings'])} bookings and {len(found['tickets'])} tickets;")
        print("run again with --yes to erase them")
        return 1
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_private_file(args.output, text)
    print(f"written: {args.output}", file=sys.stderr)
    return 0
