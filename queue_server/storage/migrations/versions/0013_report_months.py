"""report months and SKM sums: each month's sums of the daily roll-up, so a range of
years reads months, not days; and each rolled-up day's SKM answers summed per counter
and officer, so years of ratings are not read again for every report

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
    sums = [
        sa.Column(f"{kind}{e}", sa.Integer(), nullable=False) for kind in "sn" for e in ELEMENTS
    ]
    op.create_table(
        "report_skm",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("officer", sa.String(length=64), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        *sums,
        sa.PrimaryKeyConstraint("day", "counter", "officer"),
    )
    op.create_table(
        "report_marks",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    _sum_rolled_ratings()


def downgrade() -> None:
    op.drop_table("report_marks")
    op.drop_table("report_skm")
    op.drop_table("report_month_hist")
    op.drop_table("report_month_counts")


ELEMENTS = range(1, 10)


def _sum_rolled_ratings() -> None:
    """The ratings of the days already rolled up, summed per day, counter and officer;
    then the newest rating marked as seen."""
    answers = [sa.column(f"u{e}", sa.Integer()) for e in ELEMENTS]
    feedback = sa.table(
        "feedback", sa.column("id", sa.BigInteger()), sa.column("day", sa.Date()),
        sa.column("counter", sa.Integer()), sa.column("officer"), *answers,
    )  # fmt: skip
    skm = sa.table(
        "report_skm", sa.column("day", sa.Date()), sa.column("counter", sa.Integer()),
        sa.column("officer"), sa.column("respondents", sa.Integer()),
        *(sa.column(f"{kind}{e}", sa.Integer()) for kind in "sn" for e in ELEMENTS),
    )  # fmt: skip
    days = sa.table("report_days", sa.column("day", sa.Date()))
    counter = sa.func.coalesce(feedback.c.counter, 0)
    officer = sa.func.coalesce(feedback.c.officer, "")
    answered = sa.case((sa.func.coalesce(*answers).is_not(None), 1), else_=0)
    query = (
        sa.select(
            feedback.c.day, counter, officer, sa.func.sum(answered),
            *(sa.func.coalesce(sa.func.sum(a), 0) for a in answers),
            *(sa.func.count(a) for a in answers),
        )
        .where(feedback.c.day.in_(sa.select(days.c.day)))
        .group_by(feedback.c.day, counter, officer)
    )  # fmt: skip
    columns = ["day", "counter", "officer", "respondents"]
    columns += [f"{kind}{e}" for kind in "sn" for e in ELEMENTS]
    bind = op.get_bind()
    bind.execute(sa.insert(skm).from_select(columns, query))
    newest = bind.scalar(sa.select(sa.func.max(feedback.c.id)))
    if newest is not None:
        marks = sa.table("report_marks", sa.column("name"), sa.column("value", sa.BigInteger()))
        bind.execute(sa.insert(marks).values(name="skm_feedback_id", value=newest))


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
