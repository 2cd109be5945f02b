"""The tutorial generator: the tested walkthrough, filmed, narrated and subtitled."""
