"""Subcommands registered lazily: a cold ``atelier status`` imports no other area's commands.

click's documented pattern ("lazy loading subcommands") is a group whose
``list_commands`` and ``get_command`` import a command's module on demand. Here the
group's ``commands`` mapping itself is lazy (:class:`LazyCommands`), so that code
reading ``group.commands`` directly (click's "did you mean" suggestions, the help
tests, tools walking the tree) still sees every command:

- asking for one name (``get``, ``[]``, ``in``) imports only the module that
  registers it;
- listing the names (``list_commands``) imports nothing;
- any view of the whole mapping (iteration, ``items``, ``values``, ``len``…) imports
  every module still pending first.

A module is loaded by calling its ``register(group)``, exactly as the eager group
did, then ``prepare`` (the French help contexts) on every command it added.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

import click

Prepare = Callable[[click.Command], None]


class LazyCommands(dict[str, click.Command]):
    """A group's commands, the modules that register the missing ones imported on demand."""

    def __init__(self, group: click.Group, modules: Mapping[str, str],
                 prepare: Prepare | None = None) -> None:
        """``modules``: command name -> the module whose ``register(group)`` adds it."""
        super().__init__(group.commands)
        self._group = group
        self._pending = dict(modules)
        self._prepare = prepare

    # -- the names, without importing -------------------------------------------------------

    def names(self) -> list[str]:
        """Every command name, loaded or not, sorted as click lists them."""
        return sorted({*super().keys(), *self._pending})

    def loaded(self) -> dict[str, click.Command]:
        """The commands already registered (a copy: nothing is imported)."""
        return dict(super().items())

    # -- loading ----------------------------------------------------------------------------

    def _load(self, name: str) -> None:
        module = self._pending.get(name)
        if module is None or super().__contains__(name):
            return
        before = set(super().keys())
        importlib.import_module(module).register(self._group)
        # A module registers several commands: none of them is pending any more.
        for key in [k for k, m in self._pending.items() if m == module]:
            del self._pending[key]
        if self._prepare is not None:
            for key in set(super().keys()) - before:
                self._prepare(super().__getitem__(key))

    def load_all(self) -> None:
        """Import every module still pending."""
        while self._pending:
            self._load(next(iter(self._pending)))

    # -- one name: its own module only ------------------------------------------------------

    def __getitem__(self, name: str) -> click.Command:
        self._load(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._load(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self._pending

    # -- the whole mapping: everything ------------------------------------------------------

    def __iter__(self) -> Iterator[str]:
        self.load_all()
        return super().__iter__()

    def __len__(self) -> int:
        self.load_all()
        return super().__len__()

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        self.load_all()
        return super().keys()

    def values(self) -> ValuesView[click.Command]:  # type: ignore[override]
        self.load_all()
        return super().values()

    def items(self) -> ItemsView[str, click.Command]:  # type: ignore[override]
        self.load_all()
        return super().items()

    def copy(self) -> dict[str, click.Command]:
        self.load_all()
        return dict(super().items())

    def __repr__(self) -> str:
        self.load_all()
        return super().__repr__()


def make_lazy(group: click.Group, modules: Mapping[str, str],
              prepare: Prepare | None = None) -> LazyCommands:
    """Give ``group`` lazy ``commands``: ``modules`` maps each command name to the module
    (``atelier.cli.people``) whose ``register(group)`` adds it."""
    commands = LazyCommands(group, modules, prepare)
    group.commands = commands
    return commands


class LazyGroup(click.Group):
    """A group whose ``list_commands`` names the lazy commands without importing them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted (click's order), importing no module."""
        if isinstance(self.commands, LazyCommands):
            return self.commands.names()
        return super().list_commands(ctx)
