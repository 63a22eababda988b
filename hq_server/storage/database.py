"""Headquarters' database: PostgreSQL through psycopg, one session per use case.

``write()`` commits at the end of its block (or rolls back on an error), on disk before
it returns unless asked otherwise; ``read()`` never writes. Repositories never commit.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


class DatabaseUrlError(ValueError):
    """The URL does not name a PostgreSQL database."""


def check_url(url: str) -> str:
    """``url`` if it names PostgreSQL through psycopg (``postgresql+psycopg://``)."""
    try:
        parsed = make_url(url)
    except Exception as error:  # sqlalchemy raises ArgumentError and ValueError alike
        raise DatabaseUrlError(f"not a database URL: {url!r} ({error})") from None
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseUrlError(
            f"headquarters runs on PostgreSQL only, not {parsed.get_backend_name()}: "
            "give --database-url postgresql+psycopg://user@host/database"
        )
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


class HqDatabase:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str, *, pool_size: int = 10) -> "HqDatabase":
        engine = create_engine(
            check_url(url), pool_size=pool_size, max_overflow=10, pool_pre_ping=True
        )
        return cls(engine)

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Session]:
        """A transaction committed at the end of the block. ``durable=False`` for what may
        be lost in a crash (an office's live state, sent again within seconds): its commit
        does not wait for the disk, which is most of a small write's time."""
        with self._sessions.begin() as session:
            if not durable:
                session.execute(text("SET LOCAL synchronous_commit = off"))
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:  # closed, not committed: what it read stays loaded
            yield session

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except UNAVAILABLE_ERRORS:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()
