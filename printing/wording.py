"""Document wording (文书措辞), editable by an administrator without code changes.

The texts live in TOML files, one per document kind (``receipt.toml`` …) plus ``common.toml``
for what all documents share (seal text, page numbers, table headings). The bundled files are
in ``resources/documents/``; an administrator may put edited copies in an override folder
(``<data_dir>/documents/``): a key found there wins over the bundled one, so an override file
need only contain the keys that change.

Texts contain placeholders in braces, e.g. ``{case_no}``; ``{{`` and ``}}`` are literal
braces. A placeholder the document does not know is printed as written (a typo shows up on
paper instead of crashing the counter). Placeholders are plain names only — no attribute or
index access — and every value is inserted as literal text: wording cannot inject markup.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from counter.resources import resource_path
from printing.model import KINDS

log = logging.getLogger(__name__)

BUNDLED_DIR = resource_path("documents")
COMMON = "common"

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")

#: Keys every kind's wording must have (checked by :func:`problems`).
REQUIRED_KEYS = ("title", "number")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with its ``{name}`` placeholders replaced by ``values`` (as text)."""

    def sub(m: re.Match) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = m.group(1)
        if name in values and values[name] is not None:
            return str(values[name])
        return token

    return _PLACEHOLDER.sub(sub, template)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class Wording:
    """The wording of one document kind (common keys merged in).

    Attributes:
        kind: the document kind.
        data: the merged TOML tables.
    """

    kind: str
    data: dict

    def raw(self, key: str, default: Any = "") -> Any:
        """The value at a dotted ``key`` (``labels.case_no``), unfilled."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def text(self, key: str, values: Mapping[str, Any] | None = None, default: str = "") -> str:
        """The text at ``key`` with placeholders filled."""
        value = self.raw(key, default)
        if isinstance(value, list):
            value = "".join(str(v) for v in value)
        return fill(str(value), values or {})

    def lines(self, key: str, values: Mapping[str, Any] | None = None) -> list[str]:
        """The list of texts at ``key`` (a single string is a one-line list), filled."""
        value = self.raw(key, [])
        if isinstance(value, str):
            value = [value] if value else []
        return [fill(str(v), values or {}) for v in value]

    def label(self, name: str) -> str:
        """A table or field label from ``[labels]``; the name itself when undefined."""
        return str(self.raw(f"labels.{name}", name))


def load(kind: str, override_dir: Path | None = None) -> Wording:
    """The wording of ``kind``: bundled common + kind files, then the override folder's."""
    if kind not in KINDS:
        raise KeyError(kind)
    data: dict = {}
    dirs = [BUNDLED_DIR] + ([Path(override_dir)] if override_dir else [])
    for d in dirs:
        for name in (COMMON, kind):
            try:
                data = _merge(data, _read(d / f"{name}.toml"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as e:
                if d == BUNDLED_DIR:
                    raise
                # A broken override must not stop the counter: fall back to the bundled text.
                log.warning("ignoring unreadable wording override %s.toml: %s", name, e)
    return Wording(kind=kind, data=data)


def problems(directory: Path) -> list[str]:
    """Problems of the wording files in ``directory`` (for an administrator's check).

    Every file must parse; the bundled directory must define :data:`REQUIRED_KEYS` for every
    kind; placeholders must be well-formed (balanced braces).
    """
    out: list[str] = []
    directory = Path(directory)
    for name in (COMMON, *KINDS):
        path = directory / f"{name}.toml"
        if not path.exists():
            if directory == BUNDLED_DIR:
                out.append(f"缺少文书措辞文件 {path.name}")
            continue
        try:
            data = _read(path)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            out.append(f"{path.name} 无法解析：{e}")
            continue
        if directory == BUNDLED_DIR and name != COMMON:
            for key in REQUIRED_KEYS:
                if key not in data:
                    out.append(f"{path.name} 缺少 {key}")
        for text in _strings(data):
            stripped = _PLACEHOLDER.sub("", text)
            if "{" in stripped or "}" in stripped:
                out.append(f"{path.name} 中的占位符写法有误：{text[:40]}")
    return out


def _strings(node: Any):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
