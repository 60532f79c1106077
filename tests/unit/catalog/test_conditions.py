"""Conditions (``when``) evaluated against answers and form values."""

from counter.catalog.conditions import holds, references


def test_none_always_holds():
    assert holds(None, {})


def test_equals_and_one_of():
    assert holds({"q": "a"}, {"q": "a"})
    assert not holds({"q": "a"}, {"q": "b"})
    assert holds({"q": ["a", "b"]}, {"q": "b"})
    assert not holds({"q": ["a", "b"]}, {"q": "c"})


def test_unanswered_never_holds():
    assert not holds({"q": "a"}, {})
    assert not holds({"q": "a"}, {"q": ""})


def test_all_any_not():
    c = {"all": [{"q1": "y"}, {"any": [{"q2": "a"}, {"not": {"q3": "x"}}]}]}
    assert holds(c, {"q1": "y", "q2": "a"})
    assert holds(c, {"q1": "y", "q2": "b", "q3": "z"})
    assert not holds(c, {"q1": "y", "q2": "b", "q3": "x"})
    assert not holds(c, {"q1": "n", "q2": "a"})


def test_field_values_including_multi_choice():
    assert holds({"field:scope": "food"}, {}, {"scope": "food"})
    assert holds({"field:scope": "food"}, {}, {"scope": ["retail", "food"]})
    assert holds({"field:scope": ["food", "drink"]}, {}, {"scope": ["drink"]})
    assert not holds({"field:scope": "food"}, {}, {"scope": ["retail"]})
    assert not holds({"field:scope": "food"}, {}, {"scope": []})


def test_booleans_compare_as_json_text():
    assert holds({"q": True}, {"q": "true"})


def test_references_lists_every_key():
    c = {"all": [{"q1": "y"}, {"not": {"field:x": "1"}}], "q2": "a"}
    assert sorted(references(c)) == ["field:x", "q1", "q2"]
