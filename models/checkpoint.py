"""Reading and writing SegAssess weights, never silently.

Accepts the released `best.pkl` layout (`module.` prefix or not, with the duplicate
`image_encoder.*`/`prompt_encoder.*`/`mask_decoder.*` aliases), plain state dicts,
and our own `.safetensors` files (with a JSON card beside them). Pickles are only
ever read with `weights_only=True`: a released checkpoint is plain tensors, so a
file that needs code to unpickle is refused. Every problem is raised as a one-line
`InputError` a user can act on.
"""
from __future__ import annotations

import datetime as _dt
import json
import pickle
import warnings
import zipfile
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

import torch

from ..core.common import strict_json
from ..core.common.classes import CLASS_NAMES
from ..core.common.errors import InputError
from ..core.common.files import atomic_write, atomic_write_text, file_sha256
from .cards import _one_line, card_path, read_card
from ..core.assess.tiling import check_tile_size
from .network import CONFIGS, SegAssess, SegAssessConfig, get_config

ALIAS_PREFIXES = ("image_encoder.", "prompt_encoder.", "mask_decoder.")
CARD_FORMAT = "segassess-checkpoint"
CARD_VERSION = 1
_EXAMPLES = 3


# --------------------------------------------------------------------------- small helpers
def resolve_device(device: str = "auto") -> torch.device:
    """'auto' -> first CUDA device if usable, else CPU; 'cuda[:N]' must exist."""
    d = (device or "auto").strip().lower()
    if d == "auto":
        return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(d)
    except (RuntimeError, ValueError):
        raise InputError(f"device {device!r} is not understood; use auto, cpu, cuda or cuda:N") from None
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise InputError(f"device {device!r} was asked for but no usable CUDA GPU is available; use cpu or auto")
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise InputError(f"device {device!r} does not exist: only {torch.cuda.device_count()} CUDA device(s)")
    elif dev.type != "cpu":
        raise InputError(f"device {device!r} is not supported; use auto, cpu, cuda or cuda:N")
    return dev


# --------------------------------------------------------------------------- reading
def _torch_load(path: Path) -> object:
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*pickle protocol.*")
            return torch.load(str(path), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        msg = str(e)
        if "Unsupported global" in msg or _pickle_has_globals(path):
            raise InputError(
                f"model file {name} contains pickled code or objects, which are refused for safety "
                f"(only plain tensors are loaded); use the released best.pkl or a .safetensors file") from None
        raise _not_a_checkpoint(path) from None
    except (EOFError, zipfile.BadZipFile) as e:
        raise InputError(f"model file {name} is truncated or corrupt ({_one_line(e, 80) or 'unexpected end of file'}); "
                         f"download it again") from None
    except RuntimeError as e:
        msg = str(e)
        low = msg.lower()
        if any(s in low for s in ("central directory", "failed reading", "zip archive", "unexpected eof",
                                  "file not found in archive", "invalid header", "truncated")):
            raise InputError(f"model file {name} is truncated or corrupt ({_one_line(msg, 80)}); download it again") from None
        raise InputError(f"model file {name} could not be read ({_one_line(msg, 100)})") from None
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, OSError) as e:
        raise InputError(f"model file {name} is corrupt or not a PyTorch checkpoint ({_one_line(e, 80)})") from None


_SIGNATURES = ((b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\x89PNG", "a PNG image"),
               (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"SQLite format 3", "an SQLite/GeoPackage file"),
               (b"%PDF", "a PDF document"), (b"{", "a JSON text file"))


def _not_a_checkpoint(path: Path) -> InputError:
    """What the file is instead of a checkpoint (by its first bytes), as a one-line error."""
    with open(path, "rb") as f:
        head = f.read(16)
    if head[:4] == b"PK\x03\x04" or head[:1] == b"\x80":  # a zip or a pickle: a damaged checkpoint
        return InputError(f"model file {path.name} is corrupt or not a PyTorch checkpoint; download it again")
    kind = next((what for magic, what in _SIGNATURES if head.startswith(magic)), "not a PyTorch checkpoint")
    return InputError(f"model file {path.name} is {kind}, not a SegAssess model: choose a model file (.pkl or .pth "
                      "released by the authors, .safetensors, or .onnx)")


def _pickle_has_globals(path: Path) -> bool:
    """True when a plain pickle file imports Python objects (GLOBAL opcodes): code, not plain tensors.
    Scanned with pickletools, which executes nothing."""
    import pickletools

    with open(path, "rb") as f:
        if f.read(1) != b"\x80":
            return False
        f.seek(0)
        try:
            return any(op.name in ("GLOBAL", "STACK_GLOBAL", "INST", "OBJ") for op, _, _ in pickletools.genops(f))
        except Exception:  # noqa: BLE001 (not a readable pickle)
            return False


def _safetensors_load(path: Path) -> Tuple[Dict[str, torch.Tensor], dict]:
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="pt", device="cpu") as f:
            meta = dict(f.metadata() or {})
            sd = {k: f.get_tensor(k) for k in f.keys()}
    except (SafetensorError, OSError, ValueError, RuntimeError) as e:
        raise InputError(f"model file {path.name} is truncated or corrupt safetensors ({_one_line(e, 80)}); "
                         f"download or export it again") from None
    return sd, meta


