"""core.common.files: the one atomic writer and the one sha256."""
import hashlib
import os
import stat
import threading
from pathlib import Path

import pytest

from segassess.core.common import files
from segassess.core.common.files import atomic_write, atomic_write_bytes, atomic_write_text, file_sha256


def _leftovers(folder, name):
    return [p.name for p in folder.iterdir() if p.name.startswith(f".{name}.")]


def test_atomic_write_creates_parents_with_usual_permissions_and_leaves_nothing_beside(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    assert atomic_write(target, lambda tmp: tmp.write_text("hello", encoding="utf-8")) == target
    assert target.read_text(encoding="utf-8") == "hello"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    assert os.listdir(target.parent) == ["out.txt"]


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path, error):
    target = tmp_path / "summary.json"
    target.write_text("old", encoding="utf-8")

    def writer(tmp):
        tmp.write_text("half of the new", encoding="utf-8")
        raise error

    with pytest.raises(type(error)):
        atomic_write(target, writer)
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path, "summary.json") == []


def test_a_failed_first_write_leaves_no_file(tmp_path):
    with pytest.raises(ValueError):
        atomic_write(tmp_path / "new.tif", lambda tmp: (tmp.write_bytes(b"x"), int("not a number")))
    assert list(tmp_path.iterdir()) == []


def test_a_writer_that_writes_nothing_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="wrote no file"):
        atomic_write(tmp_path / "x.bin", lambda tmp: None)
    assert list(tmp_path.iterdir()) == []


def test_the_file_is_synced_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", stat.S_ISDIR(os.fstat(fd).st_mode)))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.basename(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    atomic_write_bytes(tmp_path / "w.bin", b"\x00\x01")
    expected = [("fsync", False), ("replace", "w.bin")] + ([("fsync", True)] if os.name != "nt" else [])
    assert events == expected


def test_text_is_written_byte_exact(tmp_path):
    p = atomic_write_text(tmp_path / "t.csv", "a,b\r\n1,é\n")
    assert p.read_bytes() == "a,b\r\n1,é\n".encode("utf-8")


def test_concurrent_writers_of_one_file_never_mix(tmp_path):
    target = tmp_path / "shared.bin"
    payloads = [bytes([i]) * 200_000 for i in range(8)]
    threads = [threading.Thread(target=atomic_write_bytes, args=(target, p)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_bytes() in payloads
    assert _leftovers(tmp_path, "shared.bin") == []


def test_file_sha256_streams_the_content(tmp_path):
    data = os.urandom(3 * (1 << 20) + 17)  # several chunks and a partial one
    p = tmp_path / "w.bin"
    p.write_bytes(data)
    assert file_sha256(p) == hashlib.sha256(data).hexdigest() == file_sha256(str(p), chunk=4096)


def test_the_cache_is_keyed_by_path_size_and_mtime_and_only_used_when_asked(tmp_path):
    p = tmp_path / "model.pkl"
    p.write_bytes(b"A" * 100)
    first = file_sha256(p, cached=True)
    st = p.stat()
    p.write_bytes(b"B" * 100)  # same size; the same mtime restored: an in-place edit the cache cannot see
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert file_sha256(p, cached=True) == first
    assert file_sha256(p) == hashlib.sha256(b"B" * 100).hexdigest() != first  # --verify always reads
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a new mtime: hashed again
    assert file_sha256(p, cached=True) == hashlib.sha256(b"B" * 100).hexdigest()


def test_file_group_puts_all_files_in_place_main_files_last(tmp_path, monkeypatch):
    from segassess.core.common.files import FileGroup

    (tmp_path / "out").mkdir()
    old = tmp_path / "out" / "quality.tif"
    old.write_bytes(b"old")
    group = FileGroup()
    staged = group.stage(old)
    staged.write_bytes(b"new raster")
    staged.with_name("quality.qml").write_text("<qgis/>")
    group.stage(tmp_path / "deep" / "confidence.tif").write_bytes(b"conf")
    assert old.read_bytes() == b"old" and not (tmp_path / "out" / "quality.qml").exists()  # nothing moved yet
    order = []
    real_replace = os.replace

    def spy(src, dst):
        order.append(Path(dst).name)
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    group.commit()
    monkeypatch.undo()
    assert order == ["quality.qml", "quality.tif", "confidence.tif"]
    assert old.read_bytes() == b"new raster" and (tmp_path / "deep" / "confidence.tif").read_bytes() == b"conf"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["quality.qml", "quality.tif"]  # no hidden folder


def test_file_group_abort_leaves_destinations_as_they_were(tmp_path):
    from segassess.core.common.files import FileGroup

    kept = tmp_path / "quality.tif"
    kept.write_bytes(b"old")
    group = FileGroup()
    group.stage(kept).write_bytes(b"half")
    group.stage(tmp_path / "confidence.tif").write_bytes(b"half")
    group.abort()
    assert kept.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["quality.tif"]
