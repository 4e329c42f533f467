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
        InvalidInput,
        NotFound,
        Problem,
        RuleViolation,
    )
    from atelier.domain.order import (
        LineRequest,
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
    "AtelierError": "atelier.domain.errors",
    "AuditRecord": "atelier.domain.views",
    "Catalogue": "atelier.domain.catalogue",
    "CatalogueError": "atelier.domain.errors",
    "CheckResult": "atelier.services.results",
    "Collectivity": "atelier.domain.collectivity",
    "Conflict": "atelier.domain.errors",
    "Contact": "atelier.domain.collectivity",
    "CustodyResult": "atelier.services.results",
    "Delivery": "atelier.domain.delivery",
    "DeliveryResult": "atelier.services.results",
    "FileRejected": "atelier.domain.errors",
    "ImportResult": "atelier.services.results",
    "InvalidInput": "atelier.domain.errors",
    "LineRequest": "atelier.domain.order",
    "NotFound": "atelier.domain.errors",
    "Operation": "atelier.domain.catalogue",
    "OrderStatus": "atelier.domain.views",
    "OrderSummary": "atelier.domain.views",
    "Problem": "atelier.domain.errors",
    "ReceiveResult": "atelier.services.results",
    "RuleViolation": "atelier.domain.errors",
    "Service": "atelier.domain.catalogue",
    "Skill": "atelier.domain.catalogue",
    "WorkResult": "atelier.services.results",
    "Workshop": "atelier.app",
}

__all__ = [
    "AtelierError",
    "AuditRecord",
    "Catalogue",
    "CatalogueError",
    "CheckResult",
    "Collectivity",
    "Conflict",
    "Contact",
    "CustodyResult",
    "Delivery",
    "DeliveryResult",
    "FileRejected",
    "ImportResult",
    "InvalidInput",
    "LineRequest",
    "NotFound",
    "Operation",
    "OrderStatus",
    "OrderSummary",
    "Problem",
    "ReceiveResult",
    "RuleViolation",
    "Service",
    "Skill",
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
