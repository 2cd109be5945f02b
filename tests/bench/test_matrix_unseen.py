"""How the defect matrix reads an uncaught defect: not tested where the profile cannot look, a
known limit where catalogue/defects.yaml says no outside check can see it, missed otherwise."""

from __future__ import annotations

import pytest

from bench.defect_matrix import _why_unseen
from catalogue.defects import defects_of
from walkthrough.runmodel import ScenarioResult


def _scenario(name: str, status: str, skip: str | None = None) -> ScenarioResult:
    return ScenarioResult.model_validate(
        {"nodeid": name, "feature_file": "captcha/controle_securite.feature",
         "feature_name": "Le contrôle de sécurité", "name": name, "line": 1,
         "rule_ids": ["CAP-05"], "status": status, "skip_reason": skip,
         "started_at": "2026-12-05T23:00:00", "duration_s": 1.0}
    )  # fmt: skip


FIXED = "not tested: with a fixed captcha every answer is the same"


@pytest.mark.parametrize(
    ("results", "unseen"),
    [
        pytest.param([_scenario("a", "passed"), _scenario("b", "passed")], None, id="missed"),
        pytest.param(
            [_scenario("a", "passed"), _scenario("b", "skipped", FIXED)],
            "not testable with this implementation's profile: 1 of the rule's 2",
            id="where-the-profile-cannot-look",
        ),
        pytest.param(
            [_scenario("a", "failed"), _scenario("b", "skipped", FIXED)], None, id="a-failure"
        ),
    ],
)
def test_an_uncaught_defect_is_missed_unless_the_profile_could_not_look(
    results: list[ScenarioResult], unseen: str | None
) -> None:
    said = _why_unseen(results, "CAP-05", [], beyond="")
    assert said == unseen if unseen is None else (said or "").startswith(unseen)


def test_a_defect_beyond_perception_says_why_and_is_never_missed() -> None:
    beyond = defects_of("second")["captcha-audio-other"].beyond_perception
    assert "speech recogniser" in beyond
    said = _why_unseen([_scenario("a", "passed")], "CAP-05", [], beyond=beyond)
    assert said == f"beyond what the suite perceives: {beyond}"
