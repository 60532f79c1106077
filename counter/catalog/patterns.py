"""Field patterns that cannot freeze the counter (正则表达式安全子集).

A catalog field may carry a ``pattern`` the value must fully match. Python's :mod:`re` is a
backtracking matcher: ``(a+)+$`` on thirty ``a`` followed by ``!`` takes minutes, and the
intake form checks a field as it is left, on the GUI thread. Rather than a second regex engine
(a linear-time matcher such as RE2 is a compiled dependency with other syntax), a pattern must
belong to a **safe subset** checked with Python's own parser (``re._parser`` on 3.11+,
``sre_parse`` before), so that what is checked is exactly what :mod:`re` will run:

* no back-references (``\\1``, ``(?P=name)``, ``(?(1)…)``) and no lookarounds (``(?=…)``,
  ``(?!…)``, ``(?<=…)``, ``(?<!…)``) — they are not regular and defeat every bound below;
* no nested quantifiers: a repeated part (``*``, ``+``, ``{m,n}`` with ``n`` > 1) must not
  contain another quantifier of variable length nor an alternative (``|``), so ``(a+)+``,
  ``(a*)*``, ``(a|aa)+``, ``(a|a)*`` are refused while ``(\\d{2})+``, ``(-\\d{4})?`` and
  ``[A-Z0-9]+`` are allowed;
* at most :data:`MAX_VARIABLE_REPEATS` quantifiers of variable length in the whole pattern
  (``\\d*\\d*\\d*\\d*x`` is polynomial of that degree), and counts ``{m,n}`` of at most
  :data:`MAX_REPEAT_COUNT`;
* the pattern itself is at most :data:`MAX_PATTERN_LENGTH` characters.

With those rules a full match costs at most about ``n ** MAX_VARIABLE_REPEATS`` steps on an
input of ``n`` characters; the intake validators (:mod:`counter.intake.validate`) cap the
input at :data:`MAX_MATCH_INPUT` characters before matching, so the worst allowed pattern on
the worst input is checked in well under a second (``tests/unit/catalog/test_patterns.py``
measures it). Real catalog patterns (``[0-9]{4}-[0-9]{2}``, ``[A-Z]{2}\\d{6}``) are far inside.

A catalog stored before these rules may still hold an unsafe pattern; it is never run
(:func:`is_safe_pattern` is asked again at use, cached) and the loader logs a warning naming
the field (see ``docs/catalog.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["MAX_PATTERN_LENGTH", "MAX_REPEAT_COUNT", "MAX_VARIABLE_REPEATS", "MAX_MATCH_INPUT",
           "pattern_problem", "is_safe_pattern"]

#: Longest pattern accepted (characters).
MAX_PATTERN_LENGTH = 500
#: Largest explicit count in ``{m}`` / ``{m,n}``.
MAX_REPEAT_COUNT = 100
#: Quantifiers of variable length allowed in one pattern.
MAX_VARIABLE_REPEATS = 3
#: Longest value a pattern is ever matched against (longer values are refused unmatched).
MAX_MATCH_INPUT = 256

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)
_LOOKAROUNDS = {_c.ASSERT, _c.ASSERT_NOT}
_BACKREFS = {_c.GROUPREF, _c.GROUPREF_EXISTS}
_UNBOUNDED = _c.MAXREPEAT


class _Unsafe(Exception):
    pass


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not in the safe subset (Chinese), or None when it is."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"正则表达式长度为 {len(pattern)} 个字符，不能超过 {MAX_PATTERN_LENGTH} 个"
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error as e:
        return f"正则表达式无法编译：{e}"
    except RecursionError:
        return "正则表达式嵌套过深"
    try:
        variable = _walk(parsed, inside_repeat=False)
    except _Unsafe as e:
        return str(e)
    except RecursionError:
        return "正则表达式嵌套过深"
    if variable > MAX_VARIABLE_REPEATS:
        return (f"正则表达式含 {variable} 个可变次数的量词，最多 {MAX_VARIABLE_REPEATS} 个"
                "（过多会使校验极慢）")
    return None


@lru_cache(maxsize=1024)
def is_safe_pattern(pattern: str) -> bool:
    """True when ``pattern`` may be run (:func:`pattern_problem` finds nothing); cached."""
    return pattern_problem(pattern) is None


def _walk(items, *, inside_repeat: bool) -> int:
    """Check a parsed sequence; the number of variable-length quantifiers in it."""
    variable = 0
    for op, av in items:
        if op in _BACKREFS:
            raise _Unsafe("正则表达式不能使用反向引用（如 \\1、(?P=name)）")
        if op in _LOOKAROUNDS:
            raise _Unsafe("正则表达式不能使用环视断言（如 (?=…)、(?!…)、(?<=…)）")
        if op in _REPEATS:
            lo, hi, body = av
            for count in (lo, hi):
                if count != _UNBOUNDED and count > MAX_REPEAT_COUNT:
                    raise _Unsafe(f"正则表达式的重复次数 {count} 过大，最多 {MAX_REPEAT_COUNT}")
            multiplies = hi == _UNBOUNDED or hi > 1
            if inside_repeat and lo != hi:
                raise _Unsafe("正则表达式不能嵌套量词（如 (a+)+），可能导致校验卡死")
            if lo != hi:
                variable += 1
            variable += _walk(body, inside_repeat=inside_repeat or multiplies)
        elif op == _c.BRANCH:
            if inside_repeat:
                raise _Unsafe("正则表达式的重复部分不能含多选（如 (a|ab)+），可能导致校验卡死")
            variable += sum(_walk(b, inside_repeat=False) for b in av[1])
        elif op == _c.SUBPATTERN:
            variable += _walk(av[-1], inside_repeat=inside_repeat)
        elif op == getattr(_c, "ATOMIC_GROUP", None):
            variable += _walk(av, inside_repeat=inside_repeat)
    return variable
