"""RELIABILITY 6: Schemathesis over the whole OpenAPI schema, through ASGI.

Every operation of the schema is called with generated requests (valid and
invalid) as the admin: no 5xx, every response matches its declared status,
content type and schema, and invalid input is refused with a 4xx. The quick
run tries a few requests per operation; the slow one (CI) many more.

Schemathesis reads the schema when this module is imported, so the
application is built here on its own SQLite database (initialised, with a
client and an order so that some paths find something); the routes and the
library are the same on PostgreSQL, which the other API tests cover.
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from atelier import Workshop
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings

_DIR = Path(tempfile.mkdtemp(prefix="atelier-fuzz-"))
atexit.register(shutil.rmtree, _DIR, True)
_URL = f"sqlite:///{_DIR / 'atelier.db'}"
_WS = Workshop.open(_URL, actor="fuzz", door="api",
                    clock=lambda: dt.datetime(2026, 3, 2, 9, 0))
_WS.init()
_CLIENT = _WS.add_collectivity("Médiathèque de Brest", kind="mediatheque")
_WS.create_order(_CLIENT, ["couvrage:standard=3"], accepted=True)
ADMIN = _WS.create_staff_token("fuzz", role="admin").token
APP = create_app(ApiSettings(database_url=_URL), workshop=_WS)

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
#: The quick run: the schema's examples and a few generated requests per operation; the
#: coverage phase (every boundary and negative value of every field) is the slow run's.
quick = schemathesis.openapi.from_asgi("/openapi.json", APP)
quick.config.phases.coverage.enabled = False

CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance,
          checks.negative_data_rejection]
COMMON: dict[str, Any] = {"deadline": None, "derandomize": True,
                          "suppress_health_check": list(HealthCheck)}
HEADERS = {"Authorization": f"Bearer {ADMIN}"}


@quick.parametrize()
@settings(max_examples=4, **COMMON)
def test_every_operation_answers_as_declared(case: Any) -> None:
    case.call_and_validate(headers=HEADERS, checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, **COMMON)
def test_every_operation_answers_as_declared_heavy(case: Any) -> None:
    case.call_and_validate(headers=HEADERS, checks=CHECKS)
