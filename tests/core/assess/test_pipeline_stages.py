"""The tiled run's stages (read -> model -> stitch/write) in worker threads: same bytes as the
sequential run, cancel within one batch, errors of any stage raised with nothing left behind,
bounded queues, and several candidates sharing one read of each tile."""
import hashlib
import threading
import time

import numpy as np
import pytest
import rasterio

from segassess.core.assess.assessors import ReferenceAssessor, TrivialAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.assess.stages import run_chain
from segassess.core.common.errors import Cancelled, OutputError
from segassess.core.common.progress import NullProgress
from test_pipeline import PixelAssessor, shifted


class SlowPixelAssessor(PixelAssessor):
    """Soft probabilities, a few ms per call, so the reader and writer threads really interleave."""

    def __init__(self):
        self.calls = 0

    def assess(self, image, mask, **extra):
        self.calls += 1
        time.sleep(0.003)
        return super().assess(image, mask, **extra)


def _digests(res):
    files = [res.quality, res.confidence, res.polygons, res.probabilities, res.quality.with_suffix(".qml")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _workers_alive():
    return [t.name for t in threading.enumerate() if t.name.startswith("segassess-")]


def test_threaded_run_writes_the_same_bytes_as_the_sequential_run(make_fixture, tmp_path, monkeypatch):
    # GeoPackages record the time they were written; fix it so the files can be compared byte for byte
    monkeypatch.setenv("OGR_CURRENT_DATE", "2000-01-01T00:00:00Z")
    fx = make_fixture("utm")
    runs = {}
    for threaded in (False, True):
        assessor = SlowPixelAssessor()
        job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / str(threaded), tile_size=32, overlap=8,
                        batch_size=3, keep_probabilities=True, prefix="s_", threaded=threaded)
        res = run_assessment(job, assessor)
        runs[threaded] = (res, _digests(res), assessor.calls)
    (seq, seq_digest, seq_calls), (thr, thr_digest, thr_calls) = runs[False], runs[True]
    assert thr_digest == seq_digest
    assert seq_calls == thr_calls == -(-seq.summary_data["tiles"]["planned"] // 3) > 10
    for key in ("pixels", "estimated", "polygons", "areas_m2", "features", "tiles"):
        assert thr.summary_data[key] == seq.summary_data[key]
    assert thr.summary_data["pipeline"]["threaded"] and not seq.summary_data["pipeline"]["threaded"]
    # soft maps: a stage out of order would change the blended probabilities
    with rasterio.open(thr.confidence) as ds:
        conf = ds.read(1)
    assert 0.25 < conf.min() < conf.max() < 0.99
    assert _workers_alive() == []


@pytest.mark.parametrize("threaded", [True, False])
def test_cancel_stops_within_one_batch(make_fixture, tmp_path, threaded):
    fx = make_fixture("utm")
    progress = NullProgress()
    progress.cancel = False
    progress.is_canceled = lambda: progress.cancel

    class CancelDuringThirdBatch(SlowPixelAssessor):
        def assess(self, image, mask, **extra):
            out = super().assess(image, mask, **extra)
            if self.calls == 3:
                progress.cancel = True  # the user presses Cancel while batch 3 is computed
            return out

    assessor = CancelDuringThirdBatch()
    job = AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=32, overlap=8, batch_size=2,
                    threaded=threaded)
    with pytest.raises(Cancelled):
        run_assessment(job, assessor, progress)
    assert assessor.calls == 3  # no batch started after the cancel
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    assert _workers_alive() == []


def test_a_failing_read_stops_the_run_and_leaves_nothing(make_fixture, tmp_path, monkeypatch):
    from segassess.core.assess.annotation import VectorMask

    real, calls = VectorMask.read, []

    def failing(self, window):
        calls.append(window)
        if len(calls) == 5:
            raise RuntimeError("the disk went away")
        return real(self, window)

    monkeypatch.setattr(VectorMask, "read", failing)
    fx = make_fixture("utm")
    with pytest.raises(RuntimeError, match="disk went away"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=32, overlap=8),
                       TrivialAssessor())
    assert len(calls) == 5 and not any((tmp_path / "o").iterdir())
    assert _workers_alive() == []


