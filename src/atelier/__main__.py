"""``python -m atelier`` runs the command line."""

from atelier.cli.main import run

run()
