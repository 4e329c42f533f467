"""People on a real database: posts over time, contracts, exits, personal data kept
apart, the certificate, a person's export and anonymisation."""

from __future__ import annotations

import datetime as dt

import pytest

from atelier import Contract, PostAssignment, PostView, Workshop, jsonable
from atelier.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from tests.conftest import Clock, make_siret, open_workshop, qualified_trainee

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

JAN5 = dt.date(2026, 1, 5)


def _cep(ws: Workshop, post: str | None = None, *, start: dt.date = JAN5,
         end: dt.date | None = None) -> str:
    return ws.add_trainee(contract="cep", weekly_hours=24, start=start, end=end, post=post)


def _posts(ws: Workshop, n: int = 3) -> None:
    for i in range(1, n + 1):
        ws.add_post(f"P{i}", f"Couvrage {i}")


def _rule(err: pytest.ExceptionInfo[RuleViolation]) -> str:
    return str(err.value.params.get("rule", err.value.code))


# -- posts --------------------------------------------------------------------------------

def test_posts_show_who_holds_them_since_when_and_the_vacancies(workshop: Workshop) -> None:
    _posts(workshop)
    a = _cep(workshop, "P1")
    assert workshop.posts() == [PostView("P1", "Couvrage 1", a, JAN5),
                                PostView("P2", "Couvrage 2", None, None),
                                PostView("P3", "Couvrage 3", None, None)]
    assert [p.code for p in workshop.posts() if p.vacant] == ["P2", "P3"]


def test_assign_and_release_keep_the_history(workshop: Workshop) -> None:
    _posts(workshop)
    a, b = _cep(workshop, "P1"), _cep(workshop)
    workshop.release_post("P1", on=dt.date(2026, 2, 1))
    workshop.assign_post("P1", b, on=dt.date(2026, 2, 1))
    workshop.assign_post("P2", a, on=dt.date(2026, 2, 2))
    assert workshop.post_history() == [
        PostAssignment("P1", a, JAN5, dt.date(2026, 2, 1)),
        PostAssignment("P1", b, dt.date(2026, 2, 1), None),
        PostAssignment("P2", a, dt.date(2026, 2, 2), None)]
    assert workshop.post_history("P2") == [PostAssignment("P2", a, dt.date(2026, 2, 2), None)]
    assert workshop.trainee(a).post == "P2" and workshop.trainee(b).post == "P1"
    audit = workshop.audit("post", "P1")
    assert [r.action for r in audit][:2] == ["post.assign", "post.release"]


def test_assign_defaults_to_today(workshop: Workshop, clock: Clock) -> None:
    _posts(workshop)
    a = _cep(workshop)
    workshop.assign_post("P1", a)
    assert workshop.posts()[0].since == clock.now.date()


def test_a_held_post_is_refused_and_a_trainee_holds_one_post_at_most(
        workshop: Workshop) -> None:
    _posts(workshop)
    a, b = _cep(workshop, "P1"), _cep(workshop)
    with pytest.raises(RuleViolation) as held:
        workshop.assign_post("P1", b)
    assert held.value.code == "post_held" and held.value.params["trainee"] == a
    with pytest.raises(RuleViolation) as second:
        workshop.assign_post("P2", a)
    assert second.value.code == "trainee_holds_post" and second.value.params["post"] == "P1"
    with pytest.raises(RuleViolation) as on_add:
        _cep(workshop, "P1")
    assert on_add.value.code == "post_held"
    assert len(workshop.trainees()) == 2  # the refused registration wrote nothing
    assert len(workshop.post_history()) == 1


def test_release_and_assign_refusals(workshop: Workshop) -> None:
    _posts(workshop)
    a = _cep(workshop, "P1")
    with pytest.raises(RuleViolation) as vacant:
        workshop.release_post("P2")
    assert vacant.value.code == "post_vacant"
    with pytest.raises(RuleViolation) as early:
        workshop.release_post("P1", on=dt.date(2026, 1, 4))
    assert early.value.code == "release_before_start"
    workshop.release_post("P1", on=dt.date(2026, 2, 1))
    with pytest.raises(RuleViolation) as overlap:
        workshop.assign_post("P2", a, on=dt.date(2026, 1, 20))
    assert overlap.value.code == "assignment_before_previous"
    with pytest.raises(NotFound):
        workshop.assign_post("P9", a)
    with pytest.raises(NotFound):
        workshop.post_history("P9")
    with pytest.raises(InvalidInput):
        workshop.add_post("P 1", "Espace")


