"""French and English texts of refusals that had only the library's English: impossible
dates, quantities, order lines, steps of the work, the demo's preconditions, and the
generic families (a code no other table names falls back to its family's text here, so
that a person never reads English under ``--lang fr``).

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}

ERRORS: dict[str, tuple[str, str]] = {
    "date_no_such_day": ("{field} : la date {value} n'existe pas ({month} compte {days} jours)",
                         "{field}: the date {value} does not exist ({month} has {days} days)"),
    "date_no_such_month": ("{field} : la date {value} n'existe pas (il n'y a pas de mois "
                           "{month})", "{field}: the date {value} does not exist (there is no "
                           "month {month})"),
    "month_range": ("{field} : un mois de {low} à {high} est attendu ({value})",
                    "{field}: a month from {low} to {high} is expected ({value})"),
    "quantity_range": ("Quantité hors limites : de 1 à 1 000 000 ({value})",
                       "Quantity out of range: 1 to 1,000,000 ({value})"),
    "no_lines": ("Une commande a au moins une ligne (--line PRESTATION:FORMAT=QUANTITÉ)",
                 "An order needs at least one line (--line SERVICE:FORMAT=QUANTITY)"),
    "format_not_ordered": ("La commande n'a aucune ligne au format {value}",
                           "The order has no line in format {value}"),
    "task_not_ready": ("Document {barcode} : l'opération {operation} n'est pas prête "
                       "({status})", "Item {barcode}: operation {operation} is {status}, "
                       "not ready for work"),
    "no_previous_step": ("L'opération {operation} n'a pas d'étape avant elle à reprendre",
                         "Operation {operation} has no step before it to rework"),
    "actor_invalid": ("Nom de la personne qui agit ({field}) : sans espace au début, à la fin "
                      "ni en double ({value})", "Name of who acts ({field}): no leading, "
                      "trailing or repeated spaces ({value})"),
    "door_invalid": ("Porte d'entrée inconnue : {value}", "Unknown door: {value}"),
    "chorus_code_invalid": ("Code service Chorus Pro : 1 à 100 lettres, chiffres ou _-./ "
                            "({value})", "Chorus Pro service code: 1 to 100 letters, digits "
                            "or _-./ ({value})"),
    "contacts_invalid": ("Contacts : une liste de contacts est attendue",
                         "Contacts: a list of contacts is expected"),
    "demo_needs_bookbinding": ("La démonstration a besoin du catalogue de reliure (catalogue "
                               "actif : {catalogue})", "The demo needs the bookbinding "
                               "catalogue (active: {catalogue})"),
    "workshop_not_empty": ("La démonstration ne remplit qu'un atelier vide : celui-ci contient "
                           "déjà des données", "The demo fills an empty workshop only: this "
                           "one holds data"),
    "idempotency_in_progress": ("Une autre demande avec cette clé d'idempotence est en cours : "
                                "rien n'a été fait, renvoyez-la dans un instant",
                                "Another request with this Idempotency-Key is under way: "
                                "nothing was done, send it again in a moment"),
    "idempotency_key_invalid": ("Clé d'idempotence : de 1 à 255 caractères ({value})",
                                "Idempotency-Key: 1 to 255 characters ({value})"),
    "idempotency_key_reused": ("Cette clé d'idempotence a servi pour une autre demande "
                               "({value})", "This Idempotency-Key was used for another "
                               "request ({value})"),
    "request_hash_invalid": ("Empreinte de la demande : 64 chiffres hexadécimaux",
                             "Request hash: 64 hexadecimal digits"),
    "response_status_range": ("Statut HTTP : de 100 à 599 ({value})",
                              "HTTP status: 100 to 599 ({value})"),
    "body_invalid": ("Réponse gardée : du texte sans caractère de contrôle, de taille bornée",
                     "Kept answer: text without control characters, of bounded size"),
    "not_authenticated": ("Jeton absent ou non valable", "Missing or invalid token"),
    "catalogue_not_found": ("Catalogue introuvable : {key}", "Catalogue not found: {key}"),
    "defect_not_found": ("Défaut inconnu du catalogue : {key}",
                         "Defect not in the catalogue: {key}"),
    # The families: what a code without a text of its own falls back to.
    "invalid_input": ("{field} : valeur refusée ({value})", "{field}: value refused ({value})"),
    "not_found": ("Introuvable : {what} {key}", "Not found: {what} {key}"),
    "rule_violation": ("Refusé par les règles de l'atelier", "Refused by the workshop's rules"),
    "conflict": ("Quelqu'un d'autre a modifié la même chose en même temps : rechargez et "
                 "réessayez", "Someone else changed the same thing at the same time: reload "
                 "and try again"),
    "database_unusable": ("La base {url} ne peut pas être utilisée telle quelle",
                          "The database {url} cannot be used as it is"),
}
