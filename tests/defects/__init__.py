"""Tests that the suite catches deliberate defects, and the harness under bad input."""
