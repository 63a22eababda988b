"""``antrean db backup`` while the server keeps issuing tickets: the copy opens, holds the
tickets issued before it, each with its events (one instant's database, not a torn
one), is readable by its owner alone, and a folder keeps only the newest copies."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from queue_protocol import IssueTicketRequest, TicketSource
from queue_protocol.client import QueueClient
from tests.support.databases import fresh_database
from tests.support.live_server import ThreadServer

CONSISTENCY = """
SELECT (SELECT count(*) FROM tickets),
       (SELECT count(*) FROM tickets t WHERE NOT EXISTS
            (SELECT 1 FROM events e WHERE e.ticket_id = t.id)),
       (SELECT count(*) FROM events e WHERE e.ticket_id IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM tickets t WHERE t.id = e.ticket_id))
"""


def backup(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "antrean", "db", "backup", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


@contextmanager
def issuing(server: ThreadServer) -> Iterator[list[int]]:
    """A kiosk issuing walk-in tickets one after another until the block ends; yields the
    list of issued ticket ids, growing. A refusal or an error ends the test with its reason."""
    issued: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def issue() -> None:
        # A loaded machine may keep one request waiting for seconds: the wait is generous.
        with QueueClient(server.url, server.device_token("kiosk"), timeout=60) as client:
            while not stop.is_set():
                request = IssueTicketRequest(
                    service="AP", source=TicketSource.WALK_IN, client_ref=uuid.uuid4().hex
                )
                try:
                    issued.append(client.issue_ticket(request).id)
                except BaseException as error:
                    failures.append(error)
                    return

    worker = threading.Thread(target=issue, name="issuing")
    worker.start()
    try:
        while len(issued) < 5:  # writes are under way before the copy starts
            if not worker.is_alive():
                raise AssertionError(f"the kiosk could not issue tickets: {failures!r}")
            stop.wait(0.05)
        yield issued
    finally:
        stop.set()
        worker.join(timeout=90)
    assert not failures, f"issuing failed during the backup: {failures!r}"


def counts_in_copy(copy: Path, backend: str, tmp_path: Path) -> tuple[int, int, int]:
    """(tickets, tickets without events, events of unknown tickets) in the copy."""
    if backend == "sqlite":
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tickets, without_events, orphans = db.execute(CONSISTENCY).fetchone()
        db.close()
        return (tickets, without_events, orphans)
    with fresh_database("postgresql", tmp_path) as url:
        target = make_url(url).set(drivername="postgresql").render_as_string(False)
        subprocess.run(["pg_restore", "--no-owner", "-d", target, str(copy)], check=True)
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                row = connection.execute(text(CONSISTENCY)).one()
        finally:
            engine.dispose()
        return (row[0], row[1], row[2])


def test_db_backup_while_tickets_are_issued_is_one_instants_database(
    api_server: ThreadServer, tmp_path: Path
) -> None:
    backend = make_url(api_server.settings.resolved_database_url).get_backend_name()
    if backend == "postgresql" and shutil.which("pg_restore") is None:
        pytest.skip("pg_restore not installed (apt postgresql-client)")
    folder = tmp_path / "backups"
    url = api_server.settings.resolved_database_url

    with issuing(api_server) as issued:
        runs = [backup(str(folder), "--keep", "2", "--database-url", url) for _ in range(3)]
        issued_before_last = len(issued)

    assert [run.returncode for run in runs] == [0, 0, 0], [run.stderr for run in runs]
    copies = sorted(folder.iterdir())
    assert len(copies) == 2  # the oldest of three went
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(copy.stat().st_mode) for copy in copies} == {0o600}
    tickets, without_events, orphan_events = counts_in_copy(copies[-1], backend, tmp_path)
    assert 5 <= tickets <= len(issued)
    assert tickets <= issued_before_last
    assert (without_events, orphan_events) == (0, 0)
    assert runs[-1].stdout.startswith(f"backup written: {copies[-1]}")


def test_db_backup_to_a_file_replaces_it_and_leaves_no_wal(
    live_server: ThreadServer, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_text("an older copy", encoding="utf-8")
    url = live_server.settings.resolved_database_url

    with issuing(live_server):
        done = backup(str(target), "--database-url", url)

    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy.sqlite3"
    ]
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] >= 5
    db.close()


def test_db_backup_keep_deletes_only_its_own_dated_copies(tmp_path: Path) -> None:
    database = tmp_path / "antrean.sqlite3"
    sqlite3.connect(database).close()
    folder = tmp_path / "backups"
    folder.mkdir()
    older = ["antrean-20240101-020000.sqlite3", "antrean-20240102-020000.sqlite3"]
    others = ["notes.txt", "antrean-latest.sqlite3", "antrean-20240101-020000.pgdump"]
    for name in older + others:
        (folder / name).write_text("x", encoding="utf-8")

    done = backup(str(folder), "--keep", "1", "--database-url", f"sqlite:///{database}")

    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in folder.iterdir())
    dated = [name for name in left if name not in others]
    assert len(dated) == 1
    assert dated[0] not in older
    assert set(others) <= set(left)


def test_db_backup_of_a_missing_sqlite_file_says_so(tmp_path: Path) -> None:
    done = backup(str(tmp_path / "copy"), "--database-url", f"sqlite:///{tmp_path / 'none.db'}")

    assert done.returncode == 2
    assert f"no SQLite database at {tmp_path / 'none.db'}" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no empty or partial copy left behind


def test_db_backup_on_postgresql_without_pg_dump_names_the_package(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # a PATH with no pg_dump on it

    done = backup(
        str(tmp_path / "copy.pgdump"),
        "--database-url",
        "postgresql+psycopg://antrean@127.0.0.1:1/antrean",
        env=env,
    )

    assert done.returncode == 2
    assert "pg_dump is not installed" in done.stderr
    assert "apt-get install postgresql-client" in done.stderr
    assert not (tmp_path / "copy.pgdump").exists()
