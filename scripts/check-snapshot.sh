#!/bin/bash
# `texgrad check --json` (and its exit code) of every example, seed and corpus lecture into OUTDIR, one file each,
# for comparing the checker's output before and after a change: `scripts/check-snapshot.sh /tmp/a` on the old build,
# `scripts/check-snapshot.sh /tmp/b` on the new one, then `diff -r /tmp/a /tmp/b` (nothing printed: byte-identical).
# The lectures are checked as test/check/corpus.test.ts checks them (talk-notation macros, the lecture root).
set -u
out=${1:?usage: scripts/check-snapshot.sh OUTDIR [SHARED]}
shared=${2:-/work/shared}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
run() { # name, then the arguments of check
  local name=$1; shift
  node "$here/bin/texgrad.js" check "$@" --json > "$out/$name.json" 2> "$out/$name.err"
  echo "exit $?" >> "$out/$name.json"
}
for f in "$here"/examples/* "$shared"/seeds/*; do run "$(basename "$(dirname "$f")")_$(basename "$f")" "$f"; done
lectures=$shared/corpus/lectures
find "$lectures" -name '*.md' | sort | while read -r f; do
  run "lecture_$(echo "${f#"$lectures"/}" | tr '/' '_')" "$f" --macros "$shared/corpus/macros/talk-notation.tex" --root "$lectures"
done
