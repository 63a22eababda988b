"""The busiest statements, run on the driver's cursor.

Through SQLAlchemy's execution layer a small statement costs two to three times
what the driver takes to run it (``bench/statement_cost.py``), and every write
waits for the writes before it. Here a Core statement is compiled once per
dialect, with SQLAlchemy's own bind and result processors (aware datetimes
stored as UTC on SQLite, JSON), and run on the transaction's DBAPI cursor: the
same SQL and the same values, without the per-statement bookkeeping. Driver
errors are raised as SQLAlchemy's, and a dropped connection is invalidated, as
``Connection.execute`` does.

Only statements with plain bound parameters: an expanding ``IN`` is refused.

A statement whose result nobody reads (an ``UPDATE`` or ``INSERT`` without
``RETURNING``, the advisory lock) may be *sent* rather than run. On PostgreSQL it
then waits and goes to the server in one pipeline with the next statement of the
transaction, or before its commit: a round trip fewer each, and every write
holds the write lock that much less. Sent statements run in the order sent, and
before any later statement, SQLAlchemy's included (``install`` hooks its engine);
a rollback drops them. An error of a sent statement is raised by the statement
that carried it, or by the commit. On SQLite, a call into this process, a sent
statement runs at once.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast
from weakref import WeakSet

from sqlalchemy import Connection, Dialect, Engine, event
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
_CURSOR = "antrean_driver_cursor"
_SENT_CURSOR = "antrean_driver_sent_cursor"  # runs the sent statements; their results unread
_SENT = "antrean_driver_sent"  # (plan, arguments) sent and not yet run
_MAX_PLANS = 1024
_installed: WeakSet[Dialect] = WeakSet()  # dialects of engines that ``install`` hooked


@dataclass(frozen=True)
class Plan:
    """A statement compiled for one dialect, with what its values go through."""

    sql: str
    names: tuple[str, ...]  # bound parameters, in the driver's order when positional
    positional: bool
    literals: Mapping[str, Any]  # values bound in the statement itself
    required: frozenset[str]  # parameters the caller must give
    binds: tuple[tuple[str, Processor], ...]
    keys: tuple[str, ...]  # result columns
    returns_rows: bool | None  # None: a text statement, the cursor tells
    results: tuple[tuple[int, Processor], ...]

    @classmethod
    def compile(cls, statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...]) -> "Plan":
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        assert isinstance(compiled, SQLCompiler)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError(f"an expanding parameter cannot run on the cursor: {compiled}")
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        names = tuple(compiled.positiontup or by_name)
        binds = []
        for name, bind in by_name.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                binds.append((name, processor))
        columns = list(getattr(statement, "exported_columns", ()))
        results = []
        for index, column in enumerate(columns):
            processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if processor is not None:
                results.append((index, processor))
        return cls(
            sql=compiled.string,
            names=names,
            positional=dialect.positional,
            literals={name: bind.value for name, bind in by_name.items() if not bind.required},
            required=frozenset(name for name, bind in by_name.items() if bind.required),
            binds=tuple(binds),
            keys=tuple(column.key for column in columns),
            returns_rows=_returns_rows_of(statement),
            results=tuple(results),
        )

    def arguments(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        if not self.required.issubset(params):
            missing = ", ".join(sorted(self.required.difference(params)))
            raise ValueError(f"a value is required for {missing} in: {self.sql}")
        values = {**self.literals, **params}
        for name, processor in self.binds:
            values[name] = processor(values.get(name))
        if self.positional:
            return tuple(values.get(name) for name in self.names)
        return {name: values.get(name) for name in self.names}

    def processed(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.results:
            return row
        values = list(row)
        for index, processor in self.results:
            values[index] = processor(values[index])
        return tuple(values)


_plans: dict[tuple[ClauseElement, str, tuple[str, ...]], Plan] = {}


def rows(
    session: Session, statement: ClauseElement, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run ``statement`` in the session's transaction; its rows (none for a DML statement
    without RETURNING)."""
    return _run(session, statement, params or {})[1]


def first(
    session: Session, statement: ClauseElement, params: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """The first row as {column: value}, or None."""
    plan, found = _run(session, statement, params or {})
    return dict(zip(plan.keys, found[0], strict=True)) if found else None


def scalar(
    session: Session, statement: ClauseElement, params: Mapping[str, Any] | None = None
) -> Any:
    """The first column of the first row, or None."""
    found = _run(session, statement, params or {})[1]
    return found[0][0] if found else None


def send(
    session: Session, statement: ClauseElement, params: Mapping[str, Any] | None = None
) -> None:
    """Run ``statement``, whose result nobody reads, with the transaction's next statement
    (see the module's docstring)."""
    connection = session.connection()
    plan = _plan(statement, connection.dialect, params or {})
    arguments = plan.arguments(params or {})
    if _pipelines(connection):
        connection.connection.info.setdefault(_SENT, []).append((plan, arguments))
    else:
        _execute(connection, [], plan, arguments)


def install(engine: Engine) -> None:
    """Run what was sent before any statement SQLAlchemy runs, and before a commit; drop
    it on a rollback."""
    _installed.add(engine.dialect)

    @event.listens_for(engine, "before_cursor_execute")
    def _before_statement(connection: Connection, *_args: Any) -> None:
        _flush(connection)

    @event.listens_for(engine, "commit")
    def _before_commit(connection: Connection) -> None:
        _flush(connection)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Connection) -> None:
        if not connection.invalidated:  # an invalidated connection's info goes with it
            connection.connection.info.pop(_SENT, None)


