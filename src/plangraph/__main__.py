"""``python -m plangraph`` runs the CLI."""

from plangraph.cli import main

main()
