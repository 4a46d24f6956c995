"""Train the built-in demo model (`tiny` config) on generated scenes, on a CPU, in minutes.

    python -m segassess.models.training.demo_model --out models/weights/segassess_tiny_demo.safetensors

Why: the plugin and `segassess demo` must work out of the box, and the released weights
cannot be redistributed. This model is trained only on procedural scenes (core.synthetic.scene) with
imperfect building inventories from the error simulator (core.synthetic.error_sim); it is NOT a model
for real imagery. Everything is seeded (scene seeds, simulated inventories, AMS draws,
weight init, shuffling), so the same command on the same software gives the same weights
up to floating-point nondeterminism of the CPU kernels.

Scenes (all 512 px at 0.5 m except the held-out ones, which match `segassess demo`):
  train  seeds 1000.. , val seeds 2000.. (early stopping), held-out test seeds 3000..
  (768 px, never seen in training or model selection; the demo's default seed 7 is unused too).
Steps: write the scenes and a sheets.yaml under --work, train (models/training.py) with
AMS copies from the inventory plus simulated inventories, keep the best validation epoch,
save it in float16 with its JSON card, evaluate it and the trivial assessor on the held-out
scenes through the full pipeline, and write MODEL_CARD.md beside the weights.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from ...core.common import strict_json
from ...core.common.classes import CLASS_NAMES
from ...core.common.files import atomic_write_text, file_sha256

TRAIN_SEED0, VAL_SEED0, TEST_SEED0 = 1000, 2000, 3000
REGISTRY_NAME = "segassess-tiny-demo"


def make_scene_sheets(out_dir, seeds, size: int, split: str, prefix: str):
    """Write generated scenes (buildings as truth, a simulated inventory as annotation) -> Sheets."""
    from ...core.synthetic.error_sim import simulate_inventory
    from ...core.assess.job import AnnotationSpec
    from ...core.synthetic.scene import generate_scene, write_scene
    from ...core.campaign.sheets import Sheet

    sheets = []
    for seed in seeds:
        scene = generate_scene(int(seed), size=size)
        buildings = scene.truth[scene.truth["class"] == "building"].reset_index(drop=True)
        scene.truth = buildings
        inv = simulate_inventory(buildings, int(seed))
        paths = write_scene(scene, Path(out_dir) / f"{prefix}{seed}", inv)
        sheets.append(Sheet(f"{prefix}{seed}", paths["image"], AnnotationSpec(paths["inventory"]),
                            AnnotationSpec(paths["truth"]), split=split))
    return sheets


def heldout_comparison(weights, sheets, tile_size: int = 256, overlap: int = 32) -> dict:
    """Model vs trivial assessor on sheets, pooled and per sheet (cli.training.evaluate_sheets)."""
    from ...core.assess.assessors import TrivialAssessor
    from ..engines import make_assessor
    from ...cli.training import evaluate_sheets

    model = make_assessor(Path(weights), tile_size=tile_size, device="cpu", batch_size=4)
    return {"model": evaluate_sheets(sheets, model, tile_size, overlap),
            "trivial": evaluate_sheets(sheets, TrivialAssessor(), tile_size, overlap)}


def _pct(x) -> str:
    return f"{100 * x:.2f}"


def _scores_table(res: dict) -> str:
    lines = ["| assessor | mF1 | mIoU | F1 TP | F1 FP | F1 TN | F1 FN | IoU FP | IoU FN |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name in ("model", "trivial"):
        p = res[name]["pooled"]
        c = p["classes"]
        lines.append(f"| {'demo model' if name == 'model' else 'trivial (mask = TP, rest = TN)'} | {_pct(p['mF1'])} | "
                     f"{_pct(p['mIoU'])} | " + " | ".join(_pct(c[k]["f1"]) for k in CLASS_NAMES)
                     + f" | {_pct(c['FP']['iou'])} | {_pct(c['FN']['iou'])} |")
    return "\n".join(lines)


def write_model_card(path, info: dict) -> Path:
    """MODEL_CARD.md: data, config, command, time, validation and held-out figures, limits."""
    ho, v = info["heldout"], info["val"]
    text = f"""# SegAssess tiny demo model (`segassess_tiny_demo.safetensors`)

