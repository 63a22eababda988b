"""Headquarters' schema migrations: its own Alembic tree and version table, apart from
the office's."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from hq_server.storage.database import check_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "hq_alembic_version"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", check_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating the tables if new)."""
    command.upgrade(alembic_config(url), revision)
