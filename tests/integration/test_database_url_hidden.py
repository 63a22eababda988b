"""A database URL's password is printed nowhere: not by `antrean db upgrade`, not in the
errors of an unusable database, not at the server's start."""

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from antrean.cli import main
from tests.support.office import write_office

PASSWORD = "s3cret-pw-4711"


def _with_password(url: str) -> str:
    """``url`` with a password (PostgreSQL in the tests trusts loopback, so it is
    accepted and ignored); a SQLite URL has none to give."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return url
    return parsed.set(password=PASSWORD).render_as_string(hide_password=False)


def test_db_upgrade_prints_the_url_without_its_password(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _with_password(database_url)
    office = write_office(tmp_path)
    assert main(["db", "upgrade", "--config", str(office), "--database-url", url]) == 0
    printed = capsys.readouterr()
    assert PASSWORD not in printed.out + printed.err
    shown = make_url(url).render_as_string(hide_password=True)
    assert printed.out.strip() == f"database at {shown} is up to date"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://antrean:{PASSWORD}@127.0.0.1:1/antrean",  # nothing listens
        f"postgresql+psycopg://antrean:{PASSWORD}@127.0.0.1:54x2/antrean",  # a typo
    ],
)
def test_db_upgrade_of_an_unusable_database_says_why_without_the_password(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    office = write_office(tmp_path)
    assert main(["db", "upgrade", "--config", str(office), "--database-url", url]) == 2
    printed = capsys.readouterr()
    assert PASSWORD not in printed.out + printed.err
    assert printed.err.startswith("antrean: the database")


def test_server_refuses_an_unreachable_database_without_printing_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = write_office(tmp_path)
    url = f"postgresql+psycopg://antrean:{PASSWORD}@127.0.0.1:1/antrean"
    where = ["--config", str(office), "--database-url", url, "--no-advertise"]
    assert main(["server", *where]) == 2
    printed = capsys.readouterr()
    assert PASSWORD not in printed.out + printed.err
    assert "antrean:***@127.0.0.1:1/antrean cannot be used" in printed.err