Built-in model so that the plugin and `segassess demo` work without downloads.
**Trained on generated scenes only. Not a model for real imagery**: for real aerial or
satellite images use a released SegAssess model (https://github.com/Yangbn97/SegAssess).

## What it is
- Architecture: SegAssess (SAM-style ViT encoder, HQ assessment decoder, edge branch, BPM),
  `tiny` configuration ({info['params'] / 1e6:.2f} M parameters; embed 160, depth 4, 4 heads, prompt dim 128).
- Tile size {info['tile_size']} px (what `segassess demo` uses); trained on {info['train_tile_size']} px tiles, which is
  4x cheaper on a CPU. The encoder interpolates its positional tables to the tile grid, so the same weights
  run at both sizes (development check, an epoch-5 checkpoint on 2 held-out scenes: mF1 59.2 with 128 px tiles,
  58.8 with 256 px tiles).
- Input RGB uint8 / 255 and a binary building mask; output TP/FP/TN/FN logits (classes as in the released model).
- Weights: float16 safetensors, {info['size_mb']:.1f} MB, sha256 `{info['sha256']}`; JSON card beside it.
- Registry entry: `{REGISTRY_NAME}` (models/registry.json).

## Data
- {info['n_train']} training scenes (seeds {info['train_seeds']}), {info['n_val']} validation scenes
  (seeds {info['val_seeds']}), {info['size']} px at 0.5 m, EPSG:32618, from `core.synthetic.scene.generate_scene`.
  Truth: the buildings of each scene (water, roads and trees are background).
- Masks under assessment: per scene the inventory `simulate_inventory(buildings, seed)` plus
  {info['n_simulated']} more simulated inventories (core.synthetic.error_sim: shifts, erosion/dilation, simplification,
  hulls, merges, missing/spurious/outdated buildings, seeded).
- Training tiles {info['train_tile_size']} px, stride {info['stride']} px: {info['train_tiles']} training tiles,
  {info['val_tiles']} validation tiles (each validated with 2 mask sources).
- AMS: every training sample gives 4 copies, each a random rot90/flip paired with a different mask source.

## Training
- Command: `{info['command']}`
- Losses as released (weighted CE TP 0.5 / FP 5 / TN 0.1 / FN 5, balanced BCE + Dice on the edge,
  reconstruction MSE terms, all weight 1); Adam, lr {info['lr']:g} (the released 1e-4 is for fine-tuning
  from SAM; this model starts from random weights and must learn in minutes), batch {info['batch_size']} x 4 AMS copies,
  early stopping on validation FP/FN mean IoU (patience {info['patience']}), lr halved on plateau, seed {info['seed']}.
- {info['epochs']} epochs run (best epoch {info['best_epoch']}), {info['steps']} optimisation steps,
  training wall time {info['train_minutes']:.1f} min, whole script {info['total_minutes']:.1f} min on
  {info['machine']} (2 CPU cores shared with other jobs).

## Results (pixels pooled; percent)
Validation scenes (model selection), {info['train_tile_size']} px validation tiles: mF1 {_pct(v['mF1'])}, mIoU {_pct(v['mIoU'])},
FP/FN mIoU {_pct(v['err_mIoU'])}.

Held-out generated scenes (seeds {info['test_seeds']}, {info['test_size']} px, never used for training or
model selection; each with its `simulate_inventory(buildings, seed)` inventory), full pipeline with tile
{info['tile_size']}, overlap 32, against the exact quality map:

{_scores_table(ho)}

## Limits
- Generated scenes only: simple textures, no relief displacement, no occlusion, one sensor look. Scores on
  these scenes say nothing about real imagery; do not report them as model accuracy.
- Buildings only; water and other classes were never the assessed class.
- Small model, minutes of CPU training: its class maps are smooth at the scale of a few pixels (the network
  decides at 1/4 resolution), so thin FP/FN slivers along outlines are hard for it; scores per error type
  (shift, missing, spurious, ...) were not measured.
- It may over-predict errors where it is unsure (the released class weights FP/FN 5, TN 0.1, TP 0.5 favour
  the error classes). Compare FP/FN precision and recall in
  `segassess evaluate` before trusting error areas; missing and spurious buildings stand out best.
"""
    return atomic_write_text(path, text)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "weights" / "segassess_tiny_demo.safetensors")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "segassess_demo_training",
                    help="scenes and run folder (kept for inspection: metrics.csv, metrics.png)")
    ap.add_argument("--train-scenes", type=int, default=16)
    ap.add_argument("--val-scenes", type=int, default=2)
    ap.add_argument("--test-scenes", type=int, default=3)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--test-size", type=int, default=768)
    ap.add_argument("--tile-size", type=int, default=256, help="tile size the model is shipped and evaluated for")
    ap.add_argument("--train-tile-size", type=int, default=128,
                    help="training tile (cheaper than 256 on a CPU; the ViT interpolates its positional tables, "
                         "so the weights run at 256 as well: see MODEL_CARD.md)")
    ap.add_argument("--stride", type=int, default=128)
    ap.add_argument("--simulated", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--steps-per-epoch", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=2)
    ap.add_argument("--lr", type=float, default=4e-4)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch CPU threads (default 1: same result on any core count, fastest on a shared CPU; "
                         "0: torch's default)")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--skip-heldout", action="store_true")
    return ap


def _seeds(args) -> dict:
    return {"train": list(range(TRAIN_SEED0, TRAIN_SEED0 + args.train_scenes)),
            "val": list(range(VAL_SEED0, VAL_SEED0 + args.val_scenes)),
            "test": list(range(TEST_SEED0, TEST_SEED0 + args.test_scenes))}


def write_scenes(args, work: Path, seeds: dict) -> tuple:
    """(training + validation sheets, held-out sheets), with their sheet lists in `work`."""
    from ...core.campaign.sheets import write_sheet_list

    print(f"generating {len(seeds['train'])} training + {len(seeds['val'])} validation + {len(seeds['test'])} "
          "held-out scenes")
    sheets = (make_scene_sheets(work / "scenes", seeds["train"], args.size, "train", "train_")
              + make_scene_sheets(work / "scenes", seeds["val"], args.size, "val", "val_"))
    test_sheets = make_scene_sheets(work / "scenes", seeds["test"], args.test_size, "val", "test_")
    write_sheet_list(sheets, work / "sheets.yaml")
    write_sheet_list(test_sheets, work / "heldout_sheets.yaml")
    return sheets, test_sheets


def train_demo(args, work: Path, sheets) -> dict:
    """Train the tiny config on the sheets in work/run; the trainer's summary (loop.Trainer.fit)."""
    from .data import TileConfig
    from .loop import TrainConfig, train

    cfg = TrainConfig(config="tiny", tile_size=args.train_tile_size, batch_size=args.batch_size, epochs=args.epochs,
                      lr=args.lr, patience=args.patience, seed=args.seed, max_steps_per_epoch=args.steps_per_epoch,
                      device="cpu")
    tile_cfg = TileConfig(tile_size=args.train_tile_size, stride=args.stride, n_simulated=args.simulated,
                          sim_seed=args.seed)
    return train(sheets, work / "run", cfg, tile_cfg, resume=args.resume)


def card_info(args, model, out: Path, seeds: dict, run_card: dict, res: dict, command: str) -> dict:
    """What MODEL_CARD.md reports (timings and held-out figures are added by the caller)."""
    import torch

    train_seeds, val_seeds, test_seeds = seeds["train"], seeds["val"], seeds["test"]
    return {
        "params": sum(p.numel() for p in model.parameters()), "tile_size": args.tile_size,
        "train_tile_size": args.train_tile_size,
        "size_mb": out.stat().st_size / 1e6, "sha256": file_sha256(out), "n_train": len(train_seeds),
        "train_seeds": f"{train_seeds[0]}-{train_seeds[-1]}", "n_val": len(val_seeds),
        "val_seeds": f"{val_seeds[0]}-{val_seeds[-1]}", "size": args.size, "n_simulated": args.simulated,
        "stride": args.stride, "train_tiles": run_card["data"]["train_tiles"],
        "val_tiles": run_card["data"]["val_tiles"], "command": command, "lr": args.lr,
        "batch_size": args.batch_size, "patience": args.patience, "seed": args.seed, "epochs": res["epochs"],
        "best_epoch": res["best_epoch"], "steps": sum(r["steps"] for r in _rows(args.work / "run")),
        "machine": f"{platform.machine()} CPU, torch {torch.__version__}, {torch.get_num_threads()} torch thread(s)",
        "val": run_card["metrics"], "test_seeds": f"{test_seeds[0]}-{test_seeds[-1]}", "test_size": args.test_size,
    }


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    import torch

    from ..checkpoint import load_segassess, save_checkpoint

    if args.threads:
        torch.set_num_threads(args.threads)
    t_start = time.time()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    seeds = _seeds(args)
    sheets, test_sheets = write_scenes(args, work, seeds)
    t_train = time.time()
    res = train_demo(args, work, sheets)
    train_minutes = (time.time() - t_train) / 60

    run_card = json.loads((work / "run" / "best.json").read_text())
    model = load_segassess(work / "run" / "best.safetensors", args.tile_size, "cpu")
    command = "python -m segassess.models.training.demo_model " + " ".join(argv if argv is not None else sys.argv[1:])
    extra = {"registry_name": REGISTRY_NAME, "demo": True,
             "note": "trained on generated scenes only (core.synthetic.scene + core.synthetic.error_sim); not for real imagery",
             "training": run_card.get("training"), "data": run_card.get("data"), "epoch": run_card.get("epoch"),
             "metrics": {"validation": run_card.get("metrics")}, "command": command}
    out = save_checkpoint(model, args.out, args.tile_size, torch.float16, extra)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if args.skip_heldout:
        return 0
    ho = heldout_comparison(out, test_sheets, args.tile_size)
    for name in ("model", "trivial"):
        p = ho[name]["pooled"]
        print(f"held-out {name}: mF1 {_pct(p['mF1'])} mIoU {_pct(p['mIoU'])} F1 FP {_pct(p['classes']['FP']['f1'])} "
              f"F1 FN {_pct(p['classes']['FN']['f1'])}")
    # record the held-out figures in the card too: both files are rewritten (the weights file embeds the
    # card as metadata), same tensors; the sha256 in MODEL_CARD.md is of this final file
    extra["metrics"]["heldout"] = {n: {k: ho[n]["pooled"][k] for k in ("mF1", "mIoU", "classes")} for n in ho}
    extra["metrics"]["heldout_seeds"] = seeds["test"]
    out = save_checkpoint(model, args.out, args.tile_size, torch.float16, extra)
    info = card_info(args, model, out, seeds, run_card, res, command)
    info.update(heldout=ho, train_minutes=train_minutes, total_minutes=(time.time() - t_start) / 60)
    write_model_card(out.parent / "MODEL_CARD.md", info)
    atomic_write_text(work / "heldout.json", strict_json.dumps({k: v for k, v in info.items() if k != "heldout"},
                                                               indent=2))
    print(f"sha256 {info['sha256']}")
    print(f"total {info['total_minutes']:.1f} min (training {train_minutes:.1f} min)")
    return 0


def _rows(run_dir):
    from .loop import read_metrics_csv

    return read_metrics_csv(Path(run_dir) / "metrics.csv")


if __name__ == "__main__":
    sys.exit(main())
