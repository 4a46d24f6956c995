"""Training: targets, AMS consistency, loss values by hand, and a real (tiny) training run
that lowers the loss, checkpoints strictly-loadable weights and resumes exactly."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from segassess.core.assess.assessors import quality_from_truth
from segassess.core.common.errors import InputError
from segassess.core.assess.job import AnnotationSpec
from segassess.core.campaign.sheets import Sheet, write_sheet_list
from segassess.models.training.data import (IGNORE, TileConfig, TileSample, ams_copies, edge_target, extract_tiles,
                                          read_training_sheets, transform_array)
from segassess.models.training import losses
from segassess.models.checkpoint import load_segassess, read_card
from segassess.models.network import SegAssess


# --------------------------------------------------------------------------- targets
def test_edge_target_is_the_one_pixel_inner_boundary_of_a_square():
    t = np.zeros((10, 10), np.uint8)
    t[2:8, 3:9] = 1  # 6 x 6 square
    e = edge_target(t)
    expected = t.copy()
    expected[3:7, 4:8] = 0  # the 4 x 4 interior is not boundary
    assert e.dtype == np.uint8
    np.testing.assert_array_equal(e, expected)
    assert e.sum() == 6 * 6 - 4 * 4  # 20 ring pixels, corners included (4-neighbour outside)


def test_edge_target_at_the_tile_border_and_diagonal_contacts():
    t = np.zeros((5, 5), np.uint8)
    t[:, :3] = 1  # touches the top, bottom and left borders: the 1-px padding makes them boundary
    e = edge_target(t)
    np.testing.assert_array_equal(e[:, 0], 1)
    np.testing.assert_array_equal(e[:, 2], 1)
    np.testing.assert_array_equal(e[[0, 4], 1], 1)
    np.testing.assert_array_equal(e[1:4, 1], 0)
    np.testing.assert_array_equal(e[:, 3:], 0)
    # a pixel whose only outside neighbour is diagonal is at distance sqrt(2): not boundary
    u = np.ones((5, 5), np.uint8)
    u[0, 0] = 0
    assert edge_target(u)[1, 1] == 0


# --------------------------------------------------------------------------- AMS
def _sample(T=16, n_sources=5, seed=0):
    rng = np.random.default_rng(seed)
    truth = np.zeros((T, T), np.uint8)
    truth[2:9, 3:12] = 1  # asymmetric object
    truth[11:14, 1:4] = 1
    image = rng.integers(0, 256, (3, T, T)).astype(np.uint8)
    image[0] = truth * 200  # channel 0 shows the truth, so alignment is checkable after transforms
    masks = [(rng.random((T, T)) < 0.3).astype(np.uint8) for _ in range(n_sources)]
    valid = np.ones((T, T), bool)
    valid[:, -2:] = False  # nodata strip on the right
    return TileSample("s", (0, 0, T, T), image, valid, truth, edge_target(truth), masks,
                      [f"m{i}" for i in range(n_sources)])


def test_ams_copies_are_rot_flip_consistent_between_image_mask_and_targets():
    s = _sample()
    b = ams_copies(s, np.random.default_rng(3), n=4)
    assert b.image.shape == (4, 3, 16, 16) and b.mask.shape == (4, 1, 16, 16) and b.quality.shape == (4, 16, 16)
    srcs = [src for _, _, src in b.ops]
    assert len(set(srcs)) == 4, "each copy must use a different mask source when enough exist"
    assert len({(k, f) for k, f, _ in b.ops}) > 1, "the copies should not all share one transform"
    for j, (k, flip, src) in enumerate(b.ops):
        np.testing.assert_allclose(b.image[j], transform_array(s.image, k, flip) / 255.0, atol=1e-6)
        np.testing.assert_array_equal(b.mask[j, 0], transform_array(s.masks[src], k, flip))
        np.testing.assert_array_equal(b.truth[j, 0], transform_array(s.truth, k, flip))
        # the truth still sits where the image shows it
        np.testing.assert_array_equal(np.round(b.image[j, 0] * 255) == 200, b.truth[j, 0] > 0)
        # edge target transforms with the truth (the boundary is rot/flip equivariant)
        np.testing.assert_array_equal(b.edge[j, 0], edge_target(b.truth[j, 0]))
        valid = transform_array(s.valid, k, flip)
        np.testing.assert_array_equal(b.valid[j, 0] > 0, valid)
        expected_q = quality_from_truth(b.mask[j, 0], b.truth[j, 0]).astype(np.int64)
        np.testing.assert_array_equal(b.quality[j], np.where(valid, expected_q, IGNORE))


def test_transform_array_covers_the_eight_symmetries_and_ams_is_seeded():
    a = np.arange(9).reshape(3, 3)
    seen = {transform_array(a, k, f).tobytes() for k in range(4) for f in ("none", "h", "v")}
    assert len(seen) == 8  # the dihedral group of the square
    s = _sample()
    b1 = ams_copies(s, np.random.default_rng(7))
    b2 = ams_copies(s, np.random.default_rng(7))
    assert b1.ops == b2.ops
    np.testing.assert_array_equal(b1.mask, b2.mask)


def test_ams_copies_without_any_mask_source_is_an_error():
    s = _sample(n_sources=0)
    with pytest.raises(InputError, match="no mask source"):
        ams_copies(s, np.random.default_rng(0))


# --------------------------------------------------------------------------- losses
def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_loss_terms_match_hand_computed_values():
    rng = np.random.default_rng(0)
    final = rng.normal(size=(1, 4, 2, 3)).astype(np.float32)
    edge = rng.normal(size=(1, 1, 2, 3)).astype(np.float32)
    quality = np.array([[[0, 1, 2], [3, 2, 0]]])
    edge_t = np.array([[[[1, 0, 0], [0, 1, 0]]]], np.float32)
    mask = np.array([[[[1, 1, 0], [0, 0, 1]]]], np.float32)
    truth = np.array([[[[1, 0, 0], [1, 0, 1]]]], np.float32)

    # weighted CE: sum_i w_yi * (-log p_yi) / sum_i w_yi
    w = np.array([0.5, 5.0, 0.1, 5.0])
    p = _softmax(final.astype(np.float64))
    nll = -np.log(np.take_along_axis(p, quality[:, None], 1))[:, 0]
    ce = (w[quality] * nll).sum() / w[quality].sum()
    # balanced BCE: pos 2, neg 4, total 6 -> edge weight 4/6, non-edge 1.1*2/6
    x, y = edge.astype(np.float64), edge_t
    bce_each = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    wb = np.where(y > 0, 4 / 6, 1.1 * 2 / 6)
    bce = (wb * bce_each).sum() / 6
    s = 1 / (1 + np.exp(-x))
    dice = 1 - (2 * (s * y).sum() + 1) / (s.sum() + y.sum() + 1)
    tp, fp, tn, fn = p[:, 0:1], p[:, 1:2], p[:, 2:3], p[:, 3:4]
    recon = (((tp + fn - truth) ** 2).mean() + ((fp + tn - (1 - truth)) ** 2).mean()
             + ((mask + fn - fp - truth) ** 2).mean())

    T = torch.from_numpy
    terms = losses.segassess_loss([None, None, None, T(final)], T(edge), T(quality), T(edge_t), T(mask), T(truth))
    assert float(terms["ce"]) == pytest.approx(ce, rel=1e-5)
    assert float(terms["edge_bce"]) == pytest.approx(bce, rel=1e-5)
    assert float(terms["edge_dice"]) == pytest.approx(dice, rel=1e-5)
    assert float(terms["recon"]) == pytest.approx(recon, rel=1e-5)
    assert float(terms["total"]) == pytest.approx(ce + bce + dice + recon, rel=1e-5)


def test_losses_ignore_nodata_pixels_and_reward_the_right_answer():
    q = torch.tensor([[[0, 1], [IGNORE, 3]]])
    good = torch.full((1, 4, 2, 2), -10.0)
    for i, c in enumerate([0, 1, 2, 3]):
        good[0, c, i // 2, i % 2] = 10.0  # the ignored pixel gets a wrong answer (class 2 vs target 255)
    bad = -good
    assert float(losses.weighted_ce(good, q)) < 1e-6 < float(losses.weighted_ce(bad, q))
    # the nodata pixel must not count in the reconstruction term either
    mask = torch.tensor([[[[1.0, 1.0], [0.0, 0.0]]]])
    truth = torch.tensor([[[[1.0, 0.0], [1.0, 1.0]]]])
    valid = torch.tensor([[[[1.0, 1.0], [0.0, 1.0]]]])
    assert float(losses.reconstruction(good, mask, truth, valid)) < 1e-6
    assert float(losses.reconstruction(good, mask, truth)) > 0.1


# --------------------------------------------------------------------------- sheets
@pytest.fixture(scope="module")
def scene_sheets(tmp_path_factory):
    """Two 64 px training scenes (one tile each at tile 64) and one validation scene, 1.5 m pixels."""
    from segassess.core.synthetic.error_sim import simulate_inventory
    from segassess.core.synthetic.scene import generate_scene, write_scene

    root = tmp_path_factory.mktemp("train_scenes")
    sheets = []
    for seed, split in ((51, "train"), (52, "train"), (53, "val")):
        sc = generate_scene(seed, size=64, pixel_size=1.5)  # 96 m: 4-6 buildings
        b = sc.truth[sc.truth["class"] == "building"].reset_index(drop=True)
        sc.truth = b
        paths = write_scene(sc, root / f"s{seed}", simulate_inventory(b, seed))
        sheets.append(Sheet(f"s{seed}", paths["image"], AnnotationSpec(paths["inventory"]),
                            AnnotationSpec(paths["truth"]), split=split))
    return root, sheets


def test_sheet_lists_in_yaml_and_csv_resolve_relative_paths(scene_sheets, tmp_path):
    root, sheets = scene_sheets
    y = write_sheet_list(sheets, root / "sheets.yaml")
    back = read_training_sheets(y)
    assert back == sheets and [s.sheet_id for s in back] == ["s51", "s52", "s53"] and back[2].split == "val"
    csv_path = root / "sheets.csv"
    csv_path.write_text("image,annotation,truth,split,annotation_where\n"
                        "s51/image.tif,s51/inventory.gpkg,s51/truth.gpkg,val,id > 0\n", encoding="utf-8")
    (s,) = read_training_sheets(csv_path)
    assert s.image == str(root / "s51" / "image.tif") and s.annotation.where == "id > 0" and s.split == "val"
    # band choice and stretch survive a write/read round trip (training must read images as inference does)
    custom = Sheet("c", sheets[0].image, sheets[0].annotation, sheets[0].truth, split="val", bands=(3, 2, 1),
                   stretch="percentile")
    (c,) = read_training_sheets(write_sheet_list([custom], tmp_path / "custom.yaml"))
    assert c == custom and c.bands == (3, 2, 1) and c.stretch == "percentile" and c.split == "val"
    bad = tmp_path / "bad.yaml"
    bad.write_text("sheets:\n  - image: a.tif\n    annotation: b.gpkg\n", encoding="utf-8")
    with pytest.raises(InputError, match="sheet a of bad.yaml has no truth"):
        read_training_sheets(bad)


def test_tiles_have_exact_targets_and_simulated_sources(scene_sheets):
    _, sheets = scene_sheets
    tiles = extract_tiles(sheets[0], TileConfig(tile_size=32, n_simulated=3, sim_seed=5))
    assert len(tiles) == 4  # 64 px image, 32 px tiles
    t = tiles[0]
    assert t.sources == ["annotation", "simulated0", "simulated1", "simulated2"]
    assert t.image.shape == (3, 32, 32) and t.image.dtype == np.uint8 and t.valid.all()
    np.testing.assert_array_equal(t.edge, edge_target(t.truth))
    assert any(not np.array_equal(m, t.truth) for tl in tiles for m in tl.masks), "simulated masks carry errors"
    again = extract_tiles(sheets[0], TileConfig(tile_size=32, n_simulated=3, sim_seed=5))
    for a, b in zip(tiles, again):
        for ma, mb in zip(a.masks, b.masks):
            np.testing.assert_array_equal(ma, mb)  # seeded


def test_mostly_nodata_tiles_are_skipped(scene_sheets, tmp_path):
    import rasterio

    _, sheets = scene_sheets
    with rasterio.open(sheets[0].image) as src:
        data, profile = src.read(), src.profile
    data[:, :, :40] = 0  # left 40 of 64 columns become nodata
    profile.update(nodata=0)
    img = tmp_path / "nodata.tif"
    with rasterio.open(img, "w", **profile) as dst:
        dst.write(data)
    sheet = Sheet("nd", img, sheets[0].annotation, sheets[0].truth)
    tiles = extract_tiles(sheet, TileConfig(tile_size=32, n_simulated=0, min_valid=0.75))
    assert [t.window[0] for t in tiles] == [32, 32]  # only the right column of tiles (8/32 px nodata) is kept
    t = tiles[0]
    assert not t.valid[:, :8].any() and t.valid[:, 8:].all()
    b = ams_copies(t, np.random.default_rng(0), 1, augment=False)
    assert (b.quality[0][:, :8] == IGNORE).all() and (b.quality[0][:, 8:] != IGNORE).all()


# --------------------------------------------------------------------------- training run
def _fixed_loss(model, samples):
    """Loss of the model on every training tile x source, untransformed (eval mode)."""
    from segassess.models.training.loop import ValDataset, collate

    b = collate([ValDataset(samples, 5)[i] for i in range(len(ValDataset(samples, 5)))])
    model.eval()
    with torch.no_grad():
        outs, edge = model(b["image"], b["mask"])
        return float(losses.segassess_loss(outs, edge, b["quality"], b["edge"], b["mask"], b["truth"],
                                           b["valid"])["total"])


def test_tiny_training_lowers_the_loss_checkpoints_and_resumes_exactly(scene_sheets, tmp_path):
    from segassess.models.training.data import load_samples
    from segassess.models.training.loop import TrainConfig, build_model, read_metrics_csv, train

    _, sheets = scene_sheets
    tile_cfg = TileConfig(tile_size=64, n_simulated=2, sim_seed=1)
    cfg = TrainConfig(config="tiny", tile_size=64, epochs=2, batch_size=1, seed=3, device="cpu")
    samples = load_samples(sheets, tile_cfg)
    assert len(samples["train"]) == 2 and len(samples["val"]) == 1
    before = _fixed_loss(build_model(cfg)[0], samples["train"])

    run = tmp_path / "run"
    res = train(sheets, run, cfg, tile_cfg, progress=False, log=lambda *_: None)
    assert res["epochs"] == 2
    rows = read_metrics_csv(run / "metrics.csv")
    assert [r["epoch"] for r in rows] == [1, 2] and all(r["steps"] == 2 for r in rows)
    assert rows[1]["train_loss"] < rows[0]["train_loss"], rows
    assert all(0 <= r["val_mF1"] <= 1 and 0 <= r["val_err_mIoU"] <= 1 for r in rows)

    last = load_segassess(run / "last.safetensors", tile_size=64, device="cpu")  # strict load
    after = _fixed_loss(last, samples["train"])
    assert after < before, f"training did not lower the loss on its own tiles: {before:.4f} -> {after:.4f}"
    card = read_card(run / "last.safetensors")
    assert card["epoch"] == 2 and card["config_name"] == "tiny" and card["training"]["lr"] == 1e-4
    assert card["data"]["train_tiles"] == 2 and "val_mF1" not in card["metrics"] and "mF1" in card["metrics"]
    assert (run / "best.safetensors").is_file() and (run / "trainer_state.pt").is_file()
    from PIL import Image

    with Image.open(run / "metrics.png") as im:
        assert im.size == (900, 380)
    state = torch.load(run / "trainer_state.pt", weights_only=True)
    assert state["epoch"] == 2 and max(int(s["step"]) for s in state["optimizer"]["state"].values()) == 4

    # resume to epoch 3 and compare with an uninterrupted 3-epoch run: same weights
    res3 = train(sheets, run, TrainConfig(config="tiny", tile_size=64, epochs=3), resume=True, progress=False,
                 log=lambda *_: None)
    assert res3["epochs"] == 3 and len(read_metrics_csv(run / "metrics.csv")) == 3
    straight = tmp_path / "straight"
    cfg3 = TrainConfig(config="tiny", tile_size=64, epochs=3, batch_size=1, seed=3, device="cpu")
    train(sheets, straight, cfg3, tile_cfg, progress=False, log=lambda *_: None)
    a = load_segassess(run / "last.safetensors", tile_size=64, device="cpu").state_dict()
    b = load_segassess(straight / "last.safetensors", tile_size=64, device="cpu").state_dict()
    worst = max(float((a[k].double() - b[k].double()).abs().max()) for k in a if a[k].is_floating_point())
    assert worst < 1e-5, f"resumed run differs from an uninterrupted one by {worst}"


def test_training_without_validation_keeps_the_lowest_training_loss(tmp_path):
    """No validation sheets: the best epoch is the one with the lowest training loss (a loss above 1
    must still count as an improvement over nothing)."""
    from segassess.models.training.loop import TrainConfig, Trainer

    cfg = TrainConfig(config="tiny", tile_size=32, epochs=2, batch_size=1, copies=2, seed=3, device="cpu")
    tr = Trainer(cfg, [_sample(T=32)], [], tmp_path / "run", progress=False, log=lambda *_: None)
    res = tr.fit()
    assert res["epochs"] == 2 and res["best_epoch"] >= 1 and res["best_score"] < -1  # loss > 1 at the start
    assert (tmp_path / "run" / "best.safetensors").is_file()
    assert read_card(tmp_path / "run" / "best.safetensors")["epoch"] == res["best_epoch"]


def test_resume_before_the_first_epoch_keeps_the_initialisation(scene_sheets, tmp_path, monkeypatch):
    from segassess.models.training import loop as training
    from segassess.models.checkpoint import save_checkpoint

    _, sheets = scene_sheets
    torch.manual_seed(11)
    donor = SegAssess("tiny", 64)
    init = save_checkpoint(donor, tmp_path / "init.safetensors")
    seen = {}

    def fake_fit(self):  # stands for a run interrupted during its first epoch
        seen["sd"] = {k: v.clone() for k, v in self.model.state_dict().items()}
        return {}

    monkeypatch.setattr(training.Trainer, "fit", fake_fit)
    cfg = training.TrainConfig(config="tiny", tile_size=64, epochs=1, device="cpu")
    tile_cfg = TileConfig(tile_size=64, n_simulated=0)
    training.train(sheets, tmp_path / "run", cfg, tile_cfg, init=str(init), progress=False, log=lambda *_: None)
    assert (tmp_path / "run" / "run.json").is_file() and not (tmp_path / "run" / "last.safetensors").exists()
    seen.clear()
    training.train(sheets, tmp_path / "run", cfg, resume=True, progress=False, log=lambda *_: None)
    assert all(torch.equal(v, donor.state_dict()[k]) for k, v in seen["sd"].items()), "resumed from random weights"


def test_init_from_a_sam_checkpoint_and_from_our_own(tmp_path):
    from segassess.models.training.loop import TrainConfig, build_model

    torch.manual_seed(0)
    donor = SegAssess("tiny", 64)
    sam = {k[len("sam."):]: v for k, v in donor.state_dict().items() if k.startswith("sam.image_encoder.")}
    torch.save(sam, tmp_path / "sam_tiny.pth")
    cfg = TrainConfig(config="tiny", tile_size=64, seed=99)
    model, info = build_model(cfg, str(tmp_path / "sam_tiny.pth"))
    assert info["kind"] == "sam"
    for k, v in model.state_dict().items():
        if k.startswith("sam.image_encoder."):
            assert torch.equal(v, donor.state_dict()[k]), k
    assert not torch.equal(model.state_dict()["TCCA.side1.0.weight"], donor.state_dict()["TCCA.side1.0.weight"])
    from segassess.models.checkpoint import save_checkpoint

    p = save_checkpoint(donor, tmp_path / "own.safetensors")
    model2, info2 = build_model(cfg, str(p))
    assert info2["kind"] == "segassess"
    assert all(torch.equal(v, donor.state_dict()[k]) for k, v in model2.state_dict().items())
    with pytest.raises(InputError, match="does not fit"):
        build_model(TrainConfig(config="base", tile_size=64), str(p))  # strict: no silent partial load
    assert math.isfinite(sum(float(v.float().sum()) for v in model2.state_dict().values()))


def test_training_cli_registers_commands_without_importing_torch():
    import subprocess
    import sys

    code = ("import argparse, sys\n"
            "from segassess.cli.training import add_commands\n"
            "ap = argparse.ArgumentParser(); add_commands(ap.add_subparsers(dest='c'))\n"
            "a = ap.parse_args(['train', '--sheets', 's.yaml', '--out', 'r', '--config', 'tiny'])\n"
            "print(a.func.__name__, a.epochs, a.lr, a.patience, 'torch' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["cmd_train", "50", "0.0001", "5", "False"]


SCRIPTED_SCORES = [0.5, 0.5, 0.5, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6]


def _scripted_trainer(monkeypatch, out, epochs):
    """A tiny Trainer whose validation scores follow SCRIPTED_SCORES (no optimisation steps)."""
    from segassess.models.training import loop

    def validate(model, loader, device, loss_weights=None):
        ep = trainer.epoch
        return {"err_mIoU": SCRIPTED_SCORES[ep - 1], "mF1": 0.5, "mIoU": 0.4, "loss": 1.0, "confusion": []}

    monkeypatch.setattr(loop, "validate", validate)
    monkeypatch.setattr(loop.Trainer, "train_epoch", lambda self: {"total": 1.0, "steps": 0, "ce": 1.0,
                                                                   "edge_bce": 0.0, "edge_dice": 0.0, "recon": 0.0})
    cfg = loop.TrainConfig(config="tiny", tile_size=32, epochs=epochs, patience=20, plateau_patience=2, lr=1e-4,
                           min_lr=3e-5, device="cpu")
    trainer = loop.Trainer(cfg, [_sample(T=32)], [_sample(T=32)], out, progress=False, log=lambda *_: None)
    return trainer


def test_the_lr_halves_on_a_plateau_and_resumes_with_its_schedule(monkeypatch, tmp_path):
    """ReduceLROnPlateau: halved after plateau_patience epochs without a gain, again after as many more,
    never below min_lr; a run resumed mid-plateau continues the same schedule."""
    from segassess.models.training.loop import read_metrics_csv

    straight = _scripted_trainer(monkeypatch, tmp_path / "straight", 9)
    straight.fit()
    lrs = [r["lr"] for r in read_metrics_csv(tmp_path / "straight" / "metrics.csv")]
    assert lrs == pytest.approx([1e-4, 1e-4, 5e-5, 5e-5, 5e-5, 5e-5, 3e-5, 3e-5, 3e-5])

    for name, drop_scheduler in (("resumed", False), ("old_state", True)):
        _scripted_trainer(monkeypatch, tmp_path / name, 3).fit()  # stopped in the middle of the first plateau
        if drop_scheduler:  # a trainer_state.pt written before the scheduler was saved
            state = torch.load(tmp_path / name / "trainer_state.pt", weights_only=True)
            del state["scheduler"]
            torch.save(state, tmp_path / name / "trainer_state.pt")
        again = _scripted_trainer(monkeypatch, tmp_path / name, 9)
        assert again.resume() and again.lr == pytest.approx(5e-5)
        again.fit()
        assert [r["lr"] for r in read_metrics_csv(tmp_path / name / "metrics.csv")] == pytest.approx(lrs), name


def test_the_training_chart_draws_every_series(tmp_path):
    from PIL import Image

    from segassess.models.training.loop import PLOT_PANELS, plot_metrics

    rows = [{"epoch": e, "train_loss": 2.0 / e, "val_loss": 2.5 / e, "val_mF1": 0.2 * e, "val_mIoU": 0.15 * e,
             "val_err_mIoU": 0.1 * e} for e in (1, 2, 3)]
    colours = {label: key for _, _, series in PLOT_PANELS for key, _, label in series}
    with Image.open(plot_metrics(rows, tmp_path / "m.png")) as im:
        assert im.size == (900, 380)
        full = np.asarray(im.convert("RGB")).reshape(-1, 3)
    with Image.open(plot_metrics([{k: v for k, v in r.items() if k != "val_loss"} for r in rows],
                                 tmp_path / "no_val_loss.png")) as im:
        partial = np.asarray(im.convert("RGB")).reshape(-1, 3)
    import matplotlib.colors as mcolors

    def has(pixels, colour):
        rgb = np.array(mcolors.to_rgb(colour)) * 255
        return bool((np.abs(pixels - rgb).max(axis=1) < 8).sum() > 30)

    for _, _, series in PLOT_PANELS:
        for key, colour, _ in series:
            assert has(full, colour), key
            assert has(partial, colour) == (key != "val_loss"), key
    assert colours and plot_metrics([], tmp_path / "empty.png").is_file()  # an empty run still gets a chart
