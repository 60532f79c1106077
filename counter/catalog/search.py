"""Per-keystroke search over the catalog (事项检索): Chinese, pinyin, initials, codes.

The clerk types ``个体``, ``gtgsh``, ``getihu`` or the first digits of an implementation code
(实施编码) and the index answers on every keystroke. Everything that can be computed from the
catalog is computed once, when the index is built (see :class:`SearchIndex`); a query is then
four binary searches in sorted key arrays plus a partial sort of the matching entries, however
long the query and however many entries it matches. Readings are cached for the process, so
an index rebuilt after a catalog import reuses what the previous one computed.

What is searched, for every item (事项) and package (一件事):

* names, short names (简称) and keywords (关键词) — as Chinese text (substring), as pinyin
  initials (拼音首字母, substring: ``gtgsh`` and ``gsh`` both find 个体工商户设立登记) and as full
  pinyin (全拼, starting on a syllable boundary; the last syllable may be incomplete:
  ``geti``, ``getih``, ``getihu``);
* codes — the implementation code and the basic code (基本编码), by prefix only.

Polyphones (多音字): the main reading of a character comes from :func:`pypinyin.lazy_pinyin`
on the whole run of Chinese characters, so phrase context decides (银行 *yin hang*, 行政
*xing zheng*, 登记 *deng ji*). Other readings (``heteronym=True``) are added as variants with
one character substituted at a time — at most :data:`MAX_VARIANTS` initials forms and
:data:`MAX_PINYIN_VARIANTS` full-pinyin forms per text, characters whose reading the context
changed (银行) first — so that a clerk who reads a polyphone differently still finds the item,
without the combinatorial blow-up of all readings of all characters.

Memory is bounded by design: a text is indexed up to :data:`MAX_TEXT` characters and an entry
up to :data:`MAX_KEYWORDS` keywords; every key is at most :data:`MAX_QUERY` characters, and a
text of ``n`` characters files at most ``(1 + MAX_VARIANTS) * n`` suffix keys plus its syllables
(linear in ``n``, never the quadratic full suffixes: a 20,000-character name once took 1.8 GB).

Query normalisation (:func:`normalize`): NFKC (full-width letters and digits become ASCII),
lower case, and whitespace and apostrophes removed (``Ge Ti``, ``xi'an`` work). Queries are
cut to :data:`MAX_QUERY` characters.

Ranking, best first:

1. tier — exact (the query equals a name, a short name or a code), then prefix (a name, short
   name, keyword, code, or its pinyin starts with the query), then anything else (substring,
   initials or pinyin inside the text);
2. within a tier, packages before items;
3. then usage count (how often the clerk opened it; :meth:`SearchIndex.bump_usage`);
4. then shorter names, then by name and key so that the order is stable.

``SearchHit.score`` follows that order: tier weight (3, 2, 1) + 0.5 for a package + a usage
term below 0.5, so scores never increase down the list (names of equal score are ordered by
length).

An empty query returns no hits; :meth:`SearchIndex.most_used` gives the clerk's frequent
items for an empty search box.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

from counter.catalog.model import Catalog

log = logging.getLogger(__name__)

__all__ = ["SearchHit", "SearchIndex", "normalize", "MAX_VARIANTS", "MAX_PINYIN_VARIANTS",
           "MAX_QUERY", "MAX_TEXT", "MAX_KEYWORDS"]

#: Extra (polyphone) initials variants per text; keeps the index bounded.
MAX_VARIANTS = 8
#: Extra (polyphone) full-pinyin variants per text (full forms are long; fewer of them).
MAX_PINYIN_VARIANTS = 2
#: Readings per character taken from pypinyin's heteronyms.
MAX_READINGS = 2
#: Longer queries are cut (pasted text is not a search); keys are kept to this length.
MAX_QUERY = 64
#: Characters of one text (name, short name, keyword) that are indexed; the catalog's own
#: bound for names (``counter.catalog.loader.MAX_NAME_LENGTH``). A stored catalog older than
#: that bound may hold longer texts: they are cut here, so no text costs more than this.
MAX_TEXT = 200
#: Keywords indexed per item or package (the catalog's own bound).
MAX_KEYWORDS = 50

TIER_EXACT, TIER_PREFIX, TIER_OTHER = 0, 1, 2
_TIER_WEIGHT = {TIER_EXACT: 3.0, TIER_PREFIX: 2.0, TIER_OTHER: 1.0}

LABEL_INITIALS = "拼音首字母"
LABEL_PINYIN = "全拼"
LABEL_MOST_USED = "常用"

_SEP = "\x00"  # joins forms in one string (never in a normalised text)
_TOP = "\U0010ffff"  # sorts after every character: [q, q + _TOP) holds every key starting with q
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_UNITS = re.compile(f"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(f"[{_CJK}]+")
_DROP = re.compile(r"[\s\x00-\x1f\x7f'’]+")


@dataclass(frozen=True)
class SearchHit:
    """One result of a catalog search (检索结果).

    Attributes:
        kind: ``"item"`` or ``"package"``.
        key: the item's implementation code or the package id.
        name: the full name.
        subtitle: the department's name for an item; ``一件事 · N 个事项`` for a package.
        score: higher is better; never increases down a result list.
        matched: what matched — the name, short name, keyword or code itself, or
            ``拼音首字母`` / ``全拼`` (for the name) or ``关键词（拼音首字母）`` for another text.
    """

    kind: str
    key: str
    name: str
    subtitle: str
    score: float
    matched: str


def normalize(text: str) -> str:
    """The comparable form of a query or a catalog text: NFKC, lower case, no spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _DROP.sub("", text)


