"""atelier: production and pathways of a work-integration workshop (ACI).

The front door is :class:`Workshop`::

    from atelier import Workshop
    ws = Workshop.open("sqlite:///atelier.db")
    ws.init()

Errors raised on purpose all derive from :class:`AtelierError`. Every value a use
case returns is a frozen attrs class; :func:`jsonable` gives its JSON form, the
one the command line's ``--json`` and the HTTP API show.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from atelier.app import (
        Workshop,
    )
    from atelier.demo import (
        DemoSummary,
        build_demo,
    )
    from atelier.domain.attendance import (
        AttendanceEntry,
    )
    from atelier.domain.catalogue import (
        Catalogue,
        Defect,
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
        Contention,
        DatabaseBusy,
        DatabaseUnusable,
        FileRejected,
        Forbidden,
        InvalidInput,
        NotAuthenticated,
        NotFound,
        Problem,
        RuleViolation,
    )
    from atelier.domain.hours import (
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
        Contract,
        TraineeView,
    )
    from atelier.domain.personal import (
        Certificate,
        PersonalData,
        PersonExport,
    )
    from atelier.domain.posts import (
        PostAssignment,
        PostView,
    )
    from atelier.domain.results import (
        CheckResult,
        CustodyResult,
        DeliveryResult,
        ImportResult,
        NotExpected,
        ReceiveResult,
        WorkResult,
    )
    from atelier.domain.skills import (
        Assessment,
        SkillEvidence,
        SkillMatrix,
    )
    from atelier.domain.tokens import (
        IssuedToken,
        Principal,
        TokenView,
    )
    from atelier.domain.tracking import (
        ClientOrder,
        ClientOverview,
    )
    from atelier.domain.views import (
        AuditRecord,
        ItemView,
        OrderStatus,
        OrderSummary,
    )
    from atelier.exporting.jsonable import (
        jsonable,
    )

__version__ = "0.1.0"

# Names are imported on first use (PEP 562): ``atelier status`` at a cold start
# should not pay for every use case it does not run.
_EXPORTS = {
    "DemoSummary": "atelier.demo",
    "build_demo": "atelier.demo",
    "Assessment": "atelier.domain.skills",
    "AtelierError": "atelier.domain.errors",
    "AttendanceEntry": "atelier.domain.attendance",
    "AuditRecord": "atelier.domain.views",
    "Catalogue": "atelier.domain.catalogue",
    "CatalogueError": "atelier.domain.errors",
    "Certificate": "atelier.domain.personal",
    "CheckResult": "atelier.domain.results",
    "ClientOrder": "atelier.domain.tracking",
    "ClientOverview": "atelier.domain.tracking",
    "Collectivity": "atelier.domain.collectivity",
    "CollectivityHours": "atelier.domain.order_hours",
    "Conflict": "atelier.domain.errors",
    "Contact": "atelier.domain.collectivity",
    "Contention": "atelier.domain.errors",
    "DatabaseBusy": "atelier.domain.errors",
    "DatabaseUnusable": "atelier.domain.errors",
    "Contract": "atelier.domain.people",
    "Correction": "atelier.domain.hours",
    "CustodyResult": "atelier.domain.results",
    "Defect": "atelier.domain.catalogue",
    "Delivery": "atelier.domain.delivery",
    "DeliveryResult": "atelier.domain.results",
    "EvidenceRule": "atelier.domain.catalogue",
    "FileRejected": "atelier.domain.errors",
    "Forbidden": "atelier.domain.errors",
    "ImportResult": "atelier.domain.results",
    "InvalidInput": "atelier.domain.errors",
    "IssuedToken": "atelier.domain.tokens",
    "ItemView": "atelier.domain.views",
    "LineRequest": "atelier.domain.order",
    "MonthHours": "atelier.domain.hours",
    "NotAuthenticated": "atelier.domain.errors",
    "NotExpected": "atelier.domain.results",
    "NotFound": "atelier.domain.errors",
    "Operation": "atelier.domain.catalogue",
    "OrderHours": "atelier.domain.order_hours",
    "OrderStatus": "atelier.domain.views",
    "OrderSummary": "atelier.domain.views",
    "PersonExport": "atelier.domain.personal",
    "PersonalData": "atelier.domain.personal",
    "PostAssignment": "atelier.domain.posts",
    "PostView": "atelier.domain.posts",
    "Principal": "atelier.domain.tokens",
    "Problem": "atelier.domain.errors",
    "ReceiveResult": "atelier.domain.results",
    "RuleViolation": "atelier.domain.errors",
    "Service": "atelier.domain.catalogue",
    "Skill": "atelier.domain.catalogue",
    "SkillEvidence": "atelier.domain.skills",
    "SkillMatrix": "atelier.domain.skills",
    "TimeEntry": "atelier.domain.hours",
    "TokenView": "atelier.domain.tokens",
    "TraineeView": "atelier.domain.people",
    "WorkResult": "atelier.domain.results",
    "Workshop": "atelier.app",
    "jsonable": "atelier.exporting.jsonable",
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
    "ClientOrder",
    "ClientOverview",
    "Collectivity",
    "CollectivityHours",
    "Conflict",
    "Contact",
    "Contention",
    "Contract",
    "Correction",
    "CustodyResult",
    "DatabaseBusy",
    "DatabaseUnusable",
    "Defect",
    "Delivery",
    "DeliveryResult",
    "DemoSummary",
    "EvidenceRule",
    "FileRejected",
    "Forbidden",
    "ImportResult",
    "InvalidInput",
    "IssuedToken",
    "ItemView",
    "LineRequest",
    "MonthHours",
    "NotAuthenticated",
    "NotExpected",
    "NotFound",
    "Operation",
    "OrderHours",
    "OrderStatus",
    "OrderSummary",
    "PersonExport",
    "PersonalData",
    "PostAssignment",
    "PostView",
    "Principal",
    "Problem",
    "ReceiveResult",
    "RuleViolation",
    "Service",
    "Skill",
    "SkillEvidence",
    "SkillMatrix",
    "TimeEntry",
    "TokenView",
    "TraineeView",
    "WorkResult",
    "Workshop",
    "__version__",
    "build_demo",
    "jsonable",
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
