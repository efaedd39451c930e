#!/usr/bin/env bash
# Benchmark of `vigia check` on natural Spanish prose, against ripgrep, as issue #12 measures it.
#
#   bench/natural.sh              # corpus in /tmp/vigia-corpus (built once), results on stdout
#
# The corpus comes from ../shared/bench/make_corpus.sh (real Spanish prose from Debian's
# manpages-es and fortunes-es; about 2 % of its words are in no dictionary, like real
# archives). Inputs: its 20,000 post files, the first 5 MB of its 100 MB text, its first
# 20,000 archive records, and one short post. Each is checked with every bundled rule and
# again without grammar/spelling; the baseline is `rg -i -w -c -f ../shared/bench/terms.txt`
# on the same input in the same run (`rg -i -F` too for the short post, whose time is
# start-up). Best wall time of RUNS runs (SPELL_RUNS for the slow runs with spelling) and the
# largest peak RSS (GNU time). Environment: CORPUS, RUNS, SPELL_RUNS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=$(cd .. && pwd)/shared/bench
CORPUS=${CORPUS:-/tmp/vigia-corpus}
RUNS=${RUNS:-3}
SPELL_RUNS=${SPELL_RUNS:-1}
TERMS=$SHARED/terms.txt

command -v rg >/dev/null || { echo "ripgrep is missing: apt-get install -y ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }
[ -f "$CORPUS/big.txt" ] || "$SHARED/make_corpus.sh" "$CORPUS"

cargo build --quiet --release --bin vigia
VIGIA=target/release/vigia
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
head -c 5000000 "$CORPUS/big.txt" > "$WORK/text-5mb.txt"
head -n 20000 "$CORPUS/archive.jsonl" > "$WORK/archive-20k.jsonl"
first=$(find "$CORPUS/posts" -name '*.txt' | sort | sed -n 1p)
cp "$first" "$WORK/short.txt"

# measure RUNS CMD… → SECS (best wall time), RSS (largest peak, KB)
measure() {
  local runs=$1 i t m
  shift
  SECS=""; RSS=0
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > /dev/null 2>&1 || true
    read -r t m < <(tail -n 1 "$WORK/time.txt")
    if [ -z "$SECS" ] || awk -v a="$t" -v b="$SECS" 'BEGIN { exit !(a < b) }'; then SECS=$t; fi
    if (( m > RSS )); then RSS=$m; fi
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.005) }'; }

echo "vigia $("$VIGIA" --version | sed -n 1p | cut -d' ' -f2); $(rg --version | sed -n 1p); $(nproc) cores"
printf '\n%-22s %10s %12s %8s %14s %8s %8s\n' input "rg -i -w" "every rule" ratio "no spelling" ratio "RSS MB"
row() { # label path
  local label=$1 path=$2 rg all nospell rss
  measure "$RUNS" rg -i -w -c -f "$TERMS" "$path"; rg=$SECS
  measure "$SPELL_RUNS" "$VIGIA" check --no-config --format concise "$path"; all=$SECS; rss=$RSS
  measure "$RUNS" "$VIGIA" check --no-config --format concise --ignore grammar/spelling "$path"
  nospell=$SECS
  (( RSS > rss )) && rss=$RSS
  printf '%-22s %10s %12s %7sx %14s %7sx %8d\n' "$label" "$rg" "$all" "$(ratio "$all" "$rg")" \
    "$nospell" "$(ratio "$nospell" "$rg")" $((rss / 1024))
}
row "20,000 post files" "$CORPUS/posts"
row "5 MB text" "$WORK/text-5mb.txt"
row "20,000-record JSONL" "$WORK/archive-20k.jsonl"
row "one short post" "$WORK/short.txt"
measure "$RUNS" rg -i -F -c -f "$TERMS" "$WORK/short.txt"
echo "one short post: rg -i -F ${SECS} s (issue #12 target: every rule <= 2x this)"
