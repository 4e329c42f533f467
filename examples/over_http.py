"""Another structure's program drives the workshop over HTTP, and a library follows it.

The admin creates an API key for the program (a supervisor's role) and the
program takes an order through the staff API: a school's quote for two
covered books, accepted, numbered labels, reception, the work, the check,
the delivery. Then the school opens the tracking link it was sent and reads
where its order stands — without ever seeing who worked on its books.

The application runs in this process through its ASGI interface (the same
routes `atelier serve` serves). Run it::

    python examples/over_http.py                 # a temporary SQLite file
    python examples/over_http.py shop.db         # a SQLite file of yours
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

with warnings.catch_warnings():  # Starlette asks for httpx2; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from atelier import Workshop
from atelier_api.main import create_app
from atelier_api.settings import ApiSettings


def story(url: str) -> None:
    """The program's day and the school's look at its order."""
    admin = Workshop.open(url, actor="Gwenola (direction)")
    admin.init()
    key = admin.create_staff_token("Logiciel de planning", role="supervisor").token
    # Registering a trainee is the counsellor's (here the direction's) act, not the
    # planning program's: its supervisor key could not (403).
    trainee = admin.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    app = create_app(ApiSettings(database_url=url, public_url="https://atelier.example.fr"))
    with TestClient(app) as http:
        staff = {"Authorization": f"Bearer {key}"}

        def call(method: str, path: str, *, key: str | None = None, **kw: Any) -> Any:
            headers = {**staff, **({"Idempotency-Key": key} if key else {})}
            response = http.request(method, f"/api/v1{path}", headers=headers, **kw)
            if response.status_code >= 400:
                raise SystemExit(f"{method} {path}: {response.status_code} {response.text}")
            return response.json()

        school = call("POST", "/collectivities", json={"name": "École Jean Moulin",
                                                       "kind": "school"})["id"]
        order = call("POST", "/orders", json={
            "collectivity_id": school, "accepted": True,
            "lines": [{"service": "couvrage", "format": "poche", "quantity": 2}]},
            key="school-order-1")  # sent again after a timeout, it creates nothing more
        ref = order["ref"]
        print(f"order {ref}: {order['status']}, {order['total_cents'] / 100:.2f} EUR")
        call("POST", f"/orders/{ref}/items/placeholders", json={})
        labels = [f"{ref}-00001", f"{ref}-00002"]
        call("POST", f"/orders/{ref}/receive", json={"barcodes": labels})
        operations = call("GET", "/catalogue")["services"]
        routing = next(s for s in operations if s["code"] == "couvrage")["operations"]
        for op in routing:
            if op["checkpoint"]:
                call("POST", f"/orders/{ref}/checks", json={"operation": op["code"]})
            else:
                call("POST", f"/trainees/{trainee}/assessments",
                     json={"skill": op["skill"], "level": 3, "evidence": "observé"})
                call("POST", f"/orders/{ref}/work", json={"operation": op["code"],
                                                          "trainee": trainee})
        note = call("POST", f"/orders/{ref}/deliveries", json={"barcodes": labels[:1]})
        print(f"delivery note {note['number']}")
        link = call("POST", "/tokens/collectivity", json={"collectivity_id": school})

        # The school's side: its link, as JSON and as the page a librarian opens.
        client = {"Authorization": f"Bearer {link['token']}"}
        mine = http.get("/api/v1/client/orders", headers=client).json()["items"][0]
        print(f"the school sees {mine['ref']}: {mine['status']}")
        page = http.get(link["url"].removeprefix("https://atelier.example.fr"))
        print(f"tracking page: {page.status_code}, {len(page.text)} characters of French HTML")
        if trainee in page.text or trainee in str(mine):
            raise SystemExit("a trainee's code reached the client")
    admin.close()


def main(argv: list[str] | None = None) -> int:
    """Run the story on the database given, or on a temporary SQLite file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("database", nargs="?", help="a SQLite file (default: temporary)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atelier-http-") as tmp:
        path = args.database or str(Path(tmp) / "atelier.db")
        story(path if "://" in path else f"sqlite:///{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