# -- pinyin --------------------------------------------------------------------------------

class _Unit(NamedTuple):
    """One character's readings, or an ASCII run of the text (``literal``).

    ``context`` is true when the phrase context chose a reading other than the character's
    most common one (行 in 银行): the common one is then the likeliest misreading.
    """

    main: str
    alts: tuple[str, ...]
    literal: bool
    context: bool = False


class _Pinyin:
    """Readings of catalog texts, cached per character and per run of Chinese characters.

    pypinyin is imported on first use, not when this module is imported (startup time).
    """

    def __init__(self) -> None:
        from pypinyin import Style, lazy_pinyin, pinyin
        from pypinyin.core import Pinyin

        self._lazy = lazy_pinyin
        self._pinyin = pinyin
        self._seg = Pinyin().seg
        self._style = Style.NORMAL
        self._runs: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, list[str]] = {}
        self._chars: dict[str, tuple[str, ...]] = {}
        self._forms: dict[str, _Forms] = {}

    def readings(self, ch: str) -> tuple[str, ...]:
        """Toneless readings of one character, most common first (at most MAX_READINGS)."""
        r = self._chars.get(ch)
        if r is None:
            found = self._pinyin(ch, style=self._style, heteronym=True, errors="ignore")
            seen: list[str] = []
            for s in (found[0] if found else ()):
                s = s.lower()
                if s.isascii() and s.isalpha() and s not in seen:
                    seen.append(s)
            r = self._chars[ch] = tuple(seen[:MAX_READINGS])
        return r

    def run(self, chars: str) -> tuple[str, ...]:
        """Main reading of each character of a run of Chinese characters (phrase-aware).

        The run is cut into words by pypinyin's own segmenter and each word is converted
        once per process: catalog names repeat their words (登记, 许可, 个体工商户) a lot, and
        converting is what costs.
        """
        r = self._runs.get(chars)
        if r is None:
            syl: list[str] = []
            for word in self._seg(chars):
                w = self._words.get(word)
                if w is None:
                    w = self._words[word] = [s.lower() for s in self._lazy(word)]
                syl.extend(w)
            if len(syl) != len(chars) or not all(s.isascii() and s.isalpha() for s in syl):
                # unknown characters come back unsplit: go character by character
                syl = [(self.readings(c) or (c,))[0] for c in chars]
            r = self._runs[chars] = tuple(syl)
        return r

    def units(self, text: str) -> list[_Unit]:
        """The units of a normalised text with their readings.

        A unit is a Chinese character, or a run of ASCII letters and digits (``icp``, ``2``)
        that reads as itself. Punctuation is dropped.
        """
        out: list[_Unit] = []
        for m in _UNITS.finditer(text):
            chunk = m.group()
            if _CJK_RUN.fullmatch(chunk):
                for ch, main in zip(chunk, self.run(chunk)):
                    readings = self.readings(ch)
                    out.append(_Unit(main, tuple(r for r in readings if r != main), False,
                                     bool(readings) and readings[0] != main))
            else:
                out.append(_Unit(chunk, (), True))
        return out

    def forms(self, text: str) -> _Forms:
        """The typed forms and the search keys of a normalised text (cached per text)."""
        f = self._forms.get(text)
        if f is None:
            units = self.units(text)
            initials: tuple[str, ...] = ()
            full: tuple[tuple[str, ...], ...] = ()
            if not all(u.literal for u in units):
                initials = tuple(_initials(units))
                full = tuple(_from_each_syllable(syl) for syl in _full(units))
            starts = {text[:MAX_QUERY], *(i[:MAX_QUERY] for i in initials),
                      *(p[0][:MAX_QUERY] for p in full)}
            later = {t[k:k + MAX_QUERY] for t in (text, *initials) for k in range(1, len(t))}
            later.update(s[:MAX_QUERY] for p in full for s in p[1:])
            f = self._forms[text] = _Forms(
                initials, full, tuple(starts), tuple(later),
                ini_heads=_SEP + _SEP.join(initials), ini_rest=_SEP.join(i[1:] for i in initials),
                py_heads=_SEP + _SEP.join(p[0] for p in full),
                py_rest=_SEP + _SEP.join(s for p in full for s in p[1:]))
        return f


