"""The relational schema, in SQLAlchemy Core.

The store maps rows to domain values with named constructors in the
repositories (never ``Cls(**row)``); bulk paths (imports, work on a crate,
status) are set-based Core statements. Schema changes go through Alembic
migrations in ``atelier/store/migrations``; a test checks that the migrations
produce exactly this metadata.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from atelier.domain import bounds

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Every table of the schema (what Alembic and ``create_all`` read). The tables of an
#: order and those the act of work prepares statements on (below) are built when this
#: module is imported; the others (work records, people, hours, the doors:
#: :mod:`atelier.store.tables_more`) the first time one of them, or ``metadata``, is
#: asked for: a cold ``atelier status`` needs none of them and SQLAlchemy takes about
#: half a millisecond per table (B8).
metadata: sa.MetaData
_metadata = sa.MetaData(naming_convention=NAMING)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _version() -> sa.Column[int]:
    # Optimistic concurrency: every update checks and bumps it.
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


catalogues = sa.Table(
    "catalogues", _metadata,
    _id(),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("source_name", sa.String(bounds.KEY), nullable=False),
    sa.Column("source_text", sa.Text, nullable=False),
    sa.Column("loaded_at", sa.DateTime, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.false()),
)

collectivities = sa.Table(
    "collectivities", _metadata,
    _id(),
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(bounds.NAME), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("siret", sa.String(14), nullable=True),
    sa.Column("chorus_service_code", sa.String(bounds.PROCUREMENT), nullable=True),
    sa.Column("engagement_ref", sa.String(bounds.PROCUREMENT), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    _version(),
)

contacts = sa.Table(
    "contacts", _metadata,
    _id(),
    sa.Column("collectivity_id", sa.ForeignKey("collectivities.id"), nullable=False, index=True),
    sa.Column("name", sa.String(bounds.NAME), nullable=False),
    sa.Column("role", sa.String(bounds.CONTACT_ROLE), nullable=False, server_default=""),
    sa.Column("email", sa.String(bounds.EMAIL), nullable=False, server_default=""),
    sa.Column("phone", sa.String(bounds.PHONE), nullable=False, server_default=""),
)

counters = sa.Table(
    "counters", _metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

orders = sa.Table(
    "orders", _metadata,
    _id(),
    sa.Column("ref", sa.String(bounds.REF), nullable=False, unique=True),
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("collectivity_id", sa.ForeignKey("collectivities.id"), nullable=False, index=True),
    sa.Column("catalogue_id", sa.ForeignKey("catalogues.id"), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
    sa.Column("due_date", sa.Date, nullable=True),
    sa.Column("purchase_order", sa.String(bounds.PROCUREMENT), nullable=True),
    sa.Column("reserved_contract", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("cancel_reason", sa.Text, nullable=True),
    _version(),
)

order_lines = sa.Table(
    "order_lines", _metadata,
    _id(),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=False),
    sa.Column("line_no", sa.Integer, nullable=False),
    sa.Column("service", sa.String(bounds.CODE), nullable=False),
    sa.Column("format", sa.String(bounds.CODE), nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("unit_cents", sa.Integer, nullable=False),
    # Progress counters, kept by the store on every task change (store/progress.py) so
    # that an order's status reads a few rows instead of aggregating all its tasks.
    sa.Column("items_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("items_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("tasks_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("tasks_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("remaining_seconds", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("order_id", "line_no"),
    sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    sa.CheckConstraint("unit_cents >= 0", name="price_not_negative"),
)

item_imports = sa.Table(
    "item_imports", _metadata,
    _id(),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("source_name", sa.String(bounds.KEY), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("order_id", "digest"),
)

deliveries = sa.Table(
    "deliveries", _metadata,
    _id(),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=False, index=True),
    sa.Column("number", sa.String(bounds.REF), nullable=False, unique=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("delivered_on", sa.Date, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # Items returned under this delivery, kept by triggers on items (migration 0007).
    sa.Column("items", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("year", "seq"),
)

items = sa.Table(
    "items", _metadata,
    _id(),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=False),
    sa.Column("barcode", sa.String(bounds.BARCODE), nullable=False),
    sa.Column("title", sa.String(bounds.TITLE), nullable=True),
    sa.Column("author", sa.String(bounds.AUTHOR), nullable=True),
    sa.Column("isbn", sa.String(13), nullable=True),
    sa.Column("call_number", sa.String(bounds.CALL_NUMBER), nullable=True),
    sa.Column("doc_type", sa.String(bounds.DOC_TYPE), nullable=True),
    sa.Column("format", sa.String(bounds.CODE), nullable=False),
    sa.Column("placeholder", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("custody", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("received_at", sa.DateTime, nullable=True),
    sa.Column("delivery_id", sa.ForeignKey("deliveries.id"), nullable=True, index=True),
    sa.Column("import_id", sa.ForeignKey("item_imports.id"), nullable=True),
    sa.Column("source_line", sa.Integer, nullable=True),
    _version(),
    sa.UniqueConstraint("order_id", "barcode"),
    sa.Index("ix_items_order_custody", "order_id", "custody"),
)

# Per-order custody counters: items of the order in each custody state, and how many of
# them were ever received (received_at set). Kept exact by triggers on items (migration
# 0007), so that a status reads a few rows instead of every item of the order.
order_custody = sa.Table(
    "order_custody", _metadata,
    sa.Column("order_id", sa.ForeignKey("orders.id"), primary_key=True),
    sa.Column("custody", sa.String(16), primary_key=True),
    sa.Column("items", sa.Integer, nullable=False, server_default="0"),
    sa.Column("received", sa.Integer, nullable=False, server_default="0"),
)


# Written by every act (the repositories prepare its insert when they are imported).
audit_log = sa.Table(
    "audit_log", _metadata,
    _id(),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(bounds.NAME), nullable=False),
    sa.Column("door", sa.String(16), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_key", sa.String(64), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
    sa.Index("ix_audit_entity", "entity", "entity_key"),
)


# Read by the act of work's prepared statements (store/acts.py) when they are imported.
tasks = sa.Table(
    "tasks", _metadata,
    _id(),
    sa.Column("order_id", sa.ForeignKey("orders.id"), nullable=False),
    sa.Column("item_id", sa.ForeignKey("items.id"), nullable=False, index=True),
    sa.Column("line_id", sa.ForeignKey("order_lines.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("operation", sa.String(bounds.CODE), nullable=False),
    sa.Column("skill", sa.String(bounds.CODE), nullable=False),
    sa.Column("min_level", sa.Integer, nullable=False),
    sa.Column("standard_seconds", sa.Integer, nullable=False),
    sa.Column("checkpoint", sa.Boolean, nullable=False),
    # The routing's last step: done means the item is finished for this line.
    sa.Column("last_step", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("rework_count", sa.Integer, nullable=False, server_default="0"),
    _version(),
    sa.UniqueConstraint("item_id", "line_id", "seq"),
    sa.Index("ix_tasks_order_operation_status", "order_id", "operation", "status"),
)

posts = sa.Table(
    "posts", _metadata,
    _id(),
    sa.Column("code", sa.String(bounds.POST_CODE), nullable=False, unique=True),
    sa.Column("label", sa.String(bounds.NAME), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
)

trainees = sa.Table(
    "trainees", _metadata,
    _id(),
    sa.Column("code", sa.String(bounds.TRAINEE_CODE), nullable=False, unique=True),
    sa.Column("post_id", sa.ForeignKey("posts.id"), nullable=True, unique=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # The end of the pathway: a date and an outcome (never a release date or a reason
    # of detention: DOMAIN rule 7).
    sa.Column("exit_on", sa.Date, nullable=True),
    sa.Column("exit_outcome", sa.String(32), nullable=True),
    sa.Column("anonymised_at", sa.DateTime, nullable=True),
    _version(),
)

assessments = sa.Table(
    "assessments", _metadata,
    _id(),
    sa.Column("trainee_id", sa.ForeignKey("trainees.id"), nullable=False),
    sa.Column("skill", sa.String(bounds.CODE), nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("assessor", sa.String(bounds.NAME), nullable=False),
    sa.Column("evidence", sa.Text, nullable=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Index("ix_assessments_trainee_skill", "trainee_id", "skill"),
)


def __getattr__(name: str) -> Any:
    """``metadata`` and the other tables, built by importing their module (once)."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from atelier.store import tables_more

    value = _metadata if name == "metadata" else getattr(tables_more, name, None)
    if not isinstance(value, sa.MetaData | sa.Table):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
