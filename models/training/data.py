"""Training samples for SegAssess: sheets -> tiles -> targets -> AMS copies. Pure numpy.

A *sheet* is a triple (image, annotation under evaluation, ground truth), listed in a
YAML or CSV sheet list, the format campaigns read too (`core.campaign.sheets`, with `split:
train | val`; `read_training_sheets`). Each annotation is a vector file (optional `layer` and
OGR `where` filter) or a raster mask, in any CRS: they are read through the same readers
as the assessment pipeline (`core.assess.inputs.ImageSource`, `core.assess.annotation.open_annotation`),
so training sees exactly what inference sees (stretch, band choice, rasterisation rule).

Per tile (`extract_tiles`):
- image uint8 (3,T,T) (the stretched [0,1] read, quantised to keep memory small),
- valid bool (T,T) from the image's nodata mask; tiles with less than `min_valid` valid
  pixels are skipped,
- truth uint8 (T,T) and its edge target (`edge_target`: 1-px inner boundary),
- mask sources: the sheet's annotation plus `n_simulated` inventories made from the
  ground truth by the error simulator (`core.synthetic.error_sim.simulate_inventory`), each
  rasterised on the tile grid. The network only ever sees one mask at a time.

AMS (`ams_copies`), adapted from the paper's online Augmentation with Multiple Sources:
the paper segments each training image with 4 frozen models and pairs each of 4 random
rot90/flip copies with a different model's mask. We have no frozen segmenters, so the
mask sources are the user-provided masks (annotation / predictions) and simulated
inventories; each of the N copies gets a different source where enough exist.
The quality target is recomputed per copy (quality_from_truth), and image, mask, truth,
edge and valid are transformed together, so they stay aligned.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np
from scipy.ndimage import distance_transform_edt

from ...core.assess.assessors import quality_from_truth
from ...core.common.errors import InputError
from ...core.campaign.sheets import Sheet, read_sheet_list

IGNORE = 255  # quality target value for nodata pixels (ignored by the losses and metrics)
FLIPS = ("none", "h", "v")


# --------------------------------------------------------------------------- sheets
def read_training_sheets(path) -> List[Sheet]:
    """The sheets of a sheet list (`core.campaign.sheets.read_sheet_list`), each with the annotation
    and the ground truth that training and evaluation need."""
    sheets = read_sheet_list(path)
    for s in sheets:
        missing = [what for what, spec in (("annotation", s.annotation), ("truth", s.truth)) if spec is None]
        if missing:
            raise InputError(f"sheet {s.sheet_id} of {Path(path).name} has no {' and no '.join(missing)}; "
                             "training and evaluation need image, annotation and truth for every sheet")
    return sheets


# --------------------------------------------------------------------------- targets
def edge_target(truth: np.ndarray) -> np.ndarray:
    """1-px inner boundary of a binary mask, as the released training code builds it:
    pad 1 px with background, L2 distance transform, keep pixels at distance exactly 1
    (object pixels with a 4-neighbour outside the object or on the tile border)."""
    t = np.pad(np.asarray(truth) > 0, 1, mode="constant", constant_values=False)
    d = distance_transform_edt(t)
    return (d == 1)[1:-1, 1:-1].astype(np.uint8)


def quality_target(mask: np.ndarray, truth: np.ndarray, valid: Optional[np.ndarray] = None) -> np.ndarray:
    """Exact quality classes 0..3 (TP, FP, TN, FN); IGNORE where the image is nodata."""
    q = quality_from_truth(mask, truth)
    if valid is not None:
        q = np.where(valid, q, IGNORE).astype(np.uint8)
    return q


# --------------------------------------------------------------------------- tiles
@dataclass
class TileSample:
    """One tile of a sheet with every mask source rasterised on its grid."""

    sheet: str
    window: Tuple[int, int, int, int]     # col, row, width, height in the sheet's image
    image: np.ndarray                     # (3,T,T) uint8
    valid: np.ndarray                     # (T,T) bool
    truth: np.ndarray                     # (T,T) uint8 {0,1}
    edge: np.ndarray                      # (T,T) uint8 {0,1}
    masks: List[np.ndarray]               # each (T,T) uint8 {0,1}
    sources: List[str]                    # name of each mask source


@dataclass
class TileConfig:
    """How sheets are cut into samples. Documented defaults; everything seeded."""

    tile_size: int = 256
    stride: Optional[int] = None          # default: tile_size (no overlap)
    min_valid: float = 0.75               # skip tiles with less valid (non-nodata) pixels
    n_simulated: int = 4                  # simulated inventories per sheet (0: none)
    sim_seed: int = 0                     # base seed of the simulated inventories
    sim_config: Optional[dict] = None     # passed to simulate_inventory (None: DEFAULT_CONFIG)
    use_annotation: bool = True           # the sheet's annotation is a mask source
    perfect_source: bool = False          # also the truth itself (teaches "no error here")
    min_truth: float = 0.0                # skip tiles whose truth covers less than this fraction

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["sim_config"] = None if self.sim_config is None else {k: (list(v) if isinstance(v, tuple) else v)
                                                                 for k, v in self.sim_config.items()}
        return d


def _truth_polygons(reader, image, truth_gdf):
    """Ground-truth polygons in the image CRS (vector truth as read; raster truth polygonised)."""
    if truth_gdf is not None:
        return truth_gdf
    import geopandas as gpd
    from rasterio.features import shapes
    from rasterio.windows import Window
    from shapely.geometry import shape

    m = reader.read(Window(0, 0, image.width, image.height))
    geoms = [shape(g) for g, v in shapes(m, mask=m > 0, transform=image.transform) if v]
    return gpd.GeoDataFrame({"id": np.arange(1, len(geoms) + 1)}, geometry=geoms, crs=image.crs.to_wkt())


def simulated_sources(truth_gdf, transform, n: int, seed: int, config: Optional[dict] = None, extent=None):
    """n simulated inventories of a truth GeoDataFrame, as mask readers on the image grid."""
    from ...core.assess.annotation import VectorMask
    from ...core.synthetic.error_sim import simulate_inventory

    out = []
    if truth_gdf is None or len(truth_gdf) == 0:
        return out
    gdf = truth_gdf[["geometry"]].copy()
    gdf["id"] = np.arange(1, len(gdf) + 1)
    gdf["class"] = "building"
    for i in range(n):
        cfg = dict(config or {})
        if extent is not None:
            cfg.setdefault("extent", tuple(extent))
        inv = simulate_inventory(gdf, seed + i, cfg)
        out.append((f"simulated{i}", VectorMask(inv, transform)))
    return out


def extract_tiles(sheet: Sheet, cfg: TileConfig, sheet_index: int = 0) -> List[TileSample]:
    """Cut one sheet into TileSamples (see module docstring). Images smaller than the tile
    are padded by reflection (image) / zeros (masks) and the padding marked invalid."""
    from rasterio.windows import Window

    from ...core.assess.annotation import open_annotation
    from ...core.assess.inputs import ImageSource
    from ...core.assess.tiling import check_tile_size, pad_tile, window_starts

    T = check_tile_size(cfg.tile_size)
    stride = int(cfg.stride or T)
    image = ImageSource(sheet.image, sheet.bands, sheet.stretch)
    try:
        ann, _ = open_annotation(sheet.annotation, image, None, "annotation")
        truth, truth_gdf = open_annotation(sheet.truth, image, None, "ground truth")
        sources = [("annotation", ann)] if cfg.use_annotation else []
        if cfg.n_simulated > 0:
            polys = _truth_polygons(truth, image, truth_gdf)
            sources += simulated_sources(polys, image.transform, cfg.n_simulated,
                                         cfg.sim_seed + 1000 * sheet_index, cfg.sim_config,
                                         extent=tuple(image.bounds()))
        if not sources and not cfg.perfect_source:
            raise InputError("no mask source: enable the annotation, simulated inventories or the perfect source")
        out = []
        for r, c in window_starts(image.height, image.width, T, T - stride):  # the pipeline's windows
            win = Window(c, r, min(T, image.width), min(T, image.height))
            rgb, valid = image.read(win)
            if valid.mean() * valid.size < cfg.min_valid * T * T:
                continue
            t = truth.read(win)
            if cfg.min_truth > 0 and (t[valid] > 0).mean() < cfg.min_truth:
                continue
            masks = [src.read(win) for _, src in sources]
            names = [n for n, _ in sources]
            if cfg.perfect_source:
                masks.append(t.copy())
                names.append("truth")
            if rgb.shape[1:] != (T, T):
                rgb = pad_tile(rgb, T)
                pad = lambda a: np.pad(a, ((0, T - a.shape[0]), (0, T - a.shape[1])))  # noqa: E731
                valid, t, masks = pad(valid), pad(t), [pad(m) for m in masks]
            t = (t > 0).astype(np.uint8)
            out.append(TileSample(
                sheet=sheet.sheet_id, window=(int(c), int(r), int(win.width), int(win.height)),
                image=np.round(rgb * 255).astype(np.uint8), valid=valid.astype(bool), truth=t,
                edge=edge_target(t), masks=[(m > 0).astype(np.uint8) for m in masks], sources=names))
        return out
    finally:
        image.close()


def load_samples(sheets: Iterable[Sheet], cfg: TileConfig) -> Dict[str, List[TileSample]]:
    """{"train": [...], "val": [...]} samples of all sheets, in sheet order."""
    out: Dict[str, List[TileSample]] = {"train": [], "val": []}
    for i, s in enumerate(sheets):
        out[s.split].extend(extract_tiles(s, cfg, i))
    return out


# --------------------------------------------------------------------------- AMS
def transform_array(a: np.ndarray, k: int, flip: str) -> np.ndarray:
    """rot90 by k (counter-clockwise, last two axes) then flip ('none', 'h' = left-right, 'v' = up-down)."""
    a = np.rot90(a, k, axes=(-2, -1))
    if flip == "h":
        a = a[..., ::-1]
    elif flip == "v":
        a = a[..., ::-1, :]
    return np.ascontiguousarray(a)


@dataclass
class AMSBatch:
    """N copies of one sample: arrays stacked on the first axis."""

    image: np.ndarray     # (N,3,T,T) float32 in [0,1]
    mask: np.ndarray      # (N,1,T,T) float32 {0,1}
    quality: np.ndarray   # (N,T,T) int64, 0..3 or IGNORE
    edge: np.ndarray      # (N,1,T,T) float32 {0,1}
    truth: np.ndarray     # (N,1,T,T) float32 {0,1}
    valid: np.ndarray     # (N,1,T,T) float32 {0,1}
    ops: List[Tuple[int, str, int]] = field(default_factory=list)  # (k, flip, mask source index)


def ams_copies(sample: TileSample, rng: np.random.Generator, n: int = 4, augment: bool = True,
               source: Optional[int] = None) -> AMSBatch:
    """n copies of `sample`, each a random rot90 (k in 0..3) and flip (none/h/v) of the image,
    paired with a different mask source (sources are drawn without replacement while they
    last, then again). augment=False: identity transforms. source: force one mask source."""
    ns = len(sample.masks)
    if ns == 0:  # drawing sources from an empty list would never end
        raise InputError(f"tile of sheet {sample.sheet!r} has no mask source to pair with its copies")
    if source is not None:
        srcs = [int(source)] * n
    else:
        srcs = []
        while len(srcs) < n:
            srcs.extend(rng.permutation(ns).tolist())
        srcs = srcs[:n]
    ops = []
    imgs, masks, quals, edges, truths, valids = [], [], [], [], [], []
    for j in range(n):
        k = int(rng.integers(0, 4)) if augment else 0
        flip = FLIPS[int(rng.integers(0, 3))] if augment else "none"
        m = sample.masks[srcs[j]]
        imgs.append(transform_array(sample.image, k, flip))
        masks.append(transform_array(m, k, flip))
        truths.append(transform_array(sample.truth, k, flip))
        edges.append(transform_array(sample.edge, k, flip))
        valids.append(transform_array(sample.valid, k, flip))
        quals.append(quality_target(masks[-1], truths[-1], valids[-1]))
        ops.append((k, flip, srcs[j]))
    f = np.float32
    return AMSBatch(
        image=np.stack(imgs).astype(f) / 255.0, mask=np.stack(masks)[:, None].astype(f),
        quality=np.stack(quals).astype(np.int64), edge=np.stack(edges)[:, None].astype(f),
        truth=np.stack(truths)[:, None].astype(f), valid=np.stack(valids)[:, None].astype(f), ops=ops)