class _Forms(NamedTuple):
    """What a text looks like typed, and its search keys."""

    #: ``gtgshsldj`` and its polyphone variants
    initials: tuple[str, ...]
    #: the full pinyin from each syllable on (``getigong…``, ``tigong…``, ``gong…``), for the
    #: main reading and its polyphone variants
    full: tuple[tuple[str, ...], ...]
    #: the text, its initials and its full pinyin (prefix keys)
    starts: tuple[str, ...]
    #: every later start of those: each character, each syllable (suffix keys)
    later: tuple[str, ...]
    #: to say which form matched, in one substring test each (texts joined by ``_SEP``):
    #: the initials; the initials without their first letter; the full pinyin; the full
    #: pinyin from the second syllable on
    ini_heads: str = ""
    ini_rest: str = ""
    py_heads: str = ""
    py_rest: str = ""


# -- the index -----------------------------------------------------------------------------

class _Entry:
    """One searchable item or package and the texts that explain a hit on it."""

    __slots__ = ("kind", "key", "usage_key", "name", "subtitle", "texts", "codes")

    def __init__(self, kind: str, key: str, usage_key: str, name: str, subtitle: str) -> None:
        self.kind = kind
        self.key = key
        self.usage_key = usage_key
        self.name = name
        self.subtitle = subtitle
        #: (role, display text, normalised text, its forms); role: name, short, keyword
        self.texts: list[tuple[str, str, str, _Forms]] = []
        #: (display code, normalised code)
        self.codes: list[tuple[str, str]] = []


