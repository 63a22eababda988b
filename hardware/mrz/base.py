"""Passport MRZ readers: each read is the raw MRZ text (lines joined by newlines)."""

from typing import Protocol


class MrzReaderError(Exception):
    """A reader that cannot be opened or read."""


class MrzReaderConfigError(MrzReaderError):
    """A reader URL or setting that retrying will not fix."""


class MrzReader(Protocol):
    url: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def read_mrz(self, timeout: float) -> str | None:
        """Block up to ``timeout`` seconds for one document; the raw MRZ lines or None."""
        ...