def _flush(connection: Connection) -> None:
    if connection.connection.info.get(_SENT):
        _execute(connection, _take_sent(connection), None, None)


def _run(
    session: Session, statement: ClauseElement, params: Mapping[str, Any]
) -> tuple[Plan, list[tuple[Any, ...]]]:
    connection = session.connection()
    plan = _plan(statement, connection.dialect, params)
    arguments = plan.arguments(params)
    return plan, _execute(connection, _take_sent(connection), plan, arguments)


def _plan(statement: ClauseElement, dialect: Dialect, params: Mapping[str, Any]) -> Plan:
    key = (statement, dialect.name, tuple(params))
    plan = _plans.get(key)
    if plan is None:
        if len(_plans) >= _MAX_PLANS:  # statements are meant to be built once; stay bounded
            _plans.clear()
        plan = _plans.setdefault(key, Plan.compile(statement, dialect, tuple(params)))
    return plan


def _take_sent(connection: Connection) -> list[tuple[Plan, Any]]:
    sent: list[tuple[Plan, Any]] = connection.connection.info.pop(_SENT, None) or []
    return sent


def _pipelines(connection: Connection) -> bool:
    """The driver can send statements without waiting for their results (psycopg 3), and
    the engine runs them before its own statements and commits."""
    return connection.dialect in _installed and hasattr(_driver_connection(connection), "pipeline")


def _execute(
    connection: Connection, sent: list[tuple[Plan, Any]], plan: Plan | None, arguments: Any
) -> list[tuple[Any, ...]]:
    """Run the statements sent, then ``plan`` (if any): in one pipeline when there are
    several. The rows of ``plan``."""
    dialect = connection.dialect
    cursor = _cursor(connection, _CURSOR)
    try:
        if sent:
            sent_cursor = _cursor(connection, _SENT_CURSOR)
            with _driver_connection(connection).pipeline():
                for sent_plan, sent_arguments in sent:
                    sent_cursor.execute(sent_plan.sql, sent_arguments)
                if plan is not None:
                    cursor.execute(plan.sql, arguments)
        elif plan is not None:
            cursor.execute(plan.sql, arguments)
        if plan is None:
            return []
        fetched = cursor.fetchall() if _returns_rows(plan, cursor) else []
    except dialect.loaded_dbapi.Error as error:
        # A pipeline reports its first error, whichever statement it was: name them all.
        ran = [*sent, *([(plan, arguments)] if plan is not None else [])]
        sql = "; ".join(ran_plan.sql for ran_plan, _ in ran)
        values = ran[0][1] if len(ran) == 1 else [ran_arguments for _, ran_arguments in ran]
        raise _wrapped(connection, cursor, sql, values, error) from error
    return [plan.processed(row) for row in fetched]


def _driver_connection(connection: Connection) -> Any:
    raw = connection.connection.driver_connection
    assert raw is not None, "a connection in use has its driver's connection"
    return raw


def _returns_rows_of(statement: ClauseElement) -> bool | None:
    if getattr(statement, "is_select", False):
        return True
    if getattr(statement, "is_dml", False):
        return bool(getattr(statement, "exported_columns", ()))  # its RETURNING
    return None


def _returns_rows(plan: Plan, cursor: Any) -> bool:
    """Known from the statement where it can be: psycopg builds ``description`` anew at
    every call."""
    if plan.returns_rows is None:
        return cursor.description is not None
    return plan.returns_rows


def _cursor(connection: Connection, name: str) -> Any:
    """A cursor kept with the DBAPI connection in the pool."""
    pooled = connection.connection
    cursor = pooled.info.get(name)
    if cursor is None:
        cursor = pooled.info[name] = pooled.cursor()
    return cursor


def _wrapped(
    connection: Connection, cursor: Any, sql: str, arguments: Any, error: Exception
) -> StatementError:
    dialect = connection.dialect
    pooled = connection.connection
    disconnected = dialect.is_disconnect(cast(Any, error), pooled.dbapi_connection, cursor)
    pooled.info.pop(_CURSOR, None)
    pooled.info.pop(_SENT_CURSOR, None)
    if disconnected:
        connection.invalidate(error)
    return DBAPIError.instance(
        sql,
        arguments,
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=disconnected,
        dialect=dialect,
    )
