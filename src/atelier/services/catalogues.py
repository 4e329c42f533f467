"""Use cases of the catalogue: install a catalogue file's text, find the active one."""

from __future__ import annotations

import datetime as dt
import hashlib

from atelier.domain.actor import Actor
from atelier.domain.catalogue import Catalogue, require_loaded
from atelier.services.ports import UnitOfWork


def install_catalogue(uow: UnitOfWork, actor: Actor, text: str, source_name: str,
                      now: dt.datetime) -> tuple[int, bool]:
    """Store a catalogue file's text and make it the active one.

    Returns ``(catalogue_id, created)``; installing the same text again only
    re-activates it. A broken file raises CatalogueError and writes nothing.
    """
    # The reader (TOML and its checks) is imported when a catalogue is installed:
    # every command that merely reads an order would pay for it otherwise.
    from atelier.importing.catalogue import parse_catalogue

    catalogue = parse_catalogue(text, source_name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    catalogue_id, created = uow.catalogues.install(catalogue, source_name, text, digest, now)
    uow.audit.record(actor, "catalogue.install", "catalogue", str(catalogue_id), None,
                     {"code": catalogue.code, "version": catalogue.version, "digest": digest,
                      "created": created}, now)
    return catalogue_id, created


def active_catalogue(uow: UnitOfWork) -> tuple[int, Catalogue]:
    """The active catalogue and its id (RuleViolation ``no_catalogue`` before any)."""
    return require_loaded(uow.catalogues.active())


def catalogue(uow: UnitOfWork) -> Catalogue:
    """The active catalogue."""
    return active_catalogue(uow)[1]