# -- trainees and contracts ------------------------------------------------------------------

def test_add_trainee_stores_the_contract_and_the_post(workshop: Workshop) -> None:
    _posts(workshop)
    code = workshop.add_trainee(contract="cddi", weekly_hours=26, start=JAN5,
                                end=dt.date(2026, 7, 4), post="P2", code="T-0042")
    view = workshop.trainee(code)
    assert code == "T-0042"
    assert view.contract == Contract("cddi", JAN5, dt.date(2026, 7, 4), 26 * 60)
    assert (view.post, view.active, view.exit_on, view.anonymised) == ("P2", True, None, False)
    assert workshop.post_history("P2") == [PostAssignment("P2", code, JAN5, None)]
    assert workshop.add_trainee(contract="cep", weekly_hours=17.5, start=JAN5) == "T-0001"
    assert workshop.trainee("T-0001").contract == Contract("cep", JAN5, None, 1050)


def test_the_registration_record_tells_the_post_given_and_from_when(workshop: Workshop) -> None:
    _posts(workshop)
    records_before = len(workshop.audit(limit=1000))
    code = _cep(workshop, "P1", start=dt.date(2026, 1, 12))
    assert len(workshop.audit(limit=1000)) == records_before + 1  # one use case, one record
    (record,) = workshop.audit("trainee", code)
    assert record.action == "trainee.add"
    assert (record.after["post"], record.after["post_start"]) == ("P1", "2026-01-12")
    assert record.after["contract"]["kind"] == "cep"
    assert workshop.post_history("P1") == [PostAssignment("P1", code, dt.date(2026, 1, 12),
                                                          None)]
    without = _cep(workshop)
    assert workshop.audit("trainee", without)[0].after["post"] is None
    assert workshop.audit("trainee", without)[0].after["post_start"] is None


def test_a_contract_breaking_a_rule_registers_nobody(workshop: Workshop) -> None:
    with pytest.raises(RuleViolation) as err:
        workshop.add_trainee(contract="cddi", weekly_hours=26, start=JAN5)
    assert _rule(err) == "cddi_duration"
    with pytest.raises(RuleViolation) as err:
        workshop.add_trainee(contract="cep", weekly_hours=8, start=JAN5)
    assert _rule(err) == "cep_min_weekly"
    with pytest.raises(InvalidInput):
        workshop.add_trainee(contract="cep", weekly_hours=24, start=JAN5, code="42")
    assert workshop.trainees(include_exited=True) == []


def test_renewal_and_the_24_month_cddi_pathway(workshop: Workshop) -> None:
    code = workshop.add_trainee(contract="cddi", weekly_hours=26, start=JAN5,
                                end=dt.date(2026, 12, 31))
    renewed = workshop.renew_contract(code, contract="cddi", weekly_hours=30,
                                      start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31))
    assert workshop.trainee(code).contract == renewed
    with pytest.raises(RuleViolation) as past:
        workshop.renew_contract(code, contract="cddi", weekly_hours=30,
                                start=dt.date(2027, 6, 1), end=dt.date(2028, 1, 31))
    assert _rule(past) == "cddi_total_duration"
    with pytest.raises(RuleViolation) as before:
        workshop.renew_contract(code, contract="cep", weekly_hours=24, start=JAN5)
    assert _rule(before) == "renewal_start"
    assert workshop.trainee(code).contract == renewed
    assert workshop.audit("trainee", code)[0].action == "trainee.contract"


