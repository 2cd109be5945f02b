"""The shared texts and the rule list really come from the catalogue."""

from __future__ import annotations

import pytest

from catalogue import texts
from catalogue.rules import catalogue_path, load_rules, seed_path


def _public_texts() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, value in vars(texts).items():
        if name.isupper() and isinstance(value, str):
            found.append((name, value))
        elif name.isupper() and isinstance(value, tuple):
            found.extend((f"{name}[{i}]", v) for i, v in enumerate(value))
    return found


@pytest.mark.parametrize(("name", "text"), _public_texts())
def test_every_text_is_quoted_verbatim_in_the_catalogue_or_the_seed(name: str, text: str) -> None:
    sources = catalogue_path().read_text(encoding="utf-8") + seed_path().read_text(encoding="utf-8")
    folded = " ".join(sources.split())
    assert text in folded, f"{name} = {text!r} is not quoted in the catalogue nor the seed"


def test_the_rule_list_has_every_family_and_id_once() -> None:
    rules = load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    families = {r.family for r in rules}
    assert families == {"ELIG", "NAV", "CGU", "FORM", "CAP", "PWD", "SYN", "MAIL", "LOG"}
    assert "PWD-01" in ids and "LOG-03" in ids
    elig01 = next(r for r in rules if r.id == "ELIG-01")
    assert elig01.seed_quote == "L'inscription est possible si vous avez plus de 16 ans"
    assert next(r for r in rules if r.id == "ELIG-03").inferred
