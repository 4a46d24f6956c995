"""SegAssess training losses, as in the released training code (all terms weight 1).

- ce: cross-entropy on `final` with class weights TP 0.5, FP 5.0, TN 0.1, FN 5.0
  (PyTorch's weighted mean: sum(w_y * nll) / sum(w_y)); errors are rare, so they weigh more.
- edge_bce: class-balanced BCE-with-logits on the edge logits: with pos = #edge pixels,
  neg = #non-edge, total = pos + neg over the batch, edge pixels weigh neg/total and
  non-edge pixels 1.1*pos/total; mean over pixels.
- edge_dice: 1 - (2*sum(p*t) + 1) / (sum(p) + sum(t) + 1), p = sigmoid(edge), over the batch.
- recon: the class probabilities must explain the ground truth and the mask:
  MSE(P_TP + P_FN, gt) + MSE(P_FP + P_TN, 1 - gt) + MSE(mask + P_FN - P_FP, gt).

`valid` (B,1,H,W) optionally removes nodata pixels from every term (the quality target
carries IGNORE=255 there as well).
"""
from __future__ import annotations

from typing import Dict, Optional

import torch
import torch.nn.functional as F

CLASS_WEIGHTS = (0.5, 5.0, 0.1, 5.0)  # TP, FP, TN, FN
IGNORE = 255
DICE_SMOOTH = 1.0
DEFAULT_WEIGHTS = {"ce": 1.0, "edge_bce": 1.0, "edge_dice": 1.0, "recon": 1.0}


def weighted_ce(final: torch.Tensor, quality: torch.Tensor, class_weights=CLASS_WEIGHTS) -> torch.Tensor:
    """Weighted cross-entropy on (B,4,H,W) logits against (B,H,W) classes (IGNORE skipped)."""
    w = torch.as_tensor(class_weights, dtype=final.dtype, device=final.device)
    if not (quality != IGNORE).any():
        return final.sum() * 0.0
    return F.cross_entropy(final, quality, weight=w, ignore_index=IGNORE)


def _wmean(x: torch.Tensor, valid: Optional[torch.Tensor]) -> torch.Tensor:
    if valid is None:
        return x.mean()
    v = valid.expand_as(x)
    return (x * v).sum() / v.sum().clamp_min(1.0)


def balanced_bce(edge: torch.Tensor, target: torch.Tensor, valid: Optional[torch.Tensor] = None) -> torch.Tensor:
    """BCE-with-logits, edge pixels weighted neg/total, non-edge 1.1*pos/total (batch counts)."""
    v = torch.ones_like(target) if valid is None else valid.expand_as(target)
    pos = (target * v).sum()
    total = v.sum().clamp_min(1.0)
    neg = total - pos
    w = torch.where(target > 0.5, neg / total, 1.1 * pos / total) * v
    loss = F.binary_cross_entropy_with_logits(edge, target, weight=w, reduction="sum")
    return loss / total


def edge_dice(edge: torch.Tensor, target: torch.Tensor, valid: Optional[torch.Tensor] = None,
              smooth: float = DICE_SMOOTH) -> torch.Tensor:
    """Soft Dice loss on sigmoid(edge) over the whole batch."""
    p = torch.sigmoid(edge)
    if valid is not None:
        p, target = p * valid, target * valid
    return 1.0 - (2.0 * (p * target).sum() + smooth) / (p.sum() + target.sum() + smooth)


def reconstruction(final: torch.Tensor, mask: torch.Tensor, truth: torch.Tensor,
                   valid: Optional[torch.Tensor] = None) -> torch.Tensor:
    """MSE(P_TP+P_FN, gt) + MSE(P_FP+P_TN, 1-gt) + MSE(mask+P_FN-P_FP, gt) on softmax(final)."""
    p = torch.softmax(final, dim=1)
    tp, fp, tn, fn = p[:, 0:1], p[:, 1:2], p[:, 2:3], p[:, 3:4]
    return (_wmean((tp + fn - truth) ** 2, valid) + _wmean((fp + tn - (1.0 - truth)) ** 2, valid)
            + _wmean((mask + fn - fp - truth) ** 2, valid))


def segassess_loss(outputs, edge: torch.Tensor, quality: torch.Tensor, edge_target: torch.Tensor,
                   mask: torch.Tensor, truth: torch.Tensor, valid: Optional[torch.Tensor] = None,
                   weights: Optional[Dict[str, float]] = None) -> Dict[str, torch.Tensor]:
    """All terms and their weighted sum ("total"). outputs: the network's list
    [masks_sam, masks_hq, coarse, final]; edge (B,1,H,W) logits; quality (B,H,W) int64;
    edge_target, mask, truth, valid (B,1,H,W) float."""
    final = outputs[3]
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    terms = {
        "ce": weighted_ce(final, quality),
        "edge_bce": balanced_bce(edge, edge_target, valid),
        "edge_dice": edge_dice(edge, edge_target, valid),
        "recon": reconstruction(final, mask, truth, valid),
    }
    terms["total"] = sum(w[k] * v for k, v in terms.items())
    return terms
