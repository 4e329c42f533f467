"""Repository of skills."""

from __future__ import annotations

import sqlalchemy as sa


class SqlSkills:
    """Rows of skills."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
