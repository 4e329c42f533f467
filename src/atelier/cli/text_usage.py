"""Click's own usage errors (unknown option, bad choice, missing argument) in French.

Click phrases these itself, in English; the ``atelier`` group passes them
through :func:`usage_text` so a supervisor reads them in the staff's language.
"""

from __future__ import annotations

import re

#: Click's own usage errors (unknown option, bad choice…), in French.
USAGE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing option '(.+)'\.?$"), r"option obligatoire manquante : « \1 »"),
    (re.compile(r"^Missing argument '(.+)'\.?$"), r"argument manquant : « \1 »"),
    (re.compile(r"^No such option:? '?([^'\s.]+)'?\.?(?: Did you mean '?([^'?]+)'?\?)?$"),
     r"option inconnue : « \1 »"),
    (re.compile(r"^No such command '(.+?)'\.?(?: Did you mean '?([^'?]+)'?\?)?$"),
     r"commande inconnue : « \1 »"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), r"argument en trop : \1"),
    (re.compile(r"^Option '(.+)' requires an argument\.?$"),
     r"l'option « \1 » attend une valeur"),
]

#: Why a value was refused by click, in French (the part after "Invalid value for X:").
USAGE_VALUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^'(.*)' is not one of (.+?)\.?$"), r"« \1 » n'est pas l'une des valeurs \2"),
    (re.compile(r"^'(.*)' is not a valid integer(?: range)?\.?$"),
     r"« \1 » n'est pas un nombre entier"),
    (re.compile(r"^'(.*)' is not a valid float(?: range)?\.?$"), r"« \1 » n'est pas un nombre"),
    (re.compile(r"^'(.*)' does not match the formats? (.+?)\.?$"),
     r"« \1 » ne correspond pas au format \2"),
    (re.compile(r"^(.+) is not in the range (.+?)\.?$"), r"\1 n'est pas dans l'intervalle \2"),
    (re.compile(r"^(?:File|Path|Directory) '(.+)' does not exist\.?$"),
     r"« \1 » n'existe pas"),
]


def usage_text(message: str, lang: str) -> str:
    """A usage error of click (bad option, bad value) in ``lang``."""
    if lang != "fr":
        return message
    found = re.match(r"^Invalid value for (.+?): (.+)$", message, re.S)
    if found:
        reason = found.group(2)
        for pattern, french in USAGE_VALUES:
            if pattern.match(reason):
                reason = pattern.sub(french, reason)
                break
        return f"valeur invalide pour {found.group(1)} : {reason}"
    for pattern, french in USAGE_ERRORS:
        matched = pattern.match(message)
        if matched:
            text = pattern.sub(french, message)
            guess = matched.groups()[1] if len(matched.groups()) > 1 else None
            return text + (f" (vouliez-vous dire « {guess} » ?)" if guess else "")
    return message
