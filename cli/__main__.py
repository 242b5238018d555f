"""``python -m resolute.cli`` runs the command line."""

from resolute.cli.app import main

main()