def _unwrap(obj: object, name: str) -> Dict[str, torch.Tensor]:
    """Find the state dict in common wrappers ({'state_dict': ...}, {'model': ...})."""
    for _ in range(3):
        if isinstance(obj, Mapping) and obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
            return dict(obj)
        if isinstance(obj, Mapping):
            inner = next((obj[k] for k in ("state_dict", "model", "model_state_dict", "net") if k in obj), None)
            if inner is not None:
                obj = inner
                continue
            tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
            if tensors:
                return tensors
        break
    raise InputError(f"model file {name} holds no tensors (found {type(obj).__name__}); it is not a SegAssess checkpoint")


def read_state_dict(path) -> Tuple[Dict[str, torch.Tensor], dict]:
    """(canonical state dict, card/metadata dict) from any supported file."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"model file not found: {p}")
    if p.stat().st_size == 0:
        raise InputError(f"model file {p.name} is empty (0 bytes); download it again")
    card = read_card(p) or {}
    with open(p, "rb") as f:
        head = f.read(16)
    if p.suffix.lower() == ".safetensors" or (head[8:9] == b"{" and p.suffix.lower() not in (".pkl", ".pth", ".pt")):
        sd, meta = _safetensors_load(p)
        if not card and meta.get("segassess_card"):
            try:
                card = json.loads(meta["segassess_card"])
            except ValueError:
                card = {}
    else:
        sd = _unwrap(_torch_load(p), p.name)
    check_finite(sd, p.name)
    return canonicalize(sd), card


def check_finite(sd: Mapping[str, torch.Tensor], name: str) -> None:
    """Refuse weights holding NaN or infinity: such a model paints every pixel one class."""
    bad = [k for k, v in sd.items() if v.is_floating_point() and not bool(torch.isfinite(v).all())]
    if bad:
        raise InputError(f"model file {name} holds non-finite weights (NaN or infinity) in {len(bad)} tensor(s), "
                         f"e.g. {bad[0]}; it is corrupt or from a diverged training run: use another model file")


def validate_model_file(path) -> SegAssessConfig:
    """Check a weights file as loading would (readable, plain tensors, finite, fits a SegAssess architecture)
    without building the network, so a campaign refuses a bad model once, before any sheet runs."""
    sd, card = read_state_dict(path)
    cfg = infer_config(sd, card)
    problems = summarize(compare_state(_expected_shapes(cfg), sd))
    if problems:
        raise InputError(f"model file {Path(path).name} does not fit the SegAssess '{cfg.name}' architecture: {problems}")
    return cfg


def canonicalize(sd: Mapping[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """Strip `module.` and fold the alias keys into `sam.*` (aliases alone are renamed)."""
    out: Dict[str, torch.Tensor] = {}
    for k, v in sd.items():
        while k.startswith("module."):
            k = k[len("module."):]
        out[k] = v
    aliases = [k for k in out if k.startswith(ALIAS_PREFIXES)]
    for k in aliases:
        v = out.pop(k)
        out.setdefault("sam." + k, v)
    return out


# --------------------------------------------------------------------------- architecture
def infer_config(sd: Mapping[str, torch.Tensor], card: Optional[dict] = None) -> SegAssessConfig:
    """The architecture from a card if present, else from tensor shapes (named configs first)."""
    if card and isinstance(card.get("config"), dict):
        return SegAssessConfig.from_dict(card["config"])
    for cfg in CONFIGS.values():
        if sd.get("sam.image_encoder.pos_embed") is not None and _fits(cfg, sd):
            return cfg
    key = "sam.image_encoder.patch_embed.proj.weight"
    if key not in sd:
        some = ", ".join(list(sd)[:_EXAMPLES])
        raise InputError(f"not a SegAssess checkpoint: no {key} (keys start like: {_one_line(some, 100)})")
    try:
        embed = sd[key].shape[0]
        blocks = sorted({int(k.split(".")[3]) for k in sd if k.startswith("sam.image_encoder.blocks.")})
        depth = len(blocks)
        grid = sd["sam.image_encoder.pos_embed"].shape[1]
        rel = [sd[f"sam.image_encoder.blocks.{i}.attn.rel_pos_h"].shape for i in blocks]
        head_dim = rel[0][1]
        glob = tuple(i for i, s in zip(blocks, rel) if s[0] == 2 * grid - 1)
        win = [s[0] for s in rel if s[0] != 2 * grid - 1]
        window = (win[0] + 1) // 2 if win else 14
        prompt = sd["sam.image_encoder.neck.0.weight"].shape[0]
        layers = {int(k.split(".")[4]) for k in sd if k.startswith("sam.mask_decoder.transformer.layers.")}
        return SegAssessConfig(
            name="custom", embed_dim=embed, depth=depth, num_heads=embed // head_dim, global_attn_indexes=glob,
            window_size=window, pos_grid=grid, prompt_dim=prompt,
            mask_in_chans=sd["sam.prompt_encoder.mask_downscaling.3.weight"].shape[0],
            decoder_depth=len(layers), decoder_heads=max(1, prompt // 32),
            decoder_mlp_dim=sd["sam.mask_decoder.transformer.layers.0.mlp.lin1.weight"].shape[0],
            iou_head_hidden=sd["sam.mask_decoder.iou_prediction_head.layers.0.weight"].shape[0],
            cbam_reduction=embed // sd["TCCA.TFA.CBAM.mlp.0.weight"].shape[0],
        )
    except (KeyError, IndexError, ZeroDivisionError) as e:
        raise InputError(f"not a SegAssess checkpoint: cannot infer the architecture (missing {_one_line(e, 80)})") from None


_SHAPE_CACHE: Dict[SegAssessConfig, Dict[str, Tuple[int, ...]]] = {}


def _expected_shapes(cfg: SegAssessConfig) -> Dict[str, Tuple[int, ...]]:
    if cfg not in _SHAPE_CACHE:
        with torch.device("meta"):
            m = SegAssess(cfg, 64)
        _SHAPE_CACHE[cfg] = {k: tuple(v.shape) for k, v in m.state_dict().items()}
    return _SHAPE_CACHE[cfg]


def _fits(cfg: SegAssessConfig, sd: Mapping[str, torch.Tensor]) -> bool:
    exp = _expected_shapes(cfg)
    return set(exp) == set(sd) and all(tuple(sd[k].shape) == s for k, s in exp.items())


def compare_state(expected: Mapping[str, Tuple[int, ...]], sd: Mapping[str, torch.Tensor]) -> dict:
    """Missing, unexpected and mis-shaped keys of `sd` against expected shapes."""
    missing = [k for k in expected if k not in sd]
    unexpected = [k for k in sd if k not in expected]
    misshaped = [(k, tuple(sd[k].shape), tuple(s)) for k, s in expected.items()
                 if k in sd and tuple(sd[k].shape) != tuple(s)]
    return {"missing": missing, "unexpected": unexpected, "misshaped": misshaped}


def summarize(report: dict) -> str:
    """One line: counts and a few examples of each problem."""
    parts = []
    if report["missing"]:
        parts.append(f"{len(report['missing'])} missing (e.g. {', '.join(report['missing'][:_EXAMPLES])})")
    if report["unexpected"]:
        parts.append(f"{len(report['unexpected'])} unexpected (e.g. {', '.join(report['unexpected'][:_EXAMPLES])})")
    if report["misshaped"]:
        ex = ", ".join(f"{k} file {'x'.join(map(str, a)) or 'scalar'} vs model {'x'.join(map(str, b)) or 'scalar'}"
                       for k, a, b in report["misshaped"][:2])
        parts.append(f"{len(report['misshaped'])} mis-shaped (e.g. {ex})")
    return "; ".join(parts)


def load_state(model: SegAssess, path, strict: bool = True) -> dict:
    """Load weights into `model`. strict: any missing/unexpected/mis-shaped key raises
    InputError; non-strict loads what fits and warns with the same summary.
    `path` may also be an in-memory state dict. Returns the report dict."""
    if isinstance(path, Mapping):
        sd, name = canonicalize(path), "state dict"
    else:
        sd, _ = read_state_dict(path)
        name = Path(path).name
    own = model.state_dict()
    report = compare_state({k: tuple(v.shape) for k, v in own.items()}, sd)
    problems = summarize(report)
    cfg_name = getattr(getattr(model, "config", None), "name", "?")
    if problems:
        msg = f"model file {name} does not fit the SegAssess '{cfg_name}' architecture: {problems}"
        if strict:
            raise InputError(msg)
        warnings.warn(msg + " (loaded the matching tensors only)", stacklevel=2)
    bad = {k for k, _, _ in report["misshaped"]}
    usable = {k: v for k, v in sd.items() if k in own and k not in bad}
    model.load_state_dict(usable, strict=False)
    report["loaded"] = len(usable)
    return report


def load_segassess(path, tile_size: Optional[int] = 512, device: str = "auto", config=None) -> SegAssess:
    """A ready model (eval mode, on `device`) from any supported weights file.
    config None: taken from the card or inferred from the tensors. tile_size None: the card's, else 512."""
    if tile_size is not None:
        check_tile_size(tile_size)  # fail fast, before reading ~0.5 GB
    sd, card = read_state_dict(path)
    if tile_size is None:
        tile_size = int(card.get("tile_size") or 512)
    tile = check_tile_size(tile_size)
    cfg = get_config(config) if config is not None else infer_config(sd, card)
    dev = resolve_device(device)
    model = SegAssess(cfg, tile)
    report = compare_state({k: tuple(v.shape) for k, v in model.state_dict().items()}, sd)
    if summarize(report):
        raise InputError(f"model file {Path(path).name} does not fit the SegAssess '{cfg.name}' architecture: "
                         f"{summarize(report)}")
    model.load_state_dict(sd, strict=True)
    model.eval().to(dev)
    model.source_path = str(Path(path).resolve())
    model.card = card
    return model


