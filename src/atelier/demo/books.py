"""The demo's books: sample titles, authors and ISBNs, and the item lists they travel in.

Books are drawn at random (with the demo's seeded generator) and written as
the files library systems export: Koha in UTF-8, PMB in Windows-1252.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Mapping, MutableMapping, Sequence
from pathlib import Path

import attrs

_TITLES = (
    "La Maison des embruns", "Un hiver à Ouessant", "Les Oiseaux de l'Iroise",
    "Le Phare du bout du monde", "Marée basse à Landévennec", "La Route des enclos",
    "Le Secret de l'aber", "Les Gardiens de la lande", "Nuits de tempête",
    "Le Goémonier", "L'Île aux mille phares", "Histoire de la rade de Brest",
    "Les Filles du port", "Le Dernier Sonneur", "Sous les ardoises",
    "Petite histoire des chapelles", "La Baleine de Molène", "Trois jours à Camaret",
    "Le Chemin des douaniers", "Cuisine des côtes bretonnes", "Le Cheval de Kerlouan",
    "Les Sardinières", "Une saison au Conquet", "Le Loup des monts d'Arrée",
    "L'Écume des jours ordinaires", "Le Bateau de papier", "Contes de la mer d'Iroise",
    "La Forêt d'Huelgoat", "Le Voyage de Maëlle", "Mon premier atlas des océans",
    "Les Étoiles de Plouguerneau", "Dix nouvelles du Léon", "Le Grand Livre des marées",
    "Bienvenue à Kerbrat", "La Fête des brodeuses", "Les Enquêtes du commissaire Le Du",
    "Le Petit Peuple des dunes", "Jardins de bord de mer", "La Cité engloutie",
    "Atlas des mammifères marins", "Le Retour du pêcheur", "Des crêpes pour Noz",
)
_AUTHORS = (
    "Le Gall, Anne", "Kerbrat, Yann", "Morvan, Soazig", "Nguyen, Thi", "Benali, Karim",
    "Guéguen, René", "Tanguy, Maëlle", "Quéré, Loïc", "Abgrall, Nolwenn", "Diallo, Aminata",
    "Le Roux, Erwan", "Caradec, Jeanne", "Moreau, Lucie", "Riou, Fañch", "Salaün, Gaëlle",
    "Bernard, Hugo", "Cloarec, Mona", "Lemoine, Inès", "Jaouen, Pierre", "Kervella, Rozenn",
)
_DOC_TYPES: Mapping[str, tuple[str, ...]] = {
    "poche": ("Roman", "Roman policier", "Roman"),
    "standard": ("Roman", "Documentaire", "Bande dessinée", "Roman ado"),
    "grand": ("Album jeunesse", "Bande dessinée", "Beau livre"),
}
_CALL_PREFIX: Mapping[str, str] = {
    "Roman": "R", "Roman policier": "RP", "Roman ado": "JR", "Bande dessinée": "BD",
    "Album jeunesse": "A", "Beau livre": "779",
}
_DEWEY = ("914.41", "944.1", "551.46", "598.1", "641.59", "387.2", "599.5", "398.2")


@attrs.frozen
class _Book:
    """One row of an item list."""

    barcode: str
    title: str
    author: str
    isbn: str
    call_number: str
    doc_type: str
    format: str


def _isbn13(rng: random.Random) -> str:
    """A valid ISBN-13 of the French-language group (978-2-…)."""
    body = "9782" + "".join(str(rng.randrange(10)) for _ in range(8))
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _draw_books(rng: random.Random, sequences: MutableMapping[str, int], prefix: str,
                formats: Mapping[str, int]) -> list[_Book]:
    """Random books with the collectivity's barcodes (``prefix`` + sequence).

    ``sequences`` holds the last sequence number used for each prefix, and is updated.
    """
    fmts = [f for f, n in formats.items() for _ in range(n)]
    rng.shuffle(fmts)
    out: list[_Book] = []
    for fmt in fmts:
        seq = sequences.get(prefix, 0) + 1
        sequences[prefix] = seq
        author = rng.choice(_AUTHORS)
        doc_type = rng.choice(_DOC_TYPES[fmt])
        surname = author.split(",")[0].replace(" ", "").upper()[:3]
        call = (f"{rng.choice(_DEWEY)} {surname}" if doc_type == "Documentaire"
                else f"{_CALL_PREFIX[doc_type]} {surname}")
        isbn = "" if rng.random() < 0.08 else _isbn13(rng)
        out.append(_Book(barcode=f"{prefix}{seq:06d}", title=rng.choice(_TITLES),
                         author=author, isbn=isbn, call_number=call, doc_type=doc_type,
                         format=fmt))
    return out


def _write_koha(path: Path, books: Sequence[_Book]) -> Path:
    """A Koha report export: ``;``-separated UTF-8 with BOM, Windows line ends."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        out.writerow(["Code-barres", "Titre", "Auteur", "ISBN", "Cote", "Type de document",
                      "Format"])
        for b in books:
            out.writerow([b.barcode, b.title, b.author, b.isbn, b.call_number, b.doc_type,
                          b.format])
    return path


def _write_pmb(path: Path, books: Sequence[_Book]) -> Path:
    """A PMB export: ``;``-separated Windows-1252, PMB's own column names, no format."""
    with path.open("w", encoding="cp1252", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        out.writerow(["cb", "tit1", "aut", "code", "cote", "typdoc"])
        for b in books:
            out.writerow([b.barcode, b.title, b.author, b.isbn, b.call_number, b.doc_type])
    return path
