"""The training customers' words live in scenarios.toml and their databases in a builder each: the two
must name the same customers, in the same order, and every story must read in both languages."""

from __future__ import annotations

import string

from konnektor_kit.training.scenarios import SCENARIOS, stories


def test_every_story_has_a_builder_and_every_builder_a_story():
    assert list(SCENARIOS) == list(stories())


def test_every_story_is_told_in_both_languages_with_only_the_years_to_fill():
    for name, about in stories().items():
        assert set(about) == {"seed", "site", "title", "story"}, name
        assert len(about["title"]) == 2 and len(about["story"]) == 2 and all(about["title"] + about["story"]), name
        for text in about["story"]:
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            assert fields <= {"year", "last"}, (name, fields)


def test_a_scenario_tells_its_year():
    sc = SCENARIOS["netsis-devirsiz-ocak"](2031)
    assert "2030" in sc.story[0] and "2031" in sc.story[1] and sc.year == 2031
