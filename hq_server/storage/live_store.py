"""Each office's newest live state (by the office's own ``at``)."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hq_server.storage.models import LiveRow


def put(
    session: Session, office_id: int, *, at: datetime, state: dict[str, Any], now: datetime
) -> None:
    statement = insert(LiveRow).values(office_id=office_id, at=at, received_at=now, state=state)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["office_id"],
            set_={
                "at": statement.excluded.at,
                "received_at": now,
                "state": statement.excluded.state,
            },
            where=LiveRow.at <= statement.excluded.at,
        )
    )


def of_offices(session: Session, office_ids: list[int]) -> dict[int, LiveRow]:
    rows = session.scalars(select(LiveRow).where(LiveRow.office_id.in_(office_ids)))
    return {row.office_id: row for row in rows}
