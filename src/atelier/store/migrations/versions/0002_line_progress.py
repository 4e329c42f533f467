"""Progress counters on order lines, and the last step of each routing on tasks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

The status of an order read every task of the order; with these counters it
reads one row per line. Existing data is backfilled from the tasks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTERS = ("items_total", "items_done", "tasks_total", "tasks_done", "remaining_seconds")


def upgrade() -> None:
    with op.batch_alter_table("order_lines") as batch:
        for name in COUNTERS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("last_step", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.execute("""
        UPDATE tasks SET last_step = (seq = (
            SELECT max(t2.seq) FROM tasks t2
            WHERE t2.item_id = tasks.item_id AND t2.line_id = tasks.line_id))
    """)
    op.execute("""
        UPDATE order_lines SET
          items_total = (SELECT count(DISTINCT item_id) FROM tasks
                         WHERE tasks.line_id = order_lines.id),
          items_done = (SELECT count(*) FROM tasks WHERE tasks.line_id = order_lines.id
                        AND tasks.last_step AND tasks.status = 'done'),
          tasks_total = (SELECT count(*) FROM tasks WHERE tasks.line_id = order_lines.id),
          tasks_done = (SELECT count(*) FROM tasks WHERE tasks.line_id = order_lines.id
                        AND tasks.status = 'done'),
          remaining_seconds = (SELECT coalesce(sum(standard_seconds), 0) FROM tasks
                               WHERE tasks.line_id = order_lines.id
                               AND tasks.status NOT IN ('done', 'cancelled'))
    """)


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("last_step")
    with op.batch_alter_table("order_lines") as batch:
        for name in COUNTERS:
            batch.drop_column(name)