def init_encoder_from_sam(model: SegAssess, sam_vit_b_path, decoder: bool = True) -> dict:
    """Initialise from an official SAM checkpoint (`image_encoder.*` etc.), as the authors
    did for training. The encoder must load completely; prompt-encoder and mask-decoder
    tensors are copied where name and shape agree (the HQ parts and TCCA stay random)."""
    sd, _ = read_state_dict(sam_vit_b_path)  # canonicalize maps image_encoder.* -> sam.image_encoder.*
    own = model.state_dict()
    enc_exp = {k: tuple(v.shape) for k, v in own.items() if k.startswith("sam.image_encoder.")}
    enc_sd = {k: v for k, v in sd.items() if k.startswith("sam.image_encoder.")}
    rep = compare_state(enc_exp, enc_sd)
    if summarize(rep):
        raise InputError(f"SAM file {Path(sam_vit_b_path).name} does not fit the '{model.config.name}' image encoder: "
                         f"{summarize(rep)}")
    take = dict(enc_sd)
    skipped = []
    if decoder:
        for k, v in sd.items():
            if k.startswith(("sam.prompt_encoder.", "sam.mask_decoder.")):
                if k in own and tuple(own[k].shape) == tuple(v.shape):
                    take[k] = v
                else:
                    skipped.append(k)
    model.load_state_dict(take, strict=False)
    return {"loaded": sorted(take), "skipped": skipped,
            "random": sorted(k for k in own if k not in take)}


