"""What a person perceives on a screen, read from what the browser tells assistive technology.

A screen is read from Chromium's accessibility tree (DevTools `Accessibility.getFullAXTree`),
which computes each field's accessible name, description and invalid state across open shadow
roots, and shows only what a modal dialog leaves reachable; same-origin frames are read too.
`read_screen` takes one such reading (a `Snapshot`, a frozen value); `Screen.submit` keeps the
one taken before acting, and `new_error` compares the screen with it. An error is new when its
text appeared (a node that was not shown, or a text that changed), or when its field turned
invalid; a standing text never counts. Texts are read as rendered, spaces normalised.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from playwright.sync_api import CDPSession, Locator, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from walkthrough.locators import Expected, LocatorSpec, Message

# Roles of what a person fills in, and of what announces a result without moving the focus.
FIELD_ROLES = frozenset(
    {"textbox", "searchbox", "checkbox", "radio", "combobox", "spinbutton", "listbox", "switch"}
)
REGION_ROLES = frozenset({"alert", "alertdialog", "status", "log"})
DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
ALERT_ROLES = frozenset({"alert", "alertdialog"})


@cache
def script(name: str) -> str:
    """Return the browser-side function `walkthrough/js/NAME.js`."""
    return resources.files("walkthrough.js").joinpath(f"{name}.js").read_text("utf-8")


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Said:
    """A node that says something on its own: a label, a description, an error, a region."""

    node: int
    text: str
    # The text nodes it is made of: a text drawn again is a new node.
    parts: frozenset[int]


@dataclass(frozen=True, slots=True)
class Field:
    """A form field as announced: role, name (its label), description, error, invalid state."""

    node: int
    role: str
    name: str
    description: str
    invalid: bool
    # What carries its texts: labels, descriptions (aria-describedby), errors (aria-errormessage).
    carriers: tuple[Said, ...]

    def says(self) -> str:
        """Return everything announced with the field: name, description and errors."""
        errors = " ".join(c.text for c in self.carriers if c.text not in self.name)
        return _norm(f"{self.name} {self.description} {errors}")


@dataclass(frozen=True, slots=True)
class Region:
    """An alert, a status region or a live region, with what it says."""

    role: str
    said: Said


@dataclass(frozen=True)
class Snapshot:
    """What a screen announced at one moment: its address, fields, regions and dialogs."""

    url: str = ""
    # The document's node: another one after a page load.
    document: int = 0
    fields: tuple[Field, ...] = ()
    regions: tuple[Region, ...] = ()
    dialogs: tuple[str, ...] = ()
    # Every node shown (not ignored), text nodes included, and the state string of the page.
    shown: frozenset[int] = frozenset()
    state: str = ""
    texts: Mapping[int, str] = field(default_factory=dict)

    def field_at(self, node: int) -> Field | None:
        """Return the field of node `node`, if this snapshot holds it."""
        return next((f for f in self.fields if f.node == node), None)

    def is_new(self, said: Said, before: Snapshot) -> bool:
        """Tell whether `said` appeared since `before` on the same document."""
        if said.node not in before.shown or before.texts.get(said.node) != said.text:
            return True
        return not said.parts <= before.shown


EMPTY = Snapshot()


@dataclass(frozen=True, slots=True)
class Finding:
    """Where a new error showed and what it said."""

    where: str
    said: str


class Reader:
    """Read one page's accessibility tree through one DevTools session, opened when needed.

    A journey's screens share one: a session kept open costs a third less than one per reading.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self._session: CDPSession | None = None

    def tree(self) -> list[dict[str, Any]]:
        """Return the accessibility tree of the page and of its same-origin frames."""
        for attempt in (1, 2):
            if self._session is None:
                self._session = self.page.context.new_cdp_session(self.page)
            try:
                return _tree(self._session)
            except PlaywrightError:
                self._session = None  # detached by a crash or a swapped process: open anew
                if attempt == 2:
                    raise
        return []


def _tree(session: CDPSession) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = session.send("Accessibility.getFullAXTree")["nodes"]
    if any(n.get("role", {}).get("value") == "Iframe" for n in nodes):
        # One more reading per frame, only on pages that have frames.
        tree = session.send("Page.getFrameTree")["frameTree"]
        for frame in _frames(tree.get("childFrames", [])):
            try:
                sub = session.send("Accessibility.getFullAXTree", {"frameId": frame})
            except PlaywrightError:  # a cross-origin frame: not the deployment's own
                continue
            nodes += [_in_frame(n, frame) for n in sub["nodes"]]
    return nodes


