"""The skills certificate (attestation de compétences) as a printable HTML page.

It names the skills with their levels and dates, the time worked and the
workshop; it says nothing of where the work took place or why (DOMAIN.md,
"Exit"): the template receives only the certificate's values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2

from atelier.domain.errors import InvalidInput
from atelier.domain.personal import Certificate

_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")

#: The words of the page, French then English.
TEXTS: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Attestation de compétences",
        "workshop_default": "l'atelier",
        "intro": "{workshop} atteste que {person} y a travaillé",
        "period_from_to": "du {start} au {end}",
        "period_from": "depuis le {start}",
        "hours": "Heures travaillées : {hours}",
        "skills": "Compétences acquises",
        "skill": "Compétence",
        "level": "Niveau",
        "assessed_on": "Évaluée le",
        "no_skills": "Aucune compétence évaluée à ce jour.",
        "issued": "Fait le {date}.",
        "signature": "Signature et cachet",
        "levels": {1: "découverte", 2: "réalise avec aide", 3: "autonome",
                   4: "peut transmettre"},
    },
    "en": {
        "title": "Skills certificate",
        "workshop_default": "The workshop",
        "intro": "{workshop} certifies that {person} worked there",
        "period_from_to": "from {start} to {end}",
        "period_from": "since {start}",
        "hours": "Hours worked: {hours}",
        "skills": "Skills acquired",
        "skill": "Skill",
        "level": "Level",
        "assessed_on": "Assessed on",
        "no_skills": "No skill assessed yet.",
        "issued": "Issued on {date}.",
        "signature": "Signature and stamp",
        "levels": {1: "discovering", 2: "with help", 3: "autonomous", 4: "can teach"},
    },
}

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("atelier.documents", "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


def _date(day: dt.date, lang: str) -> str:
    if lang == "fr":
        return f"{day.day} {_MONTHS_FR[day.month - 1]} {day.year}"
    return day.isoformat()


def _hours(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    if lang == "fr":
        return f"{hours} h {rest:02d}" if rest else f"{hours} h"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def render_certificate(cert: Certificate, lang: str = "fr") -> str:
    """The certificate as a whole HTML page in ``lang`` (``fr`` or ``en``)."""
    if lang not in TEXTS:
        raise InvalidInput("lang", "fr or en", value=lang, code="lang_invalid")
    text = TEXTS[lang]
    workshop = cert.workshop or text["workshop_default"]
    if cert.start and cert.end:
        period = text["period_from_to"].format(start=_date(cert.start, lang),
                                               end=_date(cert.end, lang))
    elif cert.start:
        period = text["period_from"].format(start=_date(cert.start, lang))
    else:
        period = ""
    # Values are put in the sentences before the template escapes the whole line.
    intro = text["intro"].format(workshop=workshop, person=cert.full_name or cert.code)
    skills = [{"name": s.name, "level": s.level,
               "level_name": text["levels"].get(s.level, str(s.level)),
               "assessed_on": _date(s.assessed_on, lang)} for s in cert.skills]
    return _ENV.get_template("certificate.html").render(
        lang=lang, text=text, intro=intro[:1].upper() + intro[1:], period=period,
        hours=text["hours"].format(hours=_hours(cert.minutes_worked, lang)), skills=skills,
        issued=text["issued"].format(date=_date(cert.issued_on, lang)), code=cert.code)
