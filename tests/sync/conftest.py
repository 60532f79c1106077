"""Fixtures of the sync tests: a store template, contexts, an in-process simulator."""

from __future__ import annotations

from tests.sync.fixtures import cx, start_sim, sync_template

#: The shared fixtures this folder uses (named here so that pytest finds them).
__all__ = ["cx", "start_sim", "sync_template"]
