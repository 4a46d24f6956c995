"""The assessor protocol and the reference (ground-truth) assessor.

An assessor maps batched tiles to class probabilities in the order TP, FP, TN, FN:
    assess(image float32 (B,3,T,T) in [0,1], mask float32 (B,1,T,T) in {0,1}) -> (B,4,T,T)
Batching, tiling and stitching are the pipeline's job. An assessor that needs the ground
truth (the reference assessor) sets `needs_truth = True` and receives `truth=` (B,1,T,T).
Several candidate masks of the same tiles go through `assess_candidates`: an assessor may offer
`assess_many(image, [mask, ...]) -> [probs, ...]` (e.g. encode the image once, decode each mask);
any other is called once per mask.
"""
from __future__ import annotations

from typing import List, Protocol, Sequence

import numpy as np


class Assessor(Protocol):
    name: str
    needs_truth: bool

    def assess(self, image: np.ndarray, mask: np.ndarray, **extra) -> np.ndarray: ...


def assess_candidates(assessor, image: np.ndarray, masks: Sequence[np.ndarray], **extra) -> List[np.ndarray]:
    """Probabilities (B,4,T,T) for each candidate mask (B,1,T,T) of the same image tiles."""
    many = getattr(assessor, "assess_many", None)
    if many is not None:
        return list(many(image, list(masks), **extra))
    return [assessor.assess(image, m, **extra) for m in masks]


def quality_from_truth(mask: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Exact quality classes 0..3 (TP, FP, TN, FN) from a mask and a ground truth, any shape."""
    m = np.asarray(mask) > 0
    t = np.asarray(truth) > 0
    # TP=0: m&t, FP=1: m&~t, TN=2: ~m&~t, FN=3: ~m&t
    return np.where(m, np.where(t, 0, 1), np.where(t, 3, 2)).astype(np.uint8)


class ReferenceAssessor:
    """The exact quality map from a ground truth, as one-hot probabilities.

    Used to validate a model on reference sheets, as the evaluation tool, and by the demo
    until a network is given.
    """

    name = "reference"
    needs_truth = True

    def assess(self, image: np.ndarray, mask: np.ndarray, truth: np.ndarray | None = None, **extra) -> np.ndarray:
        if truth is None:
            raise ValueError("the reference assessor needs the ground truth (truth=...)")
        cls = quality_from_truth(mask[:, 0], truth[:, 0])  # (B,T,T)
        return np.moveaxis(np.eye(4, dtype=np.float32)[cls], -1, 1)


class TrivialAssessor:
    """Baseline that trusts the annotation: every mask pixel TP, every other pixel TN."""

    name = "trivial"
    needs_truth = False

    def assess(self, image: np.ndarray, mask: np.ndarray, **extra) -> np.ndarray:
        m = mask[:, 0] > 0
        out = np.zeros((mask.shape[0], 4) + mask.shape[2:], np.float32)
        out[:, 0] = m
        out[:, 2] = ~m
        return out
