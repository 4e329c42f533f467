"""The staff API end to end: one path through the application for every route, as
another structure's program would drive the workshop (issue 4, point 7).

Each story walks several routes and checks what they did through other routes: a
quote becomes a delivered order; people get posts, contracts, personal data, an
exit and anonymisation; hours are recorded, validated and corrected; skills are
assessed; tokens are issued and revoked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from atelier import Workshop
from tests.api.conftest import PROBLEM_JSON, PUBLIC_URL, Caller, bearer
from tests.conftest import DATA, make_siret

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

CSV = "text/csv"


def _csv_body(rows: list[tuple[str, str]]) -> bytes:
    lines = ["Code-barres;Titre;Format", *(f"{code};{title};standard" for code, title in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The problem+json body of an error, checked."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["code"] == code and body["status"] == status
    assert body["type"] == f"urn:atelier:problem:{code}"
    return body


def _qualify(admin: Caller, trainee: str, catalogue: dict[str, Any], service: str,
             *, below: frozenset[str] = frozenset()) -> None:
    """Assess ``trainee`` at the level each operation of ``service`` needs (one level
    below for the skills in ``below``)."""
    ops = next(s for s in catalogue["services"] if s["code"] == service)["operations"]
    for op in ops:
        level = op["min_level"] - (1 if op["skill"] in below else 0)
        admin.post(f"/trainees/{trainee}/assessments", 201,
                   json={"skill": op["skill"], "level": level, "evidence": "observé"})


# -- from a quote to the delivery ----------------------------------------------------------------


def test_a_quote_becomes_a_delivered_order(admin: Caller, api: TestClient) -> None:
    catalogue = admin.get("/catalogue")
    assert catalogue["code"] == "reliure"
    covering = next(s for s in catalogue["services"] if s["code"] == "couvrage")
    assert covering["prices"]["standard"][0] == {"min_quantity": 1, "unit_cents": 220}
    operations = [op["code"] for op in covering["operations"]]
    assert operations[-1] == "check" and covering["operations"][-1]["checkpoint"]

    brest = admin.post("/collectivities", 201, json={
        "name": "Médiathèque de Brest", "kind": "mediatheque", "siret": make_siret(),
        "chorus_service_code": "MEDIA-01", "engagement_ref": "EJ-118",
        "contacts": [{"name": "Anne Le Gall", "email": "anne@example.fr"}]})
    school = admin.post("/collectivities", 201, json={"name": "École Jean Moulin",
                                                       "kind": "school"})
    assert brest["siret"] == make_siret() and brest["contacts"][0]["name"] == "Anne Le Gall"
    bad = api.post("/api/v1/collectivities", headers=admin.headers,
                   json={"name": "X", "kind": "mediatheque", "siret": "21290019000012"})
    assert _problem(bad, 422, "siret_invalid")["params"]["field"] == "siret"
    assert admin.get(f"/collectivities/{brest['id']}") == brest
    schools = admin.get("/collectivities", params={"kind": "school"})
    assert [c["id"] for c in schools["items"]] == [school["id"]] and schools["total"] == 1
    first = admin.get("/collectivities", params={"limit": 1})
    second = admin.get("/collectivities", params={"limit": 1, "offset": 1})
    assert (first["total"], first["limit"], second["offset"]) == (2, 1, 1)
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {brest["id"], school["id"]}
    assert admin.get("/collectivities", params={"name": "brest"})["total"] == 1
    _problem(api.get("/api/v1/collectivities", params={"limit": 501}, headers=admin.headers),
             422, "request_invalid")

    quote = admin.post("/orders", 201, json={
        "collectivity_id": brest["id"], "due_date": "2026-04-30", "purchase_order": "BC-1",
        "reserved_contract": True,
        "lines": [{"service": "couvrage", "format": "standard", "quantity": 4}]})
    ref = quote["ref"]
    assert (quote["status"], quote["total_cents"], quote["due_date"]) == ("quote", 880,
                                                                           "2026-04-30")
    assert admin.get("/orders", params={"status": "quote"})["items"][0]["ref"] == ref
    assert admin.get("/orders", params={"collectivity_id": school["id"]})["total"] == 0
    _problem(api.get("/api/v1/orders", params={"status": "done"}, headers=admin.headers), 422,
             "status_invalid")
    _problem(api.post(f"/api/v1/orders/{ref}/accept", json={"expected_version": 99},
                      headers=admin.headers), 409, "order_changed")
    accepted = admin.post(f"/orders/{ref}/accept", json={"expected_version": quote["version"]})
    assert accepted["status"] == "accepted" and accepted["version"] > quote["version"]

    # The client's file: sent as it is, under its name (the path is not kept).
    books = [("B-001", "Lettre"), ("B-002", "Cœur"), ("B-003", "Ville"), ("B-004", "École")]
    sent = {"params": {"filename": "../exports/liste koha.csv"},
            "headers": {"Content-Type": CSV}, "content": _csv_body(books)}
    imported = admin.post(f"/orders/{ref}/items/import", 201, **sent)
    assert imported == {"ref": ref, "filename": "liste koha.csv", "items": 4,
                        "tasks": 4 * len(operations), "already_imported": False,
                        "over_quantity": []}
    again = admin.post(f"/orders/{ref}/items/import", 200, **sent)
    assert again["already_imported"] and again["items"] == 0
    refused = api.post(f"/api/v1/orders/{ref}/items/import", params={"filename": "b.csv"},
                       headers={**admin.headers, "Content-Type": CSV},
                       content=b"Code-barres;ISBN\r\nA1;9782070368220\r\nB-001;\r\n")
    body = _problem(refused, 422, "file_rejected")
    assert sorted((p["line"], p["field"]) for p in body["problems"]) == [(2, "isbn"),
                                                                        (3, "barcode")]
    assert "b.csv" in body["title"] and "/tmp" not in refused.text
    expected = admin.get(f"/orders/{ref}/items", params={"custody": "expected"})
    assert [i["barcode"] for i in expected["items"]] == ["B-001", "B-002", "B-003", "B-004"]
    assert expected["items"][1]["title"] == "Cœur"

    received = admin.post(f"/orders/{ref}/receive",
                          json={"barcodes": ["B-001", "B-002", "B-003", "B-004", "B-001",
                                             "NOPE"]})
    assert received["received"] == ["B-001", "B-002", "B-003", "B-004"]
    assert received["unknown"] == ["NOPE"] and received["repeated"] == ["B-001"]
    out = admin.post(f"/orders/{ref}/refuse", json={"barcodes": ["B-004"],
                                                    "reason": "reliure cassée"})
    assert out["state"] == "refused" and out["tasks_cancelled"] == len(operations)

    # A trainee one level below in cleaning: refused alone, allowed under supervision.
    admin.post("/posts", 201, json={"code": "P1", "label": "Couvrage 1"})
    trainee = admin.post("/trainees", 201, json={"contract": "cep", "weekly_hours": 24,
                                                 "start": "2026-01-05", "post": "P1"})["code"]
    _qualify(admin, trainee, catalogue, "couvrage", below=frozenset({"cleaning"}))
    gate = api.post(f"/api/v1/orders/{ref}/work", headers=admin.headers,
                    json={"operation": "clean", "trainee": trainee})
    assert _problem(gate, 409, "skill_gate")["params"]["skill"] == "cleaning"
    for op in operations[:-1]:
        done = admin.post(f"/orders/{ref}/work", 201, json={
            "operation": op, "trainee": trainee, "minutes": 6,
            "supervisor": "Claire" if op == "clean" else None})
        assert (done["tasks"], done["trainee"], done["minutes"]) == (3, trainee, 6)
    failed = admin.post(f"/orders/{ref}/checks", 201, json={
        "operation": "check", "barcodes": ["B-001"], "passed": False, "defect": "bubble"})
    assert (failed["result"], failed["items_ready"]) == ("fail", 0)
    admin.post(f"/orders/{ref}/work", 201, json={"operation": operations[-2],
                                                 "trainee": trainee, "barcodes": ["B-001"]})
    passed = admin.post(f"/orders/{ref}/checks", 201, json={"operation": "check"})
    assert (passed["result"], passed["items_ready"]) == ("pass", 3)
    assert admin.get(f"/orders/{ref}")["status"] == "ready"

    first_note = admin.post(f"/orders/{ref}/deliveries", 201, json={"barcodes": ["B-001"]})
    assert first_note["barcodes"] == ["B-001"] and first_note["delivered_on"] == "2026-03-02"
    rest = admin.post(f"/orders/{ref}/deliveries", 201)
    assert rest["barcodes"] == ["B-002", "B-003"] and rest["number"] != first_note["number"]
    assert admin.get(f"/deliveries/{rest['number']}") == rest
    text = admin.get(f"/deliveries/{rest['number']}/barcodes")
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == "B-002\nB-003\n"
    final = admin.get(f"/orders/{ref}")
    assert final["status"] == "closed"
    assert (final["items"]["returned"], final["items"]["refused"]) == (3, 1)
    assert [d["items"] for d in final["deliveries"]] == [1, 2]

    log = admin.get("/audit", params={"entity": "order", "key": ref})
    assert log["total"] == len(log["items"]) and not log["more"]
    assert {r["door"] for r in log["items"]} == {"api"}
    assert {r["actor"] for r in log["items"]} == {"Claire (API)"}
    assert {"order.create", "order.accept"} <= {r["action"] for r in log["items"]}
    newest = admin.get("/audit", params={"limit": 2})
    assert len(newest["items"]) == 2 and newest["more"] and newest["total"] is None
    _problem(api.get("/api/v1/orders/CMD-2026-9999", headers=admin.headers), 404,
             "order_not_found")


def test_placeholders_missing_items_and_a_cancelled_quote(admin: Caller) -> None:
    school = admin.post("/collectivities", 201, json={"name": "École", "kind": "school"})["id"]
    ref = admin.post("/orders", 201, json={
        "collectivity_id": school, "accepted": True,
        "lines": [{"service": "couvrage", "quantity": 2}]})["ref"]
    made = admin.post(f"/orders/{ref}/items/placeholders", 201, json={})
    assert (made["items"], made["filename"]) == (2, None)
    lost = admin.post(f"/orders/{ref}/missing", json={"barcodes": [f"{ref}-00001"],
                                                      "reason": "jamais arrivé"})
    assert lost["state"] == "missing" and lost["barcodes"] == [f"{ref}-00001"]
    missing = admin.get(f"/orders/{ref}/items", params={"custody": "missing"})["items"]
    assert [(i["barcode"], i["reason"], i["placeholder"]) for i in missing] == [
        (f"{ref}-00001", "jamais arrivé", True)]
    quote = admin.post("/orders", 201, json={"collectivity_id": school,
                                             "lines": [{"service": "couvrage",
                                                        "quantity": 1}]})
    cancelled = admin.post(f"/orders/{quote['ref']}/cancel",
                           json={"reason": "budget retiré",
                                 "expected_version": quote["version"]})
    assert cancelled["status"] == "cancelled"
    assert admin.get("/orders", params={"status": "cancelled"})["total"] == 1


def test_setup_installs_a_catalogue_sent_as_toml(admin: Caller, api: TestClient) -> None:
    kept = admin.post("/setup")
    assert (kept["created"], kept["catalogue"]) == (False, "reliure")
    assert kept["schema_revision"]
    toml = (DATA.parent.parent / "examples" / "catalogues" / "bicycle-repair.toml").read_bytes()
    installed = admin.post("/setup", content=toml,
                           headers={"Content-Type": "text/plain"})
    assert installed["created"] and installed["catalogue"] != "reliure"
    assert admin.get("/catalogue")["code"] == installed["catalogue"]
    broken = api.post("/api/v1/setup", content=b"[catalogue]\ncode = 1\n",
                      headers={**admin.headers, "Content-Type": "text/plain"})
    assert _problem(broken, 422, "catalogue_invalid")["params"]["source"] == "catalogue.toml"


# -- people --------------------------------------------------------------------------------------


def test_posts_trainees_personal_data_exit_and_anonymisation(admin: Caller,
                                                            api: TestClient) -> None:
    for code, label in (("P1", "Couvrage 1"), ("P2", "Couvrage 2")):
        assert admin.post("/posts", 201, json={"code": code, "label": label}) == {
            "code": code, "label": label, "trainee": None, "since": None}
    first = admin.post("/trainees", 201, json={"contract": "cep", "weekly_hours": 17.5,
                                               "start": "2026-01-05", "post": "P1"})
    assert first["code"] == "T-0001" and first["contract"]["weekly_minutes"] == 1050
    second = admin.post("/trainees", 201, json={
        "contract": "cddi", "weekly_hours": 26, "start": "2026-01-01", "end": "2026-04-30",
        "code": "T-0042"})
    assert second["post"] is None
    rule = api.post("/api/v1/trainees", headers=admin.headers, json={
        "contract": "cddi", "weekly_hours": 40, "start": "2026-01-05", "end": "2026-06-30"})
    assert _problem(rule, 409, "contract_rule")["params"]["rule"] == "cddi_weekly_range"

    assert [p["code"] for p in admin.get("/posts", params={"vacant": True})["items"]] == ["P2"]
    held = admin.post("/posts/P2/assign", json={"trainee": "T-0042", "on": "2026-02-01"})
    assert (held["trainee"], held["since"]) == ("T-0042", "2026-02-01")
    ended = admin.post("/posts/P2/release", json={"on": "2026-02-28"})
    assert ended == {"post": "P2", "trainee": "T-0042", "start": "2026-02-01",
                     "end": "2026-02-28"}
    history = admin.get("/posts/history", params={"post": "P2"})
    assert history["items"] == [ended]
    assert admin.get("/posts/history")["total"] == 2

    ending = admin.get("/contracts/ending", params={"within_days": 60})
    assert [t["code"] for t in ending["items"]] == ["T-0042"]
    renewed = admin.post("/trainees/T-0042/contracts", 201, json={
        "contract": "cddi", "weekly_hours": 30, "start": "2026-05-01", "end": "2026-10-31"})
    assert renewed["weekly_hours"] == 30 and renewed["planned_end"] == "2026-10-31"
    assert admin.get("/trainees/T-0042")["contract"]["start"] == "2026-05-01"

    written = admin("PATCH", "/trainees/T-0001/personal",
                    json={"full_name": "Steven M.", "contact": "bâtiment B"})
    assert sorted(written["changed"]) == ["contact", "full_name"]
    assert admin.get("/trainees/T-0001/personal")["full_name"] == "Steven M."
    cert = admin.get("/trainees/T-0001/certificate", params={"workshop": "Atelier reliure"})
    assert (cert["full_name"], cert["workshop"], cert["start"]) == (
        "Steven M.", "Atelier reliure", "2026-01-05")
    page = admin.get("/trainees/T-0001/certificate.html", params={"lang": "fr"})
    assert page.headers["content-type"].startswith("text/html")
    assert "Steven M." in page.text and "pénitentiaire" not in page.text
    export = admin.get("/trainees/T-0001/export")
    assert export["personal"]["full_name"] == "Steven M." and export["code"] == "T-0001"
    assert any(r["action"] == "trainee.personal" for r in export["audit"])

    left = admin.post("/trainees/T-0001/exit", json={"on": "2026-03-01",
                                                     "outcome": "durable_employment"})
    assert (left["active"], left["exit_outcome"], left["post"]) == (False,
                                                                    "durable_employment", None)
    assert [t["code"] for t in admin.get("/trainees")["items"]] == ["T-0042"]
    everyone = admin.get("/trainees", params={"include_exited": True})
    assert [t["code"] for t in everyone["items"]] == ["T-0001", "T-0042"]
    assert admin.get("/trainees", params={"post": "P1"})["total"] == 0
    assert admin.post("/anonymisation", json={"retention_days": 0}) == {
        "anonymised": ["T-0001"]}
    assert admin.post("/anonymisation", json={"retention_days": 0}) == {"anonymised": []}
    assert admin.get("/trainees/T-0001/personal")["full_name"] is None
    future = api.post("/api/v1/anonymisation", headers=admin.headers,
                      json={"retention_days": 0, "today": "2026-03-03"})
    _problem(future, 422, "today_in_future")


# -- hours ----------------------------------------------------------------------------------------


def test_attendance_time_month_validation_corrections_and_insertion_hours(
        admin: Caller, api: TestClient, api_workshop: Workshop) -> None:
    a = admin.post("/trainees", 201, json={"contract": "cep", "weekly_hours": 24,
                                           "start": "2026-01-05"})["code"]
    b = admin.post("/trainees", 201, json={"contract": "cep", "weekly_hours": 24,
                                           "start": "2026-01-05"})["code"]
    one = admin.post("/attendance", 201, json={"trainee": a, "day": "2026-02-16",
                                               "session": "am", "minutes": 180})
    assert (one["present"], one["minutes"], one["recorded_by"]) == (True, 180, "Claire (API)")
    roll = admin.post("/attendance/roll-call", 201, json={
        "trainees": [a, b], "day": "2026-02-16", "session": "pm", "present": False,
        "reason": "medical"})
    assert [(e["trainee"], e["present"], e["reason"]) for e in roll["recorded"]] == [
        (a, False, "medical"), (b, False, "medical")]
    sessions = admin.get("/attendance", params={"month": "2026-02", "trainee": a})
    assert [(e["session"], e["present"]) for e in sessions["items"]] == [("am", True),
                                                                        ("pm", False)]
    assert admin.get("/attendance", params={"day": "2026-02-17"})["total"] == 0

    entry = admin.post("/time-entries", 201, json={
        "trainee": a, "day": "2026-02-16", "activity": "training", "minutes": 60,
        "note": "gestes et postures"})
    typo = admin.post("/time-entries", 201, json={
        "trainee": a, "day": "2026-02-16", "activity": "cleaning", "minutes": 30})
    assert entry["note"] == "gestes et postures"
    assert admin("DELETE", f"/time-entries/{typo['id']}") == typo
    listed = admin.get("/time-entries", params={"month": "2026-02"})
    assert [e["id"] for e in listed["items"]] == [entry["id"]]
    _problem(api.get("/api/v1/time-entries", params={"month": "2026-2"},
                     headers=admin.headers), 422, "request_invalid")

    month = admin.get("/hours/2026-02", params={"trainee": a})
    [mine] = month["items"]
    assert (mine["attended_minutes"], mine["activities"]["training"]) == (180, 60)
    assert mine["absences"]["medical"] == {"sessions": 1, "minutes": 180}
    sheet = admin.get("/hours/2026-02/csv")
    assert sheet.headers["content-type"].startswith("text/csv")
    assert 'filename="heures-2026-02.csv"' in sheet.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Mois", "Salarié·e (code)"] and len(rows) == 3

    early = api.post("/api/v1/hours/2026-03/validate", headers=admin.headers)
    _problem(early, 409, "month_not_over")
    validated = admin.post("/hours/2026-02/validate")
    assert validated["locked"] and {m["trainee"] for m in validated["trainees"]} == {a, b}
    locked = api.post("/api/v1/attendance", headers=admin.headers, json={
        "trainee": a, "day": "2026-02-17", "session": "am"})
    _problem(locked, 409, "month_locked")
    fixed = admin.post("/hours/2026-02/corrections", 201, json={
        "trainee": a, "minutes": -30, "reason": "séance saisie en trop"})
    assert (fixed["minutes"], fixed["recorded_on"]) == (-30, "2026-03-02")
    after = admin.get("/hours/2026-02", params={"trainee": a})["items"][0]
    assert (after["total_minutes"], after["locked"]) == (150, True)

    # Insertion hours: work recorded on an order, and time on it.
    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = api_workshop.create_order(client, ["couvrage:standard=1"], accepted=True,
                                    reserved_contract=True)
    api_workshop.add_placeholders(ref)
    api_workshop.receive(ref, [f"{ref}-00001"])
    for skill in api_workshop.catalogue().skills:
        api_workshop.assess(b, skill.code, 4)
    admin.post("/attendance", 201, json={"trainee": b, "day": "2026-03-02", "session": "am"})
    admin.post(f"/orders/{ref}/work", 201, json={"operation": "clean", "trainee": b,
                                                 "minutes": 20})
    admin.post("/time-entries", 201, json={"trainee": b, "day": "2026-03-02",
                                           "activity": "operation", "minutes": 15,
                                           "order": ref, "operation": "cut_film"})
    [hours] = admin.get("/order-hours", params={"collectivity_id": client})["items"]
    assert (hours["order"], hours["work_minutes"], hours["entry_minutes"],
            hours["total_minutes"]) == (ref, 20, 15, 35)
    [per_client] = admin.get("/collectivity-hours")["items"]
    assert (per_client["reserved_minutes"], per_client["orders"]) == (35, 1)
    orders_sheet = admin.get("/order-hours/csv")
    table = list(csv.reader(io.StringIO(orders_sheet.content.decode("utf-8-sig")),
                            delimiter=";"))
    assert table[1][0] == ref and table[1][5] == "35"


# -- skills ----------------------------------------------------------------------------------------


def test_assessments_levels_targets_matrix_and_evidence(admin: Caller,
                                                        as_role: Callable[[str], Caller],
                                                        api_workshop: Workshop) -> None:
    admin.post("/posts", 201, json={"code": "P1", "label": "Couvrage 1"})
    code = admin.post("/trainees", 201, json={"contract": "cep", "weekly_hours": 24,
                                              "start": "2026-01-05", "post": "P1"})["code"]
    made = admin.post(f"/trainees/{code}/assessments", 201, json={
        "skill": "film_apply", "level": 2, "evidence": "pose correcte", "on": "2026-02-02"})
    assert (made["level"], made["assessor"], made["assessed_on"]) == (2, "Claire (API)",
                                                                      "2026-02-02")
    admin.post(f"/trainees/{code}/assessments", 201, json={"skill": "film_apply", "level": 3})
    history = admin.get(f"/trainees/{code}/assessments", params={"skill": "film_apply"})
    assert [a["level"] for a in history["items"]] == [2, 3]
    viewer = as_role("viewer").get(f"/trainees/{code}/assessments")
    assert viewer["items"][0]["evidence"] is None  # notes are not for the viewer
    levels = admin.get(f"/trainees/{code}/levels")["levels"]
    assert levels["film_apply"] == 3 and levels["cleaning"] == 0
    assert admin.post(f"/trainees/{code}/targets", json={"skill": "film_turn_in",
                                                        "level": 3}) == {
        "trainee": code, "targets": {"film_turn_in": 3}}
    assert admin.get(f"/trainees/{code}/targets")["targets"] == {"film_turn_in": 3}
    matrix = admin.get("/skills/matrix")
    assert matrix["rows"][0]["levels"]["film_apply"] == 3
    assert matrix["holders"]["film_apply"] == [code] and "film_apply" in matrix["fragile"]

    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = api_workshop.create_order(client, ["couvrage:standard=2"], accepted=True)
    api_workshop.add_placeholders(ref)
    api_workshop.receive(ref, [f"{ref}-00001", f"{ref}-00002"])
    admin.post(f"/trainees/{code}/assessments", 201, json={"skill": "cleaning", "level": 1})
    admin.post(f"/orders/{ref}/work", 201, json={"operation": "clean", "trainee": code})
    [shown] = admin.get(f"/trainees/{code}/evidence", params={"skill": "cleaning"})["items"]
    assert (shown["items"], shown["autonomous"], shown["level"]) == (2, 2, 1)
    assert admin.get(f"/trainees/{code}/evidence")["total"] == 1  # the skills practised


# -- tokens ----------------------------------------------------------------------------------------


def test_keys_and_links_issued_listed_used_and_revoked(admin: Caller, api: TestClient,
                                                       api_workshop: Workshop) -> None:
    key = admin.post("/tokens/staff", 201, json={"name": "logiciel", "role": "viewer",
                                                 "expires_days": 30})
    assert key["token"].startswith(f"ats_{key['id']}_")
    assert (key["role"], key["active"], key["expires_at"][:10]) == ("viewer", True,
                                                                   "2026-04-01")
    reader = Caller(api, key["token"])
    assert reader.get("/orders")["total"] == 0
    assert reader.post("/orders", 403, json={"collectivity_id": 1, "lines": [
        {"service": "couvrage", "quantity": 1}]})["code"] == "forbidden"
    _problem(api.post("/api/v1/tokens/staff", headers=admin.headers,
                      json={"name": "x", "role": "root"}), 422, "role_invalid")

    client = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = api_workshop.create_order(client, ["couvrage:standard=1"])
    link = admin.post("/tokens/collectivity", 201, json={"collectivity_id": client,
                                                         "order_ref": ref})
    assert link["token"].startswith("atc_") and link["url"] == (
        f"{PUBLIC_URL}/suivi/{link['token']}")
    assert (link["collectivity_id"], link["order_ref"], link["role"]) == (client, ref, None)
    me = api.get("/api/v1/me", headers=bearer(link["token"])).json()
    assert (me["kind"], me["collectivity_id"]) == ("collectivity", client)
    other = api_workshop.add_collectivity("École", kind="school")
    _problem(api.post("/api/v1/tokens/collectivity", headers=admin.headers,
                      json={"collectivity_id": other, "order_ref": ref}), 404,
             "order_not_found")

    listed = admin.get("/tokens", params={"kind": "staff"})
    assert key["id"] in [t["id"] for t in listed["items"]]
    assert all("token" not in t for t in listed["items"])
    assert admin.get("/tokens", params={"kind": "collectivity"})["items"][0]["id"] == link["id"]
    revoked = admin.post(f"/tokens/{key['id']}/revoke")
    assert revoked["revoked_at"] and not revoked["active"]
    _problem(api.get("/api/v1/orders", headers=reader.headers), 401, "token_invalid")
    assert key["id"] in [t["id"] for t in admin.get("/tokens", params={"active": False})
                         ["items"]]
    assert admin.post(f"/tokens/{key['id']}/revoke")["revoked_at"] == revoked["revoked_at"]


# -- what no backend should see ----------------------------------------------------------------


def test_inputs_are_refused_alike_on_every_database(admin: Caller, api: TestClient) -> None:
    """What PostgreSQL would refuse with an error (a NUL, an integer past 64 bits, a year
    past 9999) is refused as a problem on SQLite and PostgreSQL alike."""
    h = admin.headers
    refused = [
        api.post("/api/v1/posts", headers=h, json={"code": "P\u0000", "label": "x"}),
        api.get("/api/v1/attendance", params={"day": "0"}, headers=h),
        api.get("/api/v1/hours/9999-12", headers=h),
        api.get("/api/v1/collectivities/99999999999999999999", headers=h),
        api.get("/api/v1/audit", params={"offset": 10**20}, headers=h),
        api.post("/api/v1/anonymisation", json={"retention_days": False}, headers=h),
        api.post("/api/v1/posts", headers=h, json={"code": "P1", "label": "x" * 201}),
    ]
    assert [r.json()["code"] for r in refused] == ["request_invalid"] * len(refused)
    _problem(api.get("/api/v1/orders/CMD%00", headers=h), 422, "nul_character")
    wrong = api.delete("/api/v1/orders", headers=h)
    assert _problem(wrong, 405, "method_not_allowed") and wrong.headers["allow"] == "GET, POST"


# -- the document -------------------------------------------------------------------------------


def test_the_openapi_document_describes_every_staff_route(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert "HTTPValidationError" not in components
    staff_routes = 0
    for route in iter_route_contexts(api.app.routes):  # type: ignore[attr-defined]
        if not isinstance(route.original_route, APIRoute) or route.path is None:
            continue
        for method in route.methods or ():
            op = schema["paths"].get(route.path_format, {}).get(method.lower(), {})
            if "x-atelier-permission" not in op:
                continue
            staff_routes += 1
            where = f"{method} {route.path}"
            assert op.get("summary") and op.get("description"), where
            for status in ("401", "403", "422"):
                assert op["responses"][status]["content"] == {
                    PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}, where
            bodies = [op.get("requestBody", {}).get("content", {}).get("application/json")]
            bodies += [r.get("content", {}).get("application/json")
                       for s, r in op["responses"].items() if s.startswith("2")]
            for body in filter(None, bodies):
                refs = [body["schema"].get("$ref")] + [s.get("$ref") for s in
                                                      body["schema"].get("anyOf", [])]
                for ref in filter(None, refs):
                    assert components[ref.rsplit("/", 1)[1]].get("examples"), (where, ref)
    assert staff_routes >= 60
    assert components["Problem"]["examples"]


def test_the_order_list_is_a_page_of_the_whole(admin: Caller,
                                               api_workshop: Workshop) -> None:
    """Cut in SQL with its total counted in the same transaction: every page is the
    matching slice of the library's list, newest first, per collectivity too."""
    brest = api_workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    school = api_workshop.add_collectivity("École Jean Moulin", kind="school")
    for n in range(7):
        api_workshop.create_order(brest if n % 3 else school, ["couvrage:standard=2"],
                                  accepted=n % 2 == 0)
    every = [o.ref for o in api_workshop.orders()]
    for cid, expected in ((None, every), (brest, [o.ref for o in api_workshop.orders(brest)]),
                          (school, [o.ref for o in api_workshop.orders(school)])):
        params: dict[str, Any] = {} if cid is None else {"collectivity_id": cid}
        pages = [admin.get("/orders", params={**params, "limit": 3, "offset": offset})
                 for offset in range(0, 9, 3)]
        assert all(p["total"] == len(expected) for p in pages)
        assert [o["ref"] for p in pages for o in p["items"]] == expected
    assert admin.get("/orders", params={"collectivity_id": 999_999})["total"] == 0
    # With a status, the filter applies before the page is cut.
    accepted = admin.get("/orders", params={"status": "accepted", "limit": 2})
    assert accepted["total"] == 4 and len(accepted["items"]) == 2
