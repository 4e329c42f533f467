"""Printable documents made from the library's values (HTML, Jinja2 templates shipped
with the package). The skills certificate is the first."""

from __future__ import annotations

from atelier.documents.certificate import render_certificate

__all__ = ["render_certificate"]
