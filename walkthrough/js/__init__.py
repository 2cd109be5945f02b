"""Browser-side scripts of the suite, loaded as package resources (`walkthrough.perception`)."""
