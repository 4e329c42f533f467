"""atelier: production and pathways of a work-integration workshop (ACI).

The front door is :class:`Workshop`::

    from atelier import Workshop
    ws = Workshop.open("sqlite:///atelier.db")
    ws.init()

Errors raised on purpose all derive from :class:`AtelierError`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from atelier.app import (
        Workshop,
    )
    from atelier.domain.catalogue import (
        Catalogue,
        EvidenceRule,
        Operation,
        Service,
        Skill,
    )
    from atelier.domain.collectivity import (
        Collectivity,
        Contact,
    )
    from atelier.domain.delivery import (
        Delivery,
    )
    from atelier.domain.errors import (
        AtelierError,
        CatalogueError,
        Conflict,
        FileRejected,
        Forbidden,
        InvalidInput,
        NotFound,
        Problem,
        RuleViolation,
    )
    from atelier.domain.hours import (
        AttendanceEntry,
        Correction,
        MonthHours,
        TimeEntry,
    )
    from atelier.domain.order import (
        LineRequest,
    )
    from atelier.domain.order_hours import (
        CollectivityHours,
        OrderHours,
    )
    from atelier.domain.people import (
        Certificate,
        Contract,
        PersonalData,
        PostAssignment,
        PostView,
        TraineeView,
    )
    from atelier.domain.skills import (
        Assessment,
        SkillEvidence,
        SkillMatrix,
    )
    from atelier.domain.views import (
        AuditRecord,
        OrderStatus,
        OrderSummary,
    )
    from atelier.services.results import (
        CheckResult,
        CustodyResult,
        DeliveryResult,
        ImportResult,
        ReceiveResult,
        WorkResult,
    )

__version__ = "0.1.0"

# Names are imported on first use (PEP 562): ``atelier status`` at a cold start
# should not pay for every use case it does not run.
_EXPORTS = {
    "Assessment": "atelier.domain.skills",
    "AtelierError": "atelier.domain.errors",
    "AttendanceEntry": "atelier.domain.hours",
    "AuditRecord": "atelier.domain.views",
    "Catalogue": "atelier.domain.catalogue",
    "CatalogueError": "atelier.domain.errors",
    "Certificate": "atelier.domain.people",
    "CheckResult": "atelier.services.results",
    "Collectivity": "atelier.domain.collectivity",
    "CollectivityHours": "atelier.domain.order_hours",
    "Conflict": "atelier.domain.errors",
    "Contact": "atelier.domain.collectivity",
    "Contract": "atelier.domain.people",
    "Correction": "atelier.domain.hours",
    "CustodyResult": "atelier.services.results",
    "Delivery": "atelier.domain.delivery",
    "DeliveryResult": "atelier.services.results",
    "EvidenceRule": "atelier.domain.catalogue",
    "FileRejected": "atelier.domain.errors",
    "Forbidden": "atelier.domain.errors",
    "ImportResult": "atelier.services.results",
    "InvalidInput": "atelier.domain.errors",
    "LineRequest": "atelier.domain.order",
    "MonthHours": "atelier.domain.hours",
    "NotFound": "atelier.domain.errors",
    "Operation": "atelier.domain.catalogue",
    "OrderHours": "atelier.domain.order_hours",
    "OrderStatus": "atelier.domain.views",
    "OrderSummary": "atelier.domain.views",
    "PersonalData": "atelier.domain.people",
    "PostAssignment": "atelier.domain.people",
    "PostView": "atelier.domain.people",
    "Problem": "atelier.domain.errors",
    "ReceiveResult": "atelier.services.results",
    "RuleViolation": "atelier.domain.errors",
    "Service": "atelier.domain.catalogue",
    "Skill": "atelier.domain.catalogue",
    "SkillEvidence": "atelier.domain.skills",
    "SkillMatrix": "atelier.domain.skills",
    "TimeEntry": "atelier.domain.hours",
    "TraineeView": "atelier.domain.people",
    "WorkResult": "atelier.services.results",
    "Workshop": "atelier.app",
}

__all__ = [
    "Assessment",
    "AtelierError",
    "AttendanceEntry",
    "AuditRecord",
    "Catalogue",
    "CatalogueError",
    "Certificate",
    "CheckResult",
    "Collectivity",
    "CollectivityHours",
    "Conflict",
    "Contact",
    "Contract",
    "Correction",
    "CustodyResult",
    "Delivery",
    "DeliveryResult",
    "EvidenceRule",
    "FileRejected",
    "Forbidden",
    "ImportResult",
    "InvalidInput",
    "LineRequest",
    "MonthHours",
    "NotFound",
    "Operation",
    "OrderHours",
    "OrderStatus",
    "OrderSummary",
    "PersonalData",
    "PostAssignment",
    "PostView",
    "Problem",
    "ReceiveResult",
    "RuleViolation",
    "Service",
    "Skill",
    "SkillEvidence",
    "SkillMatrix",
    "TimeEntry",
    "TraineeView",
    "WorkResult",
    "Workshop",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'atelier' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
