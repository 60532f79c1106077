"""Content-addressed blob store (附件库): scanned pages, signatures, issued documents.

Blobs live as files under ``<data_dir>/blobs/ab/cd/<sha256>``; the name is the SHA-256 of the
bytes, so identical pages are stored once and a blob can never change under its name.
Writes go to a temporary file in the same folder, are fsynced and then renamed into place, so
a killed process leaves either the whole blob or nothing. The database refers to blobs by
their digest; a blob written by a transaction that later rolls back is harmless garbage.
Folders are ``0700`` and blobs ``0600`` on POSIX (:mod:`counter.files`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from counter.errors import InvalidInput, NotFound
from counter.files import private_dir

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class BlobStore:
    """Blobs under one root folder.

    Attributes:
        root: the folder that holds the blobs.
    """

    def __init__(self, root: Path) -> None:
        self.root = private_dir(Path(root))

    def path(self, digest: str) -> Path:
        if not _DIGEST.match(digest or ""):
            raise InvalidInput("附件标识无效。")
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its SHA-256 hex digest."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest
        private_dir(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")  # 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, digest: str) -> bytes:
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            raise NotFound("附件不存在或已丢失。") from None

    def has(self, digest: str) -> bool:
        return self.path(digest).exists()

    def size(self, digest: str) -> int:
        return self.path(digest).stat().st_size
