"""The Alembic migrations build exactly the schema the models describe, on every backend."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from antrean.cli import main
from queue_server.storage.database import create_database_engine
from queue_server.storage.models import Base


def test_db_upgrade_matches_models(database_url: str) -> None:
    assert main(["db", "upgrade", "--database-url", database_url]) == 0
    engine = create_database_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