# --------------------------------------------------------------------------- writing
def save_checkpoint(model: SegAssess, path, tile_size: Optional[int] = None, dtype: Optional[torch.dtype] = None,
                    extra: Optional[dict] = None) -> Path:
    """Write `<path>.safetensors` + `<path>.json` card atomically. dtype e.g. torch.float16
    halves the file (BatchNorm counters stay int64). Returns the weights path."""
    from safetensors.torch import save_file

    p = Path(path)
    if p.suffix != ".safetensors":
        p = p.with_suffix(".safetensors")
    sd = {}
    for k, v in model.state_dict().items():
        v = v.detach().to("cpu")
        if dtype is not None and v.is_floating_point():
            v = v.to(dtype)
        sd[k] = v.contiguous()
    card = {
        "format": CARD_FORMAT, "format_version": CARD_VERSION,
        "config_name": model.config.name, "config": model.config.to_dict(),
        "tile_size": int(tile_size or model.tile_size), "classes": list(CLASS_NAMES),
        "dtype": str(dtype or torch.float32).replace("torch.", ""),
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    card.update(extra or {})
    atomic_write(p, lambda tmp: save_file(sd, tmp, metadata={"segassess_card": strict_json.dumps(card)}))
    card["sha256"] = file_sha256(p)
    atomic_write_text(card_path(p), strict_json.dumps(card, indent=2) + "\n")
    return p
