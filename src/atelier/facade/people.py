"""Use cases of the ``Workshop`` for people."""

from __future__ import annotations

from atelier.facade.base import UseCaseHost


class PeopleUseCases(UseCaseHost):
    """Posts, trainees, contracts, personal data, exits and certificates."""
