"""PostgreSQL's ``LISTEN``: waiting for another transaction's commit of events.

Every transaction that appends events notifies channel ``antrean_events`` when it
commits (migration 0005); notifications from one transaction are merged, and
they arrive in commit order. The notification carries nothing: the listener
reads the log after the last ``seq`` it has.
"""

from sqlalchemy.engine import make_url

CHANNEL = "antrean_events"


class EventNotifications:
    """One connection of its own, listening. ``wait`` is called from one thread only."""

    def __init__(self, database_url: str) -> None:
        import psycopg  # PostgreSQL only; SQLite servers never build this

        url = make_url(database_url).set(drivername="postgresql")
        self._connection = psycopg.connect(
            url.render_as_string(hide_password=False), autocommit=True
        )
        self._connection.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> bool:
        """Whether a commit of events was notified within ``timeout`` seconds (any that
        arrived meanwhile are taken together)."""
        if not any(True for _ in self._connection.notifies(timeout=timeout, stop_after=1)):
            return False
        for _ in self._connection.notifies(timeout=0):
            pass  # those already here: one read of the log answers them all
        return True

    def close(self) -> None:
        self._connection.close()
