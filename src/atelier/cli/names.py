"""Codes as people read them: a skill, service, operation or format by its catalogue name,
an audit action as a phrase. The catalogue is written in the workshop's language, so
its names serve in both languages; a code the catalogue does not know stays a code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from atelier.cli.formats import month_text

if TYPE_CHECKING:
    from atelier import AuditRecord
    from atelier.domain.catalogue import Catalogue


@attrs.frozen
class Names:
    """The names of a catalogue's codes."""

    skills: dict[str, str] = attrs.field(factory=dict)
    services: dict[str, str] = attrs.field(factory=dict)
    operations: dict[str, str] = attrs.field(factory=dict)
    formats: dict[str, str] = attrs.field(factory=dict)

    @classmethod
    def of(cls, catalogue: Catalogue) -> Names:
        """The names of ``catalogue``."""
        return cls(skills={s.code: s.name for s in catalogue.skills},
                   services={s.code: s.name for s in catalogue.services},
                   operations={o.code: o.name for s in catalogue.services
                               for o in s.operations},
                   formats={f.code: f.name for f in catalogue.formats})

    def skill(self, code: str) -> str:
        """A skill's name (its code if unknown)."""
        return self.skills.get(code, code)

    def service(self, code: str) -> str:
        """A service's name (its code if unknown)."""
        return self.services.get(code, code)

    def operation(self, code: str) -> str:
        """An operation's name (its code if unknown)."""
        return self.operations.get(code, code)

    def format(self, code: str) -> str:
        """A format's name without its explanation in brackets (« Grand format » for
        « Grand format (25 à 35 cm : albums…) »), its code if unknown."""
        return self.formats.get(code, code).split(" (")[0]


#: Audit actions as a phrase about their object ``{key}``: (French, English).
ACTIONS: dict[str, tuple[str, str]] = {
    "catalogue.install": ("installation du catalogue n° {key}", "catalogue #{key} installed"),
    "collectivity.add": ("enregistrement de la collectivité n° {key}",
                         "collectivity #{key} registered"),
    "order.create": ("création de la commande {key}", "order {key} created"),
    "order.accept": ("acceptation de la commande {key}", "order {key} accepted"),
    "order.cancel": ("annulation de la commande {key}", "order {key} cancelled"),
    "items.import": ("import de la liste de {key}", "item list of {key} imported"),
    "items.placeholders": ("documents numérotés pour {key}", "placeholder items for {key}"),
    "items.receive": ("réception de documents de {key}", "items of {key} received"),
    "items.missing": ("documents de {key} déclarés manquants", "items of {key} marked missing"),
    "items.refused": ("documents de {key} refusés", "items of {key} refused"),
    "work.record": ("travail enregistré sur {key}", "work recorded on {key}"),
    "quality.pass": ("contrôle validé sur {key}", "check passed on {key}"),
    "quality.fail": ("contrôle refusé sur {key}", "check failed on {key}"),
    "delivery.create": ("bon de livraison {key}", "delivery note {key}"),
    "post.add": ("création du poste {key}", "post {key} created"),
    "post.assign": ("attribution du poste {key}", "post {key} given"),
    "post.release": ("libération du poste {key}", "post {key} released"),
    "trainee.add": ("arrivée de {key}", "trainee {key} registered"),
    "trainee.contract": ("nouveau contrat de {key}", "new contract for {key}"),
    "trainee.exit": ("sortie de {key}", "exit of {key}"),
    "trainee.personal": ("données personnelles de {key}", "personal data of {key}"),
    "trainees.anonymise": ("anonymisation de {key}", "{key} anonymised"),
    "skill.assess": ("évaluation de {key}", "assessment of {key}"),
    "skill.target": ("objectif de {key}", "goal for {key}"),
    "attendance.record": ("présence de {key}", "attendance of {key}"),
    "time.add": ("pointage de {key}", "time entry of {key}"),
    "time.remove": ("pointage de {key} retiré", "time entry of {key} removed"),
    "hours.validate": ("validation des heures de {key}", "hours of {key} validated"),
    "hours.correct": ("correction des heures de {key}", "hours of {key} corrected"),
    "token.create": ("création de la clé d'accès {key}", "access key {key} created"),
    "token.revoke": ("révocation de la clé d'accès {key}", "access key {key} revoked"),
}

#: Entities as a word, for an action this table does not know.
ENTITIES: dict[str, tuple[str, str]] = {
    "order": ("commande", "order"), "collectivity": ("collectivité", "collectivity"),
    "delivery": ("livraison", "delivery"), "catalogue": ("catalogue", "catalogue"),
    "post": ("poste", "post"), "trainee": ("salarié·e", "trainee"), "month": ("mois", "month"),
    "token": ("clé d'accès", "access key"), "anonymisation": ("anonymisation", "anonymisation"),
}


def _subject(record: AuditRecord, lang: str) -> str:
    """What the record is about: a month by name, the trainees an anonymisation erased."""
    if record.entity == "month":
        return month_text(record.entity_key, lang)
    after: Any = record.after
    if record.action == "trainees.anonymise" and isinstance(after, dict):
        codes = after.get("trainees")
        if isinstance(codes, list) and codes:
            return ", ".join(str(c) for c in codes)
    return record.entity_key


def action_text(record: AuditRecord, lang: str) -> str:
    """An audit record's act as a phrase: « anonymisation de T-0010 »."""
    pair = ACTIONS.get(record.action)
    subject = _subject(record, lang)
    if pair is None:
        entity = ENTITIES.get(record.entity)
        noun = record.entity if entity is None else entity[0 if lang == "fr" else 1]
        return f"{record.action} ({noun} {subject})"
    return pair[0 if lang == "fr" else 1].format(key=subject)
