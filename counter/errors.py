"""Errors a rule raises when it says no.

Every message is Chinese and meant for the clerk. Messages never contain personal data
(names, ID numbers, phone numbers): they name the field or the JSON path instead.
"""

from __future__ import annotations


class CounterError(Exception):
    """A rule said no; ``message`` is shown to the clerk as it is."""

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: further lines for a list of problems (e.g. every invalid field of a form)
        self.problems: list[str] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"- {p}" for p in self.problems)


class NotFound(CounterError):
    """Something asked for does not exist (未找到)."""


class InvalidInput(CounterError):
    """A value, a file or a form is invalid (输入有误)."""


class CalendarUnknown(CounterError):
    """A date lies outside the years the holiday calendar knows (节假日日历未更新)."""

    def __init__(self, year: int) -> None:
        super().__init__(f"节假日日历未更新：尚无 {year} 年的节假日安排，无法计算工作日。"
                         "请同步平台日历或由管理员导入。")
        self.year = year


class ConfigError(CounterError):
    """The machine configuration is incomplete or invalid (配置有误); ``problems`` holds one
    Chinese line per problem found (all of them, not the first only)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("本机配置有误，程序不能启动：", problems=problems)


class DeviceNotReady(CounterError):
    """A configured device cannot work (设备未就绪); the clerk sees ``设备未就绪：<原因>`` when
    using it, never a silent substitute."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"设备未就绪：{reason}")
        self.reason = reason
