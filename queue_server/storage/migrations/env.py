"""Alembic environment: the URL comes from the caller (``antrean db upgrade``)."""

from alembic import context

from queue_server.storage import report_store  # noqa: F401 - registers the roll-up tables
from queue_server.storage.database import create_database_engine
from queue_server.storage.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""

engine = create_database_engine(url)
try:
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
finally:  # a migration that refuses (a passport key in conflict) leaves no connection open
    engine.dispose()
