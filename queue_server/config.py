"""Loading ``office.toml``: a broken file is refused with the file, the key and what is wrong."""

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from antrean.asset_files import asset_path
from queue_server.domain.office import OfficeConfig

EXAMPLE_OFFICE = asset_path("office.example.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; ``str()`` is a message for the technician."""


def load_office(path: Path) -> OfficeConfig:
    """Read and validate an office file.

    Raises:
        ConfigError: the file is missing, not TOML, or breaks a rule; the message
            names the file, the key and the problem.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    try:
        return OfficeConfig.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(path, error, raw)) from None


def describe_validation_error(path: Path, error: ValidationError, raw: object) -> str:
    """One line per problem: ``office.toml: services[2].prefix: String should match ...``."""
    lines = [f"{path}: {error.error_count()} problem(s):"]
    for problem in error.errors():
        key = _key_path(problem["loc"], raw)
        lines.append(f"  {key or '(top level)'}: {problem['msg']}")
    return "\n".join(lines)


def _key_path(location: tuple[int | str, ...], raw: object) -> str:
    """Render a pydantic location as a TOML key, naming services and counters by their code."""
    parts: list[str] = []
    node = raw
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            item = node[step]
            label = item.get("code") or item.get("number") if isinstance(item, dict) else None
            parts[-1] += f"[{step}]" if label is None else f"[{step}] ({label})"
            node = item
        elif isinstance(step, str):
            parts.append(step)
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts)


_ALWAYS_OPEN = """[hours]
open = "00:00"
last_ticket = "23:59"
close = "23:59"
days = [1, 2, 3, 4, 5, 6, 7]

"""


def always_open_office_text(extra: str = "", *, base: str | None = None) -> str:
    """The example office (or the office.toml text ``base``) open every day around the
    clock, its counters on no break: for the demo, a training office and the tests, which
    must work at any hour. ``extra`` TOML is appended (more counters, say)."""
    text = EXAMPLE_OFFICE.read_text(encoding="utf-8") if base is None else base
    text = re.sub(r"\[hours\]\n(?:[^\[\n].*\n|\n)*", _ALWAYS_OPEN, text, count=1)
    return re.sub(r"(?m)^breaks = .*\n", "", text) + extra
