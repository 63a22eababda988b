"""Every ``antrean`` command and every option says what it is for in ``--help``."""

import argparse
from collections.abc import Iterator

from antrean.cli import build_parser


def parsers(
    parser: argparse.ArgumentParser, path: str = "antrean"
) -> Iterator[tuple[str, argparse.ArgumentParser, argparse.Action]]:
    """(command path, its parser, each of its arguments), the subcommands' too."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, f"{path} {name}")
        else:
            yield path, parser, action


def commands(
    parser: argparse.ArgumentParser, path: str = "antrean"
) -> Iterator[tuple[str, str | None]]:
    """(command path, its one-line help) for every subcommand."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield f"{path} {name}", helps.get(name)
                yield from commands(child, f"{path} {name}")


def test_every_command_has_a_help_line() -> None:
    missing = [path for path, text in commands(build_parser()) if not text]
    assert missing == []


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{path} {action.option_strings or action.dest}"
        for path, _, action in parsers(build_parser())
        if action.help is None and not isinstance(action, argparse._HelpAction)
    ]
    assert missing == []
