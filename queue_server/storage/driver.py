"""The busiest statements, run on the driver's cursor.

Through SQLAlchemy's execution layer a small statement costs two to three times
what the driver takes to run it (``bench/statement_cost.py``), and every write
waits for the writes before it. Here a Core statement is compiled once per
dialect, with SQLAlchemy's own bind and result processors (aware datetimes
stored as UTC on SQLite, JSON), and run on the transaction's DBAPI cursor: the
same SQL and the same values, without the per-statement bookkeeping. Driver
errors are raised as SQLAlchemy's, and a dropped connection is invalidated, as
``Connection.execute`` does.

Only statements with plain bound parameters: an expanding ``IN`` is refused. A
statement whose values are all its own (none given by the caller) runs with them
written into its SQL.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import CompileError, DBAPIError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

Processor = Callable[[Any], Any]
_CURSOR = "antrean_driver_cursor"
_MAX_PLANS = 1024


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
    returns_rows: bool | None  # None: not known from the statement (text), the cursor tells
    results: tuple[tuple[int, Processor], ...]

    @classmethod
    def compile(cls, statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...]) -> "Plan":
        # The values name the columns an INSERT or UPDATE sets; of a SELECT, none (not
        # even those of a data-modifying CTE in it, which sets its own).
        set_columns = list(keys) if isinstance(statement, UpdateBase) else []
        compiled = statement.compile(dialect=dialect, column_keys=set_columns)
        assert isinstance(compiled, SQLCompiler)
        if "POSTCOMPILE" in compiled.string:
            raise ValueError(f"an expanding parameter cannot run on the cursor: {compiled}")
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        if by_name and not keys and not any(bind.required for bind in by_name.values()):
            compiled = _with_values_inline(statement, dialect) or compiled
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


def on_postgresql(session: Session) -> bool:
    """The session's database is PostgreSQL: writes run side by side and need row locks."""
    return session.get_bind().dialect.name == "postgresql"


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


def _run(
    session: Session, statement: ClauseElement, params: Mapping[str, Any]
) -> tuple[Plan, list[tuple[Any, ...]]]:
    connection = session.connection()
    dialect = connection.dialect
    key = (statement, dialect.name, tuple(params))
    plan = _plans.get(key)
    if plan is None:
        if len(_plans) >= _MAX_PLANS:  # statements are meant to be built once; stay bounded
            _plans.clear()
        plan = _plans.setdefault(key, Plan.compile(statement, dialect, tuple(params)))
    arguments = plan.arguments(params)
    cursor = _cursor(connection)
    try:
        if plan.names:
            cursor.execute(plan.sql, arguments)
        else:  # no parameters to convert or send
            cursor.execute(plan.sql)
        fetched = cursor.fetchall() if _returns_rows(plan, cursor) else []
    except dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, cursor, plan, arguments, error) from error
    return plan, [plan.processed(row) for row in fetched]


def _with_values_inline(statement: ClauseElement, dialect: Dialect) -> SQLCompiler | None:
    """A statement whose values are all its own (a call-next's queues and classes, from
    the config), with them written into the SQL, quoted by SQLAlchemy: the driver then
    neither converts nor sends parameters, and psycopg does not parse the statement again
    at every call (it caches that only for statements under 4,096 characters and 50
    parameters). None if a value has no literal form."""
    try:
        compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    except CompileError:
        return None
    assert isinstance(compiled, SQLCompiler)
    return compiled


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


def _cursor(connection: Connection) -> Any:
    """One cursor per DBAPI connection, kept with it in the pool."""
    pooled = connection.connection
    cursor = pooled.info.get(_CURSOR)
    if cursor is None:
        cursor = pooled.info[_CURSOR] = pooled.cursor()
    return cursor


def _wrapped(
    connection: Connection, cursor: Any, plan: Plan, arguments: Any, error: Exception
) -> StatementError:
    dialect = connection.dialect
    pooled = connection.connection
    disconnected = dialect.is_disconnect(cast(Any, error), pooled.dbapi_connection, cursor)
    pooled.info.pop(_CURSOR, None)
    if disconnected:
        connection.invalidate(error)
    return DBAPIError.instance(
        plan.sql,
        arguments,
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=disconnected,
        dialect=dialect,
    )
