"""The SegAssess network, assembled from segment-anything's modules.

Module attribute names mirror the released code so that a released `best.pkl`
(minus the `module.` prefix and the duplicate alias keys) loads strictly:
`sam.image_encoder.*`, `sam.prompt_encoder.*`, `sam.mask_decoder.*`, `TCCA.*`.
Behaviour follows the released code where it differs from the paper (see
shared/reference/OFFICIAL_MODEL.md). Pure torch: no Qt/QGIS here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial
from typing import List, NamedTuple, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..core.assess.tiling import PATCH, check_tile_size
from .sam_blocks import MLP, Attention, ImageEncoderViT, LayerNorm2d, PromptEncoder, TwoWayTransformer, get_rel_pos

NUM_CLASSES = 4


@dataclass(frozen=True)
class SegAssessConfig:
    """Architecture hyper-parameters; `base` is the released model."""

    name: str = "base"
    embed_dim: int = 768
    depth: int = 12
    num_heads: int = 12
    global_attn_indexes: Tuple[int, ...] = (2, 5, 8, 11)
    window_size: int = 14
    pos_grid: int = 64  # stored pos_embed / global rel-pos grid (SAM: 1024 / 16)
    prompt_dim: int = 256  # neck channels = prompt/decoder dim
    mask_in_chans: int = 16
    decoder_depth: int = 2
    decoder_heads: int = 8
    decoder_mlp_dim: int = 2048
    iou_head_hidden: int = 256
    cbam_reduction: int = 16

    def to_dict(self) -> dict:
        d = asdict(self)
        d["global_attn_indexes"] = list(self.global_attn_indexes)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "SegAssessConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        if "global_attn_indexes" in known:
            known["global_attn_indexes"] = tuple(int(i) for i in known["global_attn_indexes"])
        return cls(**known)


CONFIGS = {
    "base": SegAssessConfig(),
    # Small CPU/test model (~6.5 M parameters, ~13 MB fp16): same topology, fewer channels.
    "tiny": SegAssessConfig(
        name="tiny", embed_dim=160, depth=4, num_heads=4, global_attn_indexes=(0, 1, 2, 3),
        window_size=8, pos_grid=32, prompt_dim=128, decoder_heads=4, decoder_mlp_dim=512,
        iou_head_hidden=128,
    ),
}


def get_config(config) -> SegAssessConfig:
    """Accept a name, a dict or a SegAssessConfig."""
    if isinstance(config, SegAssessConfig):
        return config
    if isinstance(config, dict):
        return SegAssessConfig.from_dict(config)
    if config in CONFIGS:
        return CONFIGS[config]
    raise ValueError(f"unknown model config {config!r}; known: {', '.join(CONFIGS)}")


# --------------------------------------------------------------------------- encoder
class RelPosSDPAAttention(Attention):
    """SAM's attention computed with scaled_dot_product_attention: same parameters and result,
    ~15% faster on CPU at 512 px by avoiding copies.

    float32: the rel-pos terms are an additive mask (B,n,HW,HW). Reduced precision (bf16/fp16
    autocast): they are folded into the product instead, q' = [q*scale, rel_h, rel_w] and
    k' = [k, one-hot of the key's row, one-hot of its column], so q'.k' = q.k*scale + rel_h + rel_w
    with no HW x HW mask to build and read (1.5x faster windowed, 3x faster global blocks in bf16
    on CPU; bench/RESULTS.md); v is zero-padded to the same width (the fused kernel needs it)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, H, W, _ = x.shape
        n = self.num_heads
        q, k, v = self.qkv(x).reshape(B, H * W, 3, n, -1).permute(2, 0, 3, 1, 4).unbind(0)  # (B,n,HW,d)
        if not self.use_rel_pos:
            x = F.scaled_dot_product_attention(q, k, v, scale=self.scale)
            return self.proj(x.transpose(1, 2).reshape(B, H, W, -1))
        r_q = q.reshape(B, n, H, W, q.shape[-1])
        rel_h = torch.einsum("bnhwc,hkc->bnhwk", r_q, get_rel_pos(H, H, self.rel_pos_h))
        rel_w = torch.einsum("bnhwc,wkc->bnhwk", r_q, get_rel_pos(W, W, self.rel_pos_w))
        if q.dtype == torch.float32:
            bias = (rel_h[..., :, None] + rel_w[..., None, :]).reshape(B, n, H * W, H * W)
            x = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=self.scale)
        else:
            x = _folded_rel_pos_attention(q, k, v, rel_h, rel_w, self.scale)
        return self.proj(x.transpose(1, 2).reshape(B, H, W, -1))


