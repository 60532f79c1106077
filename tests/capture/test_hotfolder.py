"""The hot folder poller (counter/capture/hotfolder.py): complete files, each once."""

from __future__ import annotations

import os

import pytest

from counter.capture.hotfolder import HotFolder, HotFolderError


def write(path, data: bytes = b"x" * 100, mtime: int | None = None) -> None:
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "hot"
    d.mkdir()
    return d


def test_file_is_taken_when_stable_for_two_polls(folder):
    hot = HotFolder(folder)
    write(folder / "scan1.jpg", b"a" * 10)
    assert hot.poll() == []  # first sight
    assert hot.pending_count() == 1
    (ready,) = hot.poll()  # unchanged: complete
    assert ready.name == "scan1.jpg" and ready.size == 10
    assert hot.poll() == []  # once


def test_growing_file_is_not_taken_until_it_stops_growing(folder):
    hot = HotFolder(folder)
    path = folder / "big.pdf"
    write(path, b"%PDF" + b"1" * 10, mtime=1_000_000_000)
    assert hot.poll() == []
    write(path, b"%PDF" + b"1" * 500, mtime=1_000_000_100)  # still being written
    assert hot.poll() == []
    assert hot.poll()[0].size == 504


def test_empty_file_needs_three_polls(folder):
    hot = HotFolder(folder)
    write(folder / "a.jpg", b"")
    assert hot.poll() == [] and hot.poll() == []
    assert [f.name for f in hot.poll()] == ["a.jpg"]


def test_temporary_and_foreign_files_are_ignored(folder):
    hot = HotFolder(folder)
    for name in ("scan.tmp", "scan.jpg.part", "~scan.jpg", ".scan.jpg", "notes.txt",
                 "scan.jpg.crdownload", "Thumbs.db", "scan.xml"):
        write(folder / name)
    (folder / "sub.jpg").mkdir()
    hot.poll()
    assert hot.poll() == []
    assert hot.wanted("IMG_0001.JPG") and hot.wanted("a.tiff") and hot.wanted("b.PDF")


def test_each_file_once_in_capture_order(folder):
    hot = HotFolder(folder)
    write(folder / "scan10.jpg", mtime=2_000_000_000)
    write(folder / "scan2.jpg", mtime=2_000_000_000)
    write(folder / "scan1.jpg", mtime=1_000_000_000)
    hot.poll()
    assert [f.name for f in hot.poll()] == ["scan1.jpg", "scan2.jpg", "scan10.jpg"]
    write(folder / "scan11.jpg")
    hot.poll()
    assert [f.name for f in hot.poll()] == ["scan11.jpg"]
    assert hot.poll() == []


def test_finish_moves_to_processed_or_failed(folder):
    hot = HotFolder(folder)
    write(folder / "good.jpg")
    write(folder / "bad.jpg")
    hot.poll()
    files = {f.name: f for f in hot.poll()}
    assert hot.finish(files["good.jpg"]) == folder / "processed" / "good.jpg"
    assert hot.finish(files["bad.jpg"], ok=False) == folder / "failed" / "bad.jpg"
    assert not (folder / "good.jpg").exists()
    # a new file of the same name is new, and is not overwritten in processed/
    write(folder / "good.jpg", b"y" * 7)
    hot.poll()
    (again,) = hot.poll()
    assert hot.finish(again) == folder / "processed" / "good-1.jpg"
    assert hot.poll() == [] and hot.poll() == []


def test_leave_mode_remembers_and_skips_existing(folder):
    write(folder / "old.jpg")
    hot = HotFolder(folder, after="leave")
    assert hot.poll() == [] and hot.poll() == []  # there before: never handed out
    write(folder / "new.jpg")
    hot.poll()
    (new,) = hot.poll()
    assert hot.finish(new) is None and (folder / "new.jpg").exists()
    assert hot.poll() == []
    # re-saved under the same name with other content: new again
    write(folder / "new.jpg", b"z" * 3, mtime=1_500_000_000)
    hot.poll()
    assert [f.name for f in hot.poll()] == ["new.jpg"]


def test_move_mode_takes_files_left_from_before(folder):
    write(folder / "left.jpg")
    hot = HotFolder(folder)
    hot.poll()
    assert [f.name for f in hot.poll()] == ["left.jpg"]


def test_missing_folder_is_created_and_unreadable_one_reported(tmp_path):
    hot = HotFolder(tmp_path / "new" / "hot")
    assert hot.poll() == []
    assert (tmp_path / "new" / "hot").is_dir()
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(HotFolderError) as caught:
        HotFolder(blocker / "hot").poll()
    assert "扫描文件夹" in caught.value.message


def test_bad_after_value():
    with pytest.raises(ValueError):
        HotFolder(".", after="delete")
