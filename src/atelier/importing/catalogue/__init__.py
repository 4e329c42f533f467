"""Read a catalogue file (TOML) into the domain :class:`~atelier.domain.catalogue.Catalogue`.

A catalogue is data: the bookbinding workshop's catalogue ships with the
package (:func:`default_catalogue`), another structure brings its own file
(:func:`load_catalogue`). The format::

    [catalogue]
    code = "reliure"                 # a code: ^[a-z0-9][a-z0-9_-]*$
    name = "Reliure, couvrage et équipement de documents"
    version = "2026.1"

    [[formats]]
    code = "poche"
    name = "Poche"

    [[skills]]
    code = "film_cut"
    name = "Découper le film adhésif aux dimensions"
    kind = "technical"               # or "transversal"
    reference = "ROME B1402"         # optional

    [[defects]]                      # optional: codes a failed quality check may give
    code = "bubble"
    label = "Bulles sous le film"

    [[evidence]]                     # optional: when production suggests a level
    level = 3                        # 1 to 4, once each
    min_items = 30                   # items worked, at least 1
    min_pass_rate = 0.95             # share of quality checks passed, 0 to 1
    autonomous_only = true           # optional: only work without a supervisor counts

    [[services]]
    code = "couvrage"
    name = "Couvrage avec film adhésif"
    category = "protection"          # one of SERVICE_CATEGORIES
    description = "..."              # optional

      [[services.operations]]        # the routing, in order; at least one
      code = "clean"
      name = "Nettoyer le document"
      standard_minutes = 1.5         # per item, > 0
      skill = "cleaning"             # a code of [[skills]]
      min_level = 1                  # 0 to 4
      checkpoint = false             # optional; never on the first operation

      [services.prices]              # format code -> price breaks, in integer cents
      poche = [ { from = 1, cents = 180 }, { from = 100, cents = 160 } ]

Without ``[[evidence]]`` the thresholds of
:data:`~atelier.domain.catalogue.DEFAULT_EVIDENCE` apply; ``evidence = []``
turns suggestions off.

A file that cannot be used is refused whole with one
:class:`~atelier.domain.errors.CatalogueError` naming the file and the exact
key (e.g. ``services[2].operations[1].min_level``) of the first problem found.
Unknown keys are refused too, so that a typo never passes silently.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from atelier.domain.catalogue import Catalogue
from atelier.domain.errors import CatalogueError
from atelier.importing.catalogue.reader import CODE_PATTERN, KeyReader
from atelier.importing.catalogue.sections import read_catalogue

__all__ = [
    "CODE_PATTERN",
    "default_catalogue",
    "default_catalogue_path",
    "load_catalogue",
    "parse_catalogue",
    "read_catalogue_text",
]

_DEFAULT_FILE = "bookbinding.toml"


def load_catalogue(path: str | os.PathLike[str]) -> Catalogue:
    """Read and check the catalogue file at ``path``.

    The file must be UTF-8 TOML (a leading byte-order mark is tolerated).
    Raises :class:`~atelier.domain.errors.CatalogueError` whose ``source`` is
    ``path`` as given: key ``file`` if it cannot be read, ``toml`` if it is not
    valid UTF-8 TOML, otherwise the key of the first problem found.
    """
    source = os.fspath(path)
    return parse_catalogue(read_catalogue_text(path), source)


def read_catalogue_text(path: str | os.PathLike[str]) -> str:
    """The text of the catalogue file at ``path`` (UTF-8), or
    :class:`~atelier.domain.errors.CatalogueError` naming the file: key ``file`` if it
    cannot be read, ``toml`` if it is not UTF-8."""
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogueError(
            source, "file", f"cannot read the file: {exc.strerror or exc}"
        ) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            source, "toml", f"not UTF-8 text (line {line}); save the file as UTF-8"
        ) from exc


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Check the TOML ``text`` of a catalogue and build the :class:`Catalogue`.

    ``source`` names the text in errors (usually the file name). Raises
    :class:`~atelier.domain.errors.CatalogueError` with key ``toml`` for a
    syntax error (the reason carries tomllib's line and column), or the exact
    key of the first problem found.
    """
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(source, "toml", f"not valid TOML: {exc}") from exc
    return read_catalogue(KeyReader(source), data)


def default_catalogue_path() -> Path:
    """The path of the catalogue shipped with atelier (Prélude's bookbinding workshop)."""
    # The shipped catalogues are package data of ``atelier`` itself
    # (``atelier/catalogues``), two levels above this reader.
    return Path(__file__).resolve().parents[2] / "catalogues" / _DEFAULT_FILE


def default_catalogue() -> Catalogue:
    """The catalogue shipped with atelier, loaded (and checked) afresh on each call."""
    return load_catalogue(default_catalogue_path())
