"""The conformance catalogue: the French rules (regles.yaml) and the portal's visible texts."""
