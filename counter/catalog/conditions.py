"""Conditions (``when``) of the catalog format, evaluated against a situation.

A condition is JSON: ``{"q_agent": "agent"}`` (equals), ``{"q_size": ["small", "micro"]}``
(one of), ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": C}``. Keys ``field:KEY`` compare
a form field's value instead of an answer (for a ``multi_choice`` field: any chosen value).
Several keys in one object must all hold.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

FIELD_PREFIX = "field:"


def holds(condition: Mapping[str, Any] | None, answers: Mapping[str, Any],
          form: Mapping[str, Any] | None = None) -> bool:
    """True when ``condition`` holds for ``answers`` (question id → value) and ``form``.

    An unanswered question or an empty field never equals anything, so material that
    depends on an open question does not apply until the question is answered.
    """
    if condition is None:
        return True
    form = form or {}
    for key, expected in condition.items():
        if key == "all":
            ok = all(holds(c, answers, form) for c in expected)
        elif key == "any":
            ok = any(holds(c, answers, form) for c in expected)
        elif key == "not":
            ok = not holds(expected, answers, form)
        else:
            if key.startswith(FIELD_PREFIX):
                actual = form.get(key[len(FIELD_PREFIX):])
            else:
                actual = answers.get(key)
            wanted = [_text(e) for e in expected] if isinstance(expected, list) else [_text(expected)]
            if actual is None or actual == "" or actual == []:
                ok = False
            elif isinstance(actual, (list, tuple, set)):
                # a multi_choice field holds when any chosen value is among the wanted ones
                ok = any(_text(a) in wanted for a in actual)
            else:
                ok = _text(actual) in wanted
        if not ok:
            return False
    return True


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def references(condition: Mapping[str, Any] | None) -> Iterator[str]:
    """Every question id or ``field:KEY`` a condition refers to (for validation)."""
    if condition is None:
        return
    for key, expected in condition.items():
        if key in ("all", "any"):
            for c in expected:
                yield from references(c)
        elif key == "not":
            yield from references(expected)
        else:
            yield key
