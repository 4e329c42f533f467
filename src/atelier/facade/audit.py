"""Use cases of the ``Workshop`` for its history: the audit log."""

from __future__ import annotations

from atelier.domain import roles
from atelier.domain.views import AuditRecord
from atelier.facade.base import UseCaseHost, requires
from atelier.services import orders


class AuditUseCases(UseCaseHost):
    """Who did what, when, through which door: read only."""

    @requires(roles.READ)
    def audit(self, entity: str | None = None, key: str | None = None,
              limit: int = 100) -> list[AuditRecord]:
        """The newest audit records, optionally for one entity."""
        return self._read(lambda uow: orders.audit(uow, entity, key, limit))
