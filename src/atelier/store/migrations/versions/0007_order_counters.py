"""Per-order custody counters and per-delivery item counts, kept by triggers (issue #15).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

An order's status grouped every item of the order by custody state, and the
client's expected date grouped the items of every open order of the workshop.
With these counters both read a few rows: ``order_custody`` holds, per order and
custody state, the items in it and how many of them were ever received;
``deliveries.items`` the items returned under each delivery.

They are kept exact by triggers on ``items`` (docs/decisions/0010): every write
of an item, whatever path makes it (an act, an import, a raw fixture, a future
command), moves the counters in the same statement. SQLite has row triggers
only: one upsert per inserted row, and update triggers restricted to the
columns that move a counter. PostgreSQL uses statement triggers with transition
tables: one set-based statement per write, however many rows it touches (an
import, a crate's reception), the rows ordered so that two writers lock the
counters in the same order.

Existing data is backfilled from the items. Note for later migrations: on SQLite,
rebuilding ``items`` with a batch operation drops these triggers (create them
again with :func:`create_triggers`), and rebuilding a table they name while they
exist fails (drop them first with :func:`drop_triggers`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# -- SQLite: row triggers ----------------------------------------------------------------

_SQLITE_ADD_NEW = """
    INSERT INTO order_custody (order_id, custody, items, received)
    VALUES (NEW.order_id, NEW.custody, 1, NEW.received_at IS NOT NULL)
    ON CONFLICT (order_id, custody) DO UPDATE
    SET items = items + 1, received = received + excluded.received;
"""
_SQLITE_REMOVE_OLD = """
    UPDATE order_custody
    SET items = items - 1, received = received - (OLD.received_at IS NOT NULL)
    WHERE order_id = OLD.order_id AND custody = OLD.custody;
"""

SQLITE_TRIGGERS = {
    "trg_items_counters_insert": f"""
        CREATE TRIGGER trg_items_counters_insert AFTER INSERT ON items
        BEGIN
        {_SQLITE_ADD_NEW}
            UPDATE deliveries SET items = items + 1 WHERE id = NEW.delivery_id;
        END""",
    # Only the columns that move a counter, and only when one really changed: the
    # version bump of an item's every update costs nothing more.
    "trg_items_counters_custody": f"""
        CREATE TRIGGER trg_items_counters_custody
        AFTER UPDATE OF order_id, custody, received_at ON items
        WHEN NEW.order_id IS NOT OLD.order_id OR NEW.custody IS NOT OLD.custody
             OR (NEW.received_at IS NULL) <> (OLD.received_at IS NULL)
        BEGIN
        {_SQLITE_REMOVE_OLD}
        {_SQLITE_ADD_NEW}
        END""",
    "trg_items_counters_delivery": """
        CREATE TRIGGER trg_items_counters_delivery AFTER UPDATE OF delivery_id ON items
        WHEN NEW.delivery_id IS NOT OLD.delivery_id
        BEGIN
            UPDATE deliveries SET items = items - 1 WHERE id = OLD.delivery_id;
            UPDATE deliveries SET items = items + 1 WHERE id = NEW.delivery_id;
        END""",
    "trg_items_counters_delete": f"""
        CREATE TRIGGER trg_items_counters_delete AFTER DELETE ON items
        BEGIN
        {_SQLITE_REMOVE_OLD}
            UPDATE deliveries SET items = items - 1 WHERE id = OLD.delivery_id;
        END""",
}

# -- PostgreSQL: statement triggers over transition tables -------------------------------

# ``moved`` is the rows' net effect: +1 per new row, -1 per old one, grouped; rows that
# cancel out (an update that moved nothing counted) write nothing. ORDER BY: concurrent
# writers take the counters' row locks in one order, so they queue and never deadlock.
_PG_APPLY = """
    INSERT INTO order_custody AS oc (order_id, custody, items, received)
    SELECT order_id, custody, sum(n), sum(r) FROM ({moved}) AS m
    GROUP BY order_id, custody
    HAVING sum(n) <> 0 OR sum(r) <> 0
    ORDER BY order_id, custody
    ON CONFLICT (order_id, custody) DO UPDATE
    SET items = oc.items + excluded.items, received = oc.received + excluded.received;
    UPDATE deliveries AS d SET items = d.items + m.n
    FROM (SELECT delivery_id, sum(n) AS n FROM ({moved}) AS x
          WHERE delivery_id IS NOT NULL GROUP BY delivery_id HAVING sum(n) <> 0) AS m
    WHERE d.id = m.delivery_id;
"""
_PG_NEW = ("SELECT order_id, custody, delivery_id, 1 AS n, "
           "(received_at IS NOT NULL)::int AS r FROM new_items")
_PG_OLD = ("SELECT order_id, custody, delivery_id, -1 AS n, "
           "-((received_at IS NOT NULL)::int) AS r FROM old_items")

PG_FUNCTIONS = {
    "items_counters_insert": _PG_APPLY.format(moved=_PG_NEW),
    "items_counters_update": _PG_APPLY.format(moved=f"{_PG_NEW} UNION ALL {_PG_OLD}"),
    "items_counters_delete": _PG_APPLY.format(moved=_PG_OLD),
}
_PG_REFERENCING = {
    "items_counters_insert": ("INSERT", "NEW TABLE AS new_items"),
    "items_counters_update": ("UPDATE", "OLD TABLE AS old_items NEW TABLE AS new_items"),
    "items_counters_delete": ("DELETE", "OLD TABLE AS old_items"),
}


def create_triggers() -> None:
    """The triggers that keep ``order_custody`` and ``deliveries.items`` exact."""
    if op.get_bind().dialect.name == "postgresql":
        for name, body in PG_FUNCTIONS.items():
            event, referencing = _PG_REFERENCING[name]
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                       f"BEGIN\n{body}\nRETURN NULL;\nEND\n$$")
            op.execute(f"CREATE TRIGGER trg_{name} AFTER {event} ON items "
                       f"REFERENCING {referencing} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION {name}()")
        return
    for sql in SQLITE_TRIGGERS.values():
        op.execute(sql)


def drop_triggers() -> None:
    """Remove what :func:`create_triggers` made."""
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_FUNCTIONS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{name} ON items")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    op.create_table(
        'order_custody',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('custody', sa.String(length=16), nullable=False),
        sa.Column('items', sa.Integer(), server_default='0', nullable=False),
        sa.Column('received', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'],
                                name=op.f('fk_order_custody_order_id_orders')),
        sa.PrimaryKeyConstraint('order_id', 'custody', name=op.f('pk_order_custody')),
    )
    # Outside a batch: SQLite adds a column with a constant default in place.
    op.add_column('deliveries', sa.Column('items', sa.Integer(), server_default='0',
                                          nullable=False))
    op.execute("""
        INSERT INTO order_custody (order_id, custody, items, received)
        SELECT order_id, custody, count(*), count(received_at) FROM items
        GROUP BY order_id, custody
    """)
    op.execute("""
        UPDATE deliveries SET items = (
            SELECT count(*) FROM items WHERE items.delivery_id = deliveries.id)
    """)
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    with op.batch_alter_table('deliveries') as batch:
        batch.drop_column('items')
    op.drop_table('order_custody')
