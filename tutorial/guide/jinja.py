"""Render the guide's pages from the Jinja templates in tutorial/guide/templates/."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    """Return the templates' environment: escaped HTML and XML, no undefined name let through."""
    return Environment(
        loader=PackageLoader("tutorial.guide", "templates"),
        autoescape=select_autoescape(["html", "xml", "html.j2", "xml.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context: object) -> str:
    """Return the template `name` filled with `context`."""
    return environment().get_template(name).render(**context)