def _in_frame(node: dict[str, Any], frame: str) -> dict[str, Any]:
    # Node ids are unique within one frame: prefix them with the frame's.
    children = [f"{frame}:{c}" for c in node.get("childIds", [])]
    return {**node, "nodeId": f"{frame}:{node['nodeId']}", "childIds": children}


def _frames(children: Iterable[dict[str, Any]]) -> Iterable[str]:
    for child in children:
        yield str(child["frame"]["id"])
        yield from _frames(child.get("childFrames", []))


def _value(node: dict[str, Any], key: str) -> str:
    return str(node.get(key, {}).get("value", "") or "")


def _properties(node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p.get("value", {}) for p in node.get("properties", [])}


def _field(
    node: dict[str, Any], role: str, props: dict[str, dict[str, Any]], carriers: tuple[Said, ...]
) -> Field:
    invalid = str(props.get("invalid", {}).get("value", "false")) not in ("false", "")
    name, description = _norm(_value(node, "name")), _norm(_value(node, "description"))
    return Field(int(node.get("backendDOMNodeId", 0)), role, name, description, invalid, carriers)


def parse(nodes: list[dict[str, Any]], *, state: str = "") -> Snapshot:
    """Return the snapshot of an accessibility tree (`Accessibility.getFullAXTree`'s nodes)."""
    by_id = {str(n["nodeId"]): n for n in nodes}
    by_backend = {n["backendDOMNodeId"]: n for n in nodes if "backendDOMNodeId" in n}
    texts: dict[int, str] = {}

    def said(node: dict[str, Any]) -> Said:
        parts: list[tuple[int, str]] = []
        stack = [node]
        while stack:
            one = stack.pop()
            role = _value(one, "role")
            if role == "StaticText" and not one.get("ignored"):
                parts.append((one.get("backendDOMNodeId", 0), _value(one, "name")))
            stack += [by_id[c] for c in reversed(one.get("childIds", [])) if c in by_id]
        backend = int(node.get("backendDOMNodeId", 0))
        text = _norm(" ".join(t for _, t in parts))
        texts[backend] = text
        return Said(backend, text, frozenset(i for i, _ in parts))

    fields: list[Field] = []
    regions: list[Region] = []
    dialogs: list[str] = []
    url = ""
    for node in nodes:
        if node.get("ignored"):
            continue
        role = _value(node, "role")
        props = _properties(node)
        if role == "RootWebArea" and not url:
            url = str(props.get("url", {}).get("value", ""))
        if role in FIELD_ROLES:
            related = [
                r.get("backendDOMNodeId")
                for key in ("labelledby", "describedby", "errormessage")
                for r in props.get(key, {}).get("relatedNodes", [])
            ]
            carriers = tuple(said(by_backend[r]) for r in related if r in by_backend)
            fields.append(_field(node, role, props, carriers))
        live = str(props.get("live", {}).get("value", "off"))
        if role in REGION_ROLES or live in ("polite", "assertive"):
            regions.append(Region(role, said(node)))
        if role in DIALOG_ROLES:
            dialogs.append(said(node).text)
    shown = frozenset(
        n["backendDOMNodeId"] for n in nodes if not n.get("ignored") and "backendDOMNodeId" in n
    )
    root = next((n for n in nodes if _value(n, "role") == "RootWebArea"), {})
    return Snapshot(
        url=url,
        document=int(root.get("backendDOMNodeId", 0)),
        fields=tuple(fields),
        regions=tuple(regions),
        dialogs=tuple(dialogs),
        shown=shown,
        state=state,
        texts=texts,
    )


def _reader(source: Page | Reader) -> Reader:
    return source if isinstance(source, Reader) else Reader(source)


def read_screen(source: Page | Reader, *, state: bool = False, tree: bool = True) -> Snapshot:
    """Read what the page announces now (with `state`, also what `wait_for_result` compares).

    Without `tree`, only the state is read: enough to wait for a result nobody judges.
    """
    reader = _reader(source)
    try:
        seen = reader.page.evaluate(script("screen_state")) if state else ""
        return parse(reader.tree(), state=seen) if tree else Snapshot(state=seen)
    except PlaywrightError:  # a page still loading: nothing read counts as "before"
        return EMPTY


