"""Files: the one atomic writer and the one sha256 of the project.

Standard library only, so the repository's scripts (build_plugin.py, i18n/update_ts.py,
resources/make_*.py) can load this file by path without the package being installed.

Atomic writing: `writer(tmp)` writes into a private temporary folder beside the target (the
same file name, so format drivers such as GDAL see the right extension, and sidecar files a
driver makes, e.g. SQLite journals, stay in that folder); the file is flushed to disk (fsync),
renamed over the target (`os.replace`, atomic on one filesystem) and the folder's entry is
flushed too. On any error or interruption (Ctrl-C included) the temporary folder is removed and
the target is untouched: a reader sees the old file or the new one, never half of one.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable, Dict, Tuple, Union

PathLike = Union[str, "os.PathLike[str]"]
TEMP_PREFIX = "."  # temporary folders are `.<file name>.<random>` beside the target


def _read_umask() -> int:
    # os.umask both sets and returns it: read it once, at import (single-threaded), not per write,
    # where a thread creating files in between would briefly see umask 0
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX); Windows has no directory handles to flush."""
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some filesystems (network shares) refuse fsync on a directory
        pass
    finally:
        os.close(fd)


def atomic_write(path: PathLike, writer: Callable[[Path], object]) -> Path:
    """Write one file atomically: `writer(tmp_path)` writes it, then it is synced and renamed to
    `path` (parent folders are created). The file gets the usual permissions (0666 minus the
    umask). Returns `path` as a Path. The writer must create `tmp_path` itself."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent))
    try:
        tmp = tmp_dir / path.name
        writer(tmp)
        if not tmp.is_file():
            raise FileNotFoundError(f"the writer of {path.name} wrote no file")
        os.chmod(tmp, 0o666 & ~_UMASK)
        _fsync_file(tmp)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return path


def atomic_write_bytes(path: PathLike, data: bytes) -> Path:
    """`data` as the whole content of `path`, atomically."""
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(data))


def atomic_write_text(path: PathLike, text: str, encoding: str = "utf-8") -> Path:
    """`text` as the whole content of `path`, atomically (no newline translation)."""
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(text.encode(encoding)))


class FileGroup:
    """Several files put in place all or none (a raster with its .qml style, the outputs of one run).
    stage(dest) gives the path to write `dest` to, in a hidden folder beside it (companions such as
    the style go in the same folder); commit() renames every staged file into place, each destination's
    own file after its companions, then removes the folders; abort() removes what was staged and leaves
    the destinations as they were. A full disk or a read-only folder met while staging thus leaves
    nothing that looks finished."""

    def __init__(self):
        self.staged: list = []  # (hidden folder, destination file name)
        self.folder = None      # the destination folder last written (to name in errors)

    def stage(self, dest: PathLike) -> Path:
        dest = Path(dest)
        self.folder = dest.parent
        dest.parent.mkdir(parents=True, exist_ok=True)
        side = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{dest.name}.", dir=dest.parent))
        self.staged.append((side, dest.name))
        return side / dest.name

    def commit(self) -> None:
        for side, name in self.staged:
            for f in sorted(side.iterdir(), key=lambda f: (f.name == name, f.name)):
                self.folder = side.parent
                if f.is_file():
                    os.chmod(f, 0o666 & ~_UMASK)
                    _fsync_file(f)
                os.replace(f, side.parent / f.name)
            _fsync_dir(side.parent)
        self.abort()

    def abort(self) -> None:
        for side, _ in self.staged:
            shutil.rmtree(side, ignore_errors=True)
        self.staged = []


_hash_cache: Dict[Tuple[str, int, int], str] = {}
_hash_lock = threading.Lock()


def file_sha256(path: PathLike, *, cached: bool = False, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, streamed (model files are ~0.5 GB).

    cached=True remembers the digest per (resolved path, size, mtime) for this process: for
    files read many times and never rewritten in place (model weights). Checks of written
    outputs (`--verify`) use the default, which always reads the file."""
    p = Path(path)
    key = None
    if cached:
        p = p.resolve()
        st = p.stat()
        key = (str(p), st.st_size, st.st_mtime_ns)
        with _hash_lock:
            if key in _hash_cache:
                return _hash_cache[key]
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    digest = h.hexdigest()
    if key is not None:
        with _hash_lock:
            _hash_cache[key] = digest
    return digest
