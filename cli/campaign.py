"""Map-sheet campaigns on Dask distributed: every sheet is one `core.assess.pipeline.run_assessment`
task; the driver keeps the manifest and writes the campaign report. An application layer
like `demo.py`: it ties the core's stages to the models and to Dask.

    sheets (core.campaign.sheets) -> fingerprints -> manifest says what is missing or stale
        -> Dask tasks (LocalCluster sized to the machine, or an existing scheduler)
        -> per-sheet outputs (atomic, in out_dir/sheets/<id>/) -> manifest -> report (core.campaign.report)

Why Dask distributed rather than a home-made pool: the same code runs on one PC, a GPU
server or a cluster (`dask scheduler` / `dask worker` on other machines), a worker that dies
has its task rescheduled on another (`distributed.scheduler.allowed-failures`), and the
dashboard shows what every worker does.

Failure model:
- an input a sheet cannot use (bad file, no overlap) is an answer, not a crash: the task
  returns it as `failed` with its one-line reason and the campaign goes on; it is not retried;
- a worker process that dies mid-sheet (killed, out of memory) leaves only a hidden staging
  folder; Dask runs the task again elsewhere, and that run removes the stale staging folder
  and writes the sheet's files once; after `retries` deaths the sheet is recorded as failed;
- the driver itself may be stopped at any time (Ctrl-C, SIGTERM, a crash): finished sheets
  are in the manifest and the next run resumes.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from ..core.common.errors import InputError, SegAssessError
from ..core.campaign.manifest import MANIFEST_NAME, Manifest, describe_outputs
from ..core.common.progress import NullProgress, Progress
from ..core.campaign.sheets import Sheet, input_fingerprint, params_fingerprint
from ..core.rank import MIN_OVERLAP, SINGLE_MIN_IOU

ASSESSORS = ("network", "reference", "trivial")
GB = 1024 ** 3
# resident memory budgeted per worker, to size the local cluster (not a limit): the base model assessing
# a batch of 4 x 512 px tiles on CPU peaks at 1.8 GB RSS, the pipeline adds 0.3-0.5 GB (bench/RESULTS.md)
WORKER_MEMORY_GB = {"network": 3.0, "reference": 1.0, "trivial": 1.0}


@dataclass
class CampaignSettings:
    """Everything that decides a campaign's outputs, plus how it is executed."""

    out_dir: Path
    assessor: str = "network"            # network | reference | trivial
    model: Optional[Path] = None         # network weights (.pkl/.pth/.safetensors/.onnx)
    engine: str = "torch"
    device: str = "auto"
    consistent: bool = False
    precision: str = "auto"              # auto | fp32 | bf16 | fp16 (models/precision.py)
    bands: Optional[Sequence[int]] = None
    stretch: str = "auto"
    tile_size: int = 512
    overlap: int = 64
    batch_size: int = 4
    min_area: float = 0.0
    buffer_m: float = 2.0
    # execution (does not change outputs)
    workers: int = 0                     # 0: sized to the machine
    torch_threads: int = 0               # per worker; 0: cores / workers
    scheduler: Optional[str] = None      # tcp://host:8786: an existing Dask cluster
    retries: int = 2                     # worker deaths a sheet may cause before it is failed
    verify: bool = False                 # re-hash finished outputs instead of checking their sizes
    report: bool = True
    # ranking campaigns (`batch --candidate ...`): the candidates' names (core.rank.candidates.Candidate;
    # each sheet carries its own resolved specs) and the best-of rules
    candidates: Optional[List] = None
    min_overlap: float = MIN_OVERLAP
    single_min_iou: float = SINGLE_MIN_IOU

    def output_params(self) -> dict:
        """The parameters that decide a sheet's outputs: a change redoes every sheet."""
        p = {k: getattr(self, k) for k in ("assessor", "engine", "consistent", "stretch", "tile_size",
                                              "overlap", "min_area", "buffer_m")}
        p["bands"] = list(self.bands) if self.bands else None
        if self.candidates:
            p["candidates"] = [[c.label, c.key, str(c.spec.path), c.spec.layer, c.spec.where] for c in self.candidates]
            p.update(min_overlap=self.min_overlap, single_min_iou=self.single_min_iou)
        if self.assessor == "network":
            from ..core.common.files import file_sha256

            p["model_sha256"] = file_sha256(self.model, cached=True)
            p["precision"] = self.precision
        return p


