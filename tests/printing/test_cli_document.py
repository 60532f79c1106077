"""``python main.py document …`` as a subprocess, on a training store filled by seed-demo."""

from __future__ import annotations

import os
import subprocess
import sys

from pathlib import Path

import pytest

from tests.cli_login import login_env
from tests.conftest import ROOT
from tests.printing.pdftext import compact, pdf_text
from tests.unit.cases.helpers import DESK


def main_py(*args: str, user: str = "c0002") -> subprocess.CompletedProcess:
    """``main.py`` run by ``user`` (a demo account of the training store, cli/login.py)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    data = Path(args[args.index("--data-dir") + 1])
    env = login_env(data.parent / "login", user, base=env)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A training store with a few decided cases: (data dir, {series: [case numbers]})."""
    data = tmp_path_factory.mktemp("cli") / "data"
    result = main_py("seed-demo", "--training", "--cases", "12", "--seed", "5", "--today", "2026-11-20",
                     "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    numbers = result.stdout.split()
    by_series: dict[str, list[str]] = {}
    for n in numbers:
        by_series.setdefault(n[17], []).append(n)
    assert by_series.get("S") and by_series.get("G")
    return data, by_series


def test_receipt_of_an_accepted_case(store, tmp_path):
    data, cases = store
    case_no = cases["S"][0]
    out = tmp_path / "receipt.pdf"
    result = main_py("document", case_no, "--kind", "receipt", "--out", str(out),
                     "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert "已导出存档的受理通知书" in result.stdout  # archived by the accept call itself
    text = compact(pdf_text(out.read_bytes()))
    assert case_no in text and "受理通知书" in text
    assert "培训" in text  # seed-demo makes a training store
    assert "查询密码：见首次打印的受理通知书（回执）" in text  # the archive never holds the password


def test_notice_of_a_notified_case_on_the_roll_is_refused_but_a4_works(store, tmp_path):
    data, cases = store
    case_no = cases["G"][0]
    out = tmp_path / "notice.pdf"
    bad = main_py("document", case_no, "--kind", "notice", "--layout", "roll80", "--out",
                  str(out), "--data-dir", str(data))
    assert bad.returncode == 1 and "没有 80 毫米热敏纸版式" in bad.stderr
    ok = main_py("document", case_no, "--kind", "notice", "--out", str(out), "--data-dir",
                 str(data))
    assert ok.returncode == 0, ok.stderr
    assert "一次性告知书" in pdf_text(out.read_bytes())


def test_a_kind_that_does_not_fit_the_state_is_refused_in_chinese(store, tmp_path):
    data, cases = store
    result = main_py("document", cases["S"][0], "--kind", "rejection", "--out",
                     str(tmp_path / "x.pdf"), "--data-dir", str(data))
    assert result.returncode == 1
    assert "办件当前状态为「" in result.stderr and "没有不予受理通知书" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_case_is_refused_in_chinese(store, tmp_path):
    data, _ = store
    result = main_py("document", "14080200101261120S99999X", "--kind", "receipt", "--out",
                     str(tmp_path / "x.pdf"), "--data-dir", str(data))
    assert result.returncode == 1
    assert "未找到办件" in result.stderr


def test_an_archived_document_is_reproduced_and_reprinted(store, tmp_path):
    from tests.helpers.context import build_context
    from counter.documents import DocumentService
    from printing import RenderOptions, issue_snapshot
    from printing.sources import receipt_doc

    data, cases = store
    case_no = cases["S"][1]
    ctx = build_context(data)
    try:
        case = ctx.cases.get(case_no, DESK)
        pdf, snap = issue_snapshot(receipt_doc(case, ctx.site.get(), query_password="665544"),
                                   RenderOptions(training=True))
        DocumentService(ctx.uow, ctx.blobs, ctx.clock).issue(
            case_no, "receipt", pdf, ctx.site.get().actor("c0001"), snapshot=snap)
    finally:
        ctx.close()
    out = tmp_path / "archived.pdf"
    result = main_py("document", case_no, "--kind", "receipt", "--out", str(out),
                     "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == pdf
    operator = main_py("document", case_no, "--kind", "receipt", "--reprint", "--operator",
                       "c0002", "--out", str(out), "--data-dir", str(data))
    assert operator.returncode == 2 and "unrecognized arguments: --operator" in operator.stderr
    reprint = main_py("document", case_no, "--kind", "receipt", "--reprint", "--out", str(out),
                      "--data-dir", str(data), user="c0003")
    assert reprint.returncode == 0, reprint.stderr
    assert "第1次" in reprint.stdout
    import sqlite3  # the reprint is the logged-in clerk's

    with sqlite3.connect(data / "counter.sqlite3") as conn:
        last = conn.execute("SELECT user_id, role, action, case_no FROM audit_log "
                            "ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    assert last == ("c0003", "clerk", "document.reprint", case_no)
    text = compact(pdf_text(out.read_bytes()))
    assert "补打（第1次）" in text and case_no in text
    assert "665544" not in text and "见首次打印的受理通知书（回执）" in text  # never on a reprint


def test_seeded_decisions_archived_their_notices_for_the_platform(store, tmp_path):
    """seed-demo decides through the services with the renderer wired: each notified case's
    event references the archived notice, and the CLI exports exactly that PDF."""
    import json
    import sqlite3

    data, cases = store
    case_no = cases["G"][0]
    with sqlite3.connect(data / "counter.sqlite3") as conn:
        payload = conn.execute("SELECT payload FROM outbox WHERE case_no = ? AND type = 'notified'",
                               (case_no,)).fetchone()[0]
    conn.close()
    blob = json.loads(payload)["notice_blob"]
    out = tmp_path / "notice.pdf"
    result = main_py("document", case_no, "--kind", "notice", "--out", str(out), "--data-dir",
                     str(data))
    assert result.returncode == 0, result.stderr
    assert "已导出存档的一次性告知书" in result.stdout
    import hashlib

    assert hashlib.sha256(out.read_bytes()).hexdigest() == blob
    assert case_no in pdf_text(out.read_bytes())


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_exported_pdf_is_private_whatever_the_umask(store, tmp_path):
    """It names the applicant: 0600 even under umask 0, and an older wider file is tightened
    (issue 12)."""
    import stat

    data, cases = store
    out = tmp_path / "receipt.pdf"
    out.write_bytes(b"an older export")
    os.chmod(out, 0o666)
    old = os.umask(0)  # inherited by the command
    try:
        result = main_py("document", cases["S"][0], "--kind", "receipt", "--out", str(out),
                         "--data-dir", str(data))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"%PDF")
