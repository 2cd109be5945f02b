"""The conformance catalogue: rule IDs and the portal's visible French texts, kept once."""
