"""Platform text in log lines, escaped (日志转义).

Anything the platform (or a network in front of it) wrote — an error ``message``, a ``code``,
a ``details`` entry, a status-feed text — may contain CR/LF or other control characters that
would start a forged line in a log file (``"\\n2026-01-01 INFO forged"``), or be megabytes long.
Every log call that carries such text (in ``counter`` and in ``sync``) passes it through
:func:`platform_text` first::

    log.warning("pull failed: %s", platform_text(e.code))

Control characters (Unicode category ``C*``: CR, LF, TAB, ESC, NUL, …) and the Unicode line
and paragraph separators become visible escapes (``\\n``, ``\\x1b``, ``\\u2028``), a backslash
is doubled (so an escape in the text cannot pass for one of ours), and the result is cut to
``limit`` characters with ``…``. Chinese text stays readable.
"""

from __future__ import annotations

import unicodedata

__all__ = ["platform_text", "LIMIT"]

#: Characters of platform text kept in one log line.
LIMIT = 200

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    category = unicodedata.category(ch)
    if category[0] == "C" or category in ("Zl", "Zp"):
        # Cc control, Cf format (bidi overrides), Cs/Co/Cn, Zl/Zp line separators
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else (f"\\u{code:04x}" if code < 0x10000
                                                      else f"\\U{code:08x}")
    return ch


def platform_text(value: object, limit: int = LIMIT) -> str:
    """``value`` (any object; ``None`` → ``"-"``) as one safe, bounded log-line fragment."""
    if value is None:
        return "-"
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > limit
    if cut:
        text = text[:limit]
    out = "".join(_escape(ch) for ch in text)
    return out + "…" if cut else out