def test_contracts_ending_lists_active_trainees_soonest_first(workshop: Workshop) -> None:
    today = dt.date(2026, 6, 1)
    soon = _cep(workshop, end=dt.date(2026, 6, 20))
    later = _cep(workshop, end=dt.date(2026, 8, 1))
    overdue = _cep(workshop, end=dt.date(2026, 5, 30))
    _cep(workshop)  # open-ended: never listed
    gone = _cep(workshop, end=dt.date(2026, 6, 10))
    workshop.record_exit(gone, on=dt.date(2026, 3, 1), outcome="other")
    assert [v.code for v in workshop.contracts_ending(today=today)] == [overdue, soon]
    assert [v.code for v in workshop.contracts_ending(within_days=61, today=today)] == [
        overdue, soon, later]
    assert [v.code for v in workshop.contracts_ending(within_days=0, today=today)] == [overdue]
    with pytest.raises(InvalidInput):
        workshop.contracts_ending(within_days=-1)


# -- exits -----------------------------------------------------------------------------------

def _ready_order(ws: Workshop) -> tuple[str, str]:
    client = ws.add_collectivity("Médiathèque", kind="mediatheque", siret=make_siret())
    ref = ws.create_order(client, ["couvrage:standard=2"], accepted=True)
    ws.add_placeholders(ref)
    ws.receive(ref, [i.barcode for i in ws.items(ref)])
    first = next(op.code for op in ws.catalogue().service("couvrage").operations
                 if not op.checkpoint)
    return ref, first


def test_an_exit_releases_the_post_and_ends_the_pathway(workshop: Workshop) -> None:
    _posts(workshop)
    code = _cep(workshop, "P1")
    workshop.record_exit(code, on=dt.date(2026, 2, 27), outcome="durable_employment")
    view = workshop.trainee(code)
    assert (view.active, view.post, view.exit_on, view.exit_outcome) == (
        False, None, dt.date(2026, 2, 27), "durable_employment")
    assert workshop.posts()[0].vacant
    assert workshop.post_history("P1") == [PostAssignment("P1", code, JAN5,
                                                          dt.date(2026, 2, 27))]
    assert workshop.trainees() == [] and workshop.trainees(include_exited=True) == [view]
    ref, op = _ready_order(workshop)
    with pytest.raises(RuleViolation) as work:
        workshop.record_work(ref, op, code)
    assert work.value.code == "trainee_inactive"
    for act in (lambda: workshop.assign_post("P2", code),
                lambda: workshop.record_exit(code, on=dt.date(2026, 3, 1), outcome="other"),
                lambda: workshop.renew_contract(code, contract="cep", weekly_hours=24,
                                                start=dt.date(2026, 3, 1))):
        with pytest.raises(RuleViolation) as refused:
            act()
        assert refused.value.code == "trainee_inactive"


def test_exit_refusals(workshop: Workshop) -> None:
    code = _cep(workshop)
    with pytest.raises(InvalidInput) as outcome:
        workshop.record_exit(code, on=dt.date(2026, 2, 1), outcome="released")
    assert outcome.value.code == "exit_outcome_invalid"
    with pytest.raises(RuleViolation) as early:
        workshop.record_exit(code, on=dt.date(2026, 1, 1), outcome="other")
    assert early.value.code == "exit_before_start"
    with pytest.raises(NotFound):
        workshop.record_exit("T-9999", on=dt.date(2026, 2, 1), outcome="other")
    assert workshop.trainee(code).active


def test_an_exit_may_not_come_before_hours_already_recorded(workshop: Workshop) -> None:
    code = qualified_trainee(workshop)
    workshop.record_attendance(code, dt.date(2026, 2, 10), "am")
    with pytest.raises(RuleViolation) as attended:
        workshop.record_exit(code, on=dt.date(2026, 2, 9), outcome="other")
    assert attended.value.code == "exit_before_recorded_hours"
    assert attended.value.params["last"] == "2026-02-10"
    ref, op = _ready_order(workshop)
    for record, on, last in (
            (lambda: workshop.add_time(code, dt.date(2026, 2, 12), "training", 30),
             dt.date(2026, 2, 11), "2026-02-12"),
            (lambda: workshop.record_work(ref, op, code, [workshop.items(ref)[0].barcode],
                                          minutes=20, day=dt.date(2026, 2, 20)),
             dt.date(2026, 2, 19), "2026-02-20")):
        record()
        with pytest.raises(RuleViolation) as refused:
            workshop.record_exit(code, on=on, outcome="other")
        assert (refused.value.code, refused.value.params["last"]) == (
            "exit_before_recorded_hours", last)
        assert refused.value.params["trainee"] == code
    assert workshop.trainee(code).active  # nothing was written
    # An absence after the last day worked is no hours: the person may already be gone.
    workshop.record_attendance(code, dt.date(2026, 2, 23), "am", present=False, reason="release")
    workshop.record_exit(code, on=dt.date(2026, 2, 20), outcome="no_solution")  # the last day
    assert workshop.trainee(code).exit_on == dt.date(2026, 2, 20)


