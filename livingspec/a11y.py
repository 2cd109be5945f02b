"""Audit the screen a Playwright page shows with axe-core, offline, into the run model."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from importlib import resources
from typing import Any, Protocol

from playwright.sync_api import Page

from walkthrough.runmodel import ScreenAudit, Violation

DEFAULT_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}
CACHE_PREFIX = "cpf-walkthrough/a11y/"

# What axe-core's verdict on a screen depends on, read in one round trip: the element tree
# with every attribute, the CSS rules in force and the viewport. Left out, so that the same
# screen shown to another person or with another token shares one audit: what text nodes say
# (only whether they say something), and the values of attributes that carry data rather than
# structure (field values, addresses, sources, tokens). Scripts are left out too.
FINGERPRINT_JS = """() => {
  const out = [innerWidth + 'x' + innerHeight + '@' + devicePixelRatio];
  const data = new Set(['value', 'src', 'srcset', 'href', 'action', 'content', 'poster',
                        'nonce', 'integrity', 'data']);
  const attr = a => data.has(a.name)
      ? a.name + (a.value.startsWith('#') ? '=' + a.value : a.value ? '=*' : '')
      : a.name.startsWith('data-') ? '' : a.name + '=' + a.value;
  const walk = node => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { if (n.data.trim()) out.push('#t'); continue; }
      if (n.nodeType !== 1 || n.localName === 'script' || n.localName === 'style') continue;
      out.push('<' + n.localName + ' ' + [...n.attributes].map(attr).sort().join(' '));
      walk(n);
      if (n.shadowRoot) { out.push('#shadow'); walk(n.shadowRoot); }
      out.push('>');
    }
  };
  walk(document);
  for (const sheet of document.styleSheets) {
    try { out.push([...sheet.cssRules].map(r => r.cssText).join('\\n')); }
    catch (e) { out.push('@' + sheet.href); }  // another origin's sheet: its address only
  }
  return out.join('\\n');
}"""


class AuditCache(Protocol):
    """Where audits are kept by fingerprint: pytest's `config.cache` fits."""

    def get(self, key: str, default: Any) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


# Criterion tags read principle, guideline, then criterion: wcag143 is 1.4.3, wcag1410 is 1.4.10.
_CRITERION = re.compile(r"^wcag(?P<p>\d)(?P<g>\d)(?P<c>\d{1,2})$")
_IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}


@cache
def french_locale() -> dict[str, Any]:
    """Return axe-core's French messages (locales/fr.json of the npm package axe-core 4.12.1)."""
    # Vendored because the Python package bundles only the English messages; MPL-2.0.
    text = resources.files("livingspec").joinpath("axe-fr.json").read_text("utf-8")
    locale: dict[str, Any] = json.loads(text)
    return locale


@cache
def axe_script() -> str:
    """Return the axe-core script bundled with axe-playwright-python (no network needed)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return str(AXE_SCRIPT)


def wcag_criteria(tags: list[str]) -> list[str]:
    """Return the WCAG success criteria named by axe tags (wcag143 → "1.4.3")."""
    found = []
    for tag in tags:
        if m := _CRITERION.match(tag):
            found.append(f"{m['p']}.{m['g']}.{m['c']}")
    return sorted(set(found), key=lambda c: tuple(int(part) for part in c.split(".")))


def _violation(raw: dict[str, Any]) -> Violation:
    return Violation(
        id=raw["id"],
        impact=raw.get("impact"),
        description=raw.get("help") or raw.get("description", ""),
        help_url=raw.get("helpUrl", ""),
        wcag=wcag_criteria(raw.get("tags", [])),
        nodes=len(raw.get("nodes", [])),
    )


@cache
def _engine_digest() -> str:
    """Return a digest of the axe-core script and its French messages (a new one, new audits)."""
    engine = axe_script() + json.dumps(french_locale(), sort_keys=True)
    return hashlib.sha256(engine.encode()).hexdigest()


def audit_key(page: Page, options: dict[str, Any] | None = None) -> str:
    """Return the cache key of the screen the page shows: its fingerprint, engine and options."""
    fingerprint = page.evaluate(FINGERPRINT_JS)
    digest = hashlib.sha256()
    for part in (_engine_digest(), json.dumps(options or DEFAULT_OPTIONS, sort_keys=True)):
        digest.update(part.encode() + b"\0")
    digest.update(fingerprint.encode())
    return CACHE_PREFIX + digest.hexdigest()[:40]


def audit_page(
    page: Page,
    *,
    screen: str,
    options: dict[str, Any] | None = None,
    cache: AuditCache | None = None,
) -> ScreenAudit:
    """Run axe-core on the page as it is now and return the violations of this screen.

    With a cache, a screen whose fingerprint (`FINGERPRINT_JS`) was audited before, by this
    run's other workers or by an earlier run, takes that audit instead of running axe again.
    """
    key = audit_key(page, options) if cache is not None else ""
    known = cache.get(key, None) if cache is not None else None
    if isinstance(known, list):
        try:
            violations = [Violation.model_validate(raw) for raw in known]
        except ValueError:  # written by another version: audit again
            pass
        else:
            return ScreenAudit(screen=screen, url=page.url, violations=violations)
    # evaluate() runs through the DevTools protocol, so a strict Content-Security-Policy
    # on the audited site does not block the injected script.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
        page.evaluate("locale => axe.configure({ locale })", french_locale())
    results = page.evaluate(
        "options => axe.run(document, options)",
        options or DEFAULT_OPTIONS,
    )
    violations = sorted(
        (_violation(raw) for raw in results["violations"]),
        key=lambda v: (_IMPACT_ORDER.get(v.impact or "", 9), v.id),
    )
    if cache is not None:
        cache.set(key, [v.model_dump(mode="json") for v in violations])
    return ScreenAudit(screen=screen, url=page.url, violations=violations)
