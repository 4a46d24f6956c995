"""A three-stage chain, produce -> compute -> consume, run so that the compute stage (the
network) never waits on I/O: the producer (reading and preparing the next tiles) and the
consumer (stitching and writing finished rows) run in worker threads, connected to the
compute stage, which stays on the calling thread, by bounded queues (`depth` items each, so
memory stays bounded whatever the speed of each stage).

Items reach the consumer in the order the producer made them and the consumer runs in one
thread, so the outputs are the same as the sequential chain's (`threaded=False`), bit for bit.
`before_compute()` runs on the calling thread before each item is computed (the pipeline checks
for cancellation there): a cancel stops the chain within one item. An exception in any stage
stops the others and is raised on the calling thread; the worker threads are always joined
before `run_chain` returns, so the caller may close what they used.
"""
from __future__ import annotations

import queue
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List

_END = object()
_POLL_S = 0.05


class StageTimer:
    """Seconds spent per named stage, summed; safe to use from several threads."""

    def __init__(self):
        self.t: Dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()

    def add(self, stage: str, since: float) -> float:
        """Add the time from `since` to now to `stage`; returns now (the next stage's start)."""
        now = time.perf_counter()
        with self._lock:
            self.t[stage] += now - since
        return now


@dataclass
class ChainStats:
    """Where the compute stage's thread spent its time (seconds)."""

    compute_s: float = 0.0
    waited_for_input_s: float = 0.0   # the producer was behind
    waited_for_output_s: float = 0.0  # the consumer was behind (its queue was full)
    items: int = 0
    wall_s: float = 0.0
    extra: Dict[str, float] = field(default_factory=dict)


class _Failed:
    def __init__(self, exc: BaseException):
        self.exc = exc


def _sequential(produce, compute, consume, before_compute, stats: ChainStats) -> None:
    for item in produce:
        before_compute()
        t = time.perf_counter()
        result = compute(item)
        stats.compute_s += time.perf_counter() - t
        stats.items += 1
        consume(item, result)


class _Threads:
    """The producer and consumer threads with their queues and a shared stop flag."""

    def __init__(self, produce: Iterable, consume: Callable[[Any, Any], None], depth: int):
        self.stop = threading.Event()
        self.inbox: queue.Queue = queue.Queue(max(1, depth))
        self.outbox: queue.Queue = queue.Queue(max(1, depth))
        self.errors: List[BaseException] = []
        self.produce, self.consume = produce, consume
        self.reader = threading.Thread(target=self._read, name="segassess-read", daemon=True)
        self.writer = threading.Thread(target=self._write, name="segassess-write", daemon=True)

    def put(self, q: queue.Queue, item) -> bool:
        """Put unless the chain is stopping; False when it is."""
        while not self.stop.is_set():
            try:
                q.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def get(self, q: queue.Queue):
        """Next item, or _END when the chain is stopping."""
        while not self.stop.is_set():
            try:
                return q.get(timeout=_POLL_S)
            except queue.Empty:
                continue
        return _END

    def _read(self) -> None:
        try:
            for item in self.produce:
                if not self.put(self.inbox, item):
                    break
            else:
                self.put(self.inbox, _END)
        except BaseException as exc:  # handed to the calling thread, which raises it
            self.put(self.inbox, _Failed(exc))
        finally:
            close = getattr(self.produce, "close", None)
            if close is not None:
                close()

    def _write(self) -> None:
        try:
            while True:
                item = self.get(self.outbox)
                if item is _END:
                    return
                self.consume(*item)
        except BaseException as exc:
            self.errors.append(exc)
            self.stop.set()

    def join(self) -> None:
        self.reader.join()
        self.writer.join()


def _threaded(produce, compute, consume, before_compute, depth: int, stats: ChainStats) -> None:
    th = _Threads(produce, consume, depth)
    th.reader.start()
    th.writer.start()
    try:
        while True:
            t = time.perf_counter()
            item = th.get(th.inbox)
            stats.waited_for_input_s += time.perf_counter() - t
            if isinstance(item, _Failed):
                raise item.exc
            if item is _END:
                break
            before_compute()
            t = time.perf_counter()
            result = compute(item)
            stats.compute_s += time.perf_counter() - t
            stats.items += 1
            t = time.perf_counter()
            sent = th.put(th.outbox, (item, result))
            stats.waited_for_output_s += time.perf_counter() - t
            if not sent:
                break
        th.put(th.outbox, _END)
        th.writer.join()  # the consumer finishes what it was given (at once if it failed)
    finally:
        th.stop.set()
        th.join()
    if th.errors:
        raise th.errors[0]


def run_chain(produce: Iterable, compute: Callable[[Any], Any], consume: Callable[[Any, Any], None],
              threaded: bool = True, depth: int = 2,
              before_compute: Callable[[], None] = lambda: None) -> ChainStats:
    """For each item of `produce`: `consume(item, compute(item))`, in order. Returns timing."""
    stats = ChainStats()
    t0 = time.perf_counter()
    if threaded:
        _threaded(produce, compute, consume, before_compute, depth, stats)
    else:
        _sequential(produce, compute, consume, before_compute, stats)
    stats.wall_s = time.perf_counter() - t0
    return stats
