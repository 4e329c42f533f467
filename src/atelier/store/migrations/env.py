"""Alembic environment: runs on the engine atelier hands over (or the URL)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from atelier.store.tables import metadata

config = context.config


def run_migrations() -> None:
    """Run migrations online, on the engine given in ``config.attributes``.

    On SQLite, foreign keys are switched off while tables are rebuilt by batch
    operations (SQLite cannot alter a constraint in place), then checked whole.
    """
    engine = config.attributes.get("engine")
    if engine is None:
        engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection if is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # before BEGIN: a no-op inside one
        try:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=is_sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
                if is_sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
            connection.commit()
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


run_migrations()
