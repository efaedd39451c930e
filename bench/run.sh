#!/usr/bin/env bash
# Benchmark of `vigia check` against ripgrep on a generated Spanish corpus.
#
#   bench/run.sh            # corpus in bench/out/ (kept between runs), results on stdout
#
# Generates (deterministically, no network) 20,000 post files, a 200,000-record JSONL
# archive (~65 MB) and 10 MB / 100 MB text files with `cargo run --release --example
# gen_corpus`, then times `vigia check --format concise` with every bundled pack against
# `rg -F -i -w -c -f TERMS` over the same inputs, TERMS being every literal term of the
# bundled packs (`vigia rules --format terms`). Each command runs 3 times; the best wall time
# and the largest peak RSS (GNU time) are kept. Prints MB/s, posts/s, peak RSS and the ratios
# against the targets; the archive is also checked cut to a tenth, to show that peak memory
# does not grow with the number of records. Environment: POSTS, RECORDS, RUNS, BENCH_OUT override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

POSTS=${POSTS:-20000}
RECORDS=${RECORDS:-200000}
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-bench/out}

command -v rg >/dev/null || { echo "ripgrep is missing: apt-get install -y ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }

cargo build --quiet --release --bin vigia --example gen_corpus
VIGIA=target/release/vigia
GEN=target/release/examples/gen_corpus

mkdir -p "$OUT"
[ -d "$OUT/posts" ] || "$GEN" posts "$OUT/posts" "$POSTS"
[ -f "$OUT/archive.jsonl" ] || "$GEN" jsonl "$OUT/archive.jsonl" "$RECORDS"
[ -f "$OUT/archive-small.jsonl" ] || head -n $((RECORDS / 10)) "$OUT/archive.jsonl" > "$OUT/archive-small.jsonl"
[ -f "$OUT/text-10.txt" ] || "$GEN" text "$OUT/text-10.txt" 10
[ -f "$OUT/text-100.txt" ] || "$GEN" text "$OUT/text-100.txt" 100
"$VIGIA" rules --format terms > "$OUT/terms.txt"

rules=$("$VIGIA" rules --format json | grep -c '"id":' || true)
echo "vigia $("$VIGIA" --version | cut -d' ' -f2), $rules bundled rules, $(wc -l < "$OUT/terms.txt") literal terms;" \
  "$(rg --version | sed -n 1p); $(nproc) cores"

# measure NAME CMD… → sets SECS (best wall time) and RSS (largest peak, KB)
measure() {
  SECS=""; RSS=0
  local i t m
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > /dev/null 2> "$OUT/stderr.txt" || true
    read -r t m < <(tail -n 1 "$OUT/time.txt")
    if [ -z "$SECS" ] || awk -v a="$t" -v b="$SECS" 'BEGIN { exit !(a < b) }'; then SECS=$t; fi
    if (( m > RSS )); then RSS=$m; fi
  done
}

mb() { du -sb --apparent-size "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }

printf '\n%-26s %-6s %8s %9s %11s %9s\n' input tool "wall s" "MB/s" "posts/s" "RSS MB"
row() { # input tool secs rss mb posts
  awk -v i="$1" -v t="$2" -v s="$3" -v r="$4" -v m="$5" -v p="$6" 'BEGIN {
    s2 = (s > 0 ? s : 0.005)
    printf "%-26s %-6s %8.2f %9.1f %11s %9.1f\n", i, t, s, m / s2, (p > 0 ? sprintf("%.0f", p / s2) : "-"), r / 1024 }'
}

declare -A T R
bench() { # key label path posts
  local key=$1 label=$2 path=$3 posts=$4 size
  size=$(mb "$path")
  measure "$VIGIA" check --format concise "$path"
  T[$key.vigia]=$SECS; R[$key.vigia]=$RSS
  row "$label" vigia "$SECS" "$RSS" "$size" "$posts"
  measure rg -F -i -w -c -f "$OUT/terms.txt" "$path"
  T[$key.rg]=$SECS; R[$key.rg]=$RSS
  row "$label" rg "$SECS" "$RSS" "$size" "$posts"
}

bench posts "$POSTS post files" "$OUT/posts" "$POSTS"
bench jsonl "$RECORDS-record JSONL" "$OUT/archive.jsonl" "$RECORDS"
measure "$VIGIA" check --format concise "$OUT/archive-small.jsonl"
R[small.vigia]=$RSS
row "$((RECORDS / 10))-record JSONL" vigia "$SECS" "$RSS" "$(mb "$OUT/archive-small.jsonl")" $((RECORDS / 10))
bench t10 "10 MB text" "$OUT/text-10.txt" 0
bench t100 "100 MB text" "$OUT/text-100.txt" 0

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.005) }'; }
check() { # description value limit
  local verdict=ok
  awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }' || verdict=MISSED
  printf '  %-52s %8s  (target <= %s)  %s\n' "$1" "$2" "$3" "$verdict"
}
echo
echo "Ratios (vigia / ripgrep wall time unless stated):"
check "$POSTS post files" "$(ratio "${T[posts.vigia]}" "${T[posts.rg]}")" 3
check "$RECORDS-record JSONL" "$(ratio "${T[jsonl.vigia]}" "${T[jsonl.rg]}")" 4
check "$RECORDS-record JSONL, vigia peak RSS (MB)" "$(awk -v r="${R[jsonl.vigia]}" 'BEGIN { printf "%.0f", r / 1024 }')" 100
check "vigia peak RSS, $RECORDS / $((RECORDS / 10)) records" "$(ratio "${R[jsonl.vigia]}" "${R[small.vigia]}")" 1.5
check "100 MB text" "$(ratio "${T[t100.vigia]}" "${T[t100.rg]}")" 3
check "vigia time(100 MB) / time(10 MB)" "$(ratio "${T[t100.vigia]}" "${T[t10.vigia]}")" 11
