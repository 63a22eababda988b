"""``antrean kiosk``: registered lazily, refuses a broken config with a clear message."""

import argparse
import logging
import sys
from pathlib import Path

import pytest

from kiosk_app.cli import config_for, register, run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="antrean")
    commands = parser.add_subparsers(dest="command", required=True)
    register({"": commands})
    return parser


def test_cli_registers_kiosk_without_importing_qt() -> None:
    already = "PySide6.QtWidgets" in sys.modules
    args = _parser().parse_args(["kiosk", "--mode", "feedback", "--counter", "3"])
    assert args.run is run
    assert (args.mode, args.counter) == ("feedback", 3)
    assert already or "PySide6.QtWidgets" not in sys.modules


def test_cli_broken_config_exits_2_naming_file_and_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[screen]\norientation = "sideways"\n', encoding="utf-8")
    args = _parser().parse_args(["kiosk", "--config", str(path)])
    with caplog.at_level(logging.ERROR):
        assert run(args) == 2
    assert f"{path}: screen.orientation" in caplog.text


def test_cli_feedback_without_counter_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    args = _parser().parse_args(["kiosk", "--mode", "feedback"])
    with caplog.at_level(logging.ERROR):
        assert run(args) == 2
    assert "counter" in caplog.text


def test_cli_geometry_makes_a_window_at_that_place() -> None:
    args = _parser().parse_args(["kiosk", "--mode", "feedback", "--counter", "7",
                                 "--geometry", "1092x466+828+614"])  # fmt: skip
    screen = config_for(args).screen
    assert not screen.fullscreen
    assert str(screen.geometry) == "1092x466+828+614"


def test_cli_malformed_geometry_exits_2_with_an_example(caplog: pytest.LogCaptureFixture) -> None:
    args = _parser().parse_args(["kiosk", "--geometry", "half the screen"])
    with caplog.at_level(logging.ERROR):
        assert run(args) == 2
    assert "WIDTHxHEIGHT+X+Y, such as" in caplog.text
