"""The console front-end: `segassess <command>` (entry point `cli.main:main`).

One module per command family (assess/reference/compare, batch campaigns, demo, training), the
argparse option groups they share (`options`), and the progress bars (`progress`). Commands are
thin: arguments -> core job -> core/models call -> one-line summary; exit 2 with one line on bad input.
"""
