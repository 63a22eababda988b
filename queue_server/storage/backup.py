"""A copy of the office's database, taken while the server keeps writing.

SQLite: the online backup API copies every page in one step inside one read transaction,
so the copy is the database as it was at one instant, and in WAL mode the server's
writes go on meanwhile. PostgreSQL: ``pg_dump`` in its custom format (one snapshot,
restored with ``pg_restore``).

Invariants: a copy is readable by its owner alone (0600) from the moment it exists;
it appears under its final name only once complete (written beside it, then renamed),
so a crash leaves no half copy that looks whole; only the database is copied, never
the data directory's other files (the TLS keys, the passport key).
"""

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_S = 30.0
COPY_PREFIX = "antrean-"
STAMP_FORMAT = "%Y%m%d-%H%M%S"


class BackupError(Exception):
    """The copy could not be made; the message says why, for a person to act on."""


def backup_suffix(url: str) -> str:
    """The file ending of a copy of the database at ``url``."""
    return ".pgdump" if _backend(make_url(url)) == "postgresql" else ".sqlite3"


def back_up(url: str, target: Path) -> None:
    """Copy the database at ``url`` into the file ``target`` (replaced if it exists)."""
    parsed = make_url(url)
    backend = _backend(parsed)
    with _private_file(target) as partial:
        if backend == "sqlite":
            _copy_sqlite(parsed, partial)
        elif backend == "postgresql":
            _dump_postgresql(parsed, partial)
        else:
            raise BackupError(f"cannot back up a {backend} database; SQLite or PostgreSQL only")


def back_up_into(url: str, folder: Path, *, stamp: datetime, keep: int | None) -> Path:
    """A dated copy in ``folder`` (made 0700 if new); with ``keep``, the newest ``keep``
    copies stay and older ones go. Only files named as these copies are ever deleted."""
    if keep is not None and keep < 1:
        raise BackupError(f"keep {keep}: keep at least 1 copy")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot make the folder {folder}: {error.strerror}") from None
    suffix = backup_suffix(url)
    target = folder / f"{COPY_PREFIX}{stamp.strftime(STAMP_FORMAT)}{suffix}"
    back_up(url, target)
    if keep is not None:
        for old in dated_copies(folder, suffix)[:-keep]:
            old.unlink(missing_ok=True)
    return target


def dated_copies(folder: Path, suffix: str) -> list[Path]:
    """The dated copies in ``folder``, oldest first (their names sort by time)."""
    pattern = re.compile(rf"{COPY_PREFIX}\d{{8}}-\d{{6}}{re.escape(suffix)}")
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file())


def _backend(url: URL) -> str:
    return url.get_backend_name()


@contextmanager
def _private_file(target: Path) -> Iterator[Path]:
    """An empty 0600 file beside ``target``, renamed to it once the block succeeds."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise BackupError(f"cannot write in {target.parent}: {error.strerror}") from None
    try:
        yield partial
        _sync(partial)
        partial.replace(target)
        _sync(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_sqlite(url: URL, partial: Path) -> None:
    source_path = Path(url.database or "")
    if not url.database or not source_path.is_file():
        raise BackupError(f"no SQLite database at {source_path}")
    try:
        source = sqlite3.connect(
            f"{source_path.resolve().as_uri()}?mode=rw", uri=True, timeout=SQLITE_BUSY_TIMEOUT_S
        )
    except sqlite3.Error as error:
        raise BackupError(f"cannot open {source_path}: {error}") from None
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one file, no -wal beside
            if copy.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"the copy of {source_path} fails SQLite's quick check")
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise BackupError(f"copying {source_path} failed: {error}") from None
    finally:
        source.close()


def _dump_postgresql(url: URL, partial: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(
            "pg_dump is not installed; on Debian: apt-get install postgresql-client "
            "(the same major version as the server, or newer)"
        )
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)  # not on the command line, where ps shows it
    conninfo = url.set(drivername="postgresql", password=None)
    command = [
        pg_dump,
        "--format=custom",
        "--no-password",
        f"--file={partial}",
        conninfo.render_as_string(hide_password=False),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip() or done.returncode}")
