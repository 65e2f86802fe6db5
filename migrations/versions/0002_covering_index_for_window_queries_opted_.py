"""covering index for window queries, opted-in learners index

The global boards aggregate every opted-in learner's study days in a window: with the
counters in the (day, learner_id, …) index both engines read only the index, not the table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 03:57:51.315122
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW_COLUMNS = ["day", "learner_id", "counted", "answers", "correct", "reflection_chars"]


def upgrade() -> None:
    op.create_index(
        "ix_learners_opt_in",
        "learners",
        ["id"],
        unique=False,
        sqlite_where=sa.text("leaderboard_opt_in = 1"),
        postgresql_where=sa.text("leaderboard_opt_in"),
    )
    op.create_index("ix_study_days_window", "study_days", WINDOW_COLUMNS, unique=False)
    op.drop_index("ix_study_days_day_learner_id", table_name="study_days")


def downgrade() -> None:
    op.create_index(
        "ix_study_days_day_learner_id", "study_days", ["day", "learner_id"], unique=False
    )
    op.drop_index("ix_study_days_window", table_name="study_days")
    op.drop_index("ix_learners_opt_in", table_name="learners")
