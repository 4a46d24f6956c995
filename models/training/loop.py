"""Training and fine-tuning SegAssess (torch; no Qt/QGIS).

Follows "Training as released" (shared/reference/OFFICIAL_MODEL.md) where our data allow:
AMS copies (models.training.data.ams_copies, effective batch = batch_size x copies), the
released losses (models/losses.py), Adam lr 1e-4, all parameters trained, fp32, early
stopping on the validation mean IoU of FP and FN (the error classes are what users look
for), lr halved when that metric plateaus (torch's ReduceLROnPlateau), seed 20 by default.

A run folder holds:
  run.json                 the TrainConfig, tile config, data and init of the run
  last.safetensors/.json   weights + card after the latest finished epoch (atomic)
  best.safetensors/.json   weights + card of the best validation epoch (atomic)
  trainer_state.pt         optimizer, lr scheduler, counters and RNG state (torch.save of
                           plain tensors/numbers; read back with weights_only=True)
  metrics.csv, metrics.png one row / point per epoch: losses, validation mF1/mIoU (matplotlib)
An interrupted run continues with resume=True from the last finished epoch.
"""
from __future__ import annotations

import csv
import io
import json
import math
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from ...core.common import strict_json
from ...core.common.errors import InputError
from ...core.assess.metrics import confusion, scores_from_confusion
from .data import IGNORE, TileConfig, TileSample, ams_copies, load_samples
from ...core.common.files import atomic_write_bytes, atomic_write_text
from ..checkpoint import (init_encoder_from_sam, load_state, read_card, read_state_dict,
    resolve_device, save_checkpoint)
from .losses import DEFAULT_WEIGHTS, segassess_loss
from ...core.common.classes import CLASS_NAMES
from ..network import SegAssess, get_config

IMPROVEMENT = 1e-6  # a selection score must beat the best by more than this to count as a gain
CSV_FIELDS = ["epoch", "lr", "steps", "seconds", "train_loss", "ce", "edge_bce", "edge_dice", "recon",
              "val_loss", "val_mF1", "val_mIoU", "val_err_mIoU"] + \
    [f"val_F1_{c}" for c in CLASS_NAMES] + [f"val_IoU_{c}" for c in CLASS_NAMES]


@dataclass
class TrainConfig:
    """Optimisation settings; defaults are the released ones where they exist."""

    config: str = "base"                  # network config name (base | tiny)
    tile_size: int = 512
    batch_size: int = 1                   # samples per step; each gives `copies` AMS copies
    copies: int = 4                       # AMS copies per sample (released: 4)
    epochs: int = 50
    lr: float = 1e-4
    patience: int = 5                     # early stopping: epochs without a better val FP/FN mIoU
    plateau_patience: int = 2             # lr halved after this many epochs without improvement (and again
                                          # after as many more)
    min_lr: float = 1e-6
    seed: int = 20
    max_steps_per_epoch: Optional[int] = None   # cap (None: one pass over the training tiles)
    val_sources: int = 2                  # mask sources per validation tile (annotation first)
    loss_weights: Dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    device: str = "auto"
    save_dtype: str = "float32"           # dtype of the saved weights (float16 halves the files)

    @classmethod
    def from_dict(cls, d: dict) -> "TrainConfig":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


# --------------------------------------------------------------------------- datasets
class AMSDataset(torch.utils.data.Dataset):
    """Training tiles; item i of epoch e = `copies` AMS copies drawn with rng (seed, e, i)."""

    def __init__(self, samples: Sequence[TileSample], copies: int = 4, seed: int = 20, augment: bool = True):
        self.samples, self.copies, self.seed, self.augment = list(samples), int(copies), int(seed), augment
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = int(epoch)

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, i: int) -> Dict[str, torch.Tensor]:
        rng = np.random.default_rng([self.seed, self.epoch, int(i)])
        b = ams_copies(self.samples[i], rng, self.copies, self.augment)
        return {k: torch.from_numpy(getattr(b, k)) for k in ("image", "mask", "quality", "edge", "truth", "valid")}


