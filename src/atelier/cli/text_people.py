"""French and English texts of the people commands: messages by key, errors by code.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

from typing import Any

#: Contract kinds as staff read them.
CONTRACT_KINDS: dict[str, tuple[str, str]] = {
    "cep": ("CEP (contrat d'emploi pénitentiaire)", "CEP (prison employment contract)"),
    "cddi": ("CDDI", "CDDI (fixed-term insertion contract)"),
}

#: Exit outcomes as staff read them.
EXIT_OUTCOMES: dict[str, tuple[str, str]] = {
    "durable_employment": ("emploi durable", "durable employment"),
    "transitional_employment": ("emploi de transition", "transitional employment"),
    "positive_exit": ("sortie positive (formation, autre structure…)",
                      "positive exit (training, another structure…)"),
    "no_solution": ("sans solution (libération, transfert)",
                    "no solution (release, transfer)"),
    "other": ("autre", "other"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "post.assigned": ("Poste {post} attribué à {trainee} le {on}.",
                      "Post {post} given to {trainee} on {on}."),
    "post.released": ("Poste {post} libéré le {on} (occupé par {trainee}).",
                      "Post {post} released on {on} (held by {trainee})."),
    "post.vacant": ("vacant", "vacant"),
    "post.none": ("Aucun poste : atelier post add CODE INTITULÉ pour en créer un.",
                  "No post: atelier post add CODE LABEL creates one."),
    "post.none_held": ("Aucun poste n'a encore été occupé.", "No post was held yet."),
    "post.since": ("depuis le {since}", "since {since}"),
    "post.history_open": ("en cours", "ongoing"),
    "trainee.contract": ("Nouveau contrat pour {code} : {contract}.",
                         "New contract for {code}: {contract}."),
    "trainee.exited": ("Sortie de {code} enregistrée le {on} : {outcome}.",
                       "Exit of {code} recorded on {on}: {outcome}."),
    "trainee.none": ("Aucun·e salarié·e.", "No trainee."),
    "trainee.no_contract": ("sans contrat", "no contract"),
    "trainee.active": ("en parcours", "active"),
    "trainee.left": ("sorti·e le {on} ({outcome})", "exited on {on} ({outcome})"),
    "trainee.anonymised": ("anonymisé·e", "anonymised"),
    "trainee.show": ("{code} — {state}\n  poste : {post}\n  contrat : {contract}",
                     "{code} — {state}\n  post: {post}\n  contract: {contract}"),
    "trainee.show_hours": ("  heures de {month} : {hours} h ({locked})",
                           "  hours of {month}: {hours} h ({locked})"),
    "trainee.locked": ("mois validé", "month validated"),
    "trainee.open": ("mois en cours de saisie", "month still open"),
    "trainee.show_skills": ("  compétences (niveau → objectif) : {skills}",
                            "  skills (level → goal): {skills}"),
    "trainee.show_suggestion": ("  suggestion : {skill} au niveau {level} ({items:|document "
                                "fait|documents faits}) — à confirmer par une évaluation",
                                "  suggestion: {skill} at level {level} ({items:|item|items} "
                                "done) — to be confirmed by an assessment"),
    "trainee.contract_line": ("{kind}, {hours} h/semaine, du {start} au {end}",
                              "{kind}, {hours} h/week, from {start} to {end}"),
    "trainee.contract_open": ("{kind}, {hours} h/semaine, depuis le {start}, sans fin prévue",
                              "{kind}, {hours} h/week, since {start}, no planned end"),
    "trainee.ending_title": ("Contrats qui finissent d'ici {days:|jour|jours}",
                             "Contracts ending within {days:|day|days}"),
    "trainee.ending_none": ("Aucun contrat ne se termine dans les {days} jours.",
                            "No contract ends within {days} days."),
    "personal.saved": ("Données personnelles de {code} enregistrées ({fields}).",
                       "Personal data of {code} saved ({fields})."),
    "personal.unchanged": ("Données personnelles de {code} inchangées.",
                           "Personal data of {code} unchanged."),
    "personal.show": ("{code}\n  nom : {full_name}\n  contact : {contact}\n  notes : {notes}",
                      "{code}\n  name: {full_name}\n  contact: {contact}\n  notes: {notes}"),
    "export.written": ("Données de {code} exportées dans {file}.",
                       "Data of {code} exported to {file}."),
    "certificate.written": ("Attestation de {code} écrite dans {file}.",
                            "Certificate of {code} written to {file}."),
    "certificate.head": ("Attestation de compétences — {who}\n"
                         "  heures travaillées : {hours}{period}",
                         "Skills certificate — {who}\n  hours worked: {hours}{period}"),
    "certificate.skill": ("  {name} : niveau {level} (évalué le {on})",
                          "  {name}: level {level} (assessed on {on})"),
    "anonymise.done": ("{n:|salarié·e anonymisé·e|salarié·es anonymisé·es} : {codes}.",
                       "{n:|trainee|trainees} anonymised: {codes}."),
    "anonymise.none": ("Personne à anonymiser.", "Nobody to anonymise."),
}

#: The contract rules, by the ``rule`` the library names (see ``check_contract``).
CONTRACT_RULES: dict[str, tuple[str, str]] = {
    "end_before_start": ("la fin prévue ({value}) précède le début",
                         "the planned end ({value}) is before the start"),
    "cep_min_weekly": ("{value} h par semaine, sous le minimum de 10 h d'un CEP à temps partiel",
                       "{value} h a week, under the 10 h minimum of a part-time CEP"),
    "cep_max_weekly": ("{value} h par semaine, au-delà des 35 h d'un CEP à temps plein",
                       "{value} h a week, over the 35 h of a full-time CEP"),
    "cddi_weekly_range": ("{value} h par semaine : un CDDI va de 20 à 35 h par semaine",
                          "{value} h a week: a CDDI is 20 to 35 h a week"),
    "cddi_duration": ("un CDDI dure de 4 à 24 mois, fin prévue obligatoire (fin : {value})",
                      "a CDDI lasts 4 to 24 months, with a planned end (end: {value})"),
    "cddi_total_duration": ("le parcours en CDDI dépasserait 24 mois (fin : {value})",
                            "the CDDI pathway would pass 24 months (end: {value})"),
    "renewal_start": ("le nouveau contrat commence ({value}) avant le contrat en cours "
                      "({current})",
                      "the new contract starts ({value}) before the current one ({current})"),
}


class _RuleText(str):
    """The ``contract_rule`` template: its text depends on the rule broken, so that the
    message names the rule and says it plainly (``error_text`` only calls ``format``)."""

    lang: int

    def __new__(cls, lang: int) -> _RuleText:
        made = super().__new__(cls, ("Contrat refusé (règle {rule}) : ",
                                     "Contract refused (rule {rule}): ")[lang])
        made.lang = lang
        return made

    def format(self, *args: Any, **params: Any) -> str:
        """The head naming the rule, then the rule's own sentence."""
        value = params.get("value")
        if value is None:
            value = ("aucune", "none")[self.lang]
        elif isinstance(value, float):
            value = f"{value:g}" if self.lang else f"{value:g}".replace(".", ",")
        shown = {**params, "value": value}
        rule = CONTRACT_RULES.get(str(params.get("rule")))
        detail = rule[self.lang].format(**shown) if rule else str(value)
        return str.format(self, **params) + detail


