"""The reasons a reader gives for a refused row of a file (in English, from the library)
and their French: regexes, so that the values inside a reason survive; a reason not
listed is shown as it is.

Used by :func:`atelier.cli.i18n.problem_text`.
"""

from __future__ import annotations

import re

PROBLEM_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^already in the order$"), "déjà dans la commande"),
    (re.compile(r"^already in open order (\S+) of the same collectivity \(.*\)$"),
     r"déjà dans la commande \1, en cours, de la même collectivité (--allow-shared pour "
     r"l'importer quand même)"),
    (re.compile(r"^no item after the header$"),
     "aucun document après l'en-tête (export vide ?)"),
    (re.compile(r"^not an item of this order$"), "pas un document de cette commande"),
    (re.compile(r"^duplicate barcode, first on line (\d+)$"),
     r"code-barres en double, déjà ligne \1"),
    (re.compile(r"^empty barcode$"), "code-barres vide"),
    (re.compile(r"^barcode longer than (\d+) characters$"),
     r"code-barres de plus de \1 caractères"),
    (re.compile(r"^barcode contains whitespace or control characters$"),
     "le code-barres contient des espaces ou des caractères de contrôle"),
    (re.compile(r"^barcode in scientific notation \(mangled by a spreadsheet\)$"),
     "code-barres en notation scientifique (abîmé par un tableur)"),
    (re.compile(r"^invalid ISBN: bad check digit$"), "ISBN invalide : clé de contrôle fausse"),
    (re.compile(r"^invalid ISBN: bad length$"), "ISBN invalide : longueur incorrecte"),
    (re.compile(r"^invalid ISBN: not an ISBN$"), "ce n'est pas un ISBN"),
    (re.compile(r"^invalid ISBN$"), "ISBN invalide"),
    (re.compile(r"^unknown format \(known: (.*)\)$"), r"format inconnu (connus : \1)"),
    (re.compile(r"^unknown service (.*)$"), r"prestation inconnue \1"),
    (re.compile(r"^(\d+) fields but the header has (\d+)$"),
     r"\1 champs alors que l'en-tête en a \2"),
    (re.compile(r"^value longer than (\d+) characters$"), r"valeur de plus de \1 caractères"),
    (re.compile(r"^file is empty$"), "fichier vide"),
    (re.compile(r"^file not found$"), "fichier introuvable"),
    (re.compile(r"^not a text file$"), "ce n'est pas un fichier texte (fichier binaire ?)"),
    (re.compile(r"^no header on line 1$"), "pas d'en-tête en ligne 1"),
    (re.compile(r"^more than (\d+) columns$"), r"plus de \1 colonnes"),
    (re.compile(r"^no barcode column \(expected one of (.*)\)$"),
     r"pas de colonne de codes-barres (attendu : \1)"),
    (re.compile(r"^two columns for (\w+): (.*)$"), r"deux colonnes pour \1 : \2"),
    (re.compile(r"^neither UTF-8 \(from line (\d+)\) nor Windows-1252$"),
     r"ni UTF-8 (dès la ligne \1) ni Windows-1252 : enregistrez le fichier en CSV UTF-8"),
    (re.compile(r"^UTF-16 text is not supported: save it as CSV in UTF-8$"),
     "texte UTF-16 non pris en charge : enregistrez le fichier en CSV UTF-8"),
    (re.compile(r"^file changed while being read.*$"), "le fichier a changé pendant la lecture"),
    (re.compile(r"^unreadable CSV: (.*)$"), r"CSV illisible : \1"),
    (re.compile(r"^cannot be read (.*)$"), r"illisible \1"),
    (re.compile(r"^the order has no line for service (\S+) in format (\S+)$"),
     r"la commande n'a pas de ligne pour la prestation \1 au format \2"),
    (re.compile(r"^the order has no line for service (\S+)$"),
     r"la commande n'a pas de ligne pour la prestation \1"),
    (re.compile(r"^the order has no line for format (\S+)$"),
     r"la commande n'a pas de ligne au format \1"),
    (re.compile(r"^the order has several formats for service (\S+): give the format$"),
     r"la commande a plusieurs formats pour \1 : indiquez le format"),
    (re.compile(r"^no operation (\S+) for this item$"), r"pas d'opération \1 pour ce document"),
    (re.compile(r"^operation (\S+) is (.+), not ready$"), r"l'opération \1 est « \2 », pas prête"),
]
