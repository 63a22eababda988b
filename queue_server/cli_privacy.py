"""``antrean db new-passport-key``; ``antrean data export|erase``: the visitors' data."""

import argparse
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
