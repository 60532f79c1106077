"""Any command: a refusal (CounterError) the command did not catch itself is printed on
stderr as its Chinese message with exit status 1 — never a traceback."""

from __future__ import annotations

import cli
import cli.sync_cmd as sync_cmd
from counter.errors import CounterError


class _Refusing:
    def status(self):
        raise CounterError("同步状态暂时无法读取。")


def test_an_uncaught_refusal_is_a_message_and_exit_status_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sync_cmd, "_service", lambda ctx: _Refusing())
    code = cli.main(["--data-dir", str(tmp_path / "data"), "sync", "status"])
    out = capsys.readouterr()
    assert code == 1
    assert out.err.strip().endswith("同步状态暂时无法读取。")
    assert "Traceback" not in out.err and out.out == ""
