"""Schema migrations with Alembic, driven from code (no alembic.ini to keep in step)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (creating it if new)."""
    command.upgrade(alembic_config(url), revision)


def make_revision(url: str, message: str) -> None:
    """Autogenerate a migration from the models (a developer's tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
