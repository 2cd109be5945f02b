"""The feature files are the living spec: every rule tagged, business language only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogue.rules import rule_ids

FEATURES = Path(__file__).resolve().parents[2] / "features"
FILES = sorted(FEATURES.rglob("*.feature"))
TAG = re.compile(r"@([A-Z]+-\d+)\b")
# What would betray markup or plumbing in a step: URLs, CSS/XPath, ids, test hooks.
TECHNICAL = re.compile(r"https?://|/_test|#[a-z]|\[aria-|//\w+\[|\bid=|\.click\(|localhost")


def test_every_catalogue_rule_is_a_tag_of_some_scenario() -> None:
    tagged = {tag for path in FILES for tag in TAG.findall(path.read_text(encoding="utf-8"))}
    assert set(rule_ids()) - tagged == set()
    assert tagged - set(rule_ids()) == set()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FEATURES)))
def test_a_feature_is_french_one_feature_and_business_language(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# language: fr\n")
    assert text.count("Fonctionnalité:") == 1
    assert not TECHNICAL.search(text), TECHNICAL.search(text)
