"""Training pages (练习用扫描页): deterministic per seed, all different, a realistic size."""

from __future__ import annotations

import random
from datetime import date

from counter.capture.processing import normalise
from counter.cases.demo_pages import DemoPages


def make(seed: int, n: int = 4) -> list[bytes]:
    pages = DemoPages(random.Random(seed))
    who = pages.particulars("张伟", "140802199001011234", "13800138000", date(2026, 11, 20))
    return [pages.page("居民身份证", who, number=k + 1, of=n, seal=k == 0) for k in range(n)]


def test_the_same_seed_gives_the_same_pages_and_every_page_differs():
    first = make(7)
    assert first == make(7)
    assert len(set(first)) == len(first)
    assert make(8)[0] != first[0]


def test_a_page_is_an_a4_scan_of_realistic_size_with_ink():
    for k, data in enumerate(make(3, n=6)):
        assert data[:2] == b"BM"
        page = normalise(data, colour=k == 0, name="扫描.bmp")
        assert (page.width, page.height) == (1240, 1754)
        assert not page.blank
        assert 80_000 < len(page.jpeg_bytes) < 320_000, len(page.jpeg_bytes)