class _Keys:
    """Sorted distinct keys, each with the entries it belongs to.

    Every key that starts with ``q`` lies in one range of the sorted keys, found by two binary
    searches; the entries of a range of keys are one slice of :attr:`flat`.

    Attributes:
        keys: the distinct keys in code point order.
        flat: the entry numbers of every key, key after key.
        offsets: where each key's entry numbers start in :attr:`flat` (one more at the end).
    """

    def __init__(self, postings: dict[str, list[int]]) -> None:
        self.keys = sorted(postings)
        self.flat = array("I")
        self.offsets = array("I", [0])
        for key in self.keys:
            self.flat.extend(postings[key])
            self.offsets.append(len(self.flat))

    def __len__(self) -> int:
        return len(self.keys)

    def starting_with(self, q: str) -> set[int]:
        """The entries with a key that starts with ``q``."""
        lo = bisect_left(self.keys, q)
        hi = bisect_left(self.keys, q + _TOP, lo)
        return set(self.flat[self.offsets[lo]:self.offsets[hi]])


class SearchIndex:
    """Search over the items and packages of one catalog (事项检索索引).

    Every text is stored as keys in two sorted arrays: the *prefix keys* (each name, short
    name, keyword and code, its initials and its full pinyin run together — ``getigong…``)
    and the *suffix keys* (every later start of those: each character of a text or its
    initials, each syllable of its full pinyin). A query is then two binary searches per array
    (:class:`_Keys`), whatever its length and however many texts it matches: a full-pinyin
    query matches where it is a prefix of the pinyin from a syllable on, which is exactly
    "whole syllables, the last one possibly incomplete".

    Args:
        catalog: the catalog to index (the index keeps no reference to it after building).
        usage: use counts by usage key — an item's code or ``pkg:<package id>``.

    Attributes:
        build_seconds: how long building took.
    """

    def __init__(self, catalog: Catalog, usage: Mapping[str, int] | None = None) -> None:
        started = time.perf_counter()
        self._usage: dict[str, int] = {k: int(v) for k, v in (usage or {}).items() if v}
        self._entries: list[_Entry] = []
        #: normalised name, short name or code → the entries it names exactly
        self._exact: dict[str, set[int]] = defaultdict(set)
        prefixes: defaultdict[str, list[int]] = defaultdict(list)
        suffixes: defaultdict[str, list[int]] = defaultdict(list)
        pinyin = self._pinyin = _pinyin()
        dept_names = {d.id: d.name for d in catalog.departments}
        for p in catalog.packages:
            e = _Entry("package", p.id, f"pkg:{p.id}", p.name, f"一件事 · {len(p.items)} 个事项")
            self._add(e, pinyin, p.name, None, p.keywords, (), prefixes, suffixes)
        for it in catalog.items:
            e = _Entry("item", it.code, it.code, it.name, dept_names.get(it.department, it.department))
            codes = tuple(c for c in (it.code, it.basic_code) if c)
            self._add(e, pinyin, it.name, it.short_name, it.keywords, codes, prefixes, suffixes)
        self._prefixes, self._suffixes = _Keys(prefixes), _Keys(suffixes)
        self._exact = dict(self._exact)
        entries = self._entries
        #: entries in static rank order (packages first, then shorter names, name, key), and
        #: the static rank of each entry
        self._order = sorted(range(len(entries)), key=lambda i: (
            entries[i].kind != "package", len(entries[i].name), entries[i].name, entries[i].key))
        self._pos = [0] * len(entries)
        for rank, i in enumerate(self._order):
            self._pos[i] = rank
        self._is_item = [e.kind != "package" for e in entries]
        self._entry_of = {e.usage_key: i for i, e in enumerate(entries)}
        #: entries used at least once (few): only they need the usage in their sort key
        self._used = {self._entry_of[k] for k in self._usage if k in self._entry_of}
        self.build_seconds = time.perf_counter() - started
        log.info("search index: %d entries, %d + %d keys in %.2f s", len(entries),
                 len(self._prefixes), len(self._suffixes), self.build_seconds)

    def __len__(self) -> int:
        return len(self._entries)

    # -- building --------------------------------------------------------------------------

    def _add(self, e: _Entry, pinyin: _Pinyin, name: str, short: str | None,
             keywords: Iterable[str], codes: tuple[str, ...], prefixes: defaultdict[str, list[int]],
             suffixes: defaultdict[str, list[int]]) -> None:
        """Register ``e`` and file its keys (an entry may be filed twice under one key)."""
        i = len(self._entries)
        self._entries.append(e)
        texts: list[tuple[str, str]] = [("name", name)]
        if short:
            texts.append(("short", short))
        texts.extend(("keyword", k) for k in tuple(keywords)[:MAX_KEYWORDS] if k)
        seen: set[str] = set()
        for role, display in texts:
            norm = normalize(display[:MAX_TEXT * 2])[:MAX_TEXT]
            if not norm or norm in seen:
                continue
            seen.add(norm)
            forms = pinyin.forms(norm)
            e.texts.append((role, display, norm, forms))
            if role != "keyword":
                self._exact[norm[:MAX_QUERY]].add(i)
            for key in forms.starts:
                prefixes[key].append(i)
            for key in forms.later:
                suffixes[key].append(i)
        for display in codes:
            norm = normalize(display)
            if norm:
                e.codes.append((display, norm))
                self._exact[norm[:MAX_QUERY]].add(i)
                prefixes[norm[:MAX_QUERY]].append(i)

    # -- usage -----------------------------------------------------------------------------

    def bump_usage(self, key: str) -> None:
        """Count one use of an item code or ``pkg:<id>``; frequent ones rank higher."""
        self._usage[key] = self._usage.get(key, 0) + 1
        if key in self._entry_of:
            self._used.add(self._entry_of[key])

    def usage(self, key: str) -> int:
        """The use count of an item code or ``pkg:<id>``."""
        return self._usage.get(key, 0)

    def most_used(self, limit: int = 10) -> list[SearchHit]:
        """The most used items and packages, most used first (for an empty search box).

        Unused ones are left out; ties go by the static rank (packages, shorter names first).
        """
        entries, usage, pos = self._entries, self._usage, self._pos
        best = sorted(self._used, key=lambda i: (-usage.get(entries[i].usage_key, 0), pos[i]))
        return [self._hit(entries[i], TIER_OTHER, LABEL_MOST_USED) for i in best[:max(limit, 0)]]

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Items and packages matching ``query``, best first (see the module docstring)."""
        q = normalize(query)[:MAX_QUERY]
        if not q or limit <= 0:
            return []
        exact = self._exact.get(q, set())
        prefix = self._prefixes.starting_with(q) - exact
        tiers = [(TIER_EXACT, exact), (TIER_PREFIX, prefix)]
        if len(exact) + len(prefix) < limit:  # else the substring tier cannot make the list
            tiers.append((TIER_OTHER, self._suffixes.starting_with(q) - prefix - exact))
        ranked: list[tuple[int, int]] = []
        for tier, found in tiers:
            if len(ranked) >= limit:
                break
            ranked.extend((tier, i) for i in self._top(found, limit - len(ranked)))
        return [self._hit(self._entries[i], tier, self._explain(self._entries[i], tier, q))
                for tier, i in ranked]

    def _top(self, found: set[int], k: int) -> list[int]:
        """The best ``k`` of ``found`` in one tier: packages first, then usage, then static rank.

        Unused entries are ordered by their static rank alone (a C-level sort of integers);
        only the few used ones need the full key.
        """
        if not found or k <= 0:
            return []
        pos, order = self._pos, self._order
        used = found & self._used
        best = [order[p] for p in sorted(map(pos.__getitem__, found - used))[:k]]
        if not used:
            return best
        usage, entries, is_item = self._usage, self._entries, self._is_item
        return sorted(used.union(best),
                      key=lambda i: (is_item[i], -usage.get(entries[i].usage_key, 0), pos[i]))[:k]

    def _explain(self, e: _Entry, tier: int, q: str) -> str:
        """What made ``e`` a hit, for :attr:`SearchHit.matched`.

        In order: a text itself, a code, initials, full pinyin — what the clerk typed
        literally first; among texts, the name, the short name, then the keywords.
        """
        texts = e.texts
        if tier == TIER_EXACT:
            for role, display, norm, _ in texts:
                if role != "keyword" and norm[:MAX_QUERY] == q:
                    return display
            for display, norm in e.codes:
                if norm[:MAX_QUERY] == q:
                    return display
        sq = _SEP + q
        if tier == TIER_PREFIX:
            for _, display, norm, _ in texts:
                if norm.startswith(q):
                    return display
            for display, norm in e.codes:
                if norm.startswith(q):
                    return display
            for role, display, _, forms in texts:
                if sq in forms.ini_heads:
                    return _label(role, display, LABEL_INITIALS)
            for role, display, _, forms in texts:
                if sq in forms.py_heads:
                    return _label(role, display, LABEL_PINYIN)
        else:
            for _, display, norm, _ in texts:
                if norm.find(q, 1) > 0:
                    return display
            for role, display, _, forms in texts:
                if q in forms.ini_rest:
                    return _label(role, display, LABEL_INITIALS)
            for role, display, _, forms in texts:
                if sq in forms.py_rest:
                    return _label(role, display, LABEL_PINYIN)
        return e.name

    def _hit(self, e: _Entry, tier: int, matched: str) -> SearchHit:
        u = self._usage.get(e.usage_key, 0)
        score = _TIER_WEIGHT[tier] + (0.5 if e.kind == "package" else 0.0) + 0.5 * u / (u + 1)
        return SearchHit(e.kind, e.key, e.name, e.subtitle, score, matched)


def _label(role: str, display: str, how: str) -> str:
    """``拼音首字母`` for the name, ``开饭店（拼音首字母）`` for another text."""
    return how if role == "name" else f"{display}（{how}）"


_SHARED: _Pinyin | None = None


def _pinyin() -> _Pinyin:
    """The process-wide reading cache (a rebuilt index reuses what an earlier one computed)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = _Pinyin()
    return _SHARED


