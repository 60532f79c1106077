"""Application contexts for tests, built by the composition root (:func:`bootstrap.build`).

``build_context(data_dir, …)`` is what ``counter.app.build_context`` was before the root: a
store in ``data_dir`` (or ``db_url``), the services and adapters — with the test defaults:
no document renderer (``renderer=None``: nothing archived unless a test passes one), the
offline credit checker (``credit``), and any other root parameter passed through (``hasher``,
``lockout``, ``pdf``, ``seal_keys``, ``id_card_reader`` …).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["build_context"]


def build_context(data_dir: Path | str, *, clock=None, db_url: str | None = None,
                  load_sample: bool = True, renderer=None, credit=None, **kwargs):
    """A context on the store in ``data_dir`` (see the module docstring)."""
    from bootstrap import build, load_config
    from counter.credit import OfflineCreditChecker

    config = load_config(data_dir, db_url=db_url, load_sample=load_sample)
    return build(config, clock=clock, renderer=renderer,
                 credit=credit if credit is not None else OfflineCreditChecker(), **kwargs)
