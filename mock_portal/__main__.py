"""Entry point: `python -m mock_portal`."""

from mock_portal.cli import main

main()
