#!/usr/bin/env bash
# Write every user-visible output of the bundled corpus into DIR, so that a refactor can be
# checked byte for byte: run it before and after, then `diff -r BEFORE AFTER`.
#   bench/outputs.sh /tmp/before        # on the old commit
#   bench/outputs.sh /tmp/after         # on the new one
# Uses the plandrift of this checkout's .venv (or $PLANDRIFT).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bench/outputs.sh DIR}
pd=${PLANDRIFT:-.venv/bin/plandrift}
mkdir -p "$out"
rm -f "$out/p.db"
"$pd" build --db "$out/p.db" > "$out/build.txt" 2>&1
for f in markdown json csv; do "$pd" report --db "$out/p.db" --format $f -o "$out/report.$f" 2>/dev/null; done
"$pd" export --db "$out/p.db" -o "$out/export.json" 2>/dev/null
"$pd" docs --db "$out/p.db" > "$out/docs.txt"
"$pd" show m:grain --db "$out/p.db" > "$out/show.txt"
"$pd" diff report-2024 summary-2026 --db "$out/p.db" > "$out/diff.txt"
"$pd" eval --db "$out/p.db" > "$out/eval.txt" 2>&1 || true
# The dump, with each document's absolute path (where the checkout lives) masked.
sqlite3 "$out/p.db" .dump | sed -E "s@'/[^']*/(sample|corpus)/([a-z0-9-]+\.txt)'@'\2'@" > "$out/dump.sql"
rm "$out/p.db"
