"""Use cases of the ``Workshop`` for its set-up: the schema and the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from atelier.domain import bounds, roles
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    import os

    from atelier.domain.catalogue import Catalogue


class CatalogueUseCases(UseCaseHost):
    """Creating or upgrading the storage, and the catalogue of services and skills."""

    @requires(roles.SETUP)
    def init(self, catalogue: str | os.PathLike[str] | None = None) -> tuple[int, bool]:
        """Create or upgrade the schema, then install ``catalogue`` (default: bookbinding).

        Returns ``(catalogue_id, created)``. Safe to run again: the data stays.
        """
        from atelier.importing.catalogue import default_catalogue_path, read_catalogue_text
        from atelier.services import catalogues
        path = Path(bounds.path(catalogue, "catalogue")) if catalogue is not None \
            else default_catalogue_path()
        text = read_catalogue_text(path)
        self.units.upgrade()
        return self._write(lambda uow: catalogues.install_catalogue(
            uow, self.actor, text, path.name, self.clock()))

    @requires(roles.READ)
    def schema_revision(self) -> tuple[str | None, str]:
        """``(current, head)`` schema revisions of the database."""
        return self.units.revisions()

    @requires(roles.READ)
    def catalogue(self) -> Catalogue:
        """The active catalogue."""
        from atelier.services import catalogues
        return self._read(catalogues.catalogue)
