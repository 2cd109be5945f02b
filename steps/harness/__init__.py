"""The harness: command-line options, target set-up, recording and reports of a suite run."""
