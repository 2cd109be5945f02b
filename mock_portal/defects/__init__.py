"""Deliberate defects (test mode only): each breaks one catalogue rule, to prove the suite sees it.

`python -m mock_portal --test-mode --defect NAME` switches one on (repeatable): `create_app`
installs `policy_for(names)`, the conformant `mock_portal.policy.Policy` with the defective
variant of each name composed on top. A variant is a small subclass in this package
(`registration`, `captcha`, `mail`, `space`), bound to its name by `@variant(NAME)`, that
overrides only the methods whose rule it breaks. Names, rules and descriptions are in
catalogue/defects.yaml; production never has any: the command line refuses `--defect` without
`--test-mode`.
"""

from __future__ import annotations

from catalogue.defects import Defect, defects_of

# Importing the variant modules binds every switch to its class.
from mock_portal.defects import captcha, mail, registration, space
from mock_portal.defects.switches import VARIANTS, policy_for

DEFECTS: dict[str, Defect] = defects_of("reference")
KNOWN_DEFECTS: frozenset[str] = frozenset(DEFECTS)

__all__ = [
    "DEFECTS",
    "KNOWN_DEFECTS",
    "VARIANTS",
    "Defect",
    "captcha",
    "mail",
    "policy_for",
    "registration",
    "space",
]
