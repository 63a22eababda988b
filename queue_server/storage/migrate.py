"""Schema migrations with Alembic, driven from code (no alembic.ini to keep in step)."""

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from queue_server.storage.database import printable_url

ADOPT_PASSPORT_KEY = "adopt_passport_key"  # the config attribute migration 0009 reads
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseUnusableError(Exception):
    """The database URL cannot be read or the database cannot be reached; ``str()`` says
    which, with the URL's password hidden."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(
    url: str, revision: str = "head", *, adopt_passport_key: Callable[[bytes], bytes] | None = None
) -> None:
    """Bring the database at ``url`` to ``revision`` (creating it if new).

    ``adopt_passport_key`` is given the passport key an older database kept in itself,
    when a migration moves it out (``0009``), and returns the key to use from then on
    (``passport_key.KeySource.adopt``). Without it, such a database is not upgraded.

    Raises:
        DatabaseUnusableError: ``url`` is not a database URL, or its database cannot be
            reached.
    """
    try:
        make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseUnusableError(
            "the database URL cannot be read: give one like "
            "postgresql+psycopg://USER@HOST/DATABASE or sqlite:////var/lib/antrean/antrean.sqlite3"
        ) from None
    try:
        config = alembic_config(url)
        config.attributes[ADOPT_PASSPORT_KEY] = adopt_passport_key
        command.upgrade(config, revision)
    except OperationalError as error:
        raise DatabaseUnusableError(
            f"the database at {printable_url(url)} cannot be used: {error.orig}"
        ) from None


def make_revision(url: str, message: str) -> None:
    """Autogenerate a migration from the models (a developer's tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
