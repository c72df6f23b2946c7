"""Speed of the main job on a stated corpus: the bundled 吉林市 corpus (5 documents, ~420 KB).

Prints the best of several runs for: reading + parsing (clean, segment, quantities, repeats),
the full build into a fresh SQLite file (parse + write + link), and, for scale, an all-pairs
``rapidfuzz.process.cdist`` over the same statements (the yardstick issue 3 names).

    .venv/bin/python bench/run.py [--runs 5] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from plandrift.corpus import build, manifest
from plandrift.workspace import build as workspace


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=None)
    args = ap.parse_args()
    folder = args.corpus or manifest.bundled_corpus()
    specs = manifest.load_manifest(folder)
    docs = build.load(specs)
    size = sum(len(raw.encode("utf-8")) for _, raw in docs)
    parse = best_of(args.runs, lambda: build.parse_all(docs))
    parsed = build.parse_all(docs)
    texts = [st.text for p in parsed for st in p.statements]
    with tempfile.TemporaryDirectory() as tmp:
        runs = iter(range(args.runs))
        # A fresh file each run: on a database it built, a build only brings it up to date.
        full = best_of(
            args.runs, lambda: workspace.build_corpus(Path(tmp) / f"bench-{next(runs)}.db", folder)
        )
    cdist = best_of(
        max(1, args.runs // 2),
        lambda: process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=60, workers=-1),
    )
    print(
        f"corpus: {folder} ({len(docs)} documents, {size / 1024:.0f} KB, {len(texts)} statements)"
    )
    print(f"parse (read → statements + quantities): {parse * 1000:7.0f} ms")
    print(f"build (parse + write SQLite + link):    {full * 1000:7.0f} ms")
    print(f"all-pairs cdist over statements:        {cdist * 1000:7.0f} ms")
    print(f"build / all-pairs cdist:                {full / cdist:7.2f}")


if __name__ == "__main__":
    main()
