"""Alembic environment: runs on the engine atelier hands over (or the URL)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from atelier.store.tables import metadata

config = context.config


def run_migrations() -> None:
    """Run migrations online, on the engine given in ``config.attributes``."""
    engine = config.attributes.get("engine")
    if engine is None:
        engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