# -- personal data -------------------------------------------------------------------------------

def test_personal_data_is_apart_and_its_audit_names_fields_only(workshop: Workshop) -> None:
    code = _cep(workshop)
    assert workshop.personal(code).full_name is None
    changed = workshop.set_personal(code, full_name="Awa Diallo", contact="06 12 34 56 78",
                                    notes="souhaite une formation")
    assert changed == ["contact", "full_name", "notes"]
    assert workshop.set_personal(code, full_name="Awa Diallo") == []
    assert workshop.set_personal(code, notes="") == ["notes"]
    data = workshop.personal(code)
    assert (data.full_name, data.contact, data.notes) == ("Awa Diallo", "06 12 34 56 78", None)
    records = [r for r in workshop.audit("trainee", code) if r.action == "trainee.personal"]
    assert [r.after for r in records] == [{"fields": ["notes"]},
                                          {"fields": ["contact", "full_name", "notes"]}]
    text = repr(workshop.audit(limit=1000))
    assert "Awa" not in text and "06 12" not in text and "formation" not in text
    assert "Awa" not in repr(workshop.trainee(code)) + repr(workshop.trainees())
    with pytest.raises(InvalidInput) as nothing:
        workshop.set_personal(code)
    assert nothing.value.code == "personal_nothing"
    with pytest.raises(InvalidInput) as long:
        workshop.set_personal(code, full_name="x" * 201)
    assert long.value.code == "personal_too_long" and "xxx" not in str(long.value)


@pytest.mark.parametrize("role", ["supervisor", "viewer"])
def test_personal_data_is_for_the_counsellor_and_the_admin(workshop: Workshop,
                                                           role: str) -> None:
    code = _cep(workshop)
    workshop.acting_as("Inès", role="counsellor").set_personal(code, full_name="Awa Diallo")
    other = workshop.acting_as("x", role=role)
    for act in (lambda: other.personal(code), lambda: other.set_personal(code, notes="n"),
                lambda: jsonable(other.export_person(code)), lambda: other.certificate(code),
                lambda: other.certificate_html(code), lambda: other.anonymise(retention_days=0)):
        with pytest.raises(Forbidden):
            act()
    assert other.trainee(code).code == code  # the pseudonymous view stays readable
    assert workshop.acting_as("Inès", role="counsellor").personal(code).full_name == "Awa Diallo"


# -- certificate, export, anonymisation ------------------------------------------------------

def _history(ws: Workshop, code: str) -> None:
    """A month of attendance (validated, then corrected), assessments, notes."""
    for day in (2, 3, 4):
        ws.record_attendance(code, dt.date(2026, 2, day), "am")
        ws.record_attendance(code, dt.date(2026, 2, day), "pm", minutes=120)
    ws.record_attendance(code, dt.date(2026, 2, 5), "am", present=False, reason="visit")
    ws.add_time(code, dt.date(2026, 2, 2), "training", 60, note="a parlé de sa famille")
    ws.validate_month("2026-02")
    ws.correct_hours("2026-02", code, 30, "séance oubliée")
    ws.assess(code, "cleaning", 2, evidence="premier essai", on=dt.date(2026, 2, 2))
    ws.assess(code, "cleaning", 3, evidence="autonome sur 40 documents", on=dt.date(2026, 2, 20))
    ws.assess(code, "film_cut", 0, on=dt.date(2026, 2, 3))


