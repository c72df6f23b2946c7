"""Scale benchmark for build + link, and the speed check against an all-pairs cdist.

Synthetic but realistic documents: real statements of the bundled corpus recombined, with
years shifted and numbers scaled, so that every document looks like a report of another
year. Each size is built in a fresh subprocess so that peak memory (ru_maxrss) is its own.

    .venv/bin/python bench/scale.py            # speed check + 25/50/100/200 documents
    .venv/bin/python bench/scale.py --sizes 25,50
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("work-report", "year-review", "report-summary", "five-year-plan")
PER_DOC = 160  # statements per synthetic document (~12 KB of text)


def speed_check() -> None:
    """Build + link of the bundled corpus against one all-pairs cdist over its statements."""
    from rapidfuzz import fuzz, process

    from plandrift.compare import align
    from plandrift.compare.lexicon import load
    from plandrift.compare.textsim import Normaliser
    from plandrift.corpus.store import open_db
    from plandrift.workspace import build as workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.db"
        t0 = time.perf_counter()
        workspace.build_corpus(path)
        build = time.perf_counter() - t0
        db = open_db(path)
        t0 = time.perf_counter()
        with db.conn:
            align.link(db)
        link = time.perf_counter() - t0
        norm = Normaliser(load().boilerplate)
        texts = [norm(r["text"]) for r in db.query("select text from statements")]
        t0 = time.perf_counter()
        process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=60, workers=-1)
        allpairs = time.perf_counter() - t0
    print(
        f"bundled corpus: build+link {build:.2f}s (link alone {link:.2f}s); "
        f"all-pairs cdist over {len(texts)} statements {allpairs:.2f}s; "
        f"ratio {build / allpairs:.2f}x"
    )


def make_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` documents recombined from the bundled corpus, with a manifest."""
    from plandrift.corpus.store import open_db
    from plandrift.workspace import build as workspace

    src = folder / "src.db"
    workspace.build_corpus(src)
    db = open_db(src)
    texts = [
        r["text"]
        for r in db.query("select text from statements where repeat_of is null order by doc, seq")
    ]
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        shift = i // 5
        factor = 1 + rng.uniform(-0.15, 0.15)
        picked = rng.sample(texts, min(PER_DOC, len(texts)))
        body = "\n".join(_shifted(t, shift, factor) for t in picked)
        name = f"d{i:04d}.txt"
        (folder / name).write_text(f"第{i}号报告\n{body}\n", "utf-8")
        lines += [
            "[[documents]]",
            f'id = "d{i:04d}"',
            f'path = "{name}"',
            f'title = "报告{i}"',
            f'kind = "{KINDS[i % len(KINDS)]}"',
            f'published = "{2010 + i // 5}"',
            "",
        ]
    (folder / "manifest.toml").write_text("\n".join(lines), "utf-8")
    src.unlink()


def _shifted(text: str, years: int, factor: float) -> str:
    text = re.sub(r"(20\d{2})年", lambda m: f"{int(m.group(1)) + years}年", text)
    return re.sub(
        r"(?<![\d.])(\d+\.\d+)(?=[%万亿])", lambda m: f"{float(m.group(1)) * factor:.2f}", text
    )


def measure(folder: Path) -> None:
    """Run in a child: build + link ``folder`` and print seconds and peak MB."""
    from plandrift.corpus import manifest
    from plandrift.corpus.build import load
    from plandrift.workspace import build as workspace

    docs = load(manifest.load_manifest(folder))
    t0 = time.perf_counter()
    summary = workspace.rebuild(folder / "out.db", docs)
    took = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{took:.3f} {peak:.1f} {summary.statements} {summary.chains}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="25,50,100,200")
    ap.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    if args.measure:
        measure(Path(args.measure))
        return
    if not args.no_speed:
        speed_check()
    print(
        f"{'docs':>5} {'statements':>10} {'chains':>7} {'seconds':>8} {'s/doc':>7} {'peak MB':>8}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_corpus(folder, n)
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(folder)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            took, peak, stmts, chains = float(out[0]), float(out[1]), out[2], out[3]
            print(f"{n:>5} {stmts:>10} {chains:>7} {took:>8.2f} {took / n:>7.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
