"""Run the tutorial generator: `python -m tutorial --help`."""

import sys

from tutorial.cli import main

sys.exit(main())
