"""In-house implementations of the walkthrough, written in other styles to keep the suite honest."""