def wait_for_result(page: Page, before: Snapshot, *, timeout_ms: float) -> None:
    """Wait until a page load, a changed address or the form showing its result, whichever first.

    A form that shows nothing at all is left to the checks that follow: they say what was seen.
    """
    changed = f"(before) => ({script('screen_state')})() !== before"
    try:
        page.wait_for_function(changed, arg=before.state, timeout=timeout_ms, polling=50)
    except PlaywrightTimeout:
        return
    except PlaywrightError:  # the context was replaced by a navigation mid-check: a result
        pass
    try:
        page.wait_for_load_state("domcontentloaded", timeout=timeout_ms)
    except PlaywrightTimeout:
        return


def field_node(
    target: Locator | LocatorSpec,
    now: Snapshot,
    *,
    page: Page | None = None,
    timeout_ms: float = 2000,
) -> Field | None:
    """Return the field `target` as the accessibility tree announces it now, if shown.

    An entry found by label or role is matched on the tree's names, without asking the page;
    any other (CSS...) is asked its role and name first (`page` resolves an entry).
    """
    if isinstance(target, LocatorSpec):
        found = [f for f in now.fields if target.announces(f.role, f.name)]
        if found or page is None:
            return found[0] if found else None
        target = target.resolve(page)
    try:
        line = target.first.aria_snapshot(timeout=timeout_ms).splitlines()[0]
    except (PlaywrightError, IndexError):
        return None
    line = line.strip().removeprefix("- ")
    if line.startswith("'"):  # YAML quotes a line holding ": " (an error inside the label)
        line = line[1 : line.rindex("'")].replace("''", "'")
    role, _, rest = line.partition(" ")
    name = _norm(_unquote(rest))
    same_role = [f for f in now.fields if f.role == role.strip(":")]
    exact = [f for f in same_role if f.name == name]
    # An error inside the label lengthens the name a person hears: the label starts it.
    loose = [f for f in same_role if name and (f.name.startswith(name) or name.startswith(f.name))]
    found = exact or loose
    return found[0] if found else None


def _unquote(rest: str) -> str:
    if not rest.startswith('"'):
        return ""
    out, escaped = [], False
    for char in rest[1:]:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            break
        else:
            out.append(char)
    return "".join(out)


def _new_in_field(now: Field, snap: Snapshot, before: Snapshot, *, tied_text: bool) -> list[str]:
    """Return what `now` newly announces since `before` ("" alone: it only turned invalid).

    With `tied_text`, a field turned invalid counts only with a new text tied to it.
    """
    same_document = snap.document == before.document
    old = before.field_at(now.node) if same_document else None
    if same_document:
        turned = now.invalid and not (old is not None and old.invalid)
        pieces = [c.text for c in now.carriers if c.text and snap.is_new(c, before)]
    else:
        # A new page: what was tied to no field before is new, and so is an invalid field.
        standing = {c.text for f in before.fields for c in f.carriers} | {
            f.description for f in before.fields
        }
        turned = now.invalid
        pieces = [c.text for c in now.carriers if c.text and c.text not in standing]
        if now.description and now.description not in standing:
            pieces.append(now.description)
    if turned and not tied_text:
        pieces += [now.description, *(c.text for c in now.carriers if c.text != now.name)]
        pieces = [p for p in pieces if p] or [""]
    return pieces


def _new_in_regions(snap: Snapshot, before: Snapshot) -> list[str]:
    """Return the texts of alerts and status regions that appeared since `before`."""
    if snap.document == before.document:
        return [r.said.text for r in snap.regions if r.said.text and snap.is_new(r.said, before)]
    old = {r.said.text for r in before.regions}
    return [
        r.said.text
        for r in snap.regions
        if r.said.text and (r.said.text not in old or r.role in ALERT_ROLES)
    ]


def _count(message: Message, text: str) -> int:
    return len(message.compiled().findall(_norm(text)))


@dataclass(frozen=True)
class Judgement:
    """What `new_error` found, and what the screen announced when it last looked."""

    finding: Finding | None
    now: Snapshot
    fields: tuple[Field | None, ...]


def _wanted(page: Page, expected: Expected) -> Message | None:
    """Return the words looked for: pinned ones, or those the profile's element shows now."""
    if expected.message is not None or expected.element is None:
        return expected.message
    shown = []
    for one in expected.element.resolve(page).all():
        try:
            if one.is_visible():
                shown.append(_norm(one.inner_text(timeout=1000)))
        except PlaywrightError:
            continue
    texts = [s for s in shown if s]
    return Message.literal(*texts) if texts else Message(("(?!)",), expected.describe())


