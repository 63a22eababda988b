"""Schema migrations with Alembic, driven from code (no alembic.ini to keep in step)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from queue_server.storage.database import printable_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseUnusableError(Exception):
    """The database URL cannot be read or the database cannot be reached; ``str()`` says
    which, with the URL's password hidden."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating it if new).

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
        command.upgrade(alembic_config(url), revision)
    except OperationalError as error:
        raise DatabaseUnusableError(
            f"the database at {printable_url(url)} cannot be used: {error.orig}"
        ) from None


def make_revision(url: str, message: str) -> None:
    """Autogenerate a migration from the models (a developer's tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
