"""The files Antrean ships, in the package ``antrean.assets`` (the repository's ``assets/``).

They are found through ``importlib.resources``, installed from a wheel and in a
development checkout alike: nothing looks for them beside a source checkout.
"""

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

PACKAGE = "antrean.assets"

_kept = ExitStack()
atexit.register(_kept.close)


def asset_path(name: str) -> Path:
    """A shipped file or folder (``"office.example.toml"``, ``"voice"``) as a path on disk.

    An installed wheel holds its assets as plain files, and this is their own path. From a
    package loaded out of an archive, the asset is copied out for as long as the process runs.
    """
    resource = files(PACKAGE).joinpath(*name.split("/"))
    return _kept.enter_context(as_file(resource))
