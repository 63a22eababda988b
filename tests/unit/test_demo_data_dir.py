"""The demo's data directory: its own, never an office's live data."""

from pathlib import Path

import pytest

from antrean.demo_data_dir import LiveDataError, check_demo_data_dir, mark_as_demo


def _env(tmp_path: Path, **more: str) -> dict[str, str]:
    return {"ANTREAN_DATA_DIR": str(tmp_path / "live"), **more}


def test_a_new_or_empty_directory_is_taken(tmp_path: Path) -> None:
    check_demo_data_dir(tmp_path / "new", env=_env(tmp_path))
    (tmp_path / "empty").mkdir()
    check_demo_data_dir(tmp_path / "empty", env=_env(tmp_path))


def test_a_directory_the_demo_made_is_taken_again(tmp_path: Path) -> None:
    made = tmp_path / "demo"
    made.mkdir()
    mark_as_demo(made)
    (made / "antrean.sqlite3").write_bytes(b"")
    check_demo_data_dir(made, env=_env(tmp_path))


@pytest.mark.parametrize("asked", ["live", ".", "live/../live"])
def test_the_live_data_directory_and_its_parents_are_refused(tmp_path: Path, asked: str) -> None:
    with pytest.raises(LiveDataError, match="live data directory"):
        check_demo_data_dir(tmp_path / asked, env=_env(tmp_path))


def test_the_directory_of_the_live_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db' / 'antrean.sqlite3'}"
    env = _env(tmp_path, ANTREAN_DATABASE_URL=url)
    with pytest.raises(LiveDataError, match="live database"):
        check_demo_data_dir(tmp_path / "db", env=env)


def test_the_directory_of_the_office_file_is_refused(tmp_path: Path) -> None:
    office = tmp_path / "etc" / "office.toml"
    with pytest.raises(LiveDataError, match="own configuration"):
        check_demo_data_dir(tmp_path / "etc", office, env=_env(tmp_path))


def test_a_directory_with_files_no_demo_made_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "antrean.sqlite3").write_bytes(b"")
    with pytest.raises(LiveDataError, match="did not make"):
        check_demo_data_dir(other, env=_env(tmp_path))
