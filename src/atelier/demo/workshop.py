"""The workshop's own stories, besides the orders: its first morning and the people's days.

The first morning sets up the posts, enrols the trainees and adds the six
collectivities; later the P8 post changes hands. Every working day ends with
the roll call, every whole month with the counsellor's validation, and
assessments follow the work as it goes.
"""

from __future__ import annotations

import datetime as dt

from stdnum import luhn

from atelier.demo.pathways import NEWCOMER, months_to_validate
from atelier.demo.stage import HISTORY_WORKING_DAYS, _Demo, _Story
from atelier.domain.collectivity import Contact


def setup(demo: _Demo) -> _Story:
    """The workshop's clients and posts; the eighth trainee arrives later."""
    yield demo.cal.at(HISTORY_WORKING_DAYS, "08:00")
    ws = demo.staff
    labels = ("Couvrage 1", "Couvrage 2", "Couvrage 3", "Équipement", "Réparation 1",
              "Réparation 2", "Reliure", "Préparation et nettoyage")
    for n, label in enumerate(labels, start=1):
        ws.add_post(f"P{n}", label)
    demo.people.enrol()
    clients = (
        ("rade", "Médiathèque de la Rade (Brest Saint-Marc)", "mediatheque", "21290019",
         "0012", "MEDIATHEQUE-RADE", "2100458712",
         Contact("Service des collections", "Acquisitions et équipement",
                 "collections@mediatheque-rade.example")),
        ("levriou", "Médiathèque Ti al Levrioù (Guipavas)", "mediatheque", "21290075",
         "0027", "CULTURE-MEDIATHEQUE", None,
         Contact("Secteur jeunesse", "Responsable du secteur jeunesse",
                 "jeunesse@tialevriou.example")),
        ("abers", "Réseau des bibliothèques du Pays des Abers", "library_network",
         "20006729", "0018", "RESEAU-LECTURE", "EJ-2026-0031",
         Contact("Coordination du réseau", "Coordinatrice",
                 "reseau.lecture@paysdesabers.example")),
        ("college", "Collège des Trois Rivières (CDI), Châteaulin", "school", "19290412",
         "0015", None, None,
         Contact("CDI", "Professeure documentaliste", "cdi.troisrivieres@ac.example")),
        ("archives", "Archives départementales du Finistère", "archive", "22290001",
         "0210", "AD29-CONSERVATION", "2100461290",
         Contact("Service de la conservation", "Chargé de conservation préventive",
                 "conservation@archives29.example")),
        ("mairie", "Mairie de Loc-Maria-Plouzané", "town_hall", "21290130", "0014",
         "MAIRIE-SECRETARIAT", None,
         Contact("Secrétariat général", "Secrétaire générale",
                 "secretariat@mairie-locmaria.example")),
    )
    for key, name, kind, siren8, nic, chorus, engagement, contact in clients:
        demo.clients[key] = ws.add_collectivity(
            name, kind=kind, siret=_siret(siren8, nic), chorus_service_code=chorus,
            engagement_ref=engagement, contacts=[contact])
    yield demo.cal.at(21, "17:45")
    demo.people.leave(demo.cal.day(21))
    yield demo.cal.at(20, "08:15")
    demo.people.arrive(demo.cal.day(20))


def pathways(demo: _Demo) -> _Story:
    """Every working day's roll call, typed at 17:30; one afternoon of lockdown."""
    locked_down = False
    for k in range(HISTORY_WORKING_DAYS, 0, -1):
        yield demo.cal.at(k, "17:30")
        day = demo.cal.day(k)
        quiet = not any(d == day for _t, d in demo.people.worked)
        if not locked_down and quiet and k < 30 and day.weekday() == 2:
            demo.people.lockdown(day)
            locked_down = True
            demo.people.roll_call(day, morning_only=True)
        else:
            demo.people.roll_call(day)


def hours_of_the_month(demo: _Demo) -> _Story:
    """Each whole month is validated by the counsellor on the next working day; a
    forgotten training session is then added as a dated correction."""
    days = [demo.cal.day(k) for k in range(1, HISTORY_WORKING_DAYS + 1)]
    for month, after in months_to_validate(days, demo.cal.today):
        yield dt.datetime.combine(after, dt.time(9, 0))
        demo.people.validate(month)
        yield dt.datetime.combine(after, dt.time(11, 0))
        demo.people.correct(month)
    yield demo.cal.at(1, "18:00")
    demo.people.finish()


def progress(demo: _Demo) -> _Story:
    """Assessments as the work goes: supervised practice becomes autonomy."""
    people, cal = demo.people, demo.cal
    yield cal.at(30, "16:00")
    people.assess("T-0003", "film_apply", 2, cal.day(30),
                  "Pose sous supervision sur deux caisses, contrôles réussis")
    yield cal.at(19, "16:00")
    people.assess(NEWCOMER, "punctuality", 2, cal.day(19), "Présent et à l'heure")
    yield cal.at(10, "08:30")
    people.assess(NEWCOMER, "cleaning", 1, cal.day(10),
                  "Nettoyage de couvertures avec l'encadrante")
    yield cal.at(6, "16:00")
    people.assess("T-0007", "casing", 4, cal.day(6),
                  "Emboîtage des registres sans reprise, montre le geste aux autres")
    yield cal.at(3, "16:00")
    people.assess("T-0006", "spine_titling", 2, cal.day(3), "Titrage des dos réguliers")


def _siret(siren8: str, nic4: str) -> str:
    """A valid SIRET from the first 8 digits of the SIREN and a 4-digit establishment number."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    body = siren + nic4
    return body + str(luhn.calc_check_digit(body))
