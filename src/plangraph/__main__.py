"""``python -m plangraph`` runs the CLI."""

from plangraph.cli import main

if __name__ == "__main__":
    main()
