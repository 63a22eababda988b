"""Alembic environment of headquarters: the URL comes from the caller (``antrean hq db
upgrade``); versions in ``hq_alembic_version``."""

from alembic import context
from sqlalchemy import create_engine

from hq_server.storage.migrate import VERSION_TABLE
from hq_server.storage.models import HqBase

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""

engine = create_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=HqBase.metadata,
        version_table=VERSION_TABLE,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
