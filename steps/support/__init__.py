"""Helpers the step definitions share (checks, people, requests without the page): no steps."""
