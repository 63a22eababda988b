"""Test offices: the example office, open around the clock so tests do not depend on the hour."""

from pathlib import Path

from queue_server.config import always_open_office_text
from queue_server.settings import Settings

__all__ = ["always_open_office_text", "office_settings", "write_office"]


def write_office(directory: Path, *, text: str | None = None, name: str = "office.toml") -> Path:
    path = directory / name
    path.write_text(text if text is not None else always_open_office_text(), encoding="utf-8")
    return path


def office_settings(
    directory: Path, database_url: str | None = None, *, office_text: str | None = None
) -> Settings:
    """A test office's server in ``directory``: its office file there, the database at
    ``database_url`` (else a SQLite file there), no zeroconf advertisement."""
    return Settings(
        data_dir=directory / "data",
        office_file=write_office(directory, text=office_text),
        database_url=database_url or f"sqlite:///{directory / 'antrean.sqlite3'}",
        advertise=False,
    )
