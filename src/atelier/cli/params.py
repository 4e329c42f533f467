"""Parameter types of the command line that check a value the way the library does.

Click's own ``DateTime`` says "does not match the format" for ``2026-02-30``;
:class:`Day` says the date does not exist, or is out of the library's range, in the
staff's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from atelier import InvalidInput
from atelier.domain.hours import parse_day


class Day(click.DateTime):
    """A calendar day written ``YYYY-MM-DD``, handed to the command as a ``datetime`` at
    midnight (like click's ``DateTime``), checked by :func:`atelier.domain.hours.parse_day`."""

    name = "date"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        """``YYYY-MM-DD`` (the French help shows ``AAAA-MM-JJ``)."""
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        if isinstance(value, dt.datetime):
            return value
        from atelier.cli.context import settings
        from atelier.cli.i18n import error_text

        field = param.opts[0] if isinstance(param, click.Option) else (
            param.human_readable_name if param is not None else "date")
        try:
            day = parse_day(str(value), field)
        except InvalidInput as err:
            text = error_text(err, settings().lang)
            # click puts "Invalid value for '--due':" in front: the field once is enough.
            for prefix in (f"{field} : ", f"{field}: "):
                text = text.removeprefix(prefix)
            self.fail(text, param, ctx)
        return dt.datetime.combine(day, dt.time())

    def __repr__(self) -> str:
        return "Day"
