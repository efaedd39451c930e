#!/usr/bin/env python3
"""Measure vigia's findings on the labelled drafts of ../shared/eval and fail below the floors.

    python3 eval/check.py [--binary target/release/vigia] [--drafts ../shared/eval/dev.jsonl]

Runs the independent scorer (../shared/eval/score.py) with every bundled rule, prints its
table, and exits 1 when a category's F1 or precision is below the floor kept in
eval/thresholds.json. The floors are the figures measured when they were last raised: they
only go up as the packs improve, never down to let a change pass. Python 3.11, standard
library only.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(ROOT / "target/release/vigia"))
    ap.add_argument("--drafts", default=str(ROOT.parent / "shared/eval/dev.jsonl"))
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared/eval/score.py"))
    ap.add_argument("--thresholds", default=str(ROOT / "eval/thresholds.json"))
    args = ap.parse_args()
    if not Path(args.scorer).is_file():
        print(f"eval: scorer not found at {args.scorer}", file=sys.stderr)
        return 2
    cmd = f"{args.binary} check --no-config --format json {{dir}}"
    base = [sys.executable, args.scorer, "--drafts", args.drafts, "--cmd", cmd]
    table = subprocess.run(base, capture_output=True, text=True)
    if table.returncode != 0:
        print(table.stdout + table.stderr, file=sys.stderr)
        return 2
    print(table.stdout, end="")
    scored = subprocess.run(base + ["--json"], capture_output=True, text=True, check=True)
    metrics = json.loads(scored.stdout)["categories"]
    floors = json.loads(Path(args.thresholds).read_text(encoding="utf-8"))["categories"]
    failed = []
    for category, floor in floors.items():
        got = metrics[category]
        for key in ("f1", "precision"):
            if key in floor and got[key] + 1e-9 < floor[key]:
                failed.append(f"{category}: {key} {got[key]:.3f} < floor {floor[key]:.2f}")
    if failed:
        print("\nBelow the floors of eval/thresholds.json:", file=sys.stderr)
        for f in failed:
            print(f"  {f}", file=sys.stderr)
        return 1
    print("\nevery category at or above its floor (eval/thresholds.json)")
    # The held-out sets are measured, never tuned on and never floored (eval/holdout/).
    for holdout in sorted((ROOT / "eval/holdout").glob("*.jsonl")):
        run = [sys.executable, args.scorer, "--drafts", str(holdout), "--cmd", cmd, "--json"]
        got = subprocess.run(run, capture_output=True, text=True)
        if got.returncode != 0:
            print(got.stdout + got.stderr, file=sys.stderr)
            return 2
        m = json.loads(got.stdout)
        macro = m.get("macro", {})
        print(
            f"held out {holdout.name}: macro F1 {macro.get('f1', float('nan')):.3f}, "
            f"precision {macro.get('precision', float('nan')):.3f}, "
            f"recall {macro.get('recall', float('nan')):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
