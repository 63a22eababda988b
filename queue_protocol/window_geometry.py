"""Where a window of the kiosk, the feedback screen or the board goes on its screen.

Written as X11's ``-geometry`` writes it: ``WIDTHxHEIGHT+X+Y`` (``640x1080+0+0``), or
``WIDTHxHEIGHT`` for a window of that size wherever the desktop puts it. Sizes and
positions are in the screen's pixels, from its top-left corner.
"""

import re
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

_WRITTEN = re.compile(r"^(\d+)x(\d+)(?:\+(\d+)\+(\d+))?$")
EXAMPLE = "640x1080+0+0"


class WindowGeometry(BaseModel):
    """A window's size and, when given, its position; ``str()`` writes it back."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    width: int = Field(ge=1)
    height: int = Field(ge=1)
    x: int | None = Field(default=None, ge=0)
    y: int | None = Field(default=None, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        found = _WRITTEN.match(value.strip())
        if found is None:
            raise ValueError(f"must be WIDTHxHEIGHT+X+Y, such as {EXAMPLE}, not {value!r}")
        width, height, x, y = found.groups()
        position = {} if x is None else {"x": int(x), "y": int(y)}
        return {"width": int(width), "height": int(height), **position}

    @model_validator(mode="after")
    def _both_or_no_offsets(self) -> Self:
        if (self.x is None) != (self.y is None):
            raise ValueError("give both x and y, or neither")
        return self

    @property
    def right(self) -> int:
        """The first column right of the window (``x + width``; ``width`` if unplaced)."""
        return (self.x or 0) + self.width

    @property
    def bottom(self) -> int:
        """The first row below the window (``y + height``; ``height`` if unplaced)."""
        return (self.y or 0) + self.height

    def __str__(self) -> str:
        size = f"{self.width}x{self.height}"
        return size if self.x is None else f"{size}+{self.x}+{self.y}"