ERRORS: dict[str, tuple[str, str]] = {
    "contract_rule": (_RuleText(0), _RuleText(1)),
    "contract_kind_invalid": ("Type de contrat inconnu : {value} (cep ou cddi)",
                              "Unknown contract kind: {value} (cep or cddi)"),
    "weekly_hours_invalid": ("Heures par semaine illisibles : {value} (un nombre positif)",
                             "Unreadable weekly hours: {value} (a positive number)"),
    "exit_outcome_invalid": ("Issue de sortie inconnue : {value} (durable_employment, "
                             "transitional_employment, positive_exit, no_solution, other)",
                             "Unknown exit outcome: {value} (durable_employment, "
                             "transitional_employment, positive_exit, no_solution, other)"),
    "trainee_code_invalid": ("Code de salarié·e illisible : {value} (forme T-0042)",
                             "Unreadable trainee code: {value} (like T-0042)"),
    "trainee_exists": ("Le code {value} est déjà pris", "Code {value} is already taken"),
    "post_invalid": ("Code de poste illisible : {value} (1 à 32 lettres, chiffres, - ou _)",
                     "Unreadable post code: {value} (1 to 32 letters, digits, - or _)"),
    "trainee_holds_post": ("{trainee} occupe déjà le poste {post} : libérez-le d'abord",
                           "{trainee} already holds post {post}: release it first"),
    "post_vacant": ("Le poste {post} est vacant", "Post {post} is vacant"),
    "assignment_before_previous": ("Le {on} précède la fin d'une occupation précédente "
                                   "({previous})",
                                   "{on} is before the end of a previous holding ({previous})"),
    "release_before_start": ("{trainee} occupe le poste {post} depuis le {start}, après le {on}",
                             "{trainee} holds post {post} since {start}, after {on}"),
    "exit_before_start": ("{trainee} a commencé le {start}, après le {on}",
                          "{trainee} started on {start}, after {on}"),
    "within_days_invalid": ("Nombre de jours : de {low} à {high} ({value})",
                            "Number of days: {low} to {high} ({value})"),
    "retention_invalid": ("Durée de conservation : de 0 à {high} jours ({value})",
                          "Retention period: 0 to {high} days ({value})"),
    "personal_nothing": ("Rien à enregistrer : donnez --name, --contact ou --notes",
                         "Nothing to save: give --name, --contact or --notes"),
    "personal_field_invalid": ("Champ personnel inconnu : {value}",
                               "Unknown personal field: {value}"),
    "personal_too_long": ("{field} : {limit} caractères au plus",
                          "{field}: at most {limit} characters"),
    "trainee_anonymised": ("{trainee} a été anonymisé·e : aucune donnée personnelle ne peut "
                           "plus être enregistrée",
                           "{trainee} was anonymised: no personal data may be stored"),
    "exit_before_recorded_hours": ("{trainee} a des heures enregistrées le {last}, après le "
                                   "{on} : la sortie ne peut pas être antérieure",
                                   "{trainee} has hours recorded on {last}, after {on}: the "
                                   "exit cannot come before them"),
    "today_in_future": ("Le jour donné ({value}) est après la date du jour ({clock}) : "
                        "l'anonymisation ne peut pas être anticipée",
                        "The day given ({value}) is after today's date ({clock}): "
                        "anonymisation cannot be run ahead of time"),
    "lang_invalid": ("Langue inconnue : {value} (fr ou en)", "Unknown language: {value} "
                     "(fr or en)"),
}
