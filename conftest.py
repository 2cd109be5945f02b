"""Root conftest: load the conformance suite's plugin and its step definitions.

pytest reads `pytest_plugins` only in the root conftest. A step module registers its steps as
fixtures of its own, so it is loaded as a plugin (not star-imported into steps/conftest.py);
the order matters only where two steps could read the same line, which none may
(tests/harness/test_step_layout.py).
"""

pytest_plugins = [
    "steps.harness.plugin",
    # one module per area of features/, and the steps several areas share
    "steps.definitions.common",
    "steps.definitions.captcha",
    "steps.definitions.cgu",
    "steps.definitions.connexion",
    "steps.definitions.courriel",
    "steps.definitions.eligibilite",
    "steps.definitions.espace",
    "steps.definitions.formulaire",
    "steps.definitions.mot_de_passe",
    "steps.definitions.navigation",
    "steps.definitions.parcours",
]
