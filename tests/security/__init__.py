"""Security tests of the reference portal (Flask test client)."""
