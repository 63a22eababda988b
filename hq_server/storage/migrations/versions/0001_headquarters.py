"""headquarters: offices, batches, records partitioned by month, roll-ups, live, users

Revision ID: hq0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "hq0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hq_offices",
        sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("region", sa.String(200), nullable=False, index=True),
        sa.Column("public_key", sa.String(64)),
        sa.Column("secret_digest", sa.String(64)),
        sa.Column("secret_expires_at", TIME),
        sa.Column("enrolled_at", TIME),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "hq_batches",
        sa.Column("office_id", sa.Integer(), sa.ForeignKey("hq_offices.id"), primary_key=True),
        sa.Column("sequence", sa.BigInteger(), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("instance", sa.String(64), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("sent_at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
    )
    _records_tables()
    op.create_table(
        "hq_days",
        sa.Column("office_id", sa.Integer(), sa.ForeignKey("hq_offices.id"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("issued", JSONB(), nullable=False),
    )
    op.create_table(
        "hq_office_days",
        sa.Column("office_id", sa.Integer(), sa.ForeignKey("hq_offices.id"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True, index=True),
        sa.Column("queues", JSONB(), nullable=False),
        sa.Column("skm", JSONB(), nullable=False),
        sa.Column("issued", sa.Integer()),
        sa.Column("open", sa.Boolean()),
        sa.Column("rolled_at", TIME, nullable=False),
    )
    op.create_table(
        "hq_office_months",
        sa.Column("office_id", sa.Integer(), sa.ForeignKey("hq_offices.id"), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True, index=True),
        sa.Column("tally", JSONB(), nullable=False),
        sa.Column("skm", JSONB(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("days_open", sa.Integer(), nullable=False),
    )
    op.create_table(
        "hq_live",
        sa.Column("office_id", sa.Integer(), sa.ForeignKey("hq_offices.id"), primary_key=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("state", JSONB(), nullable=False),
    )
    op.create_table(
        "hq_notices",
        sa.Column("office_id", sa.Integer(), sa.ForeignKey("hq_offices.id"), primary_key=True),
        sa.Column("instance", sa.String(64), primary_key=True),
        sa.Column("key", sa.BigInteger(), primary_key=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("text_id", sa.String(500), nullable=False),
        sa.Column("text_en", sa.String(500), nullable=False),
    )
    _user_tables()


def _keys() -> list[sa.Column[object]]:
    """A record's key, partition column included (a partitioned table's key must hold it)."""
    return [
        sa.Column("office_id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("instance", sa.String(64), primary_key=True),
        sa.Column("key", sa.BigInteger(), primary_key=True),
    ]


def _records_tables() -> None:
    op.create_table(
        "hq_visits",
        *_keys(),
        sa.Column("service", sa.String(8), nullable=False),
        sa.Column("stage", sa.String(32)),
        sa.Column("ticket_class", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("issued_hour", sa.SmallInteger(), nullable=False),
        sa.Column("wait_s", sa.Integer()),
        sa.Column("service_s", sa.Integer()),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("counter", sa.SmallInteger()),
        sa.Column("sla_min", sa.SmallInteger()),
        postgresql_partition_by="RANGE (day)",
    )
    op.create_table(
        "hq_skm",
        *_keys(),
        sa.Column("service", sa.String(8), nullable=False),
        sa.Column("counter", sa.SmallInteger()),
        sa.Column("answers", JSONB(), nullable=False),
        postgresql_partition_by="RANGE (day)",
    )


def _user_tables() -> None:
    op.create_table(
        "hq_users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("region", sa.String(200)),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "hq_sessions",
        sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
        sa.Column("token_digest", sa.String(64), nullable=False, unique=True),
        sa.Column(
            "user_name",
            sa.String(64),
            sa.ForeignKey("hq_users.name", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("expires_at", TIME, nullable=False),
    )


def downgrade() -> None:
    tables = ["hq_sessions", "hq_users", "hq_notices", "hq_live", "hq_office_months"]
    tables += ["hq_office_days", "hq_days", "hq_skm", "hq_visits", "hq_batches", "hq_offices"]
    for table in tables:
        op.drop_table(table)
