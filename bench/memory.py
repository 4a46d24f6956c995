"""Working memory of one network forward pass on CPU, against the estimate the pipeline checks before a
run (models.engines.network_memory_bytes, used by core.assess.memory.check_memory).

    .venv/bin/python bench/memory.py [--configs tiny base] [--tiles 256 512 1024] [--batch 1]

Each (configuration, tile) runs in its own process with random weights (memory does not depend on the
values): the figure is the growth of the peak RSS (ru_maxrss) during one forward pass, weights excluded.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys


def one(config: str, tile: int, batch: int) -> dict:
    import resource

    import torch

    from segassess.models.engines import network_memory_bytes
    from segassess.models.network import build_model

    torch.set_num_threads(1)
    model = build_model(config, tile).eval()
    x, m = torch.rand(batch, 3, tile, tile), torch.zeros(batch, 1, tile, tile)
    with open("/proc/self/statm") as f:
        before = int(f.read().split()[1]) * 4096
    with torch.inference_mode():
        model(x, m)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"config": config, "tile": tile, "batch": batch, "measured_mb": round((peak - before) / 1e6),
            "estimate_mb": round(network_memory_bytes(tile, batch, model.config.num_heads) / 1e6)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", nargs="+", default=["tiny", "base"])
    ap.add_argument("--tiles", nargs="+", type=int, default=[256, 512, 1024])
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--one", nargs=3)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), int(args.one[2]))))
        return 0
    print("| config | tile | batch | measured MB | estimate MB |\n|---|---|---|---|---|")
    for config in args.configs:
        for tile in args.tiles:
            out = subprocess.run([sys.executable, __file__, "--one", config, str(tile), str(args.batch)],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"| {r['config']} | {r['tile']} | {r['batch']} | {r['measured_mb']} | {r['estimate_mb']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