def test_a_failing_write_stops_the_model_and_leaves_nothing(make_fixture, tmp_path, monkeypatch):
    from segassess.core.assess.rowwriter import QualityWriter

    def failing(self, *args):
        raise OSError("No space left on device")

    monkeypatch.setattr(QualityWriter, "_write_chunk", failing)
    fx = make_fixture("utm")
    assessor = SlowPixelAssessor()
    with pytest.raises(OutputError, match="No space left on device"):  # one line for the user (issue 12)
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", tile_size=32, overlap=8,
                                 batch_size=1), assessor)
    # the first tile row is written once the second row's first tile arrives; the model stops soon after
    n_per_row = 9  # 200 px wide, 32 px tiles, stride 24
    assert assessor.calls <= n_per_row + 1 + 2 * 2 + 1  # + the queues' depth on both sides + one in flight
    assert not any((tmp_path / "o").iterdir())
    assert _workers_alive() == []


def test_run_chain_keeps_order_and_bounds_the_queues():
    produced, consumed, ahead = [], [], []

    def produce():
        for i in range(40):
            produced.append(i)
            ahead.append(len(produced) - len(consumed))
            yield i

    def consume(item, result):
        time.sleep(0.002)  # a slow writer: the producer must not run away
        consumed.append((item, result))

    stats = run_chain(produce(), lambda i: i * i, consume, threaded=True, depth=2)
    assert consumed == [(i, i * i) for i in range(40)]
    # in flight at most: 2 in each queue + one being computed + one being consumed + one being made
    assert max(ahead) <= 7
    assert stats.items == 40 and stats.waited_for_output_s > 0


def test_two_candidates_share_each_tile_read(make_fixture, tmp_path):
    """Stage 1 reads each tile once for all candidates; one writer per candidate gives each
    candidate the outputs of its own single run."""
    from segassess.core.assess.inputs import ImageSource
    from segassess.core.assess.annotation import open_annotation
    from segassess.core.assess.rowwriter import QualityWriter, TempRasters
    from segassess.core.assess.stages import StageTimer
    from segassess.core.assess.tilestream import assess_tiles
    from segassess.core.assess.tiling import plan_tiles, tile_rows
    from rasterio.windows import Window

    fx = make_fixture("utm")
    other = shifted(fx.vector, tmp_path / "other.gpkg", 3.0, -1.5)
    truth = shifted(fx.vector, tmp_path / "truth.gpkg", 1.0, 0.5)
    single = [run_assessment(AssessJob(fx.image, AnnotationSpec(v), tmp_path / f"single{i}", tile_size=64,
                                       overlap=16, truth=AnnotationSpec(truth)), ReferenceAssessor())
              for i, v in enumerate([fx.vector, other])]
    image = ImageSource(fx.image)
    reads = []
    real_read = image.read
    image.read = lambda win: reads.append(win) or real_read(win)
    anns = [open_annotation(AnnotationSpec(v), image)[0] for v in (fx.vector, other)]
    tr, _ = open_annotation(AnnotationSpec(truth), image)
    rows = list(tile_rows(plan_tiles(image.height, image.width, 64, 16)))
    core = Window(0, 0, image.width, image.height)
    writers = [QualityWriter(image.ds, core, rows, 64, 16, TempRasters.in_folder(tmp_path, f"c{i}_"))
               for i in range(2)]
    stats = assess_tiles(ReferenceAssessor(), image, anns, tr, rows, writers, 64, 4, NullProgress(), StageTimer())
    for w in writers:
        w.finish()
    assert len(reads) == stats.planned  # one image read per tile, not one per candidate
    for w, res in zip(writers, single):
        with rasterio.open(w.paths.quality) as a, rasterio.open(res.quality) as b:
            np.testing.assert_array_equal(a.read(1), b.read(1))
        assert {k: int(v) for k, v in zip(["nodata", "TP", "FP", "TN", "FN"], w.counts)} == \
            res.summary_data["pixels"]
    assert single[0].summary_data["pixels"] != single[1].summary_data["pixels"]
    image.close()
