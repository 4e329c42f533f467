"""What a single act reads in one statement: the per-trainee-per-day counter (issue #15,
point 1).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Recording work checks that the day's recorded time (work records and time
entries) plus the new minutes fits the day's attendance. That sum grew with the
day's acts; ``day_minutes`` holds it per trainee and day, one row to read.

It is kept exact by triggers on ``work_records`` and ``time_entries``
(as the order counters of 0007, docs/decisions/0010): every writer of minutes —
an act, a time entry, its removal, a future correction — moves the counter in
the same statement, whatever path makes the write. Row triggers on both
databases: these tables are written one row at a time (one record per act, one
entry per call), and a row trigger updates one counter row. A removed or moved
row leaves a counter at 0 rather than deleting it (a recount ignores zeros).
Concurrent writers of one trainee's day already queue on the trainee's row lock
(store/hours.py), so the counter row is never contended further.

Existing data is backfilled from both tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

#: (table, its day column) whose minutes count in a trainee's day.
SOURCES = {"work_records": "work_day", "time_entries": "day"}


def _sqlite_triggers(table: str, day: str) -> dict[str, str]:
    add = f"""
        INSERT INTO day_minutes (trainee_id, day, minutes)
        VALUES (NEW.trainee_id, NEW.{day}, NEW.minutes)
        ON CONFLICT (trainee_id, day) DO UPDATE SET minutes = minutes + excluded.minutes;"""
    remove = f"""
        UPDATE day_minutes SET minutes = minutes - OLD.minutes
        WHERE trainee_id = OLD.trainee_id AND day = OLD.{day};"""
    return {
        f"trg_{table}_day_minutes_insert": f"""
            CREATE TRIGGER trg_{table}_day_minutes_insert AFTER INSERT ON {table}
            BEGIN {add}
            END""",
        # Only the columns that move the counter (a note's erasure costs nothing more).
        f"trg_{table}_day_minutes_update": f"""
            CREATE TRIGGER trg_{table}_day_minutes_update
            AFTER UPDATE OF trainee_id, {day}, minutes ON {table}
            WHEN NEW.trainee_id IS NOT OLD.trainee_id OR NEW.{day} IS NOT OLD.{day}
                 OR NEW.minutes IS NOT OLD.minutes
            BEGIN {remove} {add}
            END""",
        f"trg_{table}_day_minutes_delete": f"""
            CREATE TRIGGER trg_{table}_day_minutes_delete AFTER DELETE ON {table}
            BEGIN {remove}
            END""",
    }


def _pg_function(table: str, day: str) -> str:
    return f"""
        CREATE FUNCTION {table}_day_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE day_minutes SET minutes = minutes - OLD.minutes
                WHERE trainee_id = OLD.trainee_id AND day = OLD.{day};
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO day_minutes AS d (trainee_id, day, minutes)
                VALUES (NEW.trainee_id, NEW.{day}, NEW.minutes)
                ON CONFLICT (trainee_id, day) DO UPDATE SET minutes = d.minutes + excluded.minutes;
            END IF;
            RETURN NULL;
        END
        $$"""


def create_triggers() -> None:
    """The triggers that keep ``day_minutes`` exact."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, day in SOURCES.items():
        if postgres:
            op.execute(_pg_function(table, day))
            op.execute(f"CREATE TRIGGER trg_{table}_day_minutes "
                       f"AFTER INSERT OR DELETE OR UPDATE OF trainee_id, {day}, minutes "
                       f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_day_minutes()")
            continue
        for sql in _sqlite_triggers(table, day).values():
            op.execute(sql)


def drop_triggers() -> None:
    """Remove what :func:`create_triggers` made."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, day in SOURCES.items():
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_day_minutes ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_day_minutes()")
            continue
        for name in _sqlite_triggers(table, day):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    op.create_table(
        'day_minutes',
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('minutes', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'],
                                name=op.f('fk_day_minutes_trainee_id_trainees')),
        sa.PrimaryKeyConstraint('trainee_id', 'day', name=op.f('pk_day_minutes')),
    )
    op.execute("""
        INSERT INTO day_minutes (trainee_id, day, minutes)
        SELECT trainee_id, day, sum(minutes) FROM (
            SELECT trainee_id, work_day AS day, minutes FROM work_records
            UNION ALL
            SELECT trainee_id, day, minutes FROM time_entries) AS recorded
        GROUP BY trainee_id, day
    """)
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table('day_minutes')
