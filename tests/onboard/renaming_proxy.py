"""A release that renamed one button: a loopback proxy that rewrites a word in what it serves.

The deployment behind it is unchanged, but every page, script and API answer the browser gets
says the new word instead of the old one, as a release that renamed a free element would.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler

from tests.helpers import serving

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None  # the browser follows redirects itself


@contextlib.contextmanager
def renaming_proxy(upstream: str, replacements: Mapping[str, str]) -> Iterator[str]:
    """Serve `upstream` with each old text replaced by its new one in every text answer.

    Yield the proxy's address.
    """
    opener = urllib.request.build_opener(_NoRedirect)
    base = upstream.rstrip("/")

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            request = urllib.request.Request(
                base + self.path, data=body, headers=headers, method=self.command
            )
            try:
                answer = opener.open(request, timeout=30)
            except urllib.error.HTTPError as exc:
                answer = exc
            data = answer.read()
            kind = answer.headers.get("Content-Type", "")
            if kind.startswith(("text/", "application/javascript", "application/json")):
                for old, new in replacements.items():
                    data = data.replace(old.encode(), new.encode())
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                if key.lower() not in _HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

        def log_message(self, *_args: object) -> None:
            return None

    with serving(Handler) as url:
        yield url