def test_the_certificate_counts_hours_and_current_levels(workshop: Workshop) -> None:
    code = _cep(workshop)
    workshop.set_personal(code, full_name="Awa Diallo")
    _history(workshop, code)
    cert = workshop.certificate(code, workshop="Atelier de Brest")
    assert cert.minutes_worked == 3 * (180 + 120) + 30
    assert (cert.full_name, cert.workshop, cert.start, cert.end) == (
        "Awa Diallo", "Atelier de Brest", JAN5, None)
    names = {s.code: s.name for s in workshop.catalogue().skills}
    assert [(s.skill, s.name, s.level, s.assessed_on) for s in cert.skills] == [
        ("cleaning", names["cleaning"], 3, dt.date(2026, 2, 20))]  # level 0 is not a skill
    page = workshop.certificate_html(code, workshop="Atelier de Brest")
    assert "Attestation de compétences" in page and "Awa Diallo" in page
    assert names["cleaning"] in page and "20 février 2026" in page and "15 h 30" in page
    english = workshop.certificate_html(code, lang="en")
    assert "Skills certificate" in english and "Hours worked: 15 h 30 min" in english
    with pytest.raises(InvalidInput):
        workshop.certificate_html(code, lang="de")


def test_the_certificate_page_escapes_what_people_typed(workshop: Workshop) -> None:
    code = _cep(workshop)
    workshop.set_personal(code, full_name="<script>alert(1)</script>")
    page = workshop.certificate_html(code, workshop="A & B")
    assert "<script>" not in page and "&lt;script&gt;" in page and "A &amp; B" in page


def test_the_export_holds_everything_stored_about_the_person(workshop: Workshop) -> None:
    _posts(workshop)
    code = _cep(workshop, "P1")
    workshop.set_personal(code, full_name="Awa Diallo", contact="06", notes="note")
    _history(workshop, code)
    workshop.set_target(code, "film_cut", 3)
    workshop.record_exit(code, on=dt.date(2026, 2, 27), outcome="positive_exit")
    data = jsonable(workshop.export_person(code))
    assert data["personal"] == {"code": code, "full_name": "Awa Diallo", "contact": "06",
                                "notes": "note"}
    assert data["trainee"]["exit_outcome"] == "positive_exit"
    assert data["contracts"] == [{"kind": "cep", "start": "2026-01-05", "planned_end": None,
                                  "weekly_minutes": 1440, "weekly_hours": 24.0}]
    assert data["posts"] == [{"post": "P1", "trainee": code, "start": "2026-01-05",
                              "end": "2026-02-27"}]
    records = data["records"]
    assert len(records["attendance"]) == 7 and len(records["assessments"]) == 3
    assert records["time_entries"][0]["note"] == "a parlé de sa famille"
    assert records["hour_corrections"][0]["reason"] == "séance oubliée"
    assert records["skill_targets"][0]["skill"] == "film_cut"
    assert data["minutes_worked"] == 930
    actions = {r["action"] for r in data["audit"]}
    assert {"trainee.add", "trainee.personal", "trainee.exit", "skill.assess"} <= actions
    other = _cep(workshop)
    assert jsonable(workshop.export_person(other))["records"]["attendance"] == []
    with pytest.raises(NotFound):
        jsonable(workshop.export_person("T-9999"))


def test_the_export_holds_the_work_the_person_did_and_no_one_elses(workshop: Workshop) -> None:
    code = qualified_trainee(workshop)
    # Another person whose code begins with the first one's: their work is not in it.
    other = workshop.add_trainee(contract="cep", weekly_hours=24, start=JAN5, code=code + "0")
    for skill in workshop.catalogue().skills:
        workshop.assess(other, skill.code, 4)
    ref, op = _ready_order(workshop)
    first, second = (i.barcode for i in workshop.items(ref))
    workshop.record_work(ref, op, code, [first], minutes=20, supervisor="Claire",
                         day=dt.date(2026, 2, 27))
    workshop.record_work(ref, op, other, [second], minutes=25)
    data = jsonable(workshop.export_person(code))
    assert data["work"] == [{"order": ref, "operation": op, "day": "2026-02-27", "minutes": 20,
                             "supervisor": "Claire", "post": None, "tasks": 1}]
    worked = [r for r in data["audit"] if r["action"] == "work.record"]
    assert [(r["entity"], r["key"], r["after"]["trainee"], r["after"]["minutes"])
            for r in worked] == [("order", ref, code, 20)]
    assert [r["after"]["trainee"] for r in jsonable(workshop.export_person(other))["audit"]
            if r["action"] == "work.record"] == [other]
    assert [w["minutes"] for w in jsonable(workshop.export_person(other))["work"]] == [25]
    assert jsonable(workshop.export_person(_cep(workshop)))["work"] == []


