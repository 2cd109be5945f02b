"""Where a captcha answer can be read by a script: responses, the page, cookies and storage.

CAP-03: the answer reaches the browser only as the image and the sound. Anything else the
browser received that holds it (a response body, the DOM, a cookie even signed or encoded,
web storage) lets a robot read it too.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from playwright.sync_api import BrowserContext, Error, Page, Response

READABLE_JS = (Path(__file__).parent / "js" / "readable_texts.js").read_text(encoding="utf-8")
# What a person perceives and a script cannot read as text.
MEDIA_TYPES = ("image/", "audio/", "video/", "font/")


@dataclass
class ResponseLog:
    """Keep every response a page receives, from before its first navigation."""

    page: Page
    responses: list[Response] = field(default_factory=list)

    def start(self) -> ResponseLog:
        """Listen to the page's responses; return self."""
        self.page.on("response", self._keep)
        return self

    def _keep(self, response: Response) -> None:
        self.responses.append(response)


def contains(text: str, answer: str) -> bool:
    """Tell whether `answer` stands in `text` in any case, not inside a longer word."""
    pattern = rf"(?<![A-Za-z0-9]){re.escape(answer)}(?![A-Za-z0-9])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def decodings(value: str) -> Iterator[tuple[str, str]]:
    """Yield (how, text) for a cookie value as sent and as a script could decode it."""
    yield "as sent", value
    plain = unquote(value)
    yield "URL-decoded", plain
    parts = [plain, *plain.split(".")]
    compressed = plain.startswith(".")  # Flask and itsdangerous: '.' = zlib, then base64
    for part in parts:
        raw = _base64(part)
        if raw is None:
            continue
        yield "decoded from base64", raw.decode("utf-8", "replace")
        if compressed or raw[:1] == b"x":  # zlib streams start with 0x78
            inflated = _inflate(raw)
            if inflated is not None:
                yield "decoded from base64 and zlib", inflated


def _inflate(raw: bytes) -> str | None:
    try:
        return zlib.decompress(raw).decode("utf-8", "replace")
    except zlib.error:
        return None


def _base64(text: str) -> bytes | None:
    text = text.strip()
    if len(text) < 4 or not re.fullmatch(r"[A-Za-z0-9+/_-]+=*", text):
        return None
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return None


def where_readable(page: Page, context: BrowserContext, log: ResponseLog, answer: str) -> list[str]:
    """Return every place a script could read `answer` from, in words (empty: none)."""
    found = [
        f"the response of {where}"
        for where, text in _bodies(log.responses)
        if contains(text, answer)
    ]
    for frame in page.frames:
        try:
            texts: list[list[str]] = frame.evaluate(READABLE_JS)
        except Error:  # a frame of another origin: its content is not this page's to read
            continue
        label = "" if frame == page.main_frame else f" (frame {frame.url})"
        found += [f"{where}{label}" for where, text in texts if contains(text, answer)]
    for cookie in context.cookies():
        for how, text in decodings(cookie["value"]):
            if contains(text, answer):
                found.append(f"the cookie “{cookie['name']}” ({how})")
                break
    return list(dict.fromkeys(found))


def _bodies(responses: Iterable[Response]) -> Iterator[tuple[str, str]]:
    for response in responses:
        kind = response.headers.get("content-type", "")
        if kind.startswith(MEDIA_TYPES):
            continue
        try:
            body = response.body()
        except Error:  # a redirect has no body; an evicted one was read by no script either
            continue
        yield f"{response.request.method} {response.url}", body.decode("utf-8", "replace")
