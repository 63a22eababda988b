"""The passport key lives apart from the database: in ``<data dir>/passport.key`` (0600, in
a 0700 directory) or the environment. A copy of the database alone gives no passport
number back; a wrong or missing key is refused at start; an older office's key moves out
of its database without breaking its hashes; ``antrean db new-passport-key`` replaces it."""

import hashlib
import hmac
import stat
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from antrean.cli import main
from queue_protocol import IssueTicketRequest, TicketSource
from queue_server.config import load_office
from queue_server.passport_key import KEY_FILE, PassportKeyError, parse_key
from queue_server.server import open_context
from queue_server.services import admin, bookings, tickets
from queue_server.services.context import Actor, ActorKind, ServerContext
from queue_server.settings import Settings
from queue_server.storage import Database
from queue_server.storage.migrate import upgrade
from queue_server.storage.models import BookingRow, SecretRow, TicketRow

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
NUMBER = "L898902C3"
KIOSK = Actor("kiosk-1", ActorKind.DEVICE)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _issue_by_passport(ctx: ServerContext) -> int:
    request = IssueTicketRequest(
        service="GP",
        source=TicketSource.PASSPORT,
        mrz=SPECIMEN,
        priority_group="ibu_hamil",
        client_ref=uuid.uuid4().hex,
    )
    ticket, _ = tickets.issue_ticket(ctx, request, KIOSK)
    return ticket.id


