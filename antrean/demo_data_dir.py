"""Which data directory the demo may take: its own, never an office's live one.

The demo empties its data directory before it starts (a fresh office every run), so it
refuses, with a sentence that says why, any directory that is or holds live data: the
office's data directory (``$ANTREAN_DATA_DIR``, the per-user default, the installer's
``/var/lib/antrean``), one that would hold the live database, one holding the office's
own configuration file, a parent of any of these, and a directory with files in it that
no demo made.
"""

import os
from collections.abc import Mapping
from pathlib import Path

from queue_server.settings import default_data_dir

INSTALLED_DATA_DIR = Path("/var/lib/antrean")  # installer/install.sh's DATA
DEMO_MARK = ".antrean-demo"  # in a data directory the demo made
OLDER_DEMO_FILES = ("devices.txt", "booking-token.txt")  # what demos wrote before the mark


class LiveDataError(Exception):
    """The data directory asked for holds an office's live data; the message says which."""


def live_data_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    """Where an office's live data lives on this machine."""
    env = os.environ if env is None else env
    found = [INSTALLED_DATA_DIR, default_data_dir()]
    if env.get("ANTREAN_DATA_DIR"):
        found.append(Path(env["ANTREAN_DATA_DIR"]))
    return [path.expanduser().resolve() for path in found]


def live_database_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The SQLite file ``$ANTREAN_DATABASE_URL`` names, if it names one."""
    env = os.environ if env is None else env
    url = env.get("ANTREAN_DATABASE_URL", "")
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            return Path(url[len(prefix) :].split("?", 1)[0]).expanduser().resolve()
    return None


def check_demo_data_dir(
    data_dir: Path, office_file: Path | None = None, env: Mapping[str, str] | None = None
) -> None:
    """Raises ``LiveDataError`` unless the demo may empty ``data_dir`` and keep its
    office there. ``office_file``: the office.toml a training run copies."""
    here = data_dir.expanduser().resolve()
    for live in live_data_dirs(env):
        if here == live or live.is_relative_to(here):
            raise LiveDataError(
                f"{data_dir} is (or holds) the office's live data directory {live}: the "
                "demo empties its data directory, so it never takes the live one. Give a "
                "directory of its own, such as --data-dir var/training"
            )
    database = live_database_file(env)
    if database is not None and database.is_relative_to(here):
        raise LiveDataError(
            f"{data_dir} holds the office's live database {database} ($ANTREAN_DATABASE_URL): "
            "give the demo a directory of its own, such as --data-dir var/training"
        )
    if office_file is not None and office_file.expanduser().resolve().is_relative_to(here):
        raise LiveDataError(
            f"{data_dir} holds the office's own configuration {office_file}: the demo empties "
            "its data directory; give it one of its own, such as --data-dir var/training"
        )
    if here.is_dir() and any(here.iterdir()) and not _made_by_a_demo(here):
        raise LiveDataError(
            f"{data_dir} has files the demo did not make, and the demo empties its data "
            "directory: give an empty or new one, such as --data-dir var/training"
        )


def mark_as_demo(data_dir: Path) -> None:
    (data_dir / DEMO_MARK).write_text(
        "A data directory of antrean demo: emptied at every start.\n", encoding="utf-8"
    )


def _made_by_a_demo(path: Path) -> bool:
    return (path / DEMO_MARK).is_file() or all((path / name).is_file() for name in OLDER_DEMO_FILES)
