"""Use cases of the ``Workshop`` for its history: the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from atelier.domain import roles
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    from atelier.domain.views import AuditRecord


class AuditUseCases(UseCaseHost):
    """Who did what, when, through which door: read only."""

    @requires(roles.READ)
    def audit(self, entity: str | None = None, key: str | None = None,
              limit: int = 100) -> list[AuditRecord]:
        """The newest audit records, optionally for one entity."""
        from atelier.domain.attendance import shown_audit_values
        from atelier.services import orders
        found = self._read(lambda uow: orders.audit(uow, entity, key, limit))
        # A roll call's record names why a trainee was absent: as the reader may see it.
        return [attrs.evolve(r, before=shown_audit_values(r.before, self.actor.role),
                             after=shown_audit_values(r.after, self.actor.role))
                if r.action == "attendance.record" else r for r in found]
