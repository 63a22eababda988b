"""Path and query parameters, bounded as ``queue_protocol.bounds`` says: a number past
a 64-bit column or below its least is a 422 with a reason, never an overflow."""

from typing import Annotated

from fastapi import Path, Query

from queue_protocol.bounds import MAX_ID

TicketId = Annotated[int, Path(ge=1, le=MAX_ID)]
RowIdPath = Annotated[int, Path(ge=1, le=MAX_ID)]  # an announcement, a fault
CounterPath = Annotated[int, Path(ge=0, le=MAX_ID)]
CounterQuery = Annotated[int | None, Query(ge=0, le=MAX_ID)]
TicketQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
SinceQuery = Annotated[int | None, Query(ge=0, le=MAX_ID)]
FlagQuery = Annotated[int, Query(ge=0, le=1)]
