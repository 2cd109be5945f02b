"""The switch board: each defect's name bound to the `Policy` subclass that breaks its rule."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar, cast

from mock_portal.policy import Policy

P = TypeVar("P", bound=type[Policy])

VARIANTS: dict[str, type[Policy]] = {}


def variant(name: str) -> Callable[[P], P]:
    """Bind the switch `name` to the decorated defective policy."""

    def bind(cls: P) -> P:
        if name in VARIANTS:
            raise ValueError(f"defect {name!r} is bound twice")  # one class per switch
        VARIANTS[name] = cls
        return cls

    return bind


def policy_for(names: Collection[str]) -> Policy:
    """Return the conformant policy, or one with the defects `names` switched on."""
    unknown = sorted(set(names) - set(VARIANTS))
    if unknown:
        raise KeyError(f"no defect named {unknown[0]!r}")  # a typo must not pass silently
    if not names:
        return Policy()
    # Each variant overrides only its own methods and calls super() for the rest, so
    # several switched on at once compose along the method resolution order.
    composed = type("DefectivePolicy", tuple(VARIANTS[name] for name in sorted(names)), {})
    return cast(Policy, composed())
