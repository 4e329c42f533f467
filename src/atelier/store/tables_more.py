"""The tables beyond an order's and an act's: the work records and checks, the people's
posts held, contracts, hours and goals, and the doors (API tokens, idempotent requests).

Part of the one schema of :mod:`atelier.store.tables` (same metadata, read there as
``tables.metadata`` or ``tables.<name>``), kept apart so that a command reading an
order does not build them.
"""

from __future__ import annotations

import sqlalchemy as sa

from atelier.domain import bounds
from atelier.store.tables import _id, _version
from atelier.store.tables import _metadata as metadata

work_records = sa.Table(
    "work_records", metadata,
    _id(),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=False, index=True),
    sa.Column("operation", sa.String(bounds.CODE), nullable=False),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("post_code", sa.String(bounds.POST_CODE), nullable=True),
    sa.Column("supervisor", sa.String(bounds.NAME), nullable=True),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("task_count", sa.Integer, nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    # The day the work was done: it counts in that day's hours (People issue).
    sa.Column("work_day", sa.Date, nullable=False),
    sa.Index("ix_work_records_trainee_day", "trainee_id", "work_day"),
    # Every trainee's month reads a range of days: by day first, with what it sums, so
    # that it costs the month and not the whole history (B9).
    sa.Index("ix_work_records_day", "work_day", "trainee_id", "minutes"),
)

work_record_tasks = sa.Table(
    "work_record_tasks", metadata,
    sa.Column("work_record_id", sa.ForeignKey("work_records.id"), primary_key=True),
    sa.Column("task_id", sa.ForeignKey("tasks.id"), primary_key=True, index=True),
    sa.Column("minutes", sa.Integer, nullable=False),
)

quality_checks = sa.Table(
    "quality_checks", metadata,
    _id(),
    sa.Column("task_id", sa.ForeignKey("tasks.id"), nullable=False, index=True),
    sa.Column("reworked_task_id", sa.ForeignKey("tasks.id"), nullable=True),
    sa.Column("result", sa.String(8), nullable=False),
    sa.Column("defect", sa.String(bounds.CODE), nullable=True),
    sa.Column("checker", sa.String(bounds.NAME), nullable=False),
    sa.Column("checked_at", sa.DateTime, nullable=False),
)

# --- People: posts held over time, contracts, personal data, hours, skills ------------

post_assignments = sa.Table(
    "post_assignments", metadata,
    _id(),
    sa.Column("post_id", sa.ForeignKey("posts.id"), nullable=False, index=True),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=True),
)

contracts = sa.Table(
    "contracts", metadata,
    _id(),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("planned_end", sa.Date, nullable=True),
    sa.Column("weekly_minutes", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

# Personal data sits apart, read only by the counsellor and admin roles, erased at
# anonymisation. Deliberately no column for offences, sentences, prison register
# number or release date.
trainee_personal = sa.Table(
    "trainee_personal", metadata,
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), primary_key=True),
    sa.Column("full_name", sa.String(bounds.FULL_NAME), nullable=True),
    sa.Column("contact", sa.Text, nullable=True),
    sa.Column("notes", sa.Text, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

attendance = sa.Table(
    "attendance", metadata,
    _id(),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("session", sa.String(2), nullable=False),
    sa.Column("present", sa.Boolean, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("reason", sa.String(32), nullable=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("recorded_by", sa.String(bounds.NAME), nullable=False),
    _version(),
    sa.UniqueConstraint("trainee_id", "day", "session"),
    sa.Index("ix_attendance_day", "day"),
)

time_entries = sa.Table(
    "time_entries", metadata,
    _id(),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("activity", sa.String(32), nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=True, index=True),
    sa.Column("operation", sa.String(bounds.CODE), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("recorded_by", sa.String(bounds.NAME), nullable=False),
    sa.Index("ix_time_entries_trainee_day", "trainee_id", "day"),
    sa.Index("ix_time_entries_day", "day"),
    # A removed entry's id is never given again (the audit log names entries by id).
    sqlite_autoincrement=True,
)

# Minutes recorded per trainee and day, work records and time entries together, kept by
# triggers on both tables (migration 0008): an act of work reads its day's budget in one
# row, whatever the number of acts already recorded that day.
day_minutes = sa.Table(
    "day_minutes", metadata,
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("minutes", sa.Integer, nullable=False, server_default="0"),
)

month_locks = sa.Table(
    "month_locks", metadata,
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("locked_at", sa.DateTime, nullable=False),
    sa.Column("locked_by", sa.String(bounds.NAME), nullable=False),
)

hour_corrections = sa.Table(
    "hour_corrections", metadata,
    _id(),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False, index=True),
    sa.Column("month", sa.String(7), nullable=False, index=True),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("recorded_on", sa.Date, nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("recorded_by", sa.String(bounds.NAME), nullable=False),
)


skill_targets = sa.Table(
    "skill_targets", metadata,
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), primary_key=True),
    sa.Column("skill", sa.String(bounds.CODE), primary_key=True),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("set_on", sa.Date, nullable=False),
)

# --- Doors: API tokens and idempotent requests -------------------------------------

# Staff API keys and collectivity links. Only a hash of the secret is stored.
api_tokens = sa.Table(
    "api_tokens", metadata,
    _id(),
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(bounds.NAME), nullable=False),
    sa.Column("role", sa.String(16), nullable=True),
    sa.Column("collectivity_id", sa.ForeignKey("collectivities.id"), nullable=True,
              index=True),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=True),
    sa.Column("revoked_at", sa.DateTime, nullable=True),
)

# The stored response of a POST made with an Idempotency-Key, per token.
idempotency_keys = sa.Table(
    "idempotency_keys", metadata,
    sa.Column("token_id", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(bounds.KEY), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    # The answer's media type: a refusal is replayed as application/problem+json.
    sa.Column("media_type", sa.String(bounds.MEDIA_TYPE), nullable=False,
              server_default="application/json"),
)