def _look(
    reader: Reader,
    before: Snapshot,
    expected: Expected,
    targets: Sequence[Locator | LocatorSpec],
    *,
    any_field: bool,
    regions: bool,
    tied_text: bool,
) -> Judgement:
    now = read_screen(reader)
    wanted = _wanted(reader.page, expected)
    fields = tuple(field_node(t, now, page=reader.page, timeout_ms=1000) for t in targets)

    def fits(pieces: list[str], whole: str, old: int) -> str | None:
        # A piece says the error alone ("": the field only turned invalid, read it whole); the
        # words wanted may also show once more than before anywhere in `whole`.
        grown = wanted is not None and _count(wanted, whole) > old
        for said in [*(piece or whole for piece in pieces), *([whole] if grown else [])]:
            if wanted is not None and not wanted.matches(said):
                continue
            if expected.meaning is not None and not expected.meaning.said_by(said):
                continue
            return said
        return None

    def old_count(one: Field) -> int:
        if wanted is None:
            return 0
        if now.document == before.document:
            old = before.field_at(one.node)
            return _count(wanted, old.says()) if old is not None else 0
        return max((_count(wanted, f.says()) for f in before.fields), default=0)

    candidates = [f for f in fields if f is not None]
    where = "tied to the field"
    if any_field:
        candidates += [f for f in now.fields if f not in candidates]
    for one in candidates:
        pieces = _new_in_field(one, now, before, tied_text=tied_text)
        said = fits(pieces, one.says(), old_count(one))
        if said is not None:
            if one not in fields:
                where = "tied to a field"
            return Judgement(Finding(where, said), now, fields)
    if regions:
        shown = " | ".join(r.said.text for r in now.regions)
        old = _count(wanted, " | ".join(r.said.text for r in before.regions)) if wanted else 0
        said = fits(_new_in_regions(now, before), shown, old)
        if said is not None:
            return Judgement(Finding("in an alert", said), now, fields)
    return Judgement(None, now, fields)


def new_error(
    source: Page | Reader,
    before: Snapshot,
    expected: Expected | Message | None = None,
    *,
    field: Locator | LocatorSpec | None = None,
    fields: Sequence[Locator | LocatorSpec] = (),
    any_field: bool = False,
    regions: bool = True,
    tied_text: bool = False,
    timeout_ms: float = 5000,
) -> Judgement:
    """Wait for an error that appeared since `before`; return where it showed, if it did.

    It counts tied to `field` or one of `fields` (or to any field with `any_field`): in the
    field's label, description or error message, or by the field turning invalid; or in an
    alert or status region when `regions`. `expected` says which words count (a `Message`, or
    an `Expected`; None: any words). `tied_text`: the field turning invalid is not enough, a
    text must be tied to it (FORM-06).
    """
    if isinstance(expected, Message):
        expected = Expected(message=expected)
    expected = expected or Expected()
    targets = [*([field] if field is not None else []), *fields]
    reader = _reader(source)
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        judged = _look(
            reader,
            before,
            expected,
            targets,
            any_field=any_field,
            regions=regions,
            tied_text=tied_text,
        )
        if judged.finding is not None or time.monotonic() >= deadline:
            return judged
        reader.page.wait_for_timeout(150)


def said_since(now: Snapshot, before: Snapshot) -> list[str]:
    """Return the texts new since `before` anywhere: tied to a field, or in a region."""
    pieces = [p for f in now.fields for p in _new_in_field(f, now, before, tied_text=True)]
    return list(dict.fromkeys(pieces + _new_in_regions(now, before)))


def describe_field(one: Field | None, label: str) -> str:
    """Describe what a field announces besides its name, for a failure message."""
    if one is None:
        return f"no field {label!r}"
    extra = _norm(one.says().removeprefix(one.name))
    state = " (invalid)" if one.invalid else ""
    return (
        f"the field {label!r}{state} says “{extra}”" if extra else f"nothing is tied to {label!r}"
    )


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
    found = page.evaluate(script("text_near"), [" ".join(label.split()).lower(), pattern])
    if not found:
        return None, ""
    return found["figure"], found["text"]


def fold(text: str) -> str:
    """Return `text` without accents and with spaces normalised (SYN-02: accents may drop)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())