def _folded_rel_pos_attention(q, k, v, rel_h, rel_w, scale: float) -> torch.Tensor:
    """softmax(q.k*scale + rel_h[key row] + rel_w[key column]) v, the rel-pos terms inside the product."""
    B, n, L, d = q.shape
    H, W = rel_h.shape[-1], rel_w.shape[-1]
    width = -(-(d + H + W) // 16) * 16  # padded to a multiple of 16 for the fused kernel
    pad = width - (d + H + W)
    one_h = torch.eye(H, dtype=q.dtype, device=q.device)[:, None, :].expand(H, W, H).reshape(L, H)
    one_w = torch.eye(W, dtype=q.dtype, device=q.device)[None, :, :].expand(H, W, W).reshape(L, W)
    qa = torch.cat([q * scale, rel_h.reshape(B, n, L, H).to(q.dtype), rel_w.reshape(B, n, L, W).to(q.dtype),
                    q.new_zeros(B, n, L, pad)], -1)
    ka = torch.cat([k, one_h.expand(B, n, L, H), one_w.expand(B, n, L, W), k.new_zeros(B, n, L, pad)], -1)
    va = torch.cat([v, v.new_zeros(B, n, L, width - d)], -1)
    return F.scaled_dot_product_attention(qa, ka, va, scale=1.0)[..., :d]


class SegAssessImageEncoder(ImageEncoderViT):
    """SAM's ViT with the pos_embed resized (bicubic) to the input grid; also returns the
    global-attention blocks' outputs, which the HQ decoder and the edge branch consume."""

    def __init__(self, cfg: SegAssessConfig, fast_attention: bool = True):
        super().__init__(
            img_size=cfg.pos_grid * PATCH, patch_size=PATCH, embed_dim=cfg.embed_dim, depth=cfg.depth,
            num_heads=cfg.num_heads, mlp_ratio=4.0, out_chans=cfg.prompt_dim, qkv_bias=True,
            norm_layer=partial(nn.LayerNorm, eps=1e-6), use_rel_pos=True,
            global_attn_indexes=tuple(cfg.global_attn_indexes), window_size=cfg.window_size,
        )
        self.feature_indexes = tuple(cfg.global_attn_indexes)
        self.set_fast_attention(fast_attention)

    def set_fast_attention(self, enabled: bool = True) -> None:
        """Swap the blocks' attention forward (SDPA vs SAM's explicit matrices); weights unchanged."""
        for blk in self.blocks:
            blk.attn.__class__ = RelPosSDPAAttention if enabled else Attention

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        x = self.patch_embed(x)  # (B, h, w, C)
        h, w = x.shape[1:3]
        pos = self.pos_embed
        if pos.shape[1:3] != (h, w):
            pos = F.interpolate(pos.permute(0, 3, 1, 2), size=(h, w), mode="bicubic",
                                align_corners=False).permute(0, 2, 3, 1)
        x = x + pos
        feats = []
        for i, blk in enumerate(self.blocks):
            x = blk(x)
            if i in self.feature_indexes:
                feats.append(x)
        return self.neck(x.permute(0, 3, 1, 2)), feats


# --------------------------------------------------------------------------- HQ assessment decoder
class MaskDecoderHQAssess(nn.Module):
    """SAM mask decoder with 4 assessment mask tokens and 4 HQ tokens (one per class)."""

    def __init__(self, cfg: SegAssessConfig, num_classes: int = NUM_CLASSES):
        super().__init__()
        d, vit = cfg.prompt_dim, cfg.embed_dim
        self.num_mask_tokens = num_classes
        self.transformer = TwoWayTransformer(depth=cfg.decoder_depth, embedding_dim=d,
                                             mlp_dim=cfg.decoder_mlp_dim, num_heads=cfg.decoder_heads)
        self.iou_token = nn.Embedding(1, d)
        self.mask_tokens = nn.Embedding(num_classes, d)
        self.output_upscaling = nn.Sequential(
            nn.ConvTranspose2d(d, d // 4, 2, 2), LayerNorm2d(d // 4), nn.GELU(),
            nn.ConvTranspose2d(d // 4, d // 8, 2, 2), nn.GELU())
        self.output_hypernetworks_mlps = nn.ModuleList(MLP(d, d, d // 8, 3) for _ in range(num_classes))
        self.iou_prediction_head = MLP(d, cfg.iou_head_hidden, num_classes, 3)  # computed upstream, unused
        self.hf_token = nn.Embedding(num_classes, d)
        self.hf_mlps = nn.ModuleList(MLP(d, d, d // 8, 3) for _ in range(num_classes))
        self.compress_vit_feat = nn.Sequential(
            nn.ConvTranspose2d(vit, d, 2, 2), LayerNorm2d(d), nn.GELU(),
            nn.ConvTranspose2d(d, d // 8, 2, 2))
        self.embedding_encoder = nn.Sequential(
            nn.ConvTranspose2d(d, d // 4, 2, 2), LayerNorm2d(d // 4), nn.GELU(),
            nn.ConvTranspose2d(d // 4, d // 8, 2, 2))
        self.embedding_maskfeature = nn.Sequential(
            nn.Conv2d(d // 8, d // 4, 3, 1, 1), LayerNorm2d(d // 4), nn.GELU(),
            nn.Conv2d(d // 4, d // 8, 3, 1, 1))

    def hq_features(self, image_embeddings, early_feature):
        """The HQ branch's image features (B,C/8,H/4,W/4): they do not depend on the mask, so one
        encoding serves every mask assessed on the same image. `early_feature`: block-2 output (B,h,w,C)."""
        return self.embedding_encoder(image_embeddings) + self.compress_vit_feat(early_feature.permute(0, 3, 1, 2))

    def forward(self, image_embeddings, image_pe, dense_embeddings, early_feature=None, hq_features=None):
        """Returns (masks_sam, masks_hq) at H/4. Give `early_feature` (block-2 output) or the
        precomputed `hq_features` of `hq_features()`."""
        if hq_features is None:
            hq_features = self.hq_features(image_embeddings, early_feature)
        b, c, h, w = image_embeddings.shape
        if dense_embeddings.shape[-2:] != (h, w):
            dense_embeddings = F.interpolate(dense_embeddings, size=(h, w), mode="bilinear",
                                             align_corners=False)
        tokens = torch.cat([self.iou_token.weight, self.mask_tokens.weight, self.hf_token.weight], 0)
        tokens = tokens.unsqueeze(0).expand(b, -1, -1)
        src = image_embeddings + dense_embeddings
        pos_src = image_pe.expand(b, -1, -1, -1)
        hs, src = self.transformer(src, pos_src, tokens)
        n = self.num_mask_tokens
        mask_out, hf_out = hs[:, 1:1 + n], hs[:, 1 + n:1 + 2 * n]
        src = src.transpose(1, 2).reshape(b, c, h, w)
        up_sam = self.output_upscaling(src)
        up_hq = self.embedding_maskfeature(up_sam + hq_features)
        hyper_sam = torch.stack([m(mask_out[:, i]) for i, m in enumerate(self.output_hypernetworks_mlps)], 1)
        hyper_hq = torch.stack([m(hf_out[:, i]) for i, m in enumerate(self.hf_mlps)], 1)
        bb, cc, hh, ww = up_sam.shape
        masks_sam = (hyper_sam @ up_sam.reshape(bb, cc, hh * ww)).reshape(bb, n, hh, ww)
        masks_hq = (hyper_hq @ up_hq.reshape(bb, cc, hh * ww)).reshape(bb, n, hh, ww)
        return masks_sam, masks_hq


class SAMParts(nn.Module):
    """Container so keys read `sam.image_encoder.*`, `sam.prompt_encoder.*`, `sam.mask_decoder.*`."""

    def __init__(self, cfg: SegAssessConfig, tile_size: int, fast_attention: bool = True):
        super().__init__()
        g = tile_size // PATCH
        self.image_encoder = SegAssessImageEncoder(cfg, fast_attention)
        self.prompt_encoder = PromptEncoder(embed_dim=cfg.prompt_dim, image_embedding_size=(g, g),
                                            input_image_size=(tile_size, tile_size),
                                            mask_in_chans=cfg.mask_in_chans)
        self.mask_decoder = MaskDecoderHQAssess(cfg)


# --------------------------------------------------------------------------- edge branch
class CBAM(nn.Module):
    """Channel (avg+max MLP) then spatial (max/mean 7x7 conv) attention."""

    def __init__(self, channels: int, reduction: int = 16, kernel: int = 7):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(channels, channels // reduction, bias=False), nn.ReLU(inplace=True),
                                 nn.Linear(channels // reduction, channels, bias=False))
        self.conv = nn.Conv2d(2, 1, kernel, padding=kernel // 2, bias=False)

    def forward(self, x):
        ca = self.mlp(x.amax(dim=(2, 3))) + self.mlp(x.mean(dim=(2, 3)))
        x = x * torch.sigmoid(ca)[:, :, None, None]
        sa = torch.cat([x.amax(dim=1, keepdim=True), x.mean(dim=1, keepdim=True)], 1)
        return x * torch.sigmoid(self.conv(sa))


class AtrousBlock(nn.Module):
    """Conv (no bias) + BN + ReLU, dilated."""

    def __init__(self, channels: int, kernel: int, dilation: int):
        super().__init__()
        pad = dilation * (kernel - 1) // 2
        self.atrous_convolution = nn.Conv2d(channels, channels, kernel, padding=pad, dilation=dilation, bias=False)
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        return F.relu(self.bn(self.atrous_convolution(x)))


class TFA(nn.Module):
    """The paper's ASF: CBAM, four summed strip convolutions, three dilated convs."""

    def __init__(self, c: int, reduction: int = 16):
        super().__init__()
        self.CBAM = CBAM(c, reduction)
        self.filter_13 = nn.Sequential(nn.Conv2d(c, c, (1, 3), padding=(0, 1)), nn.BatchNorm2d(c), nn.ReLU(inplace=True))
        self.filter_31 = nn.Sequential(nn.Conv2d(c, c, (3, 1), padding=(1, 0)), nn.Sigmoid())
        self.filter_15 = nn.Sequential(nn.Conv2d(c, c, (1, 5), padding=(0, 2)), nn.Sigmoid())
        self.filter_51 = nn.Sequential(nn.Conv2d(c, c, (5, 1), padding=(2, 0)), nn.Sigmoid())
        self.dc_1 = AtrousBlock(c, 1, 1)
        self.dc_2 = AtrousBlock(c, 3, 2)
        self.dc_3 = AtrousBlock(c, 3, 3)

    def forward(self, x):
        x = self.CBAM(x)
        x = self.filter_13(x) + self.filter_31(x) + self.filter_15(x) + self.filter_51(x)
        return self.dc_3(self.dc_2(self.dc_1(x)))


class AdaLearner(nn.Module):
    """Per-pixel fusion weights for the four side outputs."""

    def __init__(self, n: int = 4):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(n, n, 1), nn.BatchNorm2d(n))
        self.conv2 = nn.Sequential(nn.Conv2d(n, n, 1), nn.BatchNorm2d(n))
        self.conv3 = nn.Sequential(nn.Conv2d(n, n, 1), nn.BatchNorm2d(n))

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return self.conv3(x)


class ChannelAttention(nn.Module):
    """Named non-local in the released code, but softmax runs over channels per pixel."""

    def __init__(self, n: int = NUM_CLASSES):
        super().__init__()
        self.conv_in_q = nn.Conv2d(n, n, 1)
        self.conv_in_k = nn.Conv2d(n, n, 1)
        self.conv_in_v = nn.Conv2d(n, n, 1)
        self.conv_out = nn.Conv2d(n, n, 1)

    def forward(self, x):
        att = torch.softmax(self.conv_in_q(x) * self.conv_in_k(x), dim=1)
        return self.conv_out(att * self.conv_in_v(x)) + x


class BPM(nn.Module):
    """Final fusion: edge-gated coarse logits, then per-pixel channel attention."""

    def __init__(self, n: int = NUM_CLASSES):
        super().__init__()
        self.conv_in_x = nn.Conv2d(n, n, 1)
        self.conv_in_c = nn.Conv2d(1, 1, 1)
        self.CA = ChannelAttention(n)

    def forward(self, coarse, edge):
        x = self.conv_in_x(coarse)
        xc = x + x * torch.sigmoid(self.conv_in_c(edge))
        return self.CA(xc)


def _side(c: int, out: int) -> nn.Sequential:
    """H/16 -> H/4 by two stride-2 transposed convs."""
    return nn.Sequential(nn.ConvTranspose2d(c, c // 4, 4, 2, 1), LayerNorm2d(c // 4), nn.GELU(),
                         nn.ConvTranspose2d(c // 4, out, 4, 2, 1))


class EdgeBranch(nn.Module):
    """`TCCA` in the released code: side outputs of blocks 2/5/8, TFA on block 11, adaptive fusion; and BPM."""

    def __init__(self, cfg: SegAssessConfig):
        super().__init__()
        c = cfg.embed_dim
        self.TFA = TFA(c, cfg.cbam_reduction)
        self.side1 = _side(c, 1)
        self.side2 = _side(c, 1)
        self.side3 = _side(c, 1)
        self.side4_w = _side(c, 4)
        self.side4 = _side(c, 1)
        self.ada_learner = AdaLearner(4)
        self.BPM = BPM(NUM_CLASSES)

    def edge(self, feats: Sequence[torch.Tensor], size: Tuple[int, int]) -> torch.Tensor:
        def up(t):
            return F.interpolate(t, size=size, mode="bilinear", align_corners=False)

        f = [t.permute(0, 3, 1, 2) for t in feats]
        s1, s2, s3 = up(self.side1(f[0])), up(self.side2(f[1])), up(self.side3(f[2]))
        t = self.TFA(f[3])
        s4, s4w = up(self.side4(t)), up(self.side4_w(t))
        fuse = torch.cat([s4, s1, s2, s3], 1)
        w = self.ada_learner(s4w)
        return (fuse * w).sum(1, keepdim=True)

    def forward(self, feats, coarse, size):
        edge = self.edge(feats, size)
        return self.BPM(coarse, edge), edge


# --------------------------------------------------------------------------- the model
class ImageEncoding(NamedTuple):
    """What `SegAssess.encode` computes once per image tile (batch B), for any number of masks."""

    embedding: torch.Tensor    # neck output (B, prompt_dim, H/16, W/16)
    hq_features: torch.Tensor  # HQ-branch features (B, prompt_dim/8, H/4, W/4)
    edge: torch.Tensor         # edge logits (B, 1, H, W)

    def select(self, index) -> "ImageEncoding":
        """The encoding of some images of the batch (an index, slice or index tensor)."""
        return ImageEncoding(*(t[index] for t in self))


class SegAssess(nn.Module):
    """forward(image (B,3,H,W) in [0,1], mask (B,1,H,W) {0,1}) ->
    ([masks_sam, masks_hq, coarse, final], edge), all logits at (H, W); classes TP,FP,TN,FN."""

    def __init__(self, config="base", tile_size: int = 512, fast_attention: bool = True):
        super().__init__()
        self.config = get_config(config)
        self.tile_size = check_tile_size(tile_size)
        self.sam = SAMParts(self.config, self.tile_size, fast_attention)
        self.TCCA = EdgeBranch(self.config)

    def forward(self, image: torch.Tensor, mask: torch.Tensor):
        encoding = self.encode(image)
        return self.decode(encoding, mask), encoding.edge

    def encode(self, image: torch.Tensor) -> "ImageEncoding":
        """Everything that depends on the image only: the ViT (~76 % of the operations), the HQ
        features and the edge branch. Decode it with any number of masks (`decode`)."""
        H, W = image.shape[-2:]
        if (H, W) != (self.tile_size, self.tile_size):
            raise ValueError(f"input is {H}x{W} but the model was built for {self.tile_size}x{self.tile_size} tiles")
        emb, feats = self.sam.image_encoder(image)
        hq = self.sam.mask_decoder.hq_features(emb, feats[0])
        return ImageEncoding(emb, hq, self.TCCA.edge(feats, (H, W)))

    def decode(self, encoding: "ImageEncoding", mask: torch.Tensor) -> List[torch.Tensor]:
        """[masks_sam, masks_hq, coarse, final] logits at (H, W) for `mask` (B,1,H,W) on an encoded
        image of the same batch size: the prompt encoder, the mask decoder and the final fusion."""
        H, W = mask.shape[-2:]
        dense = self.sam.prompt_encoder.mask_downscaling(mask)
        pe = self.sam.prompt_encoder.get_dense_pe()
        masks_sam, masks_hq = self.sam.mask_decoder(encoding.embedding, pe, dense, hq_features=encoding.hq_features)

        def up(t):
            return F.interpolate(t, size=(H, W), mode="bilinear", align_corners=False)

        masks_sam, masks_hq = up(masks_sam), up(masks_hq)
        coarse = masks_sam + masks_hq
        return [masks_sam, masks_hq, coarse, self.TCCA.BPM(coarse, encoding.edge)]

    @torch.no_grad()
    def predict_logits(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Convenience: the `final` logits (B,4,H,W) only."""
        return self.forward(image, mask)[0][3]


class FinalLogits(nn.Module):
    """Wrapper exposing (final,) or (final, edge) as plain outputs (ONNX export, tracing)."""

    def __init__(self, model: SegAssess, with_edge: bool = False):
        super().__init__()
        self.model, self.with_edge = model, with_edge

    def forward(self, image, mask):
        outs, edge = self.model(image, mask)
        return (outs[3], edge) if self.with_edge else outs[3]


def build_model(config="base", tile_size: int = 512, fast_attention: bool = True) -> SegAssess:
    """A fresh model in eval mode (inference is the normal use)."""
    return SegAssess(config, tile_size, fast_attention).eval()
