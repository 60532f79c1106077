"""The platform client secret (平台客户端密钥): in the OS keyring, or from the environment.

* A counter PC keeps the secret in the OS keyring (Windows Credential Manager, macOS
  Keychain, Secret Service on Linux) under service :data:`SERVICE` and the client id
  ``<region>-<site>-<counter>``; the administrator stores it with
  ``python main.py sync-config --set-secret``.
* A headless service account on a server passes it in the environment variable
  :data:`ENV_VAR`; it is read, never written anywhere.

With no usable keyring the caller is told so (:class:`SecretUnavailable`); there is no
fallback to a file, and plaintext keyrings (``keyrings.alt``) are refused.
"""

from __future__ import annotations

import logging
import os

from counter.ports import SecretStore

log = logging.getLogger(__name__)

SERVICE = "CounterDesk"
ENV_VAR = "COUNTER_CLIENT_SECRET"
_PLAINTEXT_MODULES = ("keyrings.alt",)


class SecretUnavailable(Exception):
    """The secret cannot be had; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _keyring():
    """The usable keyring backend, or SecretUnavailable saying why not."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a pinned dependency
        raise SecretUnavailable("未安装 keyring 组件，无法读取系统密钥环。") from None
    backend = keyring.get_keyring()
    backends = getattr(backend, "backends", [backend])  # a ChainerBackend holds several
    if isinstance(backend, fail.Keyring) or not backends:
        raise SecretUnavailable(
            "本机没有可用的系统密钥环，无法保存或读取平台客户端密钥。"
            f"请在有密钥环的桌面会话中配置，或在服务器上通过环境变量 {ENV_VAR} 提供密钥。")
    for b in backends:
        if type(b).__module__.startswith(_PLAINTEXT_MODULES):
            raise SecretUnavailable("当前密钥环以明文保存密码，不允许存放平台客户端密钥。"
                                    "请改用系统密钥环。")
    return keyring


def keyring_problem() -> str | None:
    """Why no secret can be stored in this session's keyring (Chinese), or None when a usable
    (non-plaintext) keyring backend exists. Reads no secret."""
    try:
        _keyring()
    except SecretUnavailable as e:
        return e.message
    return None


def get_client_secret(client_id: str) -> str:
    """The secret for ``client_id``: ``COUNTER_CLIENT_SECRET`` when set, else the keyring.

    Raises:
        SecretUnavailable: no environment variable, and no keyring or no secret in it.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    keyring = _keyring()
    try:
        secret = keyring.get_password(SERVICE, client_id)
    except Exception as e:  # noqa: BLE001 - backends raise their own errors (locked, D-Bus …)
        raise SecretUnavailable(f"读取系统密钥环失败（{type(e).__name__}），请解锁密钥环后重试。") from None
    if not secret:
        raise SecretUnavailable(f"系统密钥环中没有窗口 {client_id} 的平台客户端密钥，"
                                "请管理员通过“同步配置”设置。")
    return secret


def set_client_secret(client_id: str, secret: str) -> None:
    """Store ``secret`` for ``client_id`` in the OS keyring (never anywhere else)."""
    if not secret or not secret.strip():
        raise SecretUnavailable("密钥不能为空。")
    keyring = _keyring()
    try:
        keyring.set_password(SERVICE, client_id, secret.strip())
    except Exception as e:  # noqa: BLE001
        raise SecretUnavailable(f"写入系统密钥环失败（{type(e).__name__}），请解锁密钥环后重试。") from None
    log.info("platform client secret stored in the keyring for %s", client_id)


def has_client_secret(client_id: str) -> bool:
    """True when a secret is available (environment or keyring), without revealing it."""
    try:
        get_client_secret(client_id)
    except SecretUnavailable:
        return False
    return True


class KeyringSecrets(SecretStore):
    """The :class:`counter.ports.SecretStore` port on this module: the environment variable
    :data:`ENV_VAR`, else the OS keyring (built by the composition root, ``ctx.secrets``)."""

    ENV_VAR = ENV_VAR
    SecretUnavailable = SecretUnavailable

    def get_client_secret(self, client_id: str) -> str:
        return get_client_secret(client_id)

    def set_client_secret(self, client_id: str, secret: str) -> None:
        set_client_secret(client_id, secret)

    def has_client_secret(self, client_id: str) -> bool:
        return has_client_secret(client_id)

    def keyring_problem(self) -> str | None:
        return keyring_problem()