class ValDataset(torch.utils.data.Dataset):
    """Validation: every tile with each of its first `sources` mask sources, untransformed."""

    def __init__(self, samples: Sequence[TileSample], sources: int = 2):
        self.items = [(s, j) for s in samples for j in range(min(int(sources), len(s.masks)))]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Dict[str, torch.Tensor]:
        s, j = self.items[i]
        b = ams_copies(s, np.random.default_rng(0), 1, augment=False, source=j)
        return {k: torch.from_numpy(getattr(b, k)) for k in ("image", "mask", "quality", "edge", "truth", "valid")}


def collate(items: List[Dict[str, torch.Tensor]]) -> Dict[str, torch.Tensor]:
    """Concatenate the copies of all samples: effective batch = batch_size x copies."""
    return {k: torch.cat([it[k] for it in items], 0) for k in items[0]}


# --------------------------------------------------------------------------- init
def build_model(cfg: TrainConfig, init: Optional[str] = None, seed: Optional[int] = None) -> tuple:
    """A model in train mode and a description of its initialisation.
    init: None/'none' (random, seeded), a SAM ViT checkpoint (`image_encoder.*` keys, no
    `TCCA.*`: encoder loaded completely, decoder where shapes agree, via
    init_encoder_from_sam), or a SegAssess checkpoint (released .pth/.pkl or ours), loaded
    strictly (load_state strict=True)."""
    torch.manual_seed(cfg.seed if seed is None else seed)
    model = SegAssess(get_config(cfg.config), cfg.tile_size)
    if not init or str(init).lower() == "none":
        return model.train(), {"init": "none"}
    p = Path(init)
    sd, _ = read_state_dict(p)
    if any(k.startswith("TCCA.") for k in sd):
        load_state(model, sd, strict=True)
        return model.train(), {"init": str(p), "kind": "segassess"}
    if any(k.startswith("sam.image_encoder.") for k in sd):
        del sd
        rep = init_encoder_from_sam(model, p)
        return model.train(), {"init": str(p), "kind": "sam", "loaded": len(rep["loaded"]),
                               "random": len(rep["random"])}
    raise InputError(f"{p.name} is neither a SegAssess checkpoint (TCCA.* keys) nor a SAM checkpoint "
                     f"(image_encoder.* keys); use --init none to start from random weights")


def config_from_init(init: Optional[str]) -> Optional[str]:
    """The network config named by a SegAssess checkpoint's card (for fine-tuning), else None."""
    if not init or str(init).lower() == "none":
        return None
    try:
        card = read_card(init) or {}
    except InputError:
        return None
    return card.get("config_name") if card.get("config_name") in ("base", "tiny") else None


# --------------------------------------------------------------------------- metrics
def scores_summary(cm: np.ndarray) -> Dict[str, float]:
    """mF1, mIoU, err_mIoU (mean IoU of FP and FN; 0 where undefined) and per-class F1/IoU."""
    s = scores_from_confusion(cm)
    out = {"mF1": s["mF1"], "mIoU": s["mIoU"]}
    for c in CLASS_NAMES:
        out[f"F1_{c}"] = s["classes"][c]["f1"]
        out[f"IoU_{c}"] = s["classes"][c]["iou"]
    err = [s["classes"][c]["iou"] for c in ("FP", "FN")]
    out["err_mIoU"] = float(np.mean([0.0 if math.isnan(v) else v for v in err]))
    return out


@torch.no_grad()
def validate(model: SegAssess, loader, device, loss_weights=None) -> Dict[str, float]:
    """Pooled-pixel scores and mean loss of the model on a validation loader."""
    was = model.training
    model.eval()
    cm = np.zeros((4, 4), np.int64)
    losses = []
    for b in loader:
        b = {k: v.to(device) for k, v in b.items()}
        outs, edge = model(b["image"], b["mask"])
        losses.append(float(segassess_loss(outs, edge, b["quality"], b["edge"], b["mask"], b["truth"],
                                           b["valid"], loss_weights)["total"]))
        pred = outs[3].argmax(1).cpu().numpy()
        q = b["quality"].cpu().numpy()
        cm += confusion(pred, np.where(q == IGNORE, 0, q), q != IGNORE)
    model.train(was)
    out = scores_summary(cm)
    out["loss"] = float(np.mean(losses)) if losses else float("nan")
    out["confusion"] = cm.tolist()
    return out


# --------------------------------------------------------------------------- outputs
def write_metrics_csv(rows: List[dict], path) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})
    atomic_write_text(path, buf.getvalue())


