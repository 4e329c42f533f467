"""French and English texts of the errors on a single value, raised by
:mod:`atelier.domain.bounds` wherever the value comes from (an option, a file, a
request): empty or too long text, a control character, a number or a day out of
range, a word outside its vocabulary.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}

ERRORS: dict[str, tuple[str, str]] = {
    "not_text": ("{field} : du texte est attendu ({value})",
                 "{field}: text is expected ({value})"),
    "empty": ("{field} : ne doit pas être vide", "{field}: must not be empty"),
    "too_long": ("{field} : {limit} caractères au plus", "{field}: at most {limit} characters"),
    "nul_character": ("{field} : un caractère nul ({character}) n'est pas du texte",
                      "{field}: a NUL character ({character}) is not text"),
    "control_character": ("{field} : un caractère de contrôle ({character}) n'est pas du "
                          "texte",
                          "{field}: a control character ({character}) is not text"),
    "number_range": ("{field} : un nombre de {low} à {high} est attendu ({value})",
                     "{field}: a number from {low} to {high} is expected ({value})"),
    "id_range": ("{field} : un numéro de {low} à {high} est attendu ({value})",
                 "{field}: a number from {low} to {high} is expected ({value})"),
    "count_range": ("{field} : un nombre de {low} à {high} est attendu ({value})",
                    "{field}: a number from {low} to {high} is expected ({value})"),
    "limit_range": ("{field} : un nombre de {low} à {high} est attendu ({value})",
                    "{field}: a number from {low} to {high} is expected ({value})"),
    "offset_range": ("{field} : un nombre de {low} à {high} est attendu ({value})",
                     "{field}: a number from {low} to {high} is expected ({value})"),
    "day_range": ("{field} : une date du {low} au {high} est attendue ({value})",
                  "{field}: a day from {low} to {high} is expected ({value})"),
    "too_many": ("{field} : {limit} au plus", "{field}: at most {limit}"),
    "path_invalid": ("{field} : un chemin de fichier est attendu ({value})",
                     "{field}: a file's path is expected ({value})"),
    "status_invalid": ("{field} : « {value} » inconnu (attendu : {choices})",
                       "{field}: unknown “{value}” (expected: {choices})"),
    "order_state_invalid": ("{field} : « {value} » inconnu (attendu : {choices})",
                            "{field}: unknown “{value}” (expected: {choices})"),
    "custody_invalid": ("{field} : « {value} » inconnu (attendu : {choices})",
                        "{field}: unknown “{value}” (expected: {choices})"),
    "contention": ("Un autre acte modifiait les mêmes données au même moment : rien n'a été "
                   "enregistré, recommencez",
                   "Another act was changing the same data at the same moment: nothing was "
                   "saved, try again"),
}
