"""How much of each bundled document survives as PDF (1 and 2 columns), DOCX and HTML.

Renders every document with tests/fixtures/formats/make.py, reads it back, parses it, and
prints the share of the .txt's statements (text, role, year) and quantities (value, unit,
role, year) it gives, with the time to read it; then the 29 provincial 2025 reports read
from their .docx against the .txt beside each.

    .venv/bin/python bench/formats.py
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from plandrift.corpus import build, manifest
from plandrift.corpus.formats import read_source

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ROOT.parent / "shared" / "external" / "provinces"


def _make():
    spec = importlib.util.spec_from_file_location("make", ROOT / "tests/fixtures/formats/make.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make"] = mod
    spec.loader.exec_module(mod)
    return mod


def counts(p) -> tuple[Counter, Counter]:
    st = Counter((s.text, s.role, s.year) for s in p.statements)
    qs = Counter(
        (q.value, q.value_hi, q.unit, q.role, q.year) for s in p.statements for q in s.quantities
    )
    return st, qs


def main() -> None:
    make = _make()
    out = Path(tempfile.mkdtemp())
    print(f"{'document':<14} {'format':<5} {'statements':>18} {'quantities':>16} {'read':>6}")
    for spec in manifest.load_manifest(manifest.bundled_corpus()):
        sa, qa = counts(build.parse(spec, read_source(Path(spec.path)).text))
        for fmt in make.FORMATS:
            path = out / f"{spec.id}{make.SUFFIX[fmt]}"
            path.write_bytes(make.render(spec.id, fmt))
            t = time.perf_counter()
            text = read_source(path).text
            took = time.perf_counter() - t
            sb, qb = counts(build.parse(spec, text))
            ks, kq = sum((sa & sb).values()), sum((qa & qb).values())
            print(
                f"{spec.id:<14} {fmt:<5} {ks:>5}/{sum(sa.values()):<5} {ks / sum(sa.values()):6.1%} "
                f"{kq:>4}/{sum(qa.values()):<4} {kq / sum(qa.values()):6.1%} {took:5.2f}s"
            )
    if PROVINCES.is_dir():
        specs = {s.id: s for s in manifest.load_manifest(PROVINCES)}
        same = total = figures = 0
        for path in sorted(PROVINCES.glob("*-2025.docx")):
            spec = specs[path.stem]
            key = lambda p: Counter(  # noqa: E731
                (q.value, q.value_hi, q.unit, q.role, q.year, q.metric)
                for s in p.statements
                for q in s.quantities
            )
            a = key(build.parse(spec, read_source(Path(spec.path)).text))
            b = key(build.parse(spec, read_source(path).text))
            total += 1
            same += a == b
            figures += sum(a.values())
        print(f"provinces: {same}/{total} .docx give the figures of their .txt ({figures} figures)")


if __name__ == "__main__":
    main()
