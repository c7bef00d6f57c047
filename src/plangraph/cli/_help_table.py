"""The top-level help as plain values, for ``plangraph --help`` without Typer.

Written by ``python -m plangraph.cli._help > src/plangraph/cli/_help_table.py`` (then
``ruff format``); a test checks it is what the Typer app holds: rewrite it when a command
or a global option changes."""

from plangraph.cli._help import HelpTable

TABLE = HelpTable(
    usage="[OPTIONS] COMMAND [ARGS]...",
    help="Plans of Norwegian health authorities as a knowledge graph: goals, themes, challenges, measures, and the gaps and overlaps between them.",
    options=(
        (
            "--store",
            "",
            "TEXT",
            "Store URL: memory (default), oxigraph:DIR or rdflib:memory. Default from PLANGRAPH_STORE.",
        ),
        (
            "--data-dir",
            "",
            "TEXT",
            "Folder of plan files to load (default: the packaged seed data; PLANGRAPH_DATA_DIR).",
        ),
        (
            "--quiet",
            "-q",
            "",
            "No progress bars (they show on stderr only on a terminal, for work taking more than a second; PLANGRAPH_QUIET=1).",
        ),
        ("--help", "", "", "Show this message and exit."),
    ),
    panels=(
        (
            "The graph",
            (
                ("info", "What the store holds: counts per plan and per class."),
                (
                    "validate",
                    "Check the data against the SHACL shapes. Exit code 1 if there is a violation.",
                ),
                (
                    "export",
                    "Write the graph as RDF. TriG and N-Quads keep the named graphs; the others get the union. ``--format xlsx --plan P`` writes plan P as the spreadsheet template instead.",
                ),
                ("show", "A node's values and its links both ways."),
                (
                    "template",
                    "Write the spreadsheet template a planner fills in: a sheet for the plan, one per kind (goals, themes, challenges, measures), one for links, with drop-down lists and an example row (ids starting with 'eksempel' are skipped on import).",
                ),
                (
                    "import",
                    "Import a plan document or the filled-in template as its own plan graph.",
                ),
                (
                    "versions",
                    "List a plan's versions in date order: label, date, which is current, source file and checksum, who loaded it and when. With --correct ITEM --to PREDECESSOR (or --to none), a person corrects how an item of the current version was matched to the version before.",
                ),
                (
                    "diff",
                    "What changed between two versions of a plan: items added, removed and changed (reworded, with a word-level diff; a new label; moved to another theme; status changed), links added and removed.",
                ),
            ),
        ),
        (
            "Planners' questions",
            (
                (
                    "gaps",
                    "Coverage gaps: challenges that no measure addresses (and other kinds with --show).",
                ),
                (
                    "overlaps",
                    "Pairs of measures that address the same challenges: shared challenges, count, Jaccard.",
                ),
                (
                    "coverage",
                    'Coverage of challenges per theme: as a matrix of themes x the organisations whose measures address them (cells: covered / challenges), with the total in the last column, "dekket av noen" ("dekt av nokon" with --lang nn, "covered by anyone" with --lang en).',
                ),
                (
                    "trace",
                    "Trace a node: goal -> challenges -> measures, measure -> challenges -> goals, or both directions from a challenge.",
                ),
                (
                    "impact",
                    "What dropping a measure does: which challenges would lose their only measure.",
                ),
                (
                    "query",
                    "Run a packaged query by name, with parameters bound (never pasted into the text).",
                ),
                (
                    "sparql",
                    "Run a read-only SPARQL query of your own (SELECT, ASK, CONSTRUCT, DESCRIBE).",
                ),
            ),
        ),
        (
            "Linking",
            (
                (
                    "suggest",
                    "Suggest links: measure -> challenge (addresses), measure/challenge -> goal (contributesTo), near-duplicate measures across plans (closeMatch); best K per subject.",
                ),
                (
                    "review",
                    "List open suggestions, best first, with both texts side by side and the matched terms highlighted. Decide with `plangraph accept ID` or `plangraph reject ID --reason ...`.",
                ),
                (
                    "accept",
                    "Accept a suggestion: its record becomes accepted and the link is added.",
                ),
                ("reject", "Reject a suggestion, with the reason; it will not be suggested again."),
                ("link", "Make or withdraw a link yourself."),
            ),
        ),
        (
            "Reports and views",
            (
                (
                    "report",
                    "Write the coverage report: coverage matrix, coverage per theme (chart), gaps, weakly covered challenges, overlapping measures, goals without measures, measures without links.",
                ),
                (
                    "viz",
                    "Write the graph view (with these filters) as ONE HTML file that opens from disk.",
                ),
            ),
        ),
        (
            "Service",
            (
                (
                    "serve",
                    "Serve the API, the SPARQL endpoint and the pages (settings from PLANGRAPH_*).",
                ),
                (
                    "backup",
                    "Copy the plan files and a checkpoint of the on-disk store, consistently.",
                ),
                (
                    "restore",
                    "Put a backup back: the plan files into the data folder, the checkpoint into the store.",
                ),
            ),
        ),
        (
            "Test data",
            (
                (
                    "generate",
                    "Write synthetic plan data in the shapes of the seed data (4 RHFs, their trusts, plan versions, themes, challenges, measures, links). Every plan says it is synthetic.",
                ),
            ),
        ),
    ),
)
