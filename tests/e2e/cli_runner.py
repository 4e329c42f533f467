"""The one way the end-to-end tests run ``atelier``: click's runner on one database."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from atelier.cli.main import main

#: Commands that take a subcommand: their output is filed under "group sub".
GROUPS = {"catalogue", "client", "order", "items", "work", "delivery", "post", "trainee",
          "skill", "skills", "attendance", "time", "hours"}


class Cli:
    """Runs ``atelier`` against one database as ``user`` (with ``--role`` when given),
    checks the exit status, and keeps every ``--json`` output by command name."""

    def __init__(self, url: str, user: str = "claire") -> None:
        self.url = url
        self.user = user
        self.runner = CliRunner()
        self.outputs: dict[str, Any] = {}

    def __call__(self, *args: str, input: str | None = None, code: int = 0,
                 lang: str = "fr", role: str | None = None) -> Result:
        env = {"ATELIER_LANG": lang, "ATELIER_USER": self.user, "ATELIER_DATABASE_URL": None,
               "ATELIER_ROLE": role}
        result = self.runner.invoke(main, [*args, "--db", self.url], input=input, env=env,
                                    catch_exceptions=False)
        assert result.exit_code == code, (args, result.output, result.stderr)
        if "--json" in args and code == 0:
            name = " ".join(args[:2]) if args[0] in GROUPS else args[0]
            self.outputs[name] = json.loads(result.stdout)
        return result

    def json(self, *args: str, input: str | None = None, code: int = 0,
             role: str | None = None) -> Any:
        """The command's JSON output (``--json`` added)."""
        return json.loads(self(*args, "--json", input=input, code=code, role=role).stdout)
