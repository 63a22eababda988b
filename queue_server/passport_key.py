"""The passport key: the secret of the passport-number hashes, kept apart from the database.

A copy of the database (a backup, a stolen disk image) holds passport numbers only as
keyed hashes; without the key they cannot be tried against the number space. So the key
is never stored in the database: it comes from ``ANTREAN_PASSPORT_KEY``, else from
``<data dir>/passport.key`` (readable by the server's user alone), made on first start.
The database keeps only a check value (``domain.passport.key_check``) so that a wrong or
missing key is refused at start instead of silently matching nothing.

Both the file and the variable hold the key as text: ``base64:`` and the key's bytes in
base64 (what this module writes), or any other text, whose UTF-8 bytes are the key.
"""

import base64
import binascii
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from queue_server.config import ConfigError
from queue_server.domain.passport import is_key_of, key_check
from queue_server.storage import Database, event_store, record_store
from queue_server.storage.record_store import PRIVACY_EVENT

log = logging.getLogger(__name__)

KEY_FILE = "passport.key"
ENVIRONMENT = "ANTREAN_PASSPORT_KEY"
BASE64 = "base64:"
KEY_BYTES = 32
PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700

LOST_KEY_ADVICE = (
    "Put the office's passport.key back from its safe copy. If it is lost for good, "
    "'antrean db new-passport-key' makes a new one: the passport numbers stored so far "
    "are forgotten, and bookings already imported are then found by application number "
    "only (import them again to be found by passport)."
)


class PassportKeyError(ConfigError):
    """The passport key is missing, unreadable, or not the database's."""


def parse_key(text: str, *, source: str) -> bytes:
    """The key written as ``text`` in ``source`` (a file or the environment)."""
    text = text.strip()
    if not text:
        raise PassportKeyError(f"{source}: empty; it must hold the passport key")
    if not text.startswith(BASE64):
        return text.encode()
    try:
        return base64.b64decode(text.removeprefix(BASE64), validate=True)
    except (binascii.Error, ValueError):
        raise PassportKeyError(f"{source}: after 'base64:' comes no valid base64") from None


def key_text(key: bytes) -> str:
    return BASE64 + base64.b64encode(key).decode()


def private_directory(path: Path) -> None:
    """Make ``path`` (and its parents) if missing; it is its owner's alone (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIRECTORY)
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIRECTORY:
        path.chmod(PRIVATE_DIRECTORY)


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (replacing it at once), readable by its owner alone.
    The folder must exist."""
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)


@dataclass(frozen=True)
class KeySource:
    """Where this process's passport key comes from: ``given`` by the environment, else
    the file at ``path``."""

    path: Path
    given: bytes | None = None

    @classmethod
    def of(cls, data_dir: Path, given: bytes | None) -> "KeySource":
        return cls(path=data_dir / KEY_FILE, given=given)

    @property
    def name(self) -> str:
        return ENVIRONMENT if self.given is not None else str(self.path)

    def read(self) -> bytes | None:
        """The key, or None when no key is given and the file does not exist."""
        if self.given is not None:
            return self.given
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise PassportKeyError(f"{self.path}: cannot be read: {error}") from None
        if stat.S_IMODE(self.path.stat().st_mode) & 0o077:
            self.path.chmod(PRIVATE_FILE)
            log.warning("%s was readable by others; now by its owner alone", self.path)
        return parse_key(text, source=str(self.path))

    def make(self) -> bytes:
        """A new key, kept in the file (which must not exist yet)."""
        key = secrets.token_bytes(KEY_BYTES)
        self.write(key)
        return key

    def write(self, key: bytes) -> None:
        if self.given is not None:
            raise PassportKeyError(
                f"the passport key comes from {ENVIRONMENT}: to keep it in {self.path} "
                f"instead, remove {ENVIRONMENT} from the environment and run this again"
            )
        private_directory(self.path.parent)
        write_private_file(self.path, key_text(key) + "\n")

    def adopt(self, database_key: bytes) -> bytes:
        """For the migration that moves an older database's own key out of it: the key to
        keep using. Given by the environment, that one (it was the key in use: the
        database's was only read without it); else the database's, written to the file
        (or found there already). A file with another key is a conflict to settle first."""
        if self.given is not None:
            return self.given
        in_file = self.read()
        if in_file is None:
            self.write(database_key)
            log.warning("the passport key moved out of the database into %s", self.path)
            return database_key
        if in_file != database_key:
            raise PassportKeyError(
                f"{self.path} holds another passport key than the one this database has "
                f"kept so far, which its passport hashes were made with. Move {self.path} "
                "aside and run again: the database's key is then written there."
            )
        return in_file


def open_key(source: KeySource, db: Database) -> bytes:
    """The passport key for this database: read (or, for a database that has never had
    one, made) and checked against the database's check value.

    Raises:
        PassportKeyError: no key where the database expects one, or a key that is not
            the one its hashes were made with; the message says what to do.
    """
    key = source.read()
    with db.write() as session:
        check = record_store.secret(session, record_store.PASSPORT_KEY_CHECK)
        if key is None and check is not None:
            raise PassportKeyError(
                f"no passport key: {ENVIRONMENT} is not set and {source.path} does not "
                f"exist, but this database's passport hashes were made with one. " + LOST_KEY_ADVICE
            )
        if key is None:
            key = source.make()
            log.info("a new passport key was made in %s", source.path)
        if check is None:
            record_store.put_secret(session, record_store.PASSPORT_KEY_CHECK, key_check(key))
        elif not is_key_of(key, check):
            raise PassportKeyError(
                f"the passport key in {source.name} is not the one this database's passport "
                "hashes were made with: no scanned passport would match its booking. "
                + LOST_KEY_ADVICE
            )
    return key


def replace_key(source: KeySource, db: Database, *, by: str, at: datetime) -> int:
    """A new passport key in place of the old one (``antrean db new-passport-key``), for a
    key that may have leaked or is lost. Hashes made with the old key would never match
    again, so they are forgotten with it (tickets' and bookings'; returns how many);
    bookings already imported are then found by application number only, until imported
    again. Audited. The server must be stopped: a running one keeps the old key."""
    if source.given is not None:
        raise PassportKeyError(
            f"the passport key comes from {ENVIRONMENT}: give a new value there, or remove "
            f"it to keep the key in {source.path}, then run this again"
        )
    key = secrets.token_bytes(KEY_BYTES)
    with db.write() as session:
        forgotten = record_store.forget_passport_hashes(session)
        record_store.put_secret(session, record_store.PASSPORT_KEY_CHECK, key_check(key))
        event_store.append(
            session,
            type=PRIVACY_EVENT,
            at=at,
            actor=by,
            action="passport_key_replaced",
            data={"summary": f"{forgotten} passport hashes forgotten"},
        )
        source.write(key)  # last: a failed write undoes the rest
    return forgotten
