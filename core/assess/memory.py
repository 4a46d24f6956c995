"""Memory a run will need, estimated before anything large is allocated, against what is available.

A tile size that does not fit (a typo such as 100000, or 2048 on a small machine) is refused in one
line saying how much it would need and how much there is, instead of dying in the allocator.
"""
from __future__ import annotations

import os
import resource
from pathlib import Path
from typing import Optional

from ..common.errors import InputError
from .tilestream import QUEUE_DEPTH

GIB = 1024 ** 3
# per run: the blending strip (4 float32 classes + weights + the flushed copy) over the image width
STRIP_BYTES_PER_PX = 44
# per tile of a batch: image, mask and truth built then stacked (x2) and the probabilities, float32, for
# every batch in flight (the queues between the read, model and write stages, plus one in each stage)
TILE_BYTES_PER_PX = 4 * (2 * (3 + 1 + 1) + 4) * (QUEUE_DEPTH + 2)


def pipeline_bytes(tile: int, batch: int, width: int, height: int) -> int:
    """Arrays the pipeline itself holds at its peak (the assessor's own needs come on top)."""
    return STRIP_BYTES_PER_PX * min(tile, height) * width + TILE_BYTES_PER_PX * batch * tile * tile


def _cgroup_free() -> Optional[int]:
    """Free memory under a cgroup v2 limit (containers, batch schedulers), None without one."""
    base = Path("/sys/fs/cgroup")
    try:
        limit = (base / "memory.max").read_text().strip()
        if limit == "max":
            return None
        return int(limit) - int((base / "memory.current").read_text())
    except (OSError, ValueError):
        return None


def _address_space_free() -> Optional[int]:
    """Room left under an address-space limit (ulimit -v), None without one."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:  # Linux: total program size in pages
        used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
    return soft - used


def _ram_free() -> Optional[int]:
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:  # noqa: BLE001 (no psutil in this Python: the kernel's own figure)
        try:
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
    return None


def available_bytes() -> Optional[int]:
    """Memory this process can still take: the least of free RAM, a cgroup limit and ulimit -v
    (None when none of them can be read)."""
    candidates = [c for c in (_ram_free(), _cgroup_free(), _address_space_free()) if c is not None]
    return max(0, min(candidates)) if candidates else None


def gib(n: float) -> str:
    return f"{n / GIB:.1f} GiB"


def check_memory(tile: int, batch: int, width: int, height: int, assessor=None) -> int:
    """Refuse, in one line, a run whose estimated peak memory exceeds what is available. Returns the estimate."""
    need = pipeline_bytes(tile, batch, width, height)
    model = getattr(assessor, "memory_bytes", None)
    if callable(model):
        need += int(model(batch))
    free = available_bytes()
    if free is not None and need > free:
        raise InputError(f"Tile size {tile} px with batch size {batch} needs about {gib(need)} of memory but only "
                         f"{gib(free)} is available; use a smaller tile size (e.g. 512) or batch size.")
    return need
