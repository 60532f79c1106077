"""Row ``search``: per-keystroke catalog search (事项检索) over a large synthetic catalog.

The catalog comes from :mod:`bench.gen_catalog` (2,000 items, 12,000 question options by
default). The index is built once (``build_s``); then a mix of queries is *typed*: every
prefix of every query is one search, as the search box searches on every keystroke (a Chinese
query grows by one character per keystroke, as an input method commits them).

The mix (see :func:`query_mix`): Chinese substrings of item names, keywords and short names;
pinyin initials (``gtgsh``); full pinyin (``getihu``); code prefixes (typed digit by digit);
single characters; and queries that find nothing. Queries derived from names are drawn from
the generated catalog with a fixed seed, so runs are comparable.

Figures: ``items``, ``options``, ``packages``, ``build_s`` (wall clock, including the first
import of pypinyin, as in the application) and ``build_cpu_s`` (the process's CPU time for the
same: on a busy machine the two differ), ``queries`` (searches timed), ``p50_ms``, ``p95_ms``,
``max_ms`` (wall clock per search, what the clerk waits for), ``cpu_p50_ms`` and
``cpu_p95_ms`` (the process's CPU time per search: what the code costs, without the time the
scheduler gave to other processes), ``target_p95_ms`` (10, on ``p95_ms``), ``within_target``,
and ``load_1m``, the one-minute load average when the row finished (context for noise).
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import time
from typing import Callable

from bench import percentile
from bench.gen_catalog import DEFAULT_ITEMS, DEFAULT_OPTIONS, generate_catalog
from counter.catalog.model import Catalog

log = logging.getLogger(__name__)

TARGET_P95_MS = 10.0
QUICK_ITEMS, QUICK_OPTIONS = 200, 1200

#: Queries that are always in the mix, whatever the catalog.
FIXED_QUERIES: list[tuple[str, str]] = [
    ("chinese", "个体工商户"), ("chinese", "公积金"), ("chinese", "不动产"), ("chinese", "营业执照"),
    ("chinese", "结婚登记"), ("chinese", "医保"), ("chinese", "网约车"), ("chinese", "食品经营许可"),
    ("initials", "gtgsh"), ("initials", "gjj"), ("initials", "bdc"), ("initials", "jhdj"),
    ("initials", "wyc"), ("initials", "spjy"),
    ("pinyin", "getihu"), ("pinyin", "gongjijin"), ("pinyin", "budongchan"), ("pinyin", "jiehundengji"),
    ("pinyin", "yingyezhizhao"), ("pinyin", "Ge Ti Gong Shang"),
    ("single", "证"), ("single", "登"), ("single", "d"), ("single", "x"), ("single", "1"), ("single", "a"),
    ("miss", "vvvv"), ("miss", "vxvxv"), ("miss", "不存在的事项"), ("miss", "99999"), ("miss", "没有这个事项"),
]


def run(*, quick: bool = False, progress: Callable[[str], None] | None = None) -> dict:
    """The row as ``python main.py bench`` runs it (``quick``: a small catalog, one round)."""
    if quick:
        return bench_search(QUICK_ITEMS, QUICK_OPTIONS, rounds=1, per_kind=4, progress=progress)
    return bench_search(progress=progress)


def bench_search(items: int = DEFAULT_ITEMS, options: int = DEFAULT_OPTIONS, *, rounds: int = 2,
                 per_kind: int = 25, seed: int = 7,
                 progress: Callable[[str], None] | None = None) -> dict:
    """Build the index of a generated catalog and time a typed query mix.

    Args:
        items: items in the generated catalog.
        options: question options in the generated catalog.
        rounds: how many times the whole mix is typed.
        per_kind: queries drawn from the catalog per kind (besides :data:`FIXED_QUERIES`).
        seed: seed of the query draw.
        progress: called with a line of progress now and then.
    """
    from counter.catalog.search import SearchIndex

    progress = progress or (lambda message: None)
    started = time.perf_counter()
    catalog = generate_catalog(items, options)
    gen_s = time.perf_counter() - started
    progress(f"生成目录：{len(catalog.items)} 个事项，{len(catalog.packages)} 个一件事（{gen_s:.2f} 秒）")
    started, cpu = time.perf_counter(), time.process_time()
    index = SearchIndex(catalog)
    build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    progress(f"建立索引：{build_s:.2f} 秒（CPU {build_cpu_s:.2f} 秒）")
    typed = keystrokes([q for _, q in query_mix(catalog, per_kind=per_kind, seed=seed)])
    timings: list[float] = []
    cpu_timings: list[float] = []
    wall, cpu = time.perf_counter, time.process_time
    for r in range(rounds):
        for query in typed:
            t, c = wall(), cpu()
            index.search(query)
            cpu_timings.append((cpu() - c) * 1000.0)
            timings.append((wall() - t) * 1000.0)
        progress(f"第 {r + 1}/{rounds} 轮：{len(typed)} 次检索")
    timings.sort()
    cpu_timings.sort()
    p95 = percentile(timings, 95)
    return {
        "items": len(catalog.items),
        "options": sum(len(q.options) for i in catalog.items for q in i.questions),
        "packages": len(catalog.packages),
        "build_s": round(build_s, 3),
        "build_cpu_s": round(build_cpu_s, 3),
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(timings[-1], 3),
        "cpu_p50_ms": round(statistics.median(cpu_timings), 3),
        "cpu_p95_ms": round(percentile(cpu_timings, 95), 3),
        "target_p95_ms": TARGET_P95_MS,
        "within_target": p95 <= TARGET_P95_MS,
        "load_1m": load_average(),
    }


def query_mix(catalog: Catalog, *, per_kind: int = 25, seed: int = 7) -> list[tuple[str, str]]:
    """``(kind, query)`` pairs: :data:`FIXED_QUERIES` and queries drawn from ``catalog``.

    Kinds: ``chinese`` (a piece of a name, a short name or a keyword), ``initials``,
    ``pinyin`` (full pinyin of the start of a name), ``code`` (a code prefix), ``single``
    and ``miss``.
    """
    from pypinyin import lazy_pinyin

    rng = random.Random(seed)
    items = list(catalog.items)
    mix = list(FIXED_QUERIES)
    for item in rng.sample(items, k=min(per_kind, len(items))):
        texts = [item.name, *([item.short_name] if item.short_name else []), *item.keywords]
        text = rng.choice(texts)
        start = rng.randrange(0, max(1, len(text) - 2))
        mix.append(("chinese", text[start:start + rng.randint(2, 5)]))
    for item in rng.sample(items, k=min(per_kind, len(items))):
        head = "".join(ch for ch in item.name[: rng.randint(3, 7)] if "\u4e00" <= ch <= "\u9fff")
        syllables = lazy_pinyin(head)
        mix.append(("initials", "".join(s[0] for s in syllables)))
        mix.append(("pinyin", "".join(syllables[: rng.randint(2, 4)])))
    for item in rng.sample(items, k=min(per_kind, len(items))):
        code = rng.choice([item.code, item.basic_code or item.code])
        mix.append(("code", code[: rng.randint(4, 20)]))
    return [(kind, q) for kind, q in mix if q]


def keystrokes(queries: list[str]) -> list[str]:
    """Every prefix of every query, in typing order: ``gtg`` → ``g``, ``gt``, ``gtg``."""
    return [q[:n] for q in queries for n in range(1, len(q) + 1)]


def load_average() -> float | None:
    """The one-minute load average, where the system tells it (not on Windows)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None
