"""What a person perceives on a screen: rendered texts, errors that appear, figures beside labels.

The suite judges the catalogue's words, not one portal's markup, so these readers accept every
way the catalogue allows: an error is an alert or status region, or a text tied to its field
(accessible description, `aria-errormessage`, or inside its label); texts are read as rendered
(`innerText` applies CSS `text-transform`), with spaces normalised. A refusal is an error that
appeared after the action: `Snapshot` records what the screen said just before it.
"""

from __future__ import annotations

import unicodedata
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from walkthrough.locators import Message

# Shared helpers of every script below: spaces normalised, what a person sees, each field's
# error texts (description, aria-errormessage when invalid or visible, labels).
_HELPERS = r"""
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const shown = el => !!el && el.getClientRects().length > 0
  && getComputedStyle(el).visibility !== 'hidden';
const byId = id => document.getElementById(id);
const said = el => el ? norm(el.innerText || el.textContent) : '';
const refs = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean).map(byId);
const fieldText = el => {
  const invalid = el.getAttribute('aria-invalid') === 'true';
  const desc = refs(el, 'aria-describedby').map(said);
  const err = refs(el, 'aria-errormessage').filter(e => e && (invalid || shown(e))).map(said);
  const labels = [...(el.labels || []), ...refs(el, 'aria-labelledby')].map(said);
  return {key: el.id || el.name || '', invalid, text: norm([...desc, ...err, ...labels].join(' '))};
};
const regions = () => [...document.querySelectorAll(
  '[role=alert],[role=alertdialog],[role=status],[aria-live=assertive],[aria-live=polite],output'
)].filter(shown).map(said).filter(Boolean);
const fields = () => [...document.querySelectorAll('input:not([type=hidden]),select,textarea')]
  .map(fieldText);
const count = (text, m) => m.sources.reduce(
  (n, src) => n + (text.match(new RegExp(src, m.flags + 'g')) || []).length, 0);
const current = () => said(document.querySelector('[aria-current=step]'));
const heading = () => said(document.querySelector('h1'));
"""

_SNAPSHOT = (
    "(mark) => {"
    + _HELPERS
    + """
  window.__cpfMark = mark;
  return {url: location.href, regions: regions(), fields: fields(), current: current(),
          heading: heading()};
}"""
)

_CHANGED = (
    "(b) => {"
    + _HELPERS
    + """
  if (window.__cpfMark !== b.mark || location.href !== b.url) return true;
  const now = JSON.stringify([regions(), fields(), current(), heading()]);
  return now !== JSON.stringify([b.regions, b.fields, b.current, b.heading]);
}"""
)

# Where a message newly appears: "region" (alert/status), or "field" (tied to the given one).
_NEW_ERROR = (
    "([el, b, m, anyField, useRegions]) => {"
    + _HELPERS
    + """
  const before = new Map(b.fields.map(f => [f.key, f]));
  const grew = f => {
    const old = before.get(f.key) || {text: '', invalid: false};
    const n = count(f.text, m);
    return n > 0 && (n > count(old.text, m) || (f.invalid && !old.invalid));
  };
  if (el && el.isConnected && grew(fieldText(el))) return 'tied to the field';
  if (anyField && fields().some(grew)) return 'tied to a field';
  if (useRegions && count(regions().join(' | '), m) > count(b.regions.join(' | '), m)) {
    return 'in an alert';
  }
  return false;
}"""
)

_TEXT_NEAR = (
    "([label, pattern]) => {"
    + r"""
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const all = [...document.body.querySelectorAll('*')].filter(
    el => el.getClientRects().length && norm(el.innerText).toLowerCase().includes(label));
  const smallest = all.filter(el => !all.some(o => o !== el && el.contains(o)));
  for (const start of smallest) {
    for (let el = start, up = 0; el && up < 4; el = el.parentElement, up++) {
      const text = norm(el.innerText);
      const m = text.match(new RegExp(pattern, 'i'));
      if (m) return {figure: m[1], text};
    }
  }
  return smallest.length ? {figure: null, text: norm(smallest[0].innerText)} : null;
}"""
)

_LAST: weakref.WeakKeyDictionary[Page, Snapshot] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Snapshot:
    """What a screen said just before an action: its address, regions and field errors."""

    data: dict[str, Any]

    @property
    def url(self) -> str:
        """Return the address shown before the action."""
        return str(self.data.get("url", ""))


EMPTY = Snapshot({"url": "", "mark": "", "regions": [], "fields": [], "current": "", "heading": ""})


def snapshot(page: Page) -> Snapshot:
    """Record what the page says now, and remember it as the page's last action's 'before'."""
    mark = uuid.uuid4().hex
    try:
        data = page.evaluate(_SNAPSHOT, mark)
    except PlaywrightError:  # a page still loading: nothing recorded counts as "before"
        data = dict(EMPTY.data)
    data["mark"] = mark
    taken = Snapshot(data)
    _LAST[page] = taken
    return taken


def last_snapshot(page: Page) -> Snapshot:
    """Return the snapshot taken before the page's last submit (empty when none)."""
    return _LAST.get(page, EMPTY)


def wait_for_result(page: Page, before: Snapshot, *, timeout_ms: float) -> None:
    """Wait until a page load, a changed address or the form showing its result, whichever first.

    A form that shows nothing at all is left to the checks that follow: they say what was seen.
    """
    try:
        page.wait_for_function(_CHANGED, arg=before.data, timeout=timeout_ms, polling=50)
    except PlaywrightTimeout:
        return
    except PlaywrightError:  # the context was replaced by a navigation mid-check: a result
        pass
    try:
        page.wait_for_load_state("domcontentloaded", timeout=timeout_ms)
    except PlaywrightTimeout:
        return


def new_error(
    page: Page,
    message: Message,
    *,
    field: Locator | None = None,
    any_field: bool = False,
    regions: bool = True,
    timeout_ms: float = 5000,
) -> str | None:
    """Wait for `message` to appear after the last submit: return where it showed, or None.

    It counts tied to `field` (or to any field with `any_field`), or in an alert or status
    region when `regions`; a text already there before the action (a standing instruction)
    does not count unless the field became invalid or the text now shows once more.
    """
    before = last_snapshot(page)
    handle = None
    if field is not None:
        try:
            handle = field.first.element_handle(timeout=timeout_ms)
        except PlaywrightError:
            handle = None
    arg = [handle, before.data, message.js(), any_field, regions]
    try:
        found = page.wait_for_function(_NEW_ERROR, arg=arg, timeout=timeout_ms, polling=100)
        return str(found.json_value())
    except PlaywrightError:
        return None


def visible_text(page: Page) -> str:
    """Return the page's text as rendered (CSS text-transform applied), spaces normalised."""
    try:
        return " ".join(page.locator("body").inner_text().split())
    except PlaywrightError:
        return ""


def figure_near(page: Page, label: str, *, pattern: str) -> tuple[str | None, str]:
    """Return the figure a person reads beside `label` (`pattern` captures it) and the text read.

    The figure and its label may sit in separate elements: the smallest element showing the
    label is widened to its ancestors until the pattern matches.
    """
    found = page.evaluate(_TEXT_NEAR, [" ".join(label.split()).lower(), pattern])
    if not found:
        return None, ""
    return found["figure"], found["text"]


def fold(text: str) -> str:
    """Return `text` without accents and with spaces normalised (SYN-02: accents may drop)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())