def read_metrics_csv(path) -> List[dict]:
    p = Path(path)
    if not p.is_file():
        return []
    with open(p, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        out.append({k: (int(v) if k in ("epoch", "steps") else float(v)) for k, v in r.items() if v not in (None, "")})
    return out


PLOT_PANELS = (
    ("loss", None, [("train_loss", "tab:red", "train loss"), ("val_loss", "tab:blue", "val loss")]),
    ("validation %", 100.0, [("val_mF1", "tab:green", "mF1"), ("val_mIoU", "tab:orange", "mIoU"),
                             ("val_err_mIoU", "tab:purple", "FP/FN mIoU")]),
)


def plot_metrics(rows: List[dict], path, title: str = "SegAssess training") -> Path:
    """PNG (900 x 380 px) with two panels: train/val loss per epoch, and validation mF1/mIoU and
    FP/FN mIoU (%) per epoch. matplotlib's object API (no pyplot state: safe in any thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 3.8), dpi=100)
    FigureCanvasAgg(fig)
    fig.suptitle(title, fontsize=10)
    for i, (name, scale, series) in enumerate(PLOT_PANELS):
        ax = fig.add_subplot(1, 2, i + 1)
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("epoch")
        for key, colour, label in series:
            pts = [(r["epoch"], (scale or 1.0) * r[key]) for r in rows
                   if isinstance(r.get(key), float) and math.isfinite(r[key])]
            if pts:
                ax.plot(*zip(*pts), color=colour, marker="o", markersize=3, linewidth=1.5, label=label)
        if scale:
            ax.set_ylim(0.0, scale)
        if ax.lines:
            ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    atomic_write_bytes(path, buf.getvalue())
    return Path(path)


# --------------------------------------------------------------------------- trainer
class Trainer:
    """Runs epochs, validates, checkpoints atomically, stops early, resumes."""

    def __init__(self, cfg: TrainConfig, train_samples: Sequence[TileSample], val_samples: Sequence[TileSample],
                 out_dir, init: Optional[str] = None, data_info: Optional[dict] = None, progress: bool = True,
                 log=print):
        if not train_samples:
            raise InputError("no training tiles: check the sheets (split: train) and --min-valid / tile size")
        self.cfg, self.out, self.log, self.progress = cfg, Path(out_dir), log, progress
        self.out.mkdir(parents=True, exist_ok=True)
        self.device = resolve_device(cfg.device)
        self.model, self.init_info = build_model(cfg, init)
        self.model.to(self.device)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=cfg.lr)
        # halves the lr after plateau_patience epochs without a gain of the selection score, as fit() counts gains
        self.scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
            self.opt, mode="max", factor=0.5, patience=max(1, cfg.plateau_patience) - 1, threshold=IMPROVEMENT,
            threshold_mode="abs", min_lr=cfg.min_lr)
        self.train_ds = AMSDataset(train_samples, cfg.copies, cfg.seed)
        self.val_ds = ValDataset(val_samples, cfg.val_sources) if val_samples else None
        self.data_info = dict(data_info or {})
        self.data_info.update({"train_tiles": len(train_samples), "val_tiles": len(val_samples or [])})
        # -inf, not a finite floor: without validation the score is minus the training loss (< -1)
        self.epoch, self.best, self.best_epoch, self.bad = 0, -math.inf, 0, 0
        self.rows: List[dict] = []

    # ---- state
    @property
    def lr(self) -> float:
        return float(self.opt.param_groups[0]["lr"])

    def _card(self, metrics: dict) -> dict:
        return {"training": {**asdict(self.cfg), **self.init_info}, "data": self.data_info, "epoch": self.epoch,
                "metrics": {k: v for k, v in metrics.items() if k != "confusion"},
                "best_epoch": self.best_epoch}

    def _save(self, metrics: dict, best: bool) -> None:
        dtype = getattr(torch, self.cfg.save_dtype)
        save_checkpoint(self.model, self.out / "last.safetensors", self.cfg.tile_size,
                        None if dtype == torch.float32 else dtype, self._card(metrics))
        if best:
            save_checkpoint(self.model, self.out / "best.safetensors", self.cfg.tile_size,
                            None if dtype == torch.float32 else dtype, self._card(metrics))
        state = {"optimizer": self.opt.state_dict(), "scheduler": self.scheduler.state_dict(), "epoch": self.epoch,
                 "best": self.best, "best_epoch": self.best_epoch, "bad": self.bad, "torch_rng": torch.get_rng_state()}
        buf = io.BytesIO()
        torch.save(state, buf)
        atomic_write_bytes(self.out / "trainer_state.pt", buf.getvalue())
        write_metrics_csv(self.rows, self.out / "metrics.csv")
        plot_metrics(self.rows, self.out / "metrics.png", f"SegAssess {self.cfg.config} - {self.out.name}")

    def write_run_json(self, extra: Optional[dict] = None) -> None:
        info = {"train_config": asdict(self.cfg), "init": self.init_info, "data": self.data_info, **(extra or {})}
        atomic_write_text(self.out / "run.json", strict_json.dumps(info, indent=2) + "\n")

    def resume(self) -> bool:
        """Continue from last.safetensors + trainer_state.pt; False when there is nothing to resume."""
        w, s = self.out / "last.safetensors", self.out / "trainer_state.pt"
        if not (w.is_file() and s.is_file()):
            return False
        load_state(self.model, w, strict=True)
        self.model.to(self.device)
        state = torch.load(str(s), map_location="cpu", weights_only=True)
        card = read_card(w) or {}
        if int(card.get("epoch", state["epoch"])) != int(state["epoch"]):
            warnings.warn(f"run was interrupted between writing weights (epoch {card.get('epoch')}) and the "
                          f"optimizer state (epoch {state['epoch']}): continuing with the older optimizer state")
        self.opt.load_state_dict(state["optimizer"])
        self.epoch = int(card.get("epoch", state["epoch"]))
        self.best, self.best_epoch, self.bad = float(state["best"]), int(state["best_epoch"]), int(state["bad"])
        if "scheduler" in state:
            self.scheduler.load_state_dict(state["scheduler"])
        else:  # a run saved before the scheduler was: the same state from the counters
            self.scheduler.best, self.scheduler.last_epoch = self.best, self.epoch
            self.scheduler.num_bad_epochs = self.bad % max(1, self.cfg.plateau_patience)
        torch.set_rng_state(state["torch_rng"])
        self.rows = [r for r in read_metrics_csv(self.out / "metrics.csv") if r["epoch"] <= self.epoch]
        self.log(f"resuming after epoch {self.epoch} (best FP/FN mIoU {100 * self.best:.2f} at epoch "
                 f"{self.best_epoch}, lr {self.lr:g})")
        return True

    # ---- loop
    def train_epoch(self) -> dict:
        self.model.train()
        self.train_ds.set_epoch(self.epoch)
        g = torch.Generator().manual_seed(self.cfg.seed * 100003 + self.epoch)
        loader = torch.utils.data.DataLoader(self.train_ds, batch_size=self.cfg.batch_size, shuffle=True,
                                             generator=g, collate_fn=collate, num_workers=0, drop_last=False)
        n = len(loader) if self.cfg.max_steps_per_epoch is None else min(len(loader), self.cfg.max_steps_per_epoch)
        sums: Dict[str, float] = {}
        bar = None
        if self.progress:
            from tqdm import tqdm

            bar = tqdm(total=n, desc=f"epoch {self.epoch + 1}/{self.cfg.epochs}", leave=False, unit="step")
        steps = 0
        for b in loader:
            if steps >= n:
                break
            b = {k: v.to(self.device) for k, v in b.items()}
            outs, edge = self.model(b["image"], b["mask"])
            terms = segassess_loss(outs, edge, b["quality"], b["edge"], b["mask"], b["truth"], b["valid"],
                                   self.cfg.loss_weights)
            self.opt.zero_grad(set_to_none=True)
            terms["total"].backward()
            self.opt.step()
            steps += 1
            for k, v in terms.items():
                sums[k] = sums.get(k, 0.0) + float(v.detach())
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{sums['total'] / steps:.4f}")
        if bar is not None:
            bar.close()
        out = {k: v / max(steps, 1) for k, v in sums.items()}
        out["steps"] = steps
        return out

    def fit(self) -> dict:
        """Train until cfg.epochs or early stopping; returns the best epoch's metrics."""
        cfg = self.cfg
        val_loader = torch.utils.data.DataLoader(self.val_ds, batch_size=max(1, cfg.batch_size * cfg.copies),
                                                 collate_fn=collate) if self.val_ds else None
        best_metrics = {}
        while self.epoch < cfg.epochs and self.bad < cfg.patience:
            t0 = time.time()
            tr = self.train_epoch()
            self.epoch += 1
            val = validate(self.model, val_loader, self.device, cfg.loss_weights) if val_loader else {}
            score = val.get("err_mIoU", -tr["total"])  # no validation: lowest training loss
            improved = score > self.best + IMPROVEMENT
            if improved:
                self.best, self.best_epoch, self.bad = score, self.epoch, 0
                best_metrics = val
            else:
                self.bad += 1
            self.scheduler.step(score)
            row = {"epoch": self.epoch, "lr": self.lr, "steps": tr["steps"], "seconds": time.time() - t0,
                   "train_loss": tr["total"], **{k: tr[k] for k in ("ce", "edge_bce", "edge_dice", "recon")}}
            if val:
                row.update({"val_loss": val["loss"], "val_mF1": val["mF1"], "val_mIoU": val["mIoU"],
                            "val_err_mIoU": val["err_mIoU"],
                            **{f"val_{k}": val[k] for k in val if k.startswith(("F1_", "IoU_"))}})
            self.rows.append(row)
            self._save(val, improved)
            msg = f"epoch {self.epoch}: loss {tr['total']:.4f}"
            if val:
                msg += (f" | val mF1 {100 * val['mF1']:.2f} mIoU {100 * val['mIoU']:.2f} "
                        f"FP/FN mIoU {100 * val['err_mIoU']:.2f}")
            self.log(msg + (" (best)" if improved else f" (no gain {self.bad}/{cfg.patience}, lr {self.lr:g})"))
        if self.bad >= cfg.patience:
            self.log(f"early stop: no better FP/FN mIoU for {cfg.patience} epochs (best epoch {self.best_epoch})")
        if not best_metrics and (self.out / "best.json").is_file():
            best_metrics = (json.loads((self.out / "best.json").read_text()).get("metrics") or {})
        return {"best_epoch": self.best_epoch, "best_score": self.best, "metrics": best_metrics,
                "best": self.out / "best.safetensors", "last": self.out / "last.safetensors", "epochs": self.epoch}


def train(sheets, out_dir, cfg: TrainConfig, tile_cfg: Optional[TileConfig] = None, init: Optional[str] = None,
          resume: bool = False, progress: bool = True, log=print) -> dict:
    """Cut the sheets into tiles, train, return the summary (see Trainer.fit).
    With resume=True and a previous run in out_dir, that run's configuration is used
    (only `epochs` from cfg applies, so a finished run can be extended)."""
    out = Path(out_dir)
    if resume and (out / "run.json").is_file():
        prev = json.loads((out / "run.json").read_text(encoding="utf-8"))
        epochs = cfg.epochs
        cfg = TrainConfig.from_dict(prev["train_config"])
        cfg.epochs = epochs
        tile_cfg = TileConfig(**prev["data"].get("tile_config", {}))
        # the weights come from last.safetensors; a run stopped before its first epoch ended has none
        # and starts again from its original initialisation (e.g. the SAM encoder), not from random
        init = None if (out / "last.safetensors").is_file() else (prev.get("init") or {}).get("init")
    tile_cfg = tile_cfg or TileConfig(tile_size=cfg.tile_size)
    if tile_cfg.tile_size != cfg.tile_size:
        raise InputError(f"tile size mismatch: data {tile_cfg.tile_size} vs model {cfg.tile_size}")
    t0 = time.time()
    samples = load_samples(sheets, tile_cfg)
    log(f"{len(samples['train'])} training and {len(samples['val'])} validation tiles of {cfg.tile_size} px "
        f"from {len(sheets)} sheet(s) ({time.time() - t0:.1f} s)")
    data_info = {"sheets": [s.to_row() for s in sheets], "tile_config": tile_cfg.to_dict()}
    trainer = Trainer(cfg, samples["train"], samples["val"], out, init, data_info, progress, log)
    if not (resume and trainer.resume()):
        trainer.write_run_json()
    return trainer.fit()
