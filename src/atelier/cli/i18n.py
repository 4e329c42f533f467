"""What the staff read: French by default, English with ``--lang en`` or ``ATELIER_LANG=en``.

Messages are looked up by key; errors by their stable ``code``. A code with no
entry falls back to the error's own English text, so nothing is ever silent.
"""

from __future__ import annotations

import datetime as dt
import os
import string
from typing import Any

from atelier.cli import (
    text_api,
    text_database,
    text_hours,
    text_people,
    text_refusals,
    text_skills,
    text_values,
)
from atelier.cli.formats import MessageFormatter, day_text, month_text, quoted
from atelier.domain.bounds import LANGS
from atelier.domain.errors import AtelierError, FileRejected, Problem


def resolve_lang(value: str | None) -> str:
    """``--lang``, else ``ATELIER_LANG``, else French."""
    lang = (value or os.environ.get("ATELIER_LANG") or "fr").lower()[:2]
    return lang if lang in LANGS else "fr"


STATUS = {
    "quote": ("devis", "quote"),
    "accepted": ("acceptée", "accepted"),
    "in_progress": ("en cours", "in progress"),
    "ready": ("prête à livrer", "ready"),
    "partially_delivered": ("livrée en partie", "partially delivered"),
    "delivered": ("livrée", "delivered"),
    "closed": ("soldée", "closed"),
    "cancelled": ("annulée", "cancelled"),
}

CUSTODY = {
    "total": ("total", "total"),
    "expected": ("attendus", "expected"),
    "received": ("reçus", "received"),
    "in_workshop": ("en atelier", "in workshop"),
    "ready": ("prêts", "ready"),
    "returned": ("rendus", "returned"),
    "missing": ("manquants", "missing"),
    "refused": ("refusés", "refused"),
}

#: The custody state of one item (singular), for item lists.
CUSTODY_ONE = {
    "expected": ("attendu", "expected"),
    "received": ("reçu", "received"),
    "in_workshop": ("en atelier", "in workshop"),
    "ready": ("prêt", "ready"),
    "returned": ("rendu", "returned"),
    "missing": ("manquant", "missing"),
    "refused": ("refusé", "refused"),
}