def _database_contents(url: str) -> tuple[list[bytes], list[str]]:
    """What a copy of the database holds: its secrets, and its tickets' passport hashes."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            secrets = [bytes(value) for value in connection.scalars(select(SecretRow.value))]
            hashes = connection.scalars(
                select(TicketRow.passport_hash).where(TicketRow.passport_hash.is_not(None))
            )
            return secrets, [value for value in hashes if value]
    finally:
        engine.dispose()


def test_first_start_keeps_the_key_in_a_private_file_in_a_private_directory(
    server_settings: Settings,
) -> None:
    ctx = open_context(server_settings)
    try:
        _issue_by_passport(ctx)
        data_dir = server_settings.data_dir
        key_file = data_dir / KEY_FILE
        assert _mode(data_dir) == 0o700
        assert _mode(key_file) == 0o600
        assert parse_key(key_file.read_text(), source="test") == ctx.passport_key
        if server_settings.resolved_database_url.startswith("sqlite"):
            database = Path(server_settings.resolved_database_url.removeprefix("sqlite:///"))
            for name in (database.name, f"{database.name}-wal", f"{database.name}-shm"):
                assert _mode(database.with_name(name)) == 0o600
    finally:
        ctx.db.dispose()


def test_a_copy_of_the_database_alone_reveals_no_passport_number(
    server_settings: Settings,
) -> None:
    ctx = open_context(server_settings)
    try:
        _issue_by_passport(ctx)
    finally:
        ctx.db.dispose()
    secrets, hashes = _database_contents(server_settings.resolved_database_url)
    assert hashes  # the ticket's passport hash is there
    for secret in secrets:  # and nothing in the database is its key
        attempt = hmac.new(secret, NUMBER.encode(), hashlib.sha256).hexdigest()
        assert attempt not in hashes
    assert ctx.passport_key not in secrets


def test_a_wrong_key_is_refused_at_start(server_settings: Settings) -> None:
    open_context(server_settings).db.dispose()
    key_file = server_settings.data_dir / KEY_FILE
    right = key_file.read_text()
    key_file.write_text("base64:" + "A" * 43 + "=\n")
    with pytest.raises(PassportKeyError, match="is not the one this database"):
        open_context(server_settings)
    key_file.write_text(right)
    with pytest.raises(PassportKeyError, match="is not the one this database"):
        open_context(Settings(**{**vars(server_settings), "passport_key": b"another key"}))
    key_file.unlink()
    with pytest.raises(PassportKeyError, match="no passport key"):
        open_context(server_settings)
    key_file.write_text(right)
    open_context(server_settings).db.dispose()


def _older_office(settings: Settings, key: bytes) -> None:
    """A database as the server left it before the key moved out: the key in ``secrets``,
    a booking for today whose passport hash was made with it."""
    url = settings.resolved_database_url
    upgrade(url, "0007")
    db = Database.from_url(url)
    try:
        with db.write() as session:
            session.execute(
                text("INSERT INTO secrets (name, value) VALUES ('passport_key', :key)"),
                {"key": key},
            )
        ctx = ServerContext(db=db, office=load_office(settings.office_file), passport_key=key)
        bookings_file = settings.data_dir.parent / "bookings.csv"
        bookings_file.write_text(
            "application_number,service,date,session,passport_number\n"
            f"1234567890,GP,{ctx.today().isoformat()},pagi,{NUMBER}\n"
        )
        result = bookings.import_bookings(
            ctx, bookings_file, lambda number: tickets.passport_hash(ctx, number)
        )
        assert result.added == 1
    finally:
        db.dispose()


def _booking_hashes(ctx: ServerContext) -> list[str | None]:
    with ctx.db.read() as session:
        return list(session.scalars(select(BookingRow.passport_hash)))


def test_an_older_office_s_key_moves_out_of_its_database_and_its_hashes_still_match(
    server_settings: Settings,
) -> None:
    old_key = b"\x00\xffkey-of-an-older-office-0123456789"
    _older_office(server_settings, old_key)
    ctx = open_context(server_settings)
    try:
        assert ctx.passport_key == old_key
        assert _booking_hashes(ctx) == [tickets.passport_hash(ctx, NUMBER)]
    finally:
        ctx.db.dispose()
    key_file = server_settings.data_dir / KEY_FILE
    assert parse_key(key_file.read_text(), source="test") == old_key
    assert _mode(key_file) == 0o600
    secrets, _ = _database_contents(server_settings.resolved_database_url)
    assert old_key not in secrets
    open_context(server_settings).db.dispose()  # and the next start takes the file


def test_db_upgrade_of_an_older_office_moves_its_key_to_the_data_directory(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_key = b"key-of-an-older-office-moved-by-db-upgrade"
    _older_office(server_settings, old_key)
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(server_settings.data_dir))
    url = server_settings.resolved_database_url
    assert main(["db", "upgrade", "--database-url", url]) == 0
    key_file = server_settings.data_dir / KEY_FILE
    assert parse_key(key_file.read_text(), source="test") == old_key
    assert old_key not in _database_contents(url)[0]


def test_an_older_office_with_a_conflicting_key_file_is_not_upgraded(
    server_settings: Settings,
) -> None:
    _older_office(server_settings, b"the key the database kept")
    key_file = server_settings.data_dir / KEY_FILE
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text("another key\n")
    with pytest.raises(PassportKeyError, match="holds another passport key"):
        open_context(server_settings)
    assert key_file.read_text() == "another key\n"


def test_new_passport_key_forgets_the_old_hashes_and_is_audited(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = open_context(server_settings)
    try:
        ticket_id = _issue_by_passport(ctx)
    finally:
        ctx.db.dispose()
    old_key = ctx.passport_key
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(server_settings.data_dir))
    where = ["--config", str(server_settings.office_file)]
    where += ["--database-url", server_settings.resolved_database_url]
    assert main(["db", "new-passport-key", *where]) == 1  # says what it means, does nothing
    assert "forgotten" in capsys.readouterr().out
    assert main(["db", "new-passport-key", "--yes", *where]) == 0
    assert "1 passport hashes" in capsys.readouterr().out
    ctx = open_context(server_settings)  # the new key is the database's now
    try:
        assert ctx.passport_key != old_key
        assert _mode(server_settings.data_dir / KEY_FILE) == 0o600
        row = tickets.ticket_by_id(ctx, ticket_id)
        assert row.id == ticket_id
        assert _database_contents(server_settings.resolved_database_url)[1] == []
        lines = admin.audit(ctx, event_type="privacy")
        assert [(line.actor, line.action) for line in lines] == [
            ("system:command-line", "passport_key_replaced")
        ]
    finally:
        ctx.db.dispose()
