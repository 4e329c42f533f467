"""The CLI reference in ``docs/cli.md``, generated from the commands themselves.

``python -m atelier.cli.reference docs/cli.md`` rewrites the part between the
markers; a test fails when the file and the code disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

BEGIN = "<!-- BEGIN GENERATED REFERENCE: python -m atelier.cli.reference docs/cli.md -->"
END = "<!-- END GENERATED REFERENCE -->"


def _walk(command: click.Command, parent: click.Context | None,
          name: str) -> list[tuple[str, click.Context]]:
    settings = {**command.context_settings, "terminal_width": 90, "max_content_width": 90}
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    found = [(ctx.command_path, ctx)]
    if isinstance(command, click.Group):
        for sub in sorted(command.list_commands(ctx)):
            child = command.get_command(ctx, sub)
            if child is not None and not child.hidden:
                found.extend(_walk(child, ctx, sub))
    return found


def render(root: click.Command | None = None) -> str:
    """Every command's help, in order, as Markdown sections."""
    if root is None:
        from atelier.cli.main import main

        root = main
    parts = []
    for path, ctx in _walk(root, None, "atelier"):
        level = "##" if path.count(" ") <= 1 else "###"
        parts.append(f"{level} `{path}`\n\n```text\n{ctx.command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def splice(document: str, reference: str) -> str:
    """``document`` with the generated part replaced by ``reference``."""
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{reference}\n{END}{tail}"


def generated_part(document: str) -> str:
    """The generated part of ``document`` (empty if the markers are missing)."""
    _, _, rest = document.partition(BEGIN)
    inner, _, _ = rest.partition(END)
    return inner.strip("\n")


def main(argv: list[str] | None = None) -> int:
    """Rewrite the reference in the file named as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m atelier.cli.reference docs/cli.md", file=sys.stderr)
        return 2
    path = Path(args[0])
    path.write_text(splice(path.read_text(encoding="utf-8"), render()), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