def _initials(units: list[_Unit]) -> list[str]:
    """Initials forms of a text: ``gtgshsldj`` and polyphone variants.

    A Chinese character gives the first letter of its reading; an ASCII run of the text
    itself (``icp``, ``2``) stays as it is.
    """
    main = [u.main if u.literal else u.main[0] for u in units]
    alt_of = [tuple(dict.fromkeys(a[0] for a in u.alts if a[0] != m)) for u, m in zip(units, main)]
    return _with_variants(units, main, alt_of, "".join, MAX_VARIANTS)


def _full(units: list[_Unit]) -> list[tuple[str, ...]]:
    """Full-pinyin forms of a text: ``("ge", "ti", "gong", …)`` and polyphone variants."""
    return _with_variants(units, [u.main for u in units], [u.alts for u in units], tuple,
                          MAX_PINYIN_VARIANTS)


def _from_each_syllable(syllables: tuple[str, ...]) -> tuple[str, ...]:
    """``("ge", "ti", "hu")`` → ``("getihu", "tihu", "hu")``, each cut to :data:`MAX_QUERY`
    characters (a query is never longer: whole suffixes would make the index quadratic)."""
    joined = "".join(syllables)
    out, at = [], 0
    for s in syllables:
        out.append(joined[at:at + MAX_QUERY])
        at += len(s)
    return tuple(out)


def _with_variants(units: list[_Unit], main: list[str], alt_of: list[tuple[str, ...]], join,
                   most: int) -> list:
    """The main form and up to ``most`` forms with one unit read differently.

    Units whose reading the context chose come first, then the others from left to right.
    """
    forms = [join(main)]
    seen = {forms[0]}
    for i in sorted(range(len(units)), key=lambda i: not units[i].context):
        for a in alt_of[i]:
            if len(forms) > most:
                return forms
            f = join(main[:i] + [a] + main[i + 1:])
            if f not in seen:
                seen.add(f)
                forms.append(f)
    return forms