KINDS = {
    "mediatheque": ("médiathèque", "media library"),
    "library_network": ("réseau de bibliothèques", "library network"),
    "school": ("établissement scolaire", "school"),
    "archive": ("archives", "archive"),
    "town_hall": ("mairie", "town hall"),
    "other": ("autre", "other"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "init.done": ("Base prête ({url}), schéma {revision}. "
                  "Catalogue « {catalogue} » {version} {how}.",
                  "Database ready ({url}), schema {revision}. "
                  "Catalogue “{catalogue}” {version} {how}."),
    "init.installed": ("installé", "installed"),
    "init.kept": ("déjà en place", "already in place"),
    "client.added": ("Collectivité n° {id} enregistrée : {name}.",
                     "Collectivity #{id} registered: {name}."),
    "order.created": ("Commande {ref} créée ({status}), total {total} HT.",
                      "Order {ref} created ({status}), total {total} excl. VAT."),
    "client.none": ("Aucune collectivité.", "No collectivity."),
    "order.none": ("Aucune commande.", "No order."),
    "order.accepted": ("Commande {ref} acceptée.", "Order {ref} accepted."),
    "order.cancelled": ("Commande {ref} annulée.", "Order {ref} cancelled."),
    "import.done": ("{items:|document importé|documents importés} depuis {file} "
                    "({tasks:|tâche créée|tâches créées}).",
                    "{items:|item|items} imported from {file} ({tasks:|task|tasks} created)."),
    "import.again": ("Ce fichier a déjà été importé pour {ref} : rien n'a changé.",
                     "This file was already imported for {ref}: nothing changed."),
    "import.over": ("Attention : ligne {line} ({service}, {format}), {listed} documents "
                    "listés pour {ordered} commandés.",
                    "Warning: line {line} ({service}, {format}), {listed} items listed for "
                    "{ordered} ordered."),
    "status.never_received": ("{n} documents annoncés n'ont jamais été reçus : ils ne font "
                              "partie d'aucune livraison.",
                              "{n} announced items were never received: they are in no "
                              "delivery."),
    "status.never_received_one": ("1 document annoncé n'a jamais été reçu : il ne fait "
                                  "partie d'aucune livraison.",
                                  "1 announced item was never received: it is in no "
                                  "delivery."),
    "placeholders.done": ("{items:|document numéroté créé|documents numérotés créés} pour "
                          "{ref} ({tasks:|tâche|tâches}).",
                          "{items:|numbered placeholder item|numbered placeholder items} "
                          "created for {ref} ({tasks:|task|tasks})."),
    "items.none": ("Aucun document.", "No item."),
    "items.count": ("{n:|document|documents}.", "{n:|item|items}."),
    "catalogue.prices": ("  Prix HT, {format} : ", "  Price excl. VAT, {format}: "),
    "catalogue.price_from": ("{price} dès {n}", "{price} from {n}"),
    "status.items": ("Documents : {n} au total", "Items: {n} in all"),
    "status.delivery": ("Livraison {number} du {on} : {n:|document|documents}.",
                        "Delivery {number} on {on}: {n:|item|items}."),
    "delivery.head": ("Bon de livraison {number} — commande {ref} — livré le {on} — "
                      "{n:|document rendu|documents rendus}",
                      "Delivery note {number} — order {ref} — delivered on {on} — "
                      "{n:|item|items} returned"),
    "scan.prompt": ("Scannez les codes-barres (une ligne vide pour terminer) :",
                    "Scan the barcodes (an empty line to finish):"),
    "receive.done": ("{n:|document reçu|documents reçus} pour {ref}.",
                     "{n:|item|items} received for {ref}."),
    "receive.unknown": ("Absents de cette commande : {codes}",
                        "Not in this order: {codes}"),
    "receive.not_expected": ("Déjà reçus ou plus attendus : {codes}",
                             "Already received or no longer expected: {codes}"),
    "receive.repeated": ("Scannés plusieurs fois (comptés une fois) : {codes}",
                         "Scanned more than once (counted once): {codes}"),
    "work.done": ("{tasks:|tâche enregistrée|tâches enregistrées} « {operation} » pour "
                  "{trainee}, {minutes} min ; {ready:|document terminé|documents terminés}.",
                  "{tasks:|“{operation}” task|“{operation}” tasks} recorded for {trainee}, "
                  "{minutes} min; {ready:|item|items} finished."),
    "check.pass": ("Contrôle « {operation} » validé sur {tasks:|document|documents} ; "
                   "{ready:|terminé|terminés}.",
                   "Check “{operation}” passed on {tasks:|item|items}; {ready} finished."),
    "check.fail": ("Contrôle « {operation} » refusé sur {tasks:|document|documents} : "
                   "à reprendre.",
                   "Check “{operation}” failed on {tasks:|item|items}: to be reworked."),
    "custody.missing": ("{n:|document déclaré manquant|documents déclarés manquants}.",
                        "{n:|item|items} marked missing."),
    "custody.refused": ("{n:|document refusé, rendu|documents refusés, rendus} en l'état.",
                        "{n:|item|items} refused, returned as they are."),
    "deliver.done": ("Bon de livraison {number} : {n:|document rendu|documents rendus} pour "
                     "{ref}.",
                     "Delivery note {number}: {n:|item|items} returned for {ref}."),
    "post.added": ("Poste {code} créé.", "Post {code} created."),
    "trainee.added": ("Salarié·e enregistré·e sous le code {code}.",
                      "Trainee registered under code {code}."),
    "demo.exists": ("{path} existe déjà : choisissez un autre fichier ou ajoutez --force.",
                    "{path} already exists: choose another file or add --force."),
    "demo.done": ("Atelier de démonstration créé dans {path}.",
                  "Demo workshop created in {path}."),
    "demo.next": ("Essayez : atelier --db {path} status {ref}",
                  "Try: atelier --db {path} status {ref}"),
    "error": ("Erreur", "Error"),
    "none": ("aucun", "none"),
}

# Error codes -> (French, English) templates over the error's params.
ERRORS: dict[str, tuple[str, str]] = {
    "file_unusable": ("Fichier inutilisable : {value} ({reason})",
                      "Cannot use the file: {value} ({reason})"),
    "forbidden": ("Le rôle « {role} » ne permet pas cet acte ({action}).",
                  "The role “{role}” does not allow this act ({action})."),
    "role_invalid": ("Rôle inconnu : {value} (admin, supervisor, counsellor ou viewer).",
                     "Unknown role: {value} (admin, supervisor, counsellor or viewer)."),
    "order_not_found": ("Commande introuvable : {key}", "Order not found: {key}"),
    "collectivity_not_found": ("Collectivité introuvable : {key}",
                               "Collectivity not found: {key}"),
    "service_not_found": ("Prestation inconnue du catalogue : {key}",
                          "Service not in the catalogue: {key}"),
    "operation_not_found": ("Opération inconnue du catalogue : {key}",
                            "Operation not in the catalogue: {key}"),
    "trainee_not_found": ("Salarié·e inconnu·e : {key}", "Unknown trainee: {key}"),
    "post_not_found": ("Poste inconnu : {key}", "Unknown post: {key}"),
    "delivery_not_found": ("Bon de livraison introuvable : {key}",
                           "Delivery note not found: {key}"),
    "skill_not_found": ("Compétence inconnue : {key}", "Unknown skill: {key}"),
    "siret_invalid": ("SIRET {value} refusé : {reason}", "SIRET {value} refused: {reason}"),
    "kind_invalid": ("Type de collectivité inconnu : {value} (mediatheque, library_network, "
                     "school, archive, town_hall, other)",
                     "Unknown collectivity kind: {value} (mediatheque, library_network, "
                     "school, archive, town_hall, other)"),
    "line_syntax": ("Ligne de commande illisible : {value} (attendu PRESTATION[:FORMAT]=QUANTITÉ)",
                    "Unreadable order line: {value} (expected SERVICE[:FORMAT]=QUANTITY)"),
    "line_quantity": ("Quantité illisible dans {value}", "Unreadable quantity in {value}"),
    "line_duplicate": ("La prestation {service}:{format} figure deux fois",
                       "Service {service}:{format} appears twice"),
    "format_not_priced": ("La prestation {service} n'a pas de prix pour le format {value}",
                          "Service {service} has no price for format {value}"),
    "due_in_past": ("La date d'échéance {value} est passée", "Due date {value} is in the past"),
    "order_not_quote": ("La commande {ref} n'est pas un devis ({state})",
                        "Order {ref} is not a quote ({state})"),
    "order_is_quote": ("La commande {ref} est encore un devis : acceptez-la d'abord "
                       "(atelier order accept {ref})",
                       "Order {ref} is still a quote: accept it first "
                       "(atelier order accept {ref})"),
    "order_cancelled": ("La commande {ref} est annulée", "Order {ref} is cancelled"),
    "order_has_items": ("La commande {ref} ne peut pas être annulée : l'atelier a déjà pris en "
                        "charge {count:|document|documents}",
                        "Order {ref} cannot be cancelled: the workshop has handled "
                        "{count:|item|items}"),
    "order_changed": ("La commande {ref} a été modifiée entre-temps par quelqu'un d'autre : "
                      "rechargez et recommencez",
                      "Order {ref} was changed meanwhile by someone else: reload and retry"),
    "stale_write": ("{count:|élément modifié|éléments modifiés} entre-temps par quelqu'un "
                    "d'autre : "
                    "rien n'a été enregistré, recommencez",
                    "{count:|record|records} changed meanwhile by someone else: nothing was "
                    "saved, "
                    "try again"),
    "concurrent_write": ("Quelqu'un d'autre a enregistré la même chose au même moment : "
                         "rien n'a été enregistré, recommencez",
                         "Someone else wrote the same thing at the same moment: nothing was "
                         "saved, try again"),
    "custody_move_refused": ("Document {barcode} : impossible de passer de « {current} » à "
                             "« {target} »",
                             "Item {barcode}: cannot go from {current} to {target}"),
    "reason_required": ("Un motif est obligatoire (--reason)", "A reason is required (--reason)"),
    "nothing_ready": ("Aucun document n'est prêt pour l'opération {operation}",
                      "No item is ready for operation {operation}"),
    "nothing_to_deliver": ("La commande {ref} n'a aucun document terminé à livrer",
                           "Order {ref} has no finished item to deliver"),
    "operation_is_checkpoint": ("L'opération {operation} est un contrôle qualité : utilisez "
                                "atelier work check",
                                "Operation {operation} is a quality check: use "
                                "atelier work check"),
    "operation_not_checkpoint": ("L'opération {operation} n'est pas un contrôle qualité",
                                 "Operation {operation} is not a quality check"),
    "defect_unknown": ("Un contrôle refusé demande un code défaut du catalogue ({reason})",
                       "A failed check needs a defect code of the catalogue ({reason})"),
    "service_ambiguous": ("Ces documents attendent le contrôle {operation} dans plusieurs "
                          "prestations ({services}) : précisez laquelle avec --service",
                          "These items wait for check {operation} in several services "
                          "({services}): name one with --service"),
    "service_not_ordered": ("La commande n'a pas de ligne pour la prestation {value}",
                            "The order has no line for service {value}"),
    "no_catalogue": ("Aucun catalogue chargé : lancez « atelier init »",
                     "No catalogue loaded: run `atelier init`"),
    "no_barcodes": ("Aucun code-barres reçu", "No barcode given"),
    "barcode_invalid": ("Code-barres illisible : {value}", "Unreadable barcode: {value}"),
    "post_held": ("Le poste {post} est occupé par {trainee}", "Post {post} is held by {trainee}"),
    "post_exists": ("Le poste {value} existe déjà", "Post {value} already exists"),
    "trainee_inactive": ("{trainee} n'est plus en poste", "{trainee} is no longer active"),
    "catalogue_invalid": ("Catalogue {source} refusé, clé « {key} » : {reason}",
                          "Catalogue {source} refused, key “{key}”: {reason}"),
    "blank": ("{field} : ne doit pas être vide (rien que des espaces)",
              "{field}: must not be blank (only spaces)"),
    "items_over_quantity": ("Liste refusée : la ligne {line} ({service}, {format}) aurait "
                            "{listed} documents pour {ordered} commandés, plus de {limit} fois "
                            "la quantité (au plus {most}) ; rien n'a été enregistré "
                            "(--overflow-limit pour accepter davantage)",
                            "List refused: line {line} ({service}, {format}) would hold "
                            "{listed} items for {ordered} ordered, more than {limit} times the "
                            "quantity (at most {most}); nothing was saved (--overflow-limit to "
                            "accept more)"),
    "file_rejected": ("{source} refusé : {count:|problème|problèmes}, rien n'a été enregistré",
                      "{source} refused: {count:|problem|problems}, nothing was saved"),
}

# The texts of the People commands live in their own modules, merged here.
for _texts in (text_people, text_hours, text_skills, text_api, text_values, text_database,
               text_refusals):
    MESSAGES.update(_texts.MESSAGES)
    ERRORS.update(_texts.ERRORS)


def t(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; ``{n:|one|many}`` in a
    template is a count with its noun agreed (:class:`MessageFormatter`)."""
    fr, en = MESSAGES[key]
    return fill(fr if lang == "fr" else en, lang, params)


def fill(template: str, lang: str, params: dict[str, Any]) -> str:
    """``template`` formatted with ``params``, plurals agreed in ``lang``."""
    if type(template) is not str:  # a template object with its own rules (_RuleText)
        return template.format(**params)
    return MessageFormatter(lang).vformat(template, (), params)


def label(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """A translated label (status, custody state, kind), or the code itself."""
    pair = table.get(code)
    return code if pair is None else pair[0 if lang == "fr" else 1]


def problem_text(problem: Problem, lang: str) -> str:
    """One problem as a line: where (line, field), why, and the value."""
    from atelier.cli.text_reasons import PROBLEM_REASONS  # (its patterns: a refused file)

    reason = problem.reason
    if lang == "fr":
        for pattern, french in PROBLEM_REASONS:
            if pattern.match(reason):
                reason = pattern.sub(french, reason)
                break
    where = ""
    if problem.line is not None:
        where = f"ligne {problem.line}, " if lang == "fr" else f"line {problem.line}, "
    field = f"champ « {problem.field} »" if lang == "fr" else f"field '{problem.field}'"
    value = f" ({quoted(problem.value)})" if problem.value not in (None, "") else ""
    separator = " : " if lang == "fr" else ": "
    return f"{where}{field}{separator}{reason}{value}"


def _param_text(key: str, value: Any, lang: str) -> Any:
    """An error's parameter as a person reads it: a month by its name, a day with its
    4-digit year, text quoted (cut, control characters visible), numbers unchanged."""
    if isinstance(value, dt.date):
        return day_text(value if not isinstance(value, dt.datetime) else value.date(), lang)
    if isinstance(value, str):
        return month_text(value, lang) if key == "month" else quoted(value)
    return value


def _family_template(error: AtelierError) -> tuple[str, str] | None:
    """The text of the error's family (``invalid_input``, ``not_found``…) when its own
    code has none, provided the error carries every value that text names: a person
    reads their language rather than the library's English."""
    for klass in type(error).__mro__:
        code = klass.__dict__.get("code")
        template = ERRORS.get(code) if isinstance(code, str) else None
        if template is not None:
            names = {name for _, name, _, _ in string.Formatter().parse(template[0]) if name}
            return template if names <= error.params.keys() else None
    return None


def error_text(error: AtelierError, lang: str) -> str:
    """An error as the staff should read it, every problem on its own line."""
    template = ERRORS.get(error.code) or _family_template(error)
    if template is None:
        head = str(error).splitlines()[0] if lang == "en" or not error.params else str(error)
        if isinstance(error, FileRejected):
            head = f"{error.source}"
        head = "\n".join(quoted(part, 400) for part in head.splitlines())
    else:
        # Values typed or stored are quoted readably: a pasted page is cut, an escape
        # sequence cannot reach the terminal.
        params = {k: _param_text(k, v, lang) for k, v in error.params.items()}
        try:
            head = fill(template[0 if lang == "fr" else 1], lang, params)
        except (KeyError, IndexError, ValueError):
            head = quoted(str(error), 400)
    if isinstance(error, FileRejected):
        lines = [problem_text(p, lang) for p in error.problems[:200]]
        more = len(error.problems) - len(lines)
        if more > 0:
            lines.append(f"… {more} de plus" if lang == "fr" else f"… {more} more")
        source = quoted(error.source, 200)
        return "\n".join([head, *(f"  {source}: {ln}" for ln in lines)])
    return head
