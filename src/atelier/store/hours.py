"""Repository of hours."""

from __future__ import annotations

import sqlalchemy as sa


class SqlHours:
    """Rows of hours."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
