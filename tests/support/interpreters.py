"""Python interpreters of one version on this machine, for the tests and CI that run on each.

As a script, ``python3 tests/support/interpreters.py 3.12`` prints the path of one, or
exits 1 when there is none. It needs nothing but the standard library.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

SUPPORTED = ("3.11", "3.12", "3.13")


def find_python(version: str) -> str | None:
    """``pythonX.Y`` on the PATH, else the newest of pyenv's; only one that runs as that version.

    A pyenv shim is on the PATH for every version pyenv has, but runs only those chosen
    for the folder: hence the run."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    installed = sorted(root.glob(f"versions/{version}.*/bin/python{version}"), key=_patch_level)
    candidates = [shutil.which(f"python{version}"), *map(str, reversed(installed))]
    for candidate in candidates:
        if candidate and _runs_as(candidate, version):
            return candidate
    return None


def _patch_level(path: Path) -> int:
    patch = path.parents[1].name.rpartition(".")[2]
    return int(patch) if patch.isdigit() else -1


def _runs_as(python: str, version: str) -> bool:
    try:
        found = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return found.returncode == 0 and found.stdout.strip() == version


if __name__ == "__main__":
    path = find_python(sys.argv[1])
    if path is None:
        sys.exit(1)
    print(path)
