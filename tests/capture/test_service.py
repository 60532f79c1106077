"""Capturing pages into a draft's materials (counter/services/capture.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from counter.capture.importers import SourceFile
from counter.catalog.model import Material
from counter.clock import CST, FixedClock
from counter.errors import InvalidInput, NotFound
from counter.identity import Actor
from counter.intake.intake import Intake, MaterialState, MaterialStatus
from counter.services.capture import AddResult, CaptureService, colour_for
from tests.capture import images
from tests.capture.conftest import blob_count

#: who reads the pages (the service here checks the role matrix only: no store, no login)
CLERK = Actor(user_id="c0012", role="clerk", site="140802-S01", counter="01")

START = datetime(2026, 11, 20, 9, 30, tzinfo=CST)


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def service(blobs, clock, fake_pdf):
    return CaptureService(blobs, clock, pdf=fake_pdf)


@pytest.fixture
def intake():
    return Intake(id="d1", kind="item", key="X", catalog_version="v", answers={}, form={},
                  materials={"M-ID": MaterialState("M-ID"), "M-FORM": MaterialState("M-FORM")},
                  created_at=START, updated_at=START)


def page(seed: int, size=(300, 420)) -> SourceFile:
    return SourceFile(f"p{seed}.jpg", images.encode(images.text_page(size, seed=seed, lines=6)))


def test_add_pages_stores_appends_and_marks_received(service, intake, blobs, clock):
    clock.advance(minutes=1)
    result = service.add_pages(intake, "M-ID", [page(1), page(2)])
    state = intake.materials["M-ID"]
    assert isinstance(result, AddResult)
    assert state.pages == list(result.added) and len(state.pages) == 2
    assert state.status is MaterialStatus.RECEIVED
    assert all(blobs.has(d) for d in state.pages)
    assert intake.updated_at == START + timedelta(minutes=1)
    assert intake.materials["M-FORM"].status is MaterialStatus.MISSING
    assert result.summary().startswith("已添加 2 页")


def test_pages_keep_the_order_of_files_and_of_pages_in_a_file(service, intake):
    one = service.add_pages(intake, "M-FORM", [page(1)]).added
    tiff = service.add_pages(intake, "M-FORM",
                             [SourceFile("t.tif", images.multipage_tiff(2))]).added
    pdf = service.add_pages(intake, "M-FORM", [SourceFile("a.pdf", b"%PDF-fakeXY")]).added
    assert service.pages(intake, "M-FORM") == [*one, *tiff, *pdf]
    assert service.page_count(intake, "M-FORM") == 5
    assert service.page_counts(intake) == {"M-ID": 0, "M-FORM": 5}


def test_identical_pages_stored_once_and_not_added_twice(service, intake, blobs):
    service.add_pages(intake, "M-ID", [page(1), page(1)])
    assert service.page_count(intake, "M-ID") == 1
    before = blob_count(blobs)
    again = service.add_pages(intake, "M-ID", [page(1), page(2)])
    assert len(again.added) == 1 and len(again.duplicates) == 1
    assert blob_count(blobs) == before + 1
    # the same page in another material is allowed, and is still one blob
    other = service.add_pages(intake, "M-FORM", [page(1)])
    assert other.added == (intake.materials["M-ID"].pages[0],)
    assert blob_count(blobs) == before + 1
    assert "跳过重复 1 页" in again.summary()


def test_blank_pages_are_reported(service, intake):
    result = service.add_pages(intake, "M-ID", [
        SourceFile("blank.jpg", images.encode(images.blank_page((600, 850)))), page(3)])
    assert len(result.blank) == 1 and result.blank[0] == result.added[0]
    assert service.is_blank(result.added[0], actor=CLERK)
    assert not service.is_blank(result.added[1], actor=CLERK)
    assert "1 页疑似空白" in result.summary()


def test_greyscale_per_material(service, intake):
    result = service.add_pages(intake, "M-FORM", [page(1)], colour=False)
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(service.page_bytes(result.added[0], actor=CLERK))).mode == "L"


def test_colour_for_material_kinds():
    assert colour_for(Material("A", "营业执照", "certificate", "paper"))
    assert colour_for(Material("B", "户口簿", "other", "paper", e_licence_type="居民户口簿"))
    assert not colour_for(Material("C", "申请书", "form", "paper"))


@pytest.mark.parametrize("bad, reason", [
    (SourceFile("empty.jpg", b""), "空文件"),
    (SourceFile("cut.jpg", images.truncated_jpeg()), "已损坏"),
    (SourceFile("corrupt.png", images.corrupt_png()), "已损坏"),
    (SourceFile("bomb.png", images.png_bomb()), "尺寸异常"),
    (SourceFile("letter.docx", images.docx_bytes()), "类型不受支持"),
    (SourceFile("broken.pdf", b"%PDF-broken"), "无法渲染"),
], ids=["empty", "truncated", "corrupt", "bomb", "docx", "pdf-render"])
def test_bad_file_refused_and_nothing_stored(service, intake, blobs, bad, reason):
    before = blob_count(blobs)
    with pytest.raises(InvalidInput) as caught:
        service.add_pages(intake, "M-ID", [page(7), bad, page(8)])
    assert f"“{bad.name}”" in str(caught.value) and reason in str(caught.value)
    assert blob_count(blobs) == before
    assert intake.materials["M-ID"].pages == []
    assert intake.materials["M-ID"].status is MaterialStatus.MISSING


def test_several_bad_files_are_all_named(service, intake, blobs):
    with pytest.raises(InvalidInput) as caught:
        service.add_pages(intake, "M-ID", [SourceFile("a.docx", images.docx_bytes()), page(1),
                                           SourceFile("b.jpg", b"")])
    assert caught.value.message.startswith("2 个文件无法导入")
    assert any("a.docx" in p for p in caught.value.problems)
    assert any("b.jpg" in p for p in caught.value.problems)
    assert blob_count(blobs) == 0


def test_files_on_disk(service, intake, tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(images.encode(images.text_page((200, 280)), "PNG"))
    assert len(service.add_pages(intake, "M-ID", [path, str(path)]).added) == 1


def test_unknown_material(service, intake, blobs):
    with pytest.raises(NotFound):
        service.add_pages(intake, "M-NOPE", [page(1)])
    assert blob_count(blobs) == 0


def test_prepare_then_attach(service, intake, blobs):
    """The worker prepares (stores), the GUI thread attaches."""
    progress = []
    prepared = service.prepare([page(1), page(2)], progress=lambda d, t: progress.append((d, t)))
    assert progress == [(1, 2), (2, 2)]
    assert intake.materials["M-ID"].pages == []
    assert all(blobs.has(d) for d in prepared.digests)
    service.attach(intake, "M-ID", prepared)
    assert intake.materials["M-ID"].pages == prepared.digests


def test_attach_refuses_unstored_pages(service, intake):
    prepared = service.process([page(1)])
    with pytest.raises(InvalidInput):
        service.attach(intake, "M-ID", prepared)


def test_reorder_and_move(service, intake):
    a, b, c = service.add_pages(intake, "M-ID", [page(1), page(2), page(3)]).added
    service.reorder(intake, "M-ID", [c, a, b])
    assert service.pages(intake, "M-ID") == [c, a, b]
    with pytest.raises(InvalidInput):
        service.reorder(intake, "M-ID", [c, a])
    with pytest.raises(InvalidInput):
        service.reorder(intake, "M-ID", [c, a, a])
    assert service.move(intake, "M-ID", a, -1) == 0
    assert service.pages(intake, "M-ID") == [a, c, b]
    assert service.move(intake, "M-ID", a, -1) == 0  # clamped
    assert service.move(intake, "M-ID", a, 5) == 2
    assert service.pages(intake, "M-ID") == [c, b, a]


def test_rotate_replaces_the_page_in_place(service, intake, blobs):
    a, b = service.add_pages(intake, "M-ID", [page(1), page(2)]).added
    turned = service.rotate(intake, "M-ID", a, 90, actor=CLERK)
    assert service.pages(intake, "M-ID") == [turned, b]
    assert blobs.has(a) and blobs.has(turned)  # the old blob stays
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(blobs.get(turned))).size == (420, 300)


def test_delete_last_page_makes_material_missing(service, intake):
    (a,) = service.add_pages(intake, "M-ID", [page(1)]).added
    service.delete(intake, "M-ID", a)
    assert intake.materials["M-ID"].status is MaterialStatus.MISSING
    with pytest.raises(NotFound):
        service.delete(intake, "M-ID", a)


def test_paper_only_counts_as_received(service, intake):
    service.set_paper_only(intake, "M-FORM", True)
    assert intake.materials["M-FORM"].status is MaterialStatus.RECEIVED
    (a,) = service.add_pages(intake, "M-FORM", [page(1)]).added
    service.delete(intake, "M-FORM", a)
    assert intake.materials["M-FORM"].status is MaterialStatus.RECEIVED  # still paper-only
    service.set_paper_only(intake, "M-FORM", False)
    assert intake.materials["M-FORM"].status is MaterialStatus.MISSING


def test_exempt_material_stays_exempt(service, intake):
    intake.materials["M-ID"].status = MaterialStatus.E_LICENCE
    (a,) = service.add_pages(intake, "M-ID", [page(1)]).added
    assert intake.materials["M-ID"].status is MaterialStatus.E_LICENCE
    service.delete(intake, "M-ID", a)
    assert intake.materials["M-ID"].status is MaterialStatus.E_LICENCE


def test_pages_survive_the_draft_json(service, intake):
    added = service.add_pages(intake, "M-ID", [page(1), page(2)]).added
    again = Intake.from_json(intake.to_json())
    assert again.materials["M-ID"].pages == list(added)
    assert again.materials["M-ID"].status is MaterialStatus.RECEIVED


# -- permissions: reading stored pages is counter work (page.view) -----------------------------


@pytest.mark.parametrize("role, allowed", [("clerk", True), ("bank_staff", True),
                                           ("supervisor", True), ("admin", False)])
def test_reading_pages_follows_the_role_matrix(service, intake, role, allowed):
    from counter.permissions import PermissionDenied

    (a,) = service.add_pages(intake, "M-ID", [page(1)]).added
    actor = Actor(user_id="u1", role=role, site="140802-S01", counter="01")
    calls = [lambda: service.page_bytes(a, actor=actor), lambda: service.is_blank(a, actor=actor),
             lambda: service.turn(a, 90, actor=actor)]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied, match="无权查看材料扫描页"):
                call()
