"""What a screen reader would announce: alerts and invalid fields, read from Chromium's tree.

Chromium's DevTools `Accessibility.getFullAXTree` pierces open shadow roots and gives each
field's accessible description, which Playwright's aria snapshots leave out (field notes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

_REGIONS = ("alert", "alertdialog", "status")
_FIELDS = ("textbox", "checkbox", "combobox", "spinbutton", "searchbox")
POLL_MS = 100


@dataclass(frozen=True)
class Announced:
    """The alerts and the invalid fields of one screen, as assistive technology reads them."""

    url: str = ""
    regions: tuple[str, ...] = ()
    # field name → its description (hint and error), for every field marked invalid
    invalid: Mapping[str, str] = field(default_factory=dict)

    def new_since(self, before: Announced) -> list[tuple[str, str]]:
        """Return (where, text) of each error shown now and not before."""
        found = []
        for name, text in self.invalid.items():
            old = before.invalid.get(name)
            if old == text:
                continue
            shown = text[len(old) :].strip() if old and text.startswith(old) else text
            found.append((name, shown))
        # Errors tied to a field first: an alert often only sums them up.
        found += [("alert", r) for r in self.regions if r not in before.regions]
        return found


def _value(node: Mapping[str, Any], key: str) -> str:
    return " ".join(str(node.get(key, {}).get("value", "")).split())


def _props(node: Mapping[str, Any]) -> dict[str, Any]:
    return {p.get("name"): p.get("value", {}) for p in node.get("properties", [])}


def _is_invalid(node: Mapping[str, Any]) -> bool:
    return str(_props(node).get("invalid", {}).get("value", "false")) not in ("false", "")


def read(page: Page) -> Announced:
    """Return what the page announces now (an empty reading while it is loading)."""
    try:
        session = page.context.new_cdp_session(page)
        try:
            nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        finally:
            session.detach()
    except PlaywrightError:
        return Announced(url=page.url)
    by_id = {n["nodeId"]: n for n in nodes}
    by_dom = {n.get("backendDOMNodeId"): n for n in nodes}

    def text_of(node: Mapping[str, Any]) -> str:
        if node.get("role", {}).get("value") == "StaticText":
            return _value(node, "name")
        parts = [text_of(by_id[c]) for c in node.get("childIds", []) if c in by_id]
        return " ".join(p for p in parts if p)

    regions, invalid = [], {}
    for node in nodes:
        if node.get("ignored"):
            continue
        role = node.get("role", {}).get("value")
        if role in _REGIONS:
            said = " ".join(text_of(node).split())
            if said:
                regions.append(said)
        elif role in _FIELDS and _is_invalid(node):
            # aria-errormessage is a relation, not part of the description: read its text too.
            related = _props(node).get("errormessage", {}).get("relatedNodes", [])
            errors = [text_of(by_dom[r["backendDOMNodeId"]]) for r in related
                      if r.get("backendDOMNodeId") in by_dom]  # fmt: skip
            invalid[_value(node, "name")] = " ".join(
                " ".join([_value(node, "description"), *errors]).split()
            )
    return Announced(url=page.url, regions=tuple(regions), invalid=invalid)


def wait_for_change(page: Page, before: Announced, *, timeout_ms: float = 10_000) -> Announced:
    """Poll what the page announces until it differs from `before` or the address changes."""
    waited = 0.0
    while True:
        now = read(page)
        if now.url != before.url or now.new_since(before) or waited >= timeout_ms:
            return now
        page.wait_for_timeout(POLL_MS)
        waited += POLL_MS
