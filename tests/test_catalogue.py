"""The project's French catalogue is complete and checked, and in step with the upstream one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from catalogue import texts
from catalogue.rules import CATALOGUE_PATH, PROJECT_ROOT, CatalogueError, load_rules, read_catalogue
from tutorial.script import load_script

FAMILIES = ["ELIG", "NAV", "CGU", "FORM", "CAP", "PWD", "SYN", "MAIL", "LOG"]
# The team's upstream catalogue and the seed, beside the project on the team's machines and in CI.
SHARED = PROJECT_ROOT.parent / "shared"
UPSTREAM = SHARED / "spec" / "requirements.md"
SEED = SHARED / "seeds" / "000_775d7321eda51040.txt"
_ROW = re.compile(r"^\| (?P<id>[A-Z]+-\d+) \| (?P<text>.*) \|\s*$", re.M)
_SEED_QUOTE = re.compile(r'Seed: "(?P<quote>[^"]+)"')


def test_the_rule_list_has_every_family_and_id_once() -> None:
    rules = load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) == 40
    assert list(dict.fromkeys(r.family for r in rules)) == FAMILIES
    assert ids[0] == "ELIG-01" and ids[-1] == "LOG-03"
    elig01 = rules[0]
    assert elig01.seed_quote == "L'inscription est possible si vous avez plus de 16 ans"
    assert elig01.family_title == "Qui peut s'inscrire"
    assert next(r for r in rules if r.id == "ELIG-03").inferred
    assert not elig01.inferred


def test_every_rule_keeps_the_portal_texts_it_quotes_letter_for_letter() -> None:
    pwd01 = next(r for r in load_rules() if r.id == "PWD-01")
    assert texts.PASSWORD_RULE in pwd01.quotes
    for rule in load_rules():
        for quote in rule.quotes:
            assert quote in rule.text, f"{rule.id}: {quote!r}"


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "regles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _catalogue_data() -> dict:
    return yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))


def test_an_unknown_key_in_the_catalogue_is_refused(tmp_path: Path) -> None:
    data = _catalogue_data()
    data["families"][0]["rules"][0]["texte"] = "faute de frappe"
    with pytest.raises(CatalogueError, match=r"families\.0\.rules\.0\.texte"):
        read_catalogue(_write(tmp_path, data))


def test_a_rewrite_that_loses_a_quoted_text_is_refused(tmp_path: Path) -> None:
    data = _catalogue_data()
    cgu02 = data["families"][2]["rules"][1]
    assert cgu02["id"] == "CGU-02"
    cgu02["text"] = cgu02["text"].replace("poursuivre votre", "continuer votre")
    with pytest.raises(CatalogueError, match="CGU-02: quoted but not in its text"):
        read_catalogue(_write(tmp_path, data))


def test_a_rule_filed_under_another_family_or_twice_is_refused(tmp_path: Path) -> None:
    data = _catalogue_data()
    data["families"][0]["rules"].append(data["families"][1]["rules"][0])
    with pytest.raises(CatalogueError, match=r"family ELIG holds rules of another family"):
        read_catalogue(_write(tmp_path, data))
    data = _catalogue_data()
    data["families"][1]["rules"].append(data["families"][1]["rules"][0])
    with pytest.raises(CatalogueError, match=r"rule IDs given twice: \['NAV-01'\]"):
        read_catalogue(_write(tmp_path, data))


def _upstream_rows(source: str) -> dict[str, str]:
    return {m["id"]: m["text"].strip() for m in _ROW.finditer(source)}


def _quoted(text: str) -> list[str]:
    """Return the French texts an upstream rule quotes (code spans like `aria-current` aside)."""
    return re.findall(r'"([^"]+)"', re.sub(r"`[^`]*`", "", text))


def _text_constants() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, value in vars(texts).items():
        if name.isupper() and isinstance(value, str):
            found.append((name, value))
        elif name.isupper() and isinstance(value, tuple):
            found.extend((f"{name}[{i}]", v) for i, v in enumerate(value))
    return found


def _sync_problems(upstream: str, seed: str) -> list[str]:
    rows = _upstream_rows(upstream)
    ours = {r.id: r for r in load_rules()}
    problems = [f"ID only upstream: {i}" for i in sorted(rows.keys() - ours.keys())]
    problems += [f"ID only in catalogue/regles.yaml: {i}" for i in sorted(ours.keys() - rows)]
    constants = {value for _, value in _text_constants()}
    for rule_id, text in rows.items():
        rule = ours.get(rule_id)
        if rule is None:
            continue
        ours_quoted = " ".join((rule.text, rule.seed_quote or ""))
        for quote in _quoted(text):
            if quote not in ours_quoted and quote not in constants:
                problems.append(f"{rule_id}: upstream quotes {quote!r}, regles.yaml does not")
        seed_quote = _SEED_QUOTE.search(text)
        if rule.seed_quote != (seed_quote["quote"] if seed_quote else None):
            problems.append(f"{rule_id}: seed quote differs from upstream")
        if rule.inferred != ("*(inferred" in text):
            problems.append(f"{rule_id}: inferred flag differs from upstream")
    # The older checks: the shared texts and the tutorial's narration really come from there.
    sources = " ".join((upstream + seed).split())
    problems += [
        f"texts.{name} = {value!r} is quoted neither upstream nor in the seed"
        for name, value in _text_constants()
        if value not in sources
    ]
    position = 0
    for step in load_script().steps:
        found = seed.find(step.narration, position)
        if found < 0:
            problems.append(f"tutorial {step.id}: not in the seed after {position}")
            continue
        position = found + len(step.narration)
    return problems


def test_the_catalogue_is_in_step_with_the_upstream_catalogue_and_the_seed() -> None:
    if not UPSTREAM.is_file():
        pytest.skip(
            f"no {UPSTREAM} beside the project: this check compares the project's catalogue "
            "with the team's upstream one, which only the team's machines and CI have"
        )
    upstream = UPSTREAM.read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    assert _sync_problems(upstream, seed) == []


def test_the_sync_check_sees_a_missing_id_a_changed_quote_and_a_lost_narration() -> None:
    rules = load_rules()
    seed = " ".join(step.narration for step in load_script().steps)
    seed += " " + " ".join(value for _, value in _text_constants())
    rows = [f"| {r.id} | x{' *(inferred)*' if r.inferred else ''} |" for r in rules]
    for i, rule in enumerate(rules):
        if rule.seed_quote:
            rows[i] = rows[i].replace(" x", f' x Seed: "{rule.seed_quote}".')
    assert _sync_problems("\n".join(rows), seed) == []
    rows.append("| NEW-01 | x |")
    rows[0] = rows[0].replace(" x", ' x "Un texte que le projet ne cite pas"')
    problems = _sync_problems("\n".join(rows), seed[100:])
    assert "ID only upstream: NEW-01" in problems
    assert any("ELIG-01: upstream quotes 'Un texte" in p for p in problems)
    assert any(p.startswith("tutorial ") for p in problems)
