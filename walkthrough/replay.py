"""A step's request sent again without the page: captured once from a successful submit, replayed.

A rule the page checks in script and the server does not is not kept: anyone who sends the
form's request creates the account anyway. `capture_step` records the request a successful
submit makes (method, URL, headers, body) and finds in its body the values the suite typed;
`replay_step` sends it again in another session, through the browser context's request API
(same cookies), with other values in those places and the page's current tokens (CSRF and the
like) where the captured ones were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from playwright.sync_api import APIResponse, BrowserContext, Page, Request, Response
from playwright.sync_api import Error as PlaywrightError

PAGE_TOKENS_JS = (Path(__file__).parent / "js" / "page_tokens.js").read_text(encoding="utf-8")
# Headers the request API sets itself, or that belong to the browser and not to the form.
NOT_REPLAYED = frozenset(
    {"content-length", "cookie", "host", "connection", "accept-encoding", "user-agent"}
)
# A page token shorter than this ("oui", "1") would match any field value by chance.
MIN_TOKEN = 8

BodyKind = Literal["form", "json", "multipart"]


class NotIdentified(Exception):
    """A step's request could not be found or understood; the message says why, in English."""


@dataclass(frozen=True)
class Body:
    """A request body as an ordered list of (name, value) leaves, and how to rebuild it."""

    kind: BodyKind
    leaves: tuple[tuple[str, str], ...]
    # JSON only: the decoded document and the path of each leaf.
    document: Any = None
    paths: tuple[tuple[str | int, ...], ...] = ()

    def rebuilt(self, values: Sequence[str]) -> str | dict[str, str]:
        """Return the body with `values` in place of the leaves' values, in the same order."""
        if self.kind == "form":
            return urlencode([(n, v) for (n, _), v in zip(self.leaves, values, strict=True)])
        if self.kind == "multipart":
            return {n: v for (n, _), v in zip(self.leaves, values, strict=True)}
        document = json.loads(json.dumps(self.document))
        for path, value in zip(self.paths, values, strict=True):
            holder = document
            for part in path[:-1]:
                holder = holder[part]
            holder[path[-1]] = value
        return json.dumps(document)


def parse_body(content_type: str, data: str) -> Body:
    """Read a form-encoded, multipart or JSON body; raise NotIdentified for anything else."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        return Body("form", tuple(parse_qsl(data, keep_blank_values=True)))
    if kind == "multipart/form-data":
        return Body("multipart", _multipart_leaves(content_type, data))
    if kind.endswith("json"):
        try:
            document = json.loads(data)
        except ValueError:
            raise NotIdentified("its JSON body does not parse") from None
        paths = tuple(_json_paths(document, ()))
        leaves = tuple((".".join(map(str, p)), str(_at(document, p))) for p in paths)
        return Body("json", leaves, document=document, paths=paths)
    raise NotIdentified(f"its body is {kind or 'of no declared type'}")


def _multipart_leaves(content_type: str, data: str) -> tuple[tuple[str, str], ...]:
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise NotIdentified("its multipart body declares no boundary")
    leaves = []
    for part in data.split("--" + match[1])[1:]:
        if part.startswith("--"):
            break
        head, _, value = part.lstrip("\r\n").partition("\r\n\r\n")
        if "filename=" in head:
            raise NotIdentified("its multipart body carries a file")
        name = re.search(r'name="([^"]*)"', head)
        if name:
            leaves.append((name[1], value.removesuffix("\r\n")))
    return tuple(leaves)


def _json_paths(node: Any, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _json_paths(value, (*path, key))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _json_paths(value, (*path, i))]
    return [path] if isinstance(node, str | int | float) and not isinstance(node, bool) else []


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def squeezed(value: str) -> str:
    """Return `value` without its spaces, as a page may send what was typed with them."""
    return re.sub(r"\s+", "", value)


@dataclass(frozen=True)
class StepRequest:
    """The request a successful submit of one step made, and where each typed value went."""

    step: int
    method: str
    url: str
    headers: dict[str, str]
    body: Body
    # field name -> index of its leaf, and whether the page sent it without its spaces
    fields: dict[str, int]
    squeezed: frozenset[str]
    # leaf index / header name -> name of the page token (hidden input, meta) it carried
    leaf_tokens: dict[int, str]
    header_tokens: dict[str, str]
    page_url: str  # the step's address before the submit
    next_url: str  # the address the successful submit led to
    # True once proven that the server itself sends an address opened too early back to the
    # step (an HTTP redirect): then one request tells where a session stands.
    redirects: bool = False


@dataclass
class Recorder:
    """Collect the requests with a body that a page sends while it is attached."""

    page: Page
    seen: list[Request] = field(default_factory=list)

    def __enter__(self) -> Recorder:
        self.page.on("request", self._keep)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.page.remove_listener("request", self._keep)

    def _keep(self, request: Request) -> None:
        if request.method != "GET" and request.post_data is not None:
            self.seen.append(request)


def page_tokens(page: Page) -> dict[str, str]:
    """Return the page's hidden inputs and named meta tags (name -> value)."""
    found: dict[str, str] = page.evaluate(PAGE_TOKENS_JS)
    return found


JSON_TOKEN = "json:"  # a token read from a JSON response: "json:<url>#<path as JSON>"


def json_tokens(responses: Sequence[Response]) -> dict[str, str]:
    """Return the string leaves of the JSON documents the page fetched with GET (name -> value).

    A single-page application keeps its CSRF token in a state document (`/api/etat`) rather
    than in the markup; sending a step again means asking the session's own copy of it.
    """
    found: dict[str, str] = {}
    for response in responses:
        if response.request.method != "GET" or "json" not in response.headers.get(
            "content-type", ""
        ):
            continue
        try:
            document = response.json()
        except (PlaywrightError, ValueError):
            continue
        for path in _json_paths(document, ()):
            found[f"{JSON_TOKEN}{response.url}#{json.dumps(list(path))}"] = str(_at(document, path))
    return found


