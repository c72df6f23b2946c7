"""Build + link at real document sizes: the bundled and external reports as many places.

Each place is one copy of the 26 real documents (the bundled 吉林市 corpus, the 13 State
Council reports, the 8 海拉尔区 reports: about 1.4 MB of text), made its own government's:
its place names rewritten, every figure changed (the same figure the same way within the
place, so a gazette's reprint of a report stays a reprint), and a seeded share of common
words swapped for synonyms, so that no place reprints another. Each size is built in a fresh
subprocess, so that its peak memory (ru_maxrss) is its own.

    .venv/bin/python bench/realsize.py                      # 104, 300, 1040 documents
    .venv/bin/python bench/realsize.py --sizes 104 --add    # and time `plandrift add`
    .venv/bin/python bench/realsize.py --sizes 104 --workers 2   # parse and link on 2 cores
    .venv/bin/python bench/realsize.py --make DIR --sizes 1040   # only write the corpus

Needs ../shared/external (the external reports) beside the checkout.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL_MANIFEST = ROOT / "tests" / "fixtures" / "external" / "manifest.toml"
BUNDLED = ROOT / "src" / "plandrift" / "sample"
PER_PLACE = 26

# Two characters a place name: 青川市, 临阳市, … (never a real 吉林 or 海拉尔 again).
_FIRST = "青临宁安东华清永兴泰云平"
_SECOND = "川阳远江源州岭泉台河"
# Place names of the sources, longest first.
_PLACES = (("呼伦贝尔", "{n}北"), ("海拉尔", "{n}"), ("吉林", "{n}"))
# Words a place may write otherwise; each place swaps a seeded half of them.
_SYNONYMS = (
    ("推进", "推动"),
    ("加快", "加速"),
    ("提升", "提高"),
    ("深化", "深入"),
    ("持续", "不断"),
    ("积极", "主动"),
    ("着力", "致力"),
    ("强化", "加强"),
    ("完善", "健全"),
    ("扎实", "切实"),
    ("稳步", "逐步"),
    ("大力", "全力"),
    ("坚持", "坚守"),
    ("实施", "落实"),
    ("促进", "推助"),
    ("构建", "搭建"),
    ("显著", "明显"),
    ("努力", "尽力"),
    ("重大", "重要"),
    ("不断", "持续"),
)
# A figure: digits with an optional decimal part, not inside a longer run of digits.
_FIGURE = re.compile(r"(?<![\d.])(\d+)(?:\.(\d+))?(?![\d.])")
_DATED = re.compile(r"^\s*[年月日号届次期批个]")  # 2025年, 3月, 第12届: dates and counts stay


def place_name(i: int) -> str:
    return _FIRST[i % len(_FIRST)] + _SECOND[(i // len(_FIRST)) % len(_SECOND)]


def sources() -> list[dict]:
    """The 26 source documents as manifest entries, paths absolute."""
    out = []
    for manifest in (BUNDLED / "manifest.toml", EXTERNAL_MANIFEST):
        base = manifest.parent
        for entry in tomllib.loads(manifest.read_text("utf-8"))["documents"]:
            entry = dict(entry)
            entry["path"] = str((base / entry["path"]).resolve())
            out.append(entry)
    return out


class Variant:
    """How one place rewrites the sources: its name, its figures, its words."""

    def __init__(self, index: int, seed: int) -> None:
        self.name = place_name(index)
        self.key = f"{seed}:{index}"
        rng = random.Random(self.key)
        self.swaps = [pair for pair in _SYNONYMS if rng.random() < 0.5]

    def figure(self, m: re.Match[str], text: str) -> str:
        whole, frac = m.group(1), m.group(2)
        value = f"{whole}.{frac}" if frac else whole
        if _DATED.match(text, m.end()) or (not frac and (int(whole) < 10 or len(whole) == 4)):
            return m.group(0)  # years, dates, small counts and list numbers stay
        digest = hashlib.sha256(f"{self.key}:{value}".encode()).digest()
        u = 0.03 + 0.17 * digest[0] / 255
        factor = 1 + u if digest[1] % 2 else 1 - u
        if frac:
            return f"{float(value) * factor:.{len(frac)}f}"
        return str(max(10, round(int(whole) * factor)))

    def text(self, text: str) -> str:
        for old, new in _PLACES:
            text = text.replace(old, new.format(n=self.name))
        for old, new in self.swaps:
            text = text.replace(old, new)
        return _FIGURE.sub(lambda m: self.figure(m, text), text)


def make_corpus(folder: Path, n: int, seed: int = 13) -> tuple[int, float]:
    """``n`` documents, ``PER_PLACE`` a place, with a manifest; returns (places, MB)."""
    src = sources()
    lines: list[str] = []
    size = 0
    places = 0
    for i in range(n):
        entry = src[i % PER_PLACE]
        p = i // PER_PLACE
        if i % PER_PLACE == 0:
            variant = Variant(p, seed)
            places += 1
        raw = Path(entry["path"]).read_bytes().decode("utf-8-sig")
        body = variant.text(raw)
        doc_id = f"{entry['id']}-p{p:03d}"
        name = f"{doc_id}.txt"
        data = body.encode("utf-8")
        (folder / name).write_bytes(data)
        size += len(data)
        title = variant.text(entry.get("title", ""))
        lines += [
            "[[documents]]",
            f'id = "{doc_id}"',
            f'path = "{name}"',
            f'title = "{title}"',
            f'kind = "{entry["kind"]}"',
            f'published = "{entry["published"]}"',
            f'place = "{variant.name}"',
            "",
        ]
    (folder / "manifest.toml").write_text("\n".join(lines), "utf-8")
    return places, size / 1e6


def measure(folder: Path, workers: int | None) -> None:
    """Run in a child: build ``folder`` into out.db and print seconds, peak MB and counts."""
    from plandrift.corpus import build, manifest
    from plandrift.workspace import build as workspace

    t0 = time.perf_counter()
    # one text at a time, as `plandrift build` reads them (a checkout before partitions
    # reads them all first)
    read = getattr(build, "read_each", build.load)
    docs = read(manifest.load_manifest(folder))
    if workers:  # a checkout before partitions has no runners: measure it without --workers
        from plandrift.workspace import runners

        with runners.local(workers) as runner:
            summary = workspace.rebuild(folder / "out.db", docs, runner)
    else:
        summary = workspace.rebuild(folder / "out.db", docs)
    took = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{took:.3f} {peak:.1f} {summary.statements} {summary.chains}")


def time_add(folder: Path, seed: int) -> tuple[float, float]:
    """Seconds of `plandrift add` of one more document to folder/out.db (a later report of
    the first place), and of parsing that document alone."""
    variant = Variant(0, seed)
    entry = next(e for e in sources() if e["id"] == "national-2025")
    extra = folder / "extra.txt"
    extra.write_text(variant.text(Path(entry["path"]).read_text("utf-8")), "utf-8")
    cmd = [
        str(Path(sys.executable).with_name("plandrift")),
        "add",
        str(extra),
        "--id",
        "extra-2026",
        "--kind",
        "work-report",
        "--published",
        "2026-03-05",
        "--place",
        variant.name,
        "--db",
        str(folder / "out.db"),
    ]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    took = time.perf_counter() - t0
    code = (
        "import sys, time; from plandrift.corpus.build import load, parse;"
        "from plandrift.corpus.models import DocSpec;"
        f"d = load([DocSpec('x', {str(extra)!r}, '', 'work-report', '2026-03-05', 'p')]);"
        "t = time.perf_counter(); parse(*d[0]); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return took, float(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="104,300,1040")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, default=None, help="parse and link on this many cores")
    ap.add_argument("--add", action="store_true", help="then time adding one document")
    ap.add_argument("--make", type=Path, default=None, help="only write the corpus into DIR")
    ap.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(Path(args.measure), args.workers)
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    if args.make:
        args.make.mkdir(parents=True, exist_ok=True)
        places, mb = make_corpus(args.make, sizes[-1], args.seed)
        print(f"wrote {sizes[-1]} documents ({places} places, {mb:.1f} MB) to {args.make}")
        return
    print(
        f"{'docs':>5} {'places':>6} {'MB':>5} {'statements':>10} {'chains':>7} "
        f"{'seconds':>8} {'s/doc':>6} {'peak MB':>8} {'x docs':>6} {'x s/doc':>7} {'x MB':>5}"
    )
    first: tuple[int, float, float] | None = None
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            places, mb = make_corpus(folder, n, args.seed)
            cmd = [sys.executable, __file__, "--measure", str(folder)]
            if args.workers:
                cmd += ["--workers", str(args.workers)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
            took, peak, stmts, chains = float(out[0]), float(out[1]), out[2], out[3]
            first = first or (n, took / n, peak)
            print(
                f"{n:>5} {places:>6} {mb:>5.1f} {stmts:>10} {chains:>7} {took:>8.1f} "
                f"{took / n:>6.3f} {peak:>8.0f} {n / first[0]:>6.1f} "
                f"{took / n / first[1]:>7.2f} {peak / first[2]:>5.2f}",
                flush=True,
            )
            if args.add:
                add, parse = time_add(folder, args.seed)
                print(f"      add one document: {add:.1f} s (its parse alone {parse:.2f} s)")


if __name__ == "__main__":
    main()
