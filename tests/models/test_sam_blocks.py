"""The network is built from segment-anything's modules without importing torchvision, hence
without torch._dynamo and triton: triton's LLVM aborts the QGIS desktop application (issue 11)."""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = r"""
import json, sys
import numpy as np
from segassess.models.engines import make_assessor
from segassess.models.registry import demo_model_path
assessor = make_assessor(str(demo_model_path()), engine="torch", tile_size=64, device="cpu", batch_size=1)
probs = assessor.assess(np.zeros((1, 3, 64, 64), np.float32), np.zeros((1, 1, 64, 64), np.float32))
loaded = sorted(m for m in ("torchvision", "torch._dynamo", "triton") if sys.modules.get(m) is not None)
import segment_anything  # the real package stays importable afterwards, with the same modeling modules
from segassess.models import sam_blocks
same = segment_anything.modeling.image_encoder.ImageEncoderViT is sam_blocks.ImageEncoderViT
print(json.dumps({"shape": list(probs.shape), "loaded": loaded, "registry": hasattr(segment_anything, "sam_model_registry"),
                  "same": same}))
"""


def test_network_imports_neither_torchvision_nor_dynamo_nor_triton():
    res = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["loaded"] == []
    assert out["shape"][:2] == [1, 4] and out["shape"][2:] == [64, 64]
    assert out["registry"] and out["same"]