def _current_tokens(
    context: BrowserContext, page: Page | None, names: Sequence[str]
) -> dict[str, str]:
    """Return the session's current value of each token: from its page, or its JSON source."""
    current = page_tokens(page) if page is not None else {}
    documents: dict[str, Any] = {}
    for name in names:
        if not name.startswith(JSON_TOKEN):
            continue
        url, _, path = name.removeprefix(JSON_TOKEN).partition("#")
        if url not in documents:
            response = context.request.get(url)
            try:
                documents[url] = response.json()
            except ValueError:
                documents[url] = None
            response.dispose()
        try:
            current[name] = str(_at(documents[url], tuple(json.loads(path))))
        except (KeyError, IndexError, TypeError):
            continue
    return current


def capture_step(
    page: Page,
    submit: Callable[[], object],
    *,
    step: int,
    typed: Mapping[str, str],
    received: Sequence[Response] = (),
) -> StepRequest:
    """Run `submit` (a successful submit of `step`) and return the request that carried `typed`.

    `typed` maps each field's name to what the suite typed, in the order it typed them; a
    value typed in several fields (an email and its confirmation) goes to their leaves in order.
    `received`: the responses the page got so far, where a token may come from.
    Raise NotIdentified when no request carried every non-empty value.
    """
    tokens = {**json_tokens(received), **page_tokens(page)}
    page_url = page.url
    with Recorder(page) as recorder:
        submit()
    reasons = []
    for request in recorder.seen:
        try:
            found = _identify(request, step=step, typed=typed, tokens=tokens, page=page_url)
            return replace(found, next_url=page.url)
        except NotIdentified as exc:
            reasons.append(f"{request.method} {urlsplit(request.url).path}: {exc}")
    if not reasons:
        raise NotIdentified(f"submitting step {step} sent no request with a body")
    raise NotIdentified("; ".join(reasons))


def _identify(
    request: Request,
    *,
    step: int,
    typed: Mapping[str, str],
    tokens: Mapping[str, str],
    page: str,
) -> StepRequest:
    headers = request.headers
    body = parse_body(headers.get("content-type", ""), request.post_data or "")
    fields: dict[str, int] = {}
    squeeze: set[str] = set()
    taken: set[int] = set()
    for name, value in typed.items():
        if not value:
            continue
        index = _find(body, value, taken)
        if index is None:
            raise NotIdentified(f"the value typed into {name!r} is not in it")
        fields[name] = index
        taken.add(index)
        if body.leaves[index][1] != value:
            squeeze.add(name)
    by_value = {v: n for n, v in tokens.items() if len(v) >= MIN_TOKEN}
    leaf_tokens = {
        i: by_value[v] for i, (_, v) in enumerate(body.leaves) if i not in taken and v in by_value
    }
    header_tokens = {h: by_value[v] for h, v in headers.items() if v in by_value}
    return StepRequest(
        step=step,
        method=request.method,
        url=request.url,
        headers={h: v for h, v in headers.items() if h not in NOT_REPLAYED},
        body=body,
        fields=fields,
        squeezed=frozenset(squeeze),
        leaf_tokens=leaf_tokens,
        header_tokens=header_tokens,
        page_url=page,
        next_url=page,
    )


def _find(body: Body, value: str, taken: set[int]) -> int | None:
    """Return the first free leaf holding `value` as typed, else without its spaces."""
    for wanted in (value, squeezed(value)):
        for i, (_, sent) in enumerate(body.leaves):
            if i not in taken and sent == wanted:
                return i
    return None


@dataclass(frozen=True)
class Reply:
    """What the server answered to a replayed step: status, final address (redirects followed)."""

    status: int
    url: str

    def reached(self, url: str) -> bool:
        """Tell whether the reply ended at `url` (scheme, host, port and path compared)."""
        mine, other = urlsplit(self.url), urlsplit(url)
        return (mine.netloc, mine.path.rstrip("/")) == (other.netloc, other.path.rstrip("/"))


def replay_step(
    context: BrowserContext,
    template: StepRequest,
    values: Mapping[str, str],
    *,
    page: Page | None = None,
) -> Reply:
    """Send `template` again in `context`'s session with `values` in its fields' places.

    A field not in `values` keeps the captured value; a captured page token is replaced by the
    same token of `page` (the session's own page) when that page has one.
    """
    names = [*template.leaf_tokens.values(), *template.header_tokens.values()]
    current = _current_tokens(context, page, names)
    leaves = [value for _, value in template.body.leaves]
    for name, index in template.fields.items():
        if name in values:
            value = values[name]
            leaves[index] = squeezed(value) if name in template.squeezed else value
    for index, token in template.leaf_tokens.items():
        if token in current:
            leaves[index] = current[token]
    headers = dict(template.headers)
    for header, token in template.header_tokens.items():
        if token in current:
            headers[header] = current[token]
    data = template.body.rebuilt(leaves)
    if isinstance(data, dict):
        headers.pop("content-type", None)  # the request API writes its own boundary
        multipart: dict[str, Any] = dict(data)
        response = context.request.fetch(
            template.url, method=template.method, headers=headers, multipart=multipart
        )
    else:
        response = context.request.fetch(
            template.url, method=template.method, headers=headers, data=data
        )
    return _reply(response)


def open_address(context: BrowserContext, url: str) -> Reply:
    """GET `url` in `context`'s session (redirects followed); return where it ended."""
    return _reply(context.request.get(url))


def _reply(response: APIResponse) -> Reply:
    reply = Reply(status=response.status, url=response.url)
    response.dispose()
    return reply
