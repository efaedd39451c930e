#!/usr/bin/env bash
# Benchmark of the reports of `vigia audit` on a 200,000-record archive.
#
#   bench/audit.sh          # archive in bench/out/ (shared with bench/run.sh), results on stdout
#
# Times `vigia audit` in each format (text, json, html, csv, xlsx; best of RUNS wall times
# and CPU times, user + system, peak RSS with GNU time) on the generated JSONL archive and
# prints each format's ratio to the text audit (the target: at most 2×). On a shared machine
# the wall time follows the load; the CPU time is the steadier measure of the work done. Then opens the HTML report in headless Chromium
# (tests/browser.rs, `a_big_report_opens_in_under_3_seconds`) and prints how long it took
# to load (the target: under 3 s). Environment: RECORDS, RUNS, BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

RECORDS=${RECORDS:-200000}
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-bench/out}

[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }

cargo build --quiet --release --bin vigia --example gen_corpus
VIGIA=target/release/vigia
mkdir -p "$OUT"
ARCHIVE="$OUT/archive-$RECORDS.jsonl"
[ -f "$ARCHIVE" ] || target/release/examples/gen_corpus jsonl "$ARCHIVE" "$RECORDS"

FORMATS="text json html csv xlsx"
declare -A WALL CPU RSS
# Rounds over every format, so that a change of load hits them alike.
for ((i = 0; i < RUNS; i++)); do
  for f in $FORMATS; do
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" \
      "$VIGIA" audit --format "$f" -o "$OUT/informe.$f" "$ARCHIVE" 2> "$OUT/stderr.txt" || true
    read -r w u s m < <(tail -n 1 "$OUT/time.txt")
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
    if [ -z "${WALL[$f]:-}" ] || awk -v a="$w" -v b="${WALL[$f]}" 'BEGIN { exit !(a < b) }'; then WALL[$f]=$w; fi
    if [ -z "${CPU[$f]:-}" ] || awk -v a="$c" -v b="${CPU[$f]}" 'BEGIN { exit !(a < b) }'; then CPU[$f]=$c; fi
    if (( m > ${RSS[$f]:-0} )); then RSS[$f]=$m; fi
  done
done

echo "vigia audit on $ARCHIVE ($RECORDS records, $(du -h --apparent-size "$ARCHIVE" | cut -f1)); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %8s %8s %8s %8s %8s %10s\n' format "wall s" "× text" "CPU s" "× text" "RSS MB" "output"
for f in $FORMATS; do
  size=$(du -h --apparent-size "$OUT/informe.$f" | cut -f1)
  awk -v f="$f" -v w="${WALL[$f]}" -v bw="${WALL[text]}" -v c="${CPU[$f]}" -v bc="${CPU[text]}" \
    -v r="${RSS[$f]}" -v o="$size" \
    'BEGIN { printf "%-6s %8.2f %8.2f %8.2f %8.2f %8.1f %10s\n", f, w, w / bw, c, c / bc, r / 1024, o }'
done

echo
VIGIA_BIG_REPORT="$PWD/$OUT/informe.html" cargo test --quiet --release --test browser \
  -- --ignored a_big_report_opens_in_under_3_seconds --nocapture 2>&1 | grep -E "opened|panicked|test result"
