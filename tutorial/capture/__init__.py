"""Walk the registration with the page objects and take each step's screens and motion."""
