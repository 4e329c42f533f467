"""atelier: production and pathways of a work-integration workshop (ACI).

The front door is :class:`Workshop`::

    from atelier import Workshop
    ws = Workshop.open("sqlite:///atelier.db")
    ws.init()

Errors raised on purpose all derive from :class:`AtelierError`.
"""

from atelier.app import Workshop
from atelier.domain.catalogue import Catalogue, Operation, Service, Skill
from atelier.domain.collectivity import Collectivity, Contact
from atelier.domain.delivery import Delivery
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
from atelier.domain.order import LineRequest
from atelier.domain.views import AuditRecord, OrderStatus, OrderSummary
from atelier.services.results import (
    CheckResult,
    CustodyResult,
    DeliveryResult,
    ImportResult,
    ReceiveResult,
    WorkResult,
)

__version__ = "0.1.0"

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