@dataclass
class ClusterPlan:
    workers: int
    torch_threads: int
    gpus: int
    memory_limit: int  # bytes per worker


@dataclass
class CampaignResult:
    done: int
    failed: int
    skipped: int
    records: List[dict] = field(default_factory=list)
    report: Dict[str, Path] = field(default_factory=dict)
    dashboard: Optional[str] = None
    wall_s: float = 0.0


def _cuda_devices(assessor: str) -> int:
    if assessor != "network":
        return 0
    try:
        import torch

        return torch.cuda.device_count() if torch.cuda.is_available() else 0
    except Exception:
        return 0


def plan_local_cluster(n_sheets: int, settings: CampaignSettings, cores: Optional[int] = None,
                       memory: Optional[int] = None, gpus: Optional[int] = None) -> ClusterPlan:
    """Workers and threads for a LocalCluster on this machine.

    One worker process per GPU when CUDA is present. On CPU, worker processes times torch
    threads never exceed the cores (oversubscribed torch threads are slower than fewer), and
    workers are capped by memory (WORKER_MEMORY_GB each) and by the number of sheets.
    Each worker runs one sheet at a time (threads_per_worker=1).
    """
    import psutil

    if not cores:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    memory = memory or psutil.virtual_memory().total
    gpus = _cuda_devices(settings.assessor) if gpus is None else gpus
    if settings.workers > 0:
        workers = settings.workers
    elif gpus:
        workers = gpus
    else:
        by_memory = max(1, int(memory / GB // WORKER_MEMORY_GB[settings.assessor]))
        workers = max(1, min(cores, by_memory))
    workers = max(1, min(workers, max(1, n_sheets)))
    threads = settings.torch_threads or max(1, cores // workers)
    return ClusterPlan(workers=workers, torch_threads=threads, gpus=gpus, memory_limit=int(memory // workers))


# ----------------------------------------------------------------------------- the task
def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().name)
    except Exception:
        return "local"


def _device_for_worker(settings: CampaignSettings, gpus: int) -> str:
    """cuda:i for the i-th local worker when several GPUs share one LocalCluster; else the setting."""
    if settings.device != "auto" or gpus < 2:
        return settings.device
    name = _worker_name()
    return f"cuda:{int(name) % gpus}" if name.isdigit() else settings.device


def _assessor(settings: CampaignSettings, gpus: int, torch_threads: int):
    from ..core.assess.assessors import ReferenceAssessor, TrivialAssessor

    if settings.assessor == "reference":
        return ReferenceAssessor()
    if settings.assessor == "trivial":
        return TrivialAssessor()
    from ..models.engines import make_assessor

    if settings.engine == "torch":
        import torch

        torch.set_num_threads(torch_threads)
    return make_assessor(settings.model, engine=settings.engine, tile_size=settings.tile_size,
                         device=_device_for_worker(settings, gpus), batch_size=settings.batch_size,
                         consistent=settings.consistent, threads=torch_threads, split=bool(settings.candidates),
                         precision=settings.precision)


def sheet_dir(out_dir: Path, sheet_id: str) -> Path:
    return Path(out_dir) / "sheets" / sheet_id


def mosaic_stretch(mosaic: str, settings: CampaignSettings):
    """Percentile-stretch limits of a whole mosaic (None when its data needs no stretch), so the
    sheets cut from it are stretched alike: per-window percentiles would differ from sheet to sheet
    and break the seamless join. One decimated read of the mosaic per campaign."""
    from ..core.assess.inputs import ImageSource

    src = ImageSource(mosaic, settings.bands, settings.stretch)
    try:
        return (src.lo.tolist(), src.hi.tolist()) if src.stretch == "percentile" else None
    finally:
        src.close()


def assess_sheet(sheet: Sheet, settings: CampaignSettings, gpus: int = 0, torch_threads: int = 1,
                 stretch_limits=None) -> dict:
    """Run one sheet (on a worker): one assessment, or the ranking of its candidates. Returns a result
    dict; never raises for a bad input."""
    from ..core.assess.job import AssessJob

    t0 = time.perf_counter()
    folder = sheet_dir(settings.out_dir, sheet.sheet_id)
    # what a worker killed mid-sheet left behind: never a finished-looking file, only staging folders
    if folder.is_dir():
        for stale in folder.glob(".segassess-partial-*"):
            shutil.rmtree(stale, ignore_errors=True)
        # a redone sheet's old files must not look complete while it runs: the summary (a ranking's
        # JSON) marks completion
        for marker in ("summary.json", "ranking.json"):
            (folder / f"{sheet.sheet_id}_{marker}").unlink(missing_ok=True)
    base = {"sheet_id": sheet.sheet_id, "worker": _worker_name()}
    try:
        assessor = _assessor(settings, gpus, torch_threads)
        job = AssessJob(image=sheet.image, annotation=sheet.annotation, truth=sheet.truth, out_dir=folder,
                        bands=sheet.bands or settings.bands,  # a sheet list may set a sheet's reading
                        stretch=settings.stretch if sheet.stretch == "auto" else sheet.stretch,
                        tile_size=settings.tile_size,
                        overlap=settings.overlap, batch_size=settings.batch_size, min_area=settings.min_area,
                        buffer_m=settings.buffer_m, overwrite=True, prefix=f"{sheet.sheet_id}_",
                        core_window=sheet.core_window, stretch_limits=stretch_limits)
        outputs, summary = (_rank_sheet if sheet.candidates else _assess_sheet)(job, sheet, settings, assessor)
        return {**base, "state": "done", "outputs": describe_outputs(outputs), "summary": summary,
                "runtime_s": time.perf_counter() - t0}
    except SegAssessError as exc:
        return {**base, "state": "failed", "error": str(exc), "runtime_s": time.perf_counter() - t0}
    except Exception as exc:  # a broken file can make GDAL or geopandas raise anything: record it, go on
        msg = str(exc).splitlines()[0] if str(exc) else ""
        return {**base, "state": "failed", "error": f"{type(exc).__name__}: {msg}".rstrip(": "),
                "runtime_s": time.perf_counter() - t0}


def _assessment_files(result, key: str = "") -> dict:
    names = ("quality", "quality_style", "confidence", "polygons", "summary", "probabilities")
    paths = (result.quality, result.quality.with_suffix(".qml"), result.confidence, result.polygons, result.summary,
             result.probabilities)
    return {f"{n}{key}": p for n, p in zip(names, paths)}


def _assess_sheet(job, sheet: Sheet, settings: CampaignSettings, assessor):
    from ..core.assess.pipeline import run_assessment

    result = run_assessment(job, assessor, NullProgress())
    return _assessment_files(result), result.summary_data


def _rank_sheet(job, sheet: Sheet, settings: CampaignSettings, assessor):
    """The sheet's candidates ranked (core.rank.run). Outputs: the ranking and best_of files, every
    candidate's files (`quality:<key>` ...), and under the plain names the winner's, so the campaign
    report shows the winning candidate of each sheet; the summary is the winner's plus the ranking."""
    from dataclasses import replace

    from ..core.rank.run import RankJob, run_rank

    cands = [replace(c, spec=spec) for c, spec in zip(settings.candidates, sheet.candidates)]
    res = run_rank(RankJob(job, cands, settings.min_overlap, settings.single_min_iou), assessor, NullProgress())
    winner = res.rows[0]["key"]
    outputs = {"ranking_csv": res.ranking_csv, "best_of": res.best_of, "ranking_json": res.ranking_json}
    for key, result in res.assessments.items():
        outputs.update(_assessment_files(result, f":{key}"))
    outputs.update(_assessment_files(res.assessments[winner]))
    summary = dict(res.assessments[winner].summary_data)
    summary["ranking"] = {"rows": res.rows, "exact": res.exact, "winner": res.rows[0]["candidate"],
                          "best_of": {"features": res.best_of_count, "clusters": res.clusters}}
    return outputs, summary


# ----------------------------------------------------------------------------- the driver
@contextlib.contextmanager
def campaign_lock(out_dir: Path):
    """One campaign per output folder at a time: two drivers would assess the same sheets twice.
    An OS lock through `filelock` (flock on POSIX, msvcrt on Windows), which the OS releases when a
    driver dies, so a stale lock is never left behind."""
    from filelock import FileLock, Timeout

    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out_dir / "campaign.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(f"Another campaign is running in {out_dir}; wait for it to finish or use another "
                         "--out-dir.") from None
    try:
        yield
    finally:
        lock.release()


def _start_client(settings: CampaignSettings, n_sheets: int, progress: Progress):
    """(client, cluster or None, plan, dashboard link or None). An existing scheduler is used as it is."""
    import dask
    from distributed import Client, LocalCluster

    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(f"Cannot reach the Dask scheduler {settings.scheduler}: {exc}. Start it with "
                             "`dask scheduler` and workers with `dask worker <address>`.") from None
        n = max(1, len(client.scheduler_info().get("workers", {})))
        plan = ClusterPlan(workers=n, torch_threads=settings.torch_threads or 1, gpus=0, memory_limit=0)
        return client, None, plan, client.dashboard_link
    plan = plan_local_cluster(n_sheets, settings)
    import importlib.util

    dashboard = ":0" if importlib.util.find_spec("bokeh") else None
    # worker-saturation 1.0: a worker is given one sheet at a time, not a queued second one, so a
    # worker that dies takes only the sheet it was running with it (Dask counts the death against
    # every task assigned to that worker)
    with dask.config.set({"distributed.scheduler.allowed-failures": settings.retries,
                          "distributed.scheduler.worker-saturation": 1.0,
                          "distributed.worker.daemon": False,
                          "distributed.logging.distributed": "error"}):
        cluster = LocalCluster(n_workers=plan.workers, threads_per_worker=1, processes=True,
                               memory_limit=plan.memory_limit, dashboard_address=dashboard, silence_logs=40)
        client = Client(cluster)
    progress.info(f"Dask LocalCluster: {plan.workers} worker process(es) x 1 sheet at a time, "
                  f"{plan.torch_threads} torch thread(s) each" + (f", {plan.gpus} GPU(s)" if plan.gpus else ""))
    return client, cluster, plan, (client.dashboard_link if dashboard else None)


def _check_model(model: Path) -> None:
    """Refuse a model no worker could load (pickled code, corrupt, NaN weights, another network), once,
    before any sheet runs: otherwise every sheet would fail with the same reason."""
    if model.suffix.lower() == ".onnx":
        from ..models.onnx_runtime import make_onnx_session

        try:
            make_onnx_session(model, "cpu", 1)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 (onnxruntime raises its own types)
            raise InputError(f"model file {model.name} cannot be loaded by ONNX Runtime: "
                             f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        return
    from ..models.checkpoint import validate_model_file

    validate_model_file(model)


def _check_settings(settings: CampaignSettings) -> None:
    if settings.assessor not in ASSESSORS:
        raise InputError(f"Unknown assessor {settings.assessor!r}; use one of: {', '.join(ASSESSORS)}.")
    if settings.assessor == "network":
        if settings.model is None or not Path(settings.model).is_file():
            raise InputError(f"Model file not found: {settings.model}.")
        _check_model(Path(settings.model))
    if settings.retries < 0:
        raise InputError(f"Retries must be 0 or more (got {settings.retries}).")
    from ..core.assess.tiling import validate_tiling

    validate_tiling(settings.tile_size, settings.overlap)


def run_campaign(sheets: List[Sheet], settings: CampaignSettings, progress: Optional[Progress] = None,
                 on_event: Optional[Callable[[dict], None]] = None) -> CampaignResult:
    """Assess every sheet that is not already done from the same inputs and parameters, then
    write the campaign report. Returns counts, the records of this campaign's sheets and the
    report paths."""
    progress = progress or NullProgress()
    emit = on_event or (lambda event: None)
    t0 = time.perf_counter()
    _check_settings(settings)
    if settings.assessor == "reference" and any(s.truth is None for s in sheets):
        raise InputError("The reference assessor needs a ground truth for every sheet (--truth).")
    n = len(settings.candidates or [])
    if any(len(s.candidates) != n for s in sheets):
        raise InputError(f"Every sheet must carry the campaign's {n} candidate annotation(s).")
    out_dir = Path(settings.out_dir)
    params = settings.output_params()
    params_fp = params_fingerprint(params)
    with campaign_lock(out_dir), Manifest(out_dir) as manifest:
        manifest.set_meta("parameters", params)
        todo, fps, cache = [], {}, {}
        with manifest.transaction():
            for i, sheet in enumerate(sheets):
                manifest.register(sheet.sheet_id, i, sheet.image)
                fps[sheet.sheet_id] = input_fingerprint(sheet, cache)
                if not manifest.is_current(sheet.sheet_id, fps[sheet.sheet_id], params_fp, settings.verify):
                    todo.append(sheet)
                    if (manifest.get(sheet.sheet_id) or {}).get("damaged"):
                        progress.warning(f"sheet {sheet.sheet_id}: its record in {MANIFEST_NAME} is damaged "
                                         "(malformed JSON); the sheet is redone.")
        skipped = len(sheets) - len(todo)
        done = failed = 0
        dashboard = None
        if todo:
            client, cluster, plan, dashboard = _start_client(settings, len(todo), progress)
            try:
                emit({"event": "start", "total": len(sheets), "todo": len(todo), "skipped": skipped,
                      "dashboard": dashboard})
                done, failed = _execute(client, todo, settings, plan, manifest, fps, params_fp, progress, emit)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        else:
            emit({"event": "start", "total": len(sheets), "todo": 0, "skipped": skipped, "dashboard": None})
        records = manifest.records([s.sheet_id for s in sheets])
        report = {}
        if settings.report:
            from ..core.campaign.report import write_report

            flat = [{**r, "outputs": {k: v["path"] for k, v in r["outputs"].items()}} for r in records]
            report = write_report(out_dir, flat, progress, model=_model_description(settings), parameters=params)
            emit({"event": "report", **{k: str(v) for k, v in report.items()}})
    emit({"event": "end", "done": done, "failed": failed, "skipped": skipped})
    return CampaignResult(done=done, failed=failed, skipped=skipped, records=records, report=report,
                          dashboard=dashboard, wall_s=time.perf_counter() - t0)


def _model_description(settings: CampaignSettings) -> Optional[dict]:
    """The network model as the report shows it (None for the reference and trivial assessors)."""
    if settings.assessor != "network" or settings.model is None:
        return None
    from ..models.registry import describe_model

    return describe_model(settings.model)


def _execute(client, todo, settings, plan, manifest, fps, params_fp, progress, emit):
    """Submit the sheets, record each result as it arrives; Ctrl-C/cancel stops cleanly."""
    from distributed import as_completed

    from ..core.common.errors import Cancelled

    run_id = uuid.uuid4().hex[:8]
    stretches = {m: mosaic_stretch(m, settings) for m in dict.fromkeys(s.mosaic for s in todo if s.mosaic)}
    with manifest.transaction():
        for sheet in todo:
            manifest.mark_running(sheet.sheet_id, fps[sheet.sheet_id], params_fp)
    n = len(todo)
    # all sheets in one message and one task group ("segassess-sheet"): the scheduler then sees the
    # whole group at once and queues it, handing each worker one sheet at a time
    futs = client.map(assess_sheet, todo, [settings] * n, [plan.gpus] * n, [plan.torch_threads] * n,
                      [stretches.get(s.mosaic) for s in todo], pure=False,
                      key=[(f"segassess-sheet-{run_id}", s.sheet_id) for s in todo])
    futures = {f.key: (f, s) for f, s in zip(futs, todo)}
    done = failed = 0
    pending = as_completed([f for f, _ in futures.values()])
    try:
        while not pending.is_empty():
            batch = pending.next_batch(block=False)
            if not batch:
                if progress.is_canceled():
                    raise Cancelled("Campaign cancelled; finished sheets are kept and a new run resumes.")
                time.sleep(0.2)
                continue
            for fut in batch:
                sheet = futures[fut.key][1]
                if fut.status == "finished":
                    res = fut.result()
                else:  # the worker died `retries + 1` times on this sheet, or the cluster went away
                    exc = fut.exception()
                    why = ("every worker process that ran this sheet died (killed, or out of memory?)"
                           if type(exc).__name__ == "KilledWorker" else str(exc).splitlines()[0] if str(exc) else "")
                    res = {"sheet_id": sheet.sheet_id, "state": "failed", "worker": "",
                           "error": f"{type(exc).__name__}: {why}"}
                fut.release()
                if res["state"] == "done":
                    manifest.mark_done(sheet.sheet_id, res["outputs"], res["summary"], res["runtime_s"], res["worker"])
                    done += 1
                else:
                    manifest.mark_failed(sheet.sheet_id, res["error"], res.get("runtime_s"), res.get("worker", ""))
                    failed += 1
                    progress.warning(f"sheet {sheet.sheet_id} failed: {res['error']}")
                n = done + failed
                progress.set_progress(100.0 * n / len(todo), f"{n}/{len(todo)} sheet(s), last: {sheet.sheet_id}")
                emit({"event": "sheet", "sheet_id": sheet.sheet_id, "state": res["state"], "done": n,
                      "total": len(todo), "error": res.get("error")})
    except BaseException:
        client.cancel([f for f, _ in futures.values()])
        raise
    return done, failed