def test_anonymisation_erases_personal_data_and_notes_keeps_code_and_figures(
        workshop: Workshop, clock: Clock) -> None:
    code, recent, active = _cep(workshop), _cep(workshop), _cep(workshop)
    for who in (code, recent, active):
        workshop.set_personal(who, full_name=f"Nom {who}", notes="confidentiel")
    _history(workshop, code)
    workshop.record_exit(code, on=dt.date(2026, 2, 27), outcome="durable_employment")
    workshop.record_exit(recent, on=dt.date(2026, 5, 15), outcome="other")
    before = jsonable(workshop.export_person(code))
    levels = workshop.levels(code)

    clock.now = dt.datetime(2026, 6, 1, 9)
    assert workshop.anonymise(retention_days=90, today=dt.date(2026, 6, 1)) == [code]
    data = jsonable(workshop.export_person(code))
    assert data["personal"] == {"code": code, "full_name": None, "contact": None, "notes": None}
    assert all(a["evidence"] is None for a in data["records"]["assessments"])
    assert all(e["note"] is None for e in data["records"]["time_entries"])
    assert [c["reason"] for c in data["records"]["hour_corrections"]] == ["(anonymisé)"]
    assert data["minutes_worked"] == before["minutes_worked"] == 930
    assert workshop.levels(code) == levels
    view = workshop.trainee(code)
    assert view.anonymised and view.exit_outcome == "durable_employment"
    assert workshop.personal(recent).full_name == f"Nom {recent}"
    assert workshop.personal(active).full_name == f"Nom {active}"
    assert workshop.certificate(code).full_name is None
    with pytest.raises(RuleViolation) as again:
        workshop.set_personal(code, full_name="Nom")
    assert again.value.code == "trainee_anonymised"

    audit_size = len(workshop.audit(limit=10_000))
    assert workshop.anonymise(retention_days=90) == []
    assert len(workshop.audit(limit=10_000)) == audit_size  # a second run changes nothing
    with pytest.raises(InvalidInput):
        workshop.anonymise(retention_days=-1)


def test_anonymisation_may_not_be_run_for_a_day_to_come(workshop: Workshop,
                                                        clock: Clock) -> None:
    code = _cep(workshop)
    workshop.set_personal(code, full_name="Awa Diallo")
    workshop.record_exit(code, on=dt.date(2026, 2, 27), outcome="other")
    with pytest.raises(InvalidInput) as early:
        workshop.anonymise(retention_days=90, today=dt.date(2026, 6, 1))  # clock: 2 March
    assert early.value.code == "today_in_future"
    assert workshop.personal(code).full_name == "Awa Diallo"
    assert workshop.anonymise(retention_days=2, today=clock.now.date()) == [code]


def test_two_staff_giving_posts_to_one_trainee_at_once(db_url: str, clock: Clock) -> None:
    import threading

    ws = open_workshop(db_url, actor="Inès", clock=clock)
    ws.init()
    _posts(ws)
    code = _cep(ws)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def give(post: str) -> None:
        handle = open_workshop(db_url, actor=f"staff {post}", clock=clock)
        start.wait()
        try:
            handle.assign_post(post, code)
            outcomes.append("ok")
        except (RuleViolation, Conflict) as err:
            outcomes.append(err.code)
        finally:
            handle.close()

    threads = [threading.Thread(target=give, args=(p,)) for p in ("P1", "P2")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["ok", "trainee_holds_post"]
    assert len(ws.post_history()) == 1
    assert [p.code for p in ws.posts() if not p.vacant] == [ws.trainee(code).post]
    ws.close()
