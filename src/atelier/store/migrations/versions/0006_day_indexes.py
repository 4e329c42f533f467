"""Indexes by day for every trainee's month: work records (with the minutes they sum)
and time entries, so that the month's hours cost the month, not the whole history.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_work_records_day', 'work_records', ['work_day', 'trainee_id', 'minutes'])
    op.create_index('ix_time_entries_day', 'time_entries', ['day'])


def downgrade() -> None:
    op.drop_index('ix_time_entries_day', table_name='time_entries')
    op.drop_index('ix_work_records_day', table_name='work_records')
