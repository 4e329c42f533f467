"""Monthly hours and insertion hours per order as CSV that a French Excel opens as is.

``;`` between fields, UTF-8 with a byte-order mark (without it Excel reads
Windows-1252 and mangles "Salarié·e"), CRLF line ends, headers in French.
Minutes stay exact integers; hours are given beside them with a decimal comma.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from atelier.domain.attendance import SHOWN_REASONS
from atelier.domain.errors import InvalidInput
from atelier.domain.hours import ACTIVITIES, MonthHours
from atelier.domain.order_hours import OrderHours

ACTIVITY_HEADERS = {"operation": "Opérations (min)", "training": "Formation (min)",
                    "cleaning": "Nettoyage (min)", "non_productive": "Non productif (min)"}
ABSENCE_HEADERS = {"visit": "parloir", "medical": "médical", "court": "audience",
                   "lawyer": "avocat", "training": "formation", "transfer": "transfert",
                   "release": "libération", "workshop_closed": "atelier fermé",
                   "lockdown": "blocage", "sick": "maladie", "other": "autre",
                   "justified": "justifiées"}  # the reasons a reader may not see, together

MONTH_HEADER = ("Mois", "Salarié·e (code)", "Présence (min)", "Corrections (min)",
                "Total (min)", "Total (heures)",
                *(ACTIVITY_HEADERS[a] for a in ACTIVITIES), "Non affecté (min)",
                *(f"Absences {ABSENCE_HEADERS[r]} (demi-journées)" for r in SHOWN_REASONS),
                "Absences (min)", "Mois validé", "Jours à rapprocher")
ORDER_HEADER = ("Commande", "Collectivité", "Marché réservé", "Travail enregistré (min)",
                "Pointages (min)", "Total (min)", "Total (heures)")


def hours_decimal(minutes: int) -> str:
    """Minutes as hours with two decimals and a decimal comma: ``151,67``."""
    sign = "-" if minutes < 0 else ""
    hundredths = (abs(minutes) * 100 + 30) // 60  # rounded half up, in integers
    return f"{sign}{hundredths // 100},{hundredths % 100:02d}"


def _text(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def month_rows(figures: Iterable[MonthHours]) -> Iterable[tuple[str | int, ...]]:
    """The month's rows (header first), one per trainee."""
    yield MONTH_HEADER
    for m in figures:
        absent = m.absences
        yield (m.month, _text(m.trainee), m.attended_minutes, m.corrections_minutes,
               m.total_minutes, hours_decimal(m.total_minutes),
               *(m.activities.get(a, 0) for a in ACTIVITIES), m.unallocated_minutes,
               *(absent[r].sessions if r in absent else 0 for r in SHOWN_REASONS),
               sum(a.minutes for a in m.absences.values()), "oui" if m.locked else "non",
               " ".join(d.isoformat() for d in m.days_to_reconcile))


def order_rows(orders: Iterable[OrderHours]) -> Iterable[tuple[str | int, ...]]:
    """The insertion hours rows (header first), one per order."""
    yield ORDER_HEADER
    for o in orders:
        yield (_text(o.order), _text(o.collectivity), "oui" if o.reserved_contract else "non",
               o.work_minutes, o.entry_minutes, o.total_minutes, hours_decimal(o.total_minutes))


def to_text(rows: Iterable[Sequence[str | int]]) -> str:
    """The rows as CSV text (without the byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def write_rows(rows: Iterable[Sequence[str | int]], path: str | os.PathLike[str]) -> int:
    """Write the rows to ``path`` (UTF-8 with BOM); returns the number of data rows.

    A file that cannot be written (missing folder, no permission, a folder of
    that name, disk full) is refused with InvalidInput ``file_unwritable``,
    leaving nothing behind.
    """
    materialised = list(rows)
    target = Path(path)
    if not target.name:  # "." or "/": a folder, not a file's name
        raise InvalidInput("csv", "cannot write the file: a folder is not a file",
                           value=str(path), code="file_unwritable", error="is a folder")
    partial = target.with_name(target.name + ".part")
    try:
        # Written aside then renamed: a spreadsheet never opens half a file.
        partial.write_text(to_text(materialised), encoding="utf-8-sig", newline="")
        partial.replace(target)
    except OSError as err:
        with contextlib.suppress(OSError):  # a half-written copy must not stay behind
            partial.unlink(missing_ok=True)
        reason = err.strerror or str(err)
        raise InvalidInput("csv", f"cannot write the file: {reason}", value=str(path),
                           code="file_unwritable", error=reason) from err
    return len(materialised) - 1


def write_month_hours(figures: Sequence[MonthHours], path: str | os.PathLike[str]) -> int:
    """The monthly hours as a CSV file; returns the number of trainees written."""
    return write_rows(month_rows(figures), path)


def write_order_hours(orders: Sequence[OrderHours], path: str | os.PathLike[str]) -> int:
    """The insertion hours per order as a CSV file; returns the number of orders written."""
    return write_rows(order_rows(orders), path)
