"""Step definitions, imported by steps/conftest.py so every feature shares them."""
