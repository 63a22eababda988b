"""Every shell script of the project passes shellcheck (Debian's shellcheck package)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer.scratch_install import ROOT

SKIPPED_DIRS = {".git", ".venv", "node_modules", "build", "var", "screenshots", "__pycache__"}
SHELLS = ("sh", "bash", "dash")


def interpreter(shebang: str) -> str:
    """``bash`` for ``#!/bin/bash -e`` and for ``#!/usr/bin/env bash``."""
    words = shebang[2:].split() or [""]
    program = Path(words[0]).name
    if program == "env":
        program = next((word for word in words[1:] if not word.startswith("-")), "")
    return program


def _skipped(folder: str) -> bool:
    """Not ours: virtual envs (.venv, .venv-3.12...), build output, data of runs."""
    return folder in SKIPPED_DIRS or folder.startswith(".venv") or folder.endswith(".egg-info")


def shell_scripts(top: Path) -> list[Path]:
    """Files that start with a shell's ``#!`` line, outside virtual envs and build output."""
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not _skipped(d)]
        for name in files:
            path = Path(folder) / name
            try:
                with path.open("rb") as file:
                    first = file.readline(128).decode(errors="replace").strip()
            except OSError:
                continue
            if first.startswith("#!") and interpreter(first) in SHELLS:
                found.append(path)
    return sorted(found)


def test_shell_scripts_include_the_installer() -> None:
    assert ROOT / "installer" / "install.sh" in shell_scripts(ROOT)


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck (apt) not installed")
def test_shell_scripts_pass_shellcheck() -> None:
    scripts = shell_scripts(ROOT)

    done = subprocess.run(
        ["shellcheck", "--external-sources", *map(str, scripts)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout
