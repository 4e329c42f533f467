"""The list of books of an order, as a library system exports it (CSV).

A médiathèque sends the workshop the items of an order exported from Koha,
PMB, Orphée…: one row per book, with at least its barcode. Such files come
``;``- or ``,``- or tab-separated, in UTF-8 (often with a BOM) or Windows-1252,
with French or system-specific column names.

:class:`ItemFileReader` reads one such file in two passes, in memory that does
not grow with the number of rows (except the index of barcodes already seen,
needed to refuse duplicates):

1. a binary pass in chunks computes the SHA-256 of the bytes, refuses binary
   junk and finds the encoding (UTF-8, else Windows-1252, else refused);
2. iterating the reader parses the rows with the :mod:`csv` module, streams
   the good ones as :class:`ItemRow` and records every bad one in
   :attr:`ItemFileReader.problems`.

File-level faults raise :class:`~atelier.domain.errors.FileRejected` at
construction. Row faults never raise: the caller decides, after iterating,
what to do with :attr:`ItemFileReader.problems` (:func:`read_item_file`
refuses the whole file if there is any).

The process-wide ``csv.field_size_limit`` is left as it is: values are
capped here instead (:data:`MAX_VALUE_CHARS`, :data:`MAX_RECORD_CHARS`), so
memory stays bounded even if other code raised that limit.
"""

from __future__ import annotations

from atelier.importing.item_file.columns import MAX_COLUMNS
from atelier.importing.item_file.lines import MAX_RECORD_CHARS
from atelier.importing.item_file.reader import MAX_PROBLEMS, ItemFileReader, read_item_file
from atelier.importing.item_file.values import MAX_BARCODE_CHARS, MAX_VALUE_CHARS, ItemRow

__all__ = [
    "MAX_BARCODE_CHARS",
    "MAX_COLUMNS",
    "MAX_PROBLEMS",
    "MAX_RECORD_CHARS",
    "MAX_VALUE_CHARS",
    "ItemFileReader",
    "ItemRow",
    "read_item_file",
]
