"""The audit seal key (审计封存密钥) in the OS keyring: :class:`counter.seal.SealKeys` for real.

Kept next to :mod:`sync.secrets` because it uses the same keyring, under the same service name
(:data:`sync.secrets.SERVICE`) and with the same refusals: no keyring at all (a headless
server: ``keyring.backends.fail``), or a plaintext one (``keyrings.alt``) — then
:class:`counter.seal.SealKeysUnavailable` says so in Chinese. There is no fallback to a file or
to the database: a key next to the data it protects protects nothing.

Entries (user names under service ``CounterDesk``):

* ``audit-seal-key:<key_id>`` — the 32-byte key, hex; made on the first seal of the counter;
* ``audit-seal-latest:<key_id>:<store>`` — the latest seal of this counter in the store
  ``store`` (a digest of where the store is, see :meth:`counter.services.audit.AuditService.store_id`),
  so that a deleted seal row shows. Several stores on one PC (a training store) do not mix.
* ``audit-seal-id:<store>`` — the key id this machine seals the store ``store`` with, recorded
  at its first seal and never changed by the program: which key verifies is decided here, not
  by the site profile in the store (docs/security.md, "The key id").

Messages never hold the key; nothing here logs it.
"""

from __future__ import annotations

import logging
import secrets

from counter.seal import KEY_BYTES, SealKeysUnavailable

log = logging.getLogger(__name__)

KEY_PREFIX = "audit-seal-key:"
LATEST_PREFIX = "audit-seal-latest:"
ID_PREFIX = "audit-seal-id:"
_PLAINTEXT_MODULES = ("keyrings.alt",)


class KeyringSealKeys:
    """Seal keys and latest seals in the OS keyring (see the module docstring)."""

    def _keyring(self):
        from sync.secrets import SERVICE

        try:
            import keyring
            from keyring.backends import fail
        except ImportError:  # pragma: no cover - keyring is a pinned dependency
            raise SealKeysUnavailable("未安装 keyring 组件，无法使用系统密钥环。") from None
        backend = keyring.get_keyring()
        backends = getattr(backend, "backends", [backend])  # a ChainerBackend holds several
        if isinstance(backend, fail.Keyring) or not backends:
            raise SealKeysUnavailable("本机没有可用的系统密钥环，无法使用审计日志封存密钥。")
        for b in backends:
            if type(b).__module__.startswith(_PLAINTEXT_MODULES):
                raise SealKeysUnavailable("当前密钥环以明文保存密码，不允许存放审计日志封存密钥。"
                                          "请改用系统密钥环。")
        return keyring, SERVICE

    def _get(self, name: str) -> str | None:
        keyring, service = self._keyring()
        try:
            return keyring.get_password(service, name)
        except Exception as e:  # noqa: BLE001 - backends raise their own errors (locked, D-Bus …)
            if type(e).__name__ == "NoKeyringError":
                raise SealKeysUnavailable("本机没有可用的系统密钥环，无法使用审计日志封存密钥。") from None
            raise SealKeysUnavailable(
                f"读取系统密钥环失败（{type(e).__name__}），请解锁密钥环后重试。") from None

    def _set(self, name: str, value: str) -> None:
        keyring, service = self._keyring()
        try:
            keyring.set_password(service, name, value)
        except Exception as e:  # noqa: BLE001
            raise SealKeysUnavailable(
                f"写入系统密钥环失败（{type(e).__name__}），请解锁密钥环后重试。") from None

    def key(self, key_id: str, *, create: bool = False) -> bytes | None:
        stored = self._get(KEY_PREFIX + key_id)
        if stored:
            try:
                key = bytes.fromhex(stored)
            except ValueError:
                key = b""
            if len(key) != KEY_BYTES:
                raise SealKeysUnavailable(f"系统密钥环中窗口 {key_id} 的审计封存密钥已损坏。")
            return key
        if not create:
            return None
        key = secrets.token_bytes(KEY_BYTES)
        self._set(KEY_PREFIX + key_id, key.hex())
        log.info("audit seal key created in the keyring for %s", key_id)
        return key

    def latest(self, key_id: str, store: str) -> str | None:
        return self._get(f"{LATEST_PREFIX}{key_id}:{store}") or None

    def set_latest(self, key_id: str, store: str, text: str) -> None:
        self._set(f"{LATEST_PREFIX}{key_id}:{store}", text)

    def identity(self, store: str) -> str | None:
        return self._get(ID_PREFIX + store) or None

    def set_identity(self, store: str, key_id: str) -> None:
        self._set(ID_PREFIX + store, key_id)
