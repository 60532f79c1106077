"""A keyring backend for the command-line tests only: the subprocesses of ``tests/e2e`` get
it through ``PYTHON_KEYRING_BACKEND=tests.e2e.file_keyring.FileKeyring`` and keep their entries
in the JSON file named by ``COUNTER_TEST_KEYRING`` (a test's temporary directory), so that
``audit seal`` and ``audit verify`` run in separate processes share one keyring.

Never used by the application: it is a plaintext store, for tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

ENV = "COUNTER_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1

    def _path(self) -> Path:
        return Path(os.environ[ENV])

    def _load(self) -> dict:
        p = self._path()
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}

    def get_password(self, service, username):
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service, username):
        data = self._load()
        data.pop(f"{service}\n{username}", None)
        self._path().write_text(json.dumps(data), encoding="utf-8")
