"""report months: each month's sums of the daily roll-up, so a range of years reads
months, not days

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_month_counts",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("item", sa.String(length=96), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "dim", "item"),
    )
    op.create_table(
        "report_month_hist",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("queue", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "queue", "kind", "minute"),
    )
    _sum_rolled_months()


def downgrade() -> None:
    op.drop_table("report_month_hist")
    op.drop_table("report_month_counts")


def _sum_rolled_months() -> None:
    """The months of the days already rolled up, summed once."""
    days = sa.table("report_days", sa.column("day", sa.Date()))
    counts = sa.table(
        "report_counts", sa.column("day", sa.Date()), sa.column("dim"), sa.column("item"),
        sa.column("n", sa.Integer()),
    )  # fmt: skip
    hist = sa.table(
        "report_hist", sa.column("day", sa.Date()), sa.column("queue"), sa.column("kind"),
        sa.column("minute", sa.Integer()), sa.column("n", sa.Integer()),
    )  # fmt: skip
    month_counts = sa.table(
        "report_month_counts", sa.column("month", sa.Date()), sa.column("dim"),
        sa.column("item"), sa.column("n", sa.Integer()),
    )  # fmt: skip
    month_hist = sa.table(
        "report_month_hist", sa.column("month", sa.Date()), sa.column("queue"),
        sa.column("kind"), sa.column("minute", sa.Integer()), sa.column("n", sa.Integer()),
    )  # fmt: skip
    bind = op.get_bind()
    months = sorted({day.replace(day=1) for day in bind.scalars(sa.select(days.c.day))})
    for month in months:
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        _insert_sums(month, last, counts, month_counts, ("dim", "item"))
        _insert_sums(month, last, hist, month_hist, ("queue", "kind", "minute"))


def _insert_sums(
    month: date, last: date, daily: sa.TableClause, monthly: sa.TableClause, keys: tuple[str, ...]
) -> None:
    columns = [daily.c[key] for key in keys]
    query = (
        sa.select(sa.literal(month, sa.Date()), *columns, sa.func.sum(daily.c.n))
        .where(daily.c.day >= month, daily.c.day <= last)
        .group_by(*columns)
    )
    op.get_bind().execute(sa.insert(monthly).from_select(["month", *keys, "n"], query))
