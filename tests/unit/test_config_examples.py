"""``antrean config example``: the examples that ship, printed for a technician to adapt."""

from pathlib import Path

import pytest

from antrean.asset_files import asset_path
from antrean.cli import main
from counter_display.config import load_config as load_display
from kiosk_app.config import load_config as load_kiosk
from queue_server.config import load_office

LOADERS = {"office": load_office, "kiosk": load_kiosk, "display": load_display}


@pytest.mark.parametrize("kind", ["office", "kiosk", "display"])
def test_config_example_prints_the_shipped_file_which_loads(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "example", kind]) == 0
    printed = capsys.readouterr().out
    assert printed == asset_path(f"{kind}.example.toml").read_text(encoding="utf-8")
    copy = tmp_path / f"{kind}.toml"
    copy.write_text(printed, encoding="utf-8")
    LOADERS[kind](copy)


def test_config_example_of_an_unknown_kind_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["config", "example", "printer"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
