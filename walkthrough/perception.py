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
from collections.abc import Sequence
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
const refs = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean).map(byId)
  .filter(Boolean);
const carriers = el => {
  const invalid = el.getAttribute('aria-invalid') === 'true';
  return [...refs(el, 'aria-describedby'),
          ...refs(el, 'aria-errormessage').filter(e => invalid || shown(e)),
          ...(el.labels || []), ...refs(el, 'aria-labelledby')];
};
const fieldText = el => ({key: el.id || el.name || '',
  invalid: el.getAttribute('aria-invalid') === 'true',
  text: norm(carriers(el).map(said).join(' '))});
const REGIONS = '[role=alert],[role=alertdialog],[role=status],[aria-live=assertive],'
  + '[aria-live=polite],output';
const regionEls = () => [...document.querySelectorAll(REGIONS)].filter(shown);
const regions = () => regionEls().map(said).filter(Boolean);
const fields = () => [...document.querySelectorAll('input:not([type=hidden]),select,textarea')]
  .map(fieldText);
const count = (text, m) => m.sources.reduce(
  (n, src) => n + (text.match(new RegExp(src, m.flags + 'g')) || []).length, 0);
const current = () => said(document.querySelector('[aria-current=step]'));
const heading = () => said(document.querySelector('h1'));
const touched = el => {
  const seen = window.__cpfSeen || {added: [], attrs: []};
  return seen.added.some(n => n === el || n.contains(el) || el.contains(n))
    || seen.attrs.some(n => n === el || el.contains(n));
};
"""

_SNAPSHOT = (
    "(mark) => {"
    + _HELPERS
    + """
  window.__cpfMark = mark;
  if (window.__cpfObserver) window.__cpfObserver.disconnect();
  const seen = window.__cpfSeen = {added: [], attrs: []};
  // What changes after the action: inserted nodes, edited texts, error attributes set again.
  window.__cpfObserver = new MutationObserver(records => {
    for (const r of records) {
      if (r.type === 'attributes') seen.attrs.push(r.target);
      else if (r.type === 'characterData') seen.added.push(r.target.parentNode || r.target);
      else seen.added.push(...r.addedNodes);
    }
    if (seen.added.length > 5000) seen.added.splice(0, 2500);
    if (seen.attrs.length > 5000) seen.attrs.splice(0, 2500);
  });
  window.__cpfObserver.observe(document.documentElement, {subtree: true, childList: true,
    characterData: true, attributes: true,
    attributeFilter: ['aria-invalid', 'aria-describedby', 'aria-errormessage', 'hidden', 'style',
                      'class']});
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

# Where a message newly appears: in an alert/status region, or tied to the given field (or any).
# New: it shows more often than before, its field turned (or, on a new page, is) invalid, or
# what carries it changed after the action; a standing text that nothing touched is not new.
_NEW_ERROR = (
    "([els, b, m, anyField, useRegions]) => {"
    + _HELPERS
    + """
  const reloaded = window.__cpfMark !== b.mark;
  const before = new Map(b.fields.map(f => [f.key, f]));
  const isNew = el => {
    const f = fieldText(el);
    const old = before.get(f.key) || {text: '', invalid: false};
    const n = count(f.text, m);
    if (n === 0) return false;
    if (n > count(old.text, m) || (f.invalid && (!old.invalid || reloaded))) return true;
    if (reloaded) return false;
    return touched(el) || carriers(el).some(c => count(said(c), m) > 0 && touched(c));
  };
  if (els.some(el => el && el.isConnected && isNew(el))) return 'tied to the field';
  if (anyField && [...document.querySelectorAll('input,select,textarea')].some(isNew)) {
    return 'tied to a field';
  }
  if (!useRegions) return false;
  if (count(regions().join(' | '), m) > count(b.regions.join(' | '), m)) return 'in an alert';
  const alerts = regionEls().filter(r => r.matches('[role=alert],[role=alertdialog]'));
  if (reloaded && alerts.some(r => count(said(r), m) > 0)) return 'in an alert';
  if (!reloaded && regionEls().some(r => count(said(r), m) > 0 && touched(r))) {
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
      if (m) return {figure: m[1] ?? m[2] ?? null, text};
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
    fields: Sequence[Locator] = (),
    any_field: bool = False,
    regions: bool = True,
    timeout_ms: float = 5000,
) -> str | None:
    """Wait for `message` to appear after the last submit: return where it showed, or None.

    It counts tied to `field` or one of `fields` (or to any field with `any_field`), or in an
    alert or status region when `regions`; a text already there before the action (a standing
    instruction) does not count unless the field became invalid or the text now shows once more.
    """
    before = last_snapshot(page)
    handles = []
    for one in [*([field] if field is not None else []), *fields]:
        try:
            handles.append(one.first.element_handle(timeout=max(timeout_ms, 1000)))
        except PlaywrightError:
            continue
    arg = [handles, before.data, message.js(), any_field, regions]
    if timeout_ms <= 0:  # look once (Playwright reads a zero timeout as "wait for ever")
        found_now = page.evaluate(_NEW_ERROR, arg)
        return str(found_now) if found_now else None
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
