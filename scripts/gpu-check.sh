#!/usr/bin/env bash
# Runs the CUDA backend's checks on a Linux host with an NVIDIA GPU, from the bundle that
# scripts/gpu-bundle.sh builds (no JDK or Maven needed here): unpacks the bundled Java runtime,
# records the GPU and driver, runs the CUDA conformance tests with the JUnit console launcher,
# runs the CUDA benchmarks (JMH, short iterations) when the bundle has them, times torch anchors
# (torch.topk and matmul on the benchmarks' shapes, CUDA events, median after warm-up) when python3
# with a CUDA-enabled torch is there, prints a short summary table and writes the full report.
#
# Usage: .gpu/gpu-check.sh  (or scripts/gpu-check.sh from a checkout that has .gpu/)
# Environment:
#   GPU_BUNDLE      the bundle folder (default: this script's folder if it holds jre.txz, else ../.gpu)
#   GPU_OUT         where results go (default: <bundle>/results); the report is <bundle>/report.md
#   GPU_BENCH       JMH include pattern (default: the k-winners, GEMM, dense and sparse-sparse benchmarks)
#   GPU_BENCH_TIME  warm-up and measurement time per iteration (default 500ms)
#   GPU_SKIP_BENCH=1, GPU_SKIP_TORCH=1  leave those parts out
#   STRICT=1        exit 2 when the CUDA backend cannot run here (default: exit 0 with the reason)
# Exit status: 1 when a test failed, 2 (with STRICT=1) when CUDA was unavailable, else 0.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -n "${GPU_BUNDLE:-}" ]; then
  bundle="$(cd "$GPU_BUNDLE" && pwd)"
elif [ -f "$here/jre.txz" ]; then
  bundle="$here"
else
  bundle="$(cd "$here/.." && pwd)/.gpu"
fi
if [ ! -f "$bundle/jre.txz" ] || [ ! -d "$bundle/lib" ]; then
  echo "gpu-check: no bundle at $bundle (build it on a development machine with scripts/gpu-bundle.sh)" >&2
  exit 1
fi
out="${GPU_OUT:-$bundle/results}"
report="$bundle/report.md"
rm -rf "$out"
mkdir -p "$out" "$bundle/tmp"
bench_time="${GPU_BENCH_TIME:-500ms}"
bench_include="${GPU_BENCH:-KWinnersBench|GemmBench|LinearDenseBench|SparseSparseMatmulBench}"

section() { printf '\n== %s\n' "$*"; }

# ---- runtime ---------------------------------------------------------------------------------
section "Java runtime"
if [ ! -x "$bundle/jre/bin/java" ] || [ "$bundle/jre.txz" -nt "$bundle/jre/bin/java" ]; then
  rm -rf "$bundle/jre"
  tar -C "$bundle" -xJf "$bundle/jre.txz" || { echo "gpu-check: cannot unpack $bundle/jre.txz" >&2; exit 1; }
fi
java="$bundle/jre/bin/java"
java_version="$("$java" -version 2>&1 | head -1)"
echo "$java_version"
# JCuda unpacks its native libraries into java.io.tmpdir: keep them inside the bundle.
jvm_flags=(--add-modules jdk.incubator.vector "-Djava.io.tmpdir=$bundle/tmp")

# ---- host --------------------------------------------------------------------------------------
section "GPU and driver"
if command -v nvidia-smi >/dev/null 2>&1; then
  gpu_line="$(nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader 2>&1 | head -4)"
  nvidia-smi > "$out/nvidia-smi.txt" 2>&1
  cuda_line="$(grep -o 'CUDA Version: [0-9.]*' "$out/nvidia-smi.txt" | head -1)"
else
  gpu_line="nvidia-smi not found (no NVIDIA driver on this host?)"
  cuda_line=""
  echo "$gpu_line" > "$out/nvidia-smi.txt"
fi
echo "$gpu_line${cuda_line:+ ($cuda_line)}"
host_line="$(uname -srm), $(nproc 2>/dev/null || echo '?') cores"

# ---- backends (the CLI inside the benchmarks jar, when bundled) -----------------------------------
if [ -f "$bundle/benchmarks.jar" ]; then
  section "sparsa backends"
  "$java" "${jvm_flags[@]}" -cp "$bundle/benchmarks.jar" io.sparsa.cli.SparsaCli backends > "$out/backends.txt" 2>&1
  cat "$out/backends.txt"
fi

# ---- tests ---------------------------------------------------------------------------------------
section "CUDA tests (JUnit console launcher)"
launcher="$(ls "$bundle"/lib/junit-platform-console-standalone-*.jar 2>/dev/null | head -1)"
# The launcher brings its own JUnit: keep JUnit's jars off the class path.
cp_tests="$(ls "$bundle"/lib/*.jar | grep -vE 'console-standalone|/junit-|/opentest4j|/apiguardian' | tr '\n' :)$bundle/cuda-test-classes"
# Every CUDA test class except CuHostCodeConformanceTest, which runs the host code on an
# OpenCL-emulated device (PoCL) and belongs to the development machine.
test_classes=(CuConformanceTest CuLayerConformanceTest CuSpatialPoolerConformanceTest CuFailuresTest CuGemmPathsTest
  CuLongRowsTest CuMemoryTest CuMemoryPoolTest CuProbeTest GemmChoiceTest PtxEntriesTest PtxImageTest)
selectors=()
for c in "${test_classes[@]}"; do selectors+=(--select-class "io.sparsa.cuda.$c"); done
"$java" "${jvm_flags[@]}" -jar "$launcher" execute --disable-banner --details=tree --disable-ansi-colors \
  -cp "$cp_tests" "${selectors[@]}" --reports-dir="$out/junit" > "$out/tests.log" 2>&1
tests_rc=$?
tail -40 "$out/tests.log"
unavailable="$(grep -m1 -o 'SKIPPED cuda conformance: .*' "$out/tests.log" | sed 's/^SKIPPED cuda conformance: //')"
device_line="$(grep -m1 -o 'cuda conformance (.*): seed' "$out/tests.log" | sed 's/^cuda conformance (//; s/): seed$//')"

# Per test class: tests, passed, failed, skipped, from the launcher's XML report.
xml="$(ls "$out"/junit/*.xml 2>/dev/null | head -1)"
test_table="$out/test-table.txt"
: > "$test_table"
if [ -n "$xml" ]; then
  awk '
    /<testcase / {
      match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12); sub(/.*\./, "", cls)
      total[cls]++; cur = cls; state = "pass"
      if ($0 ~ /\/>[[:space:]]*$/) { pass[cls]++; cur = "" }
      next
    }
    cur != "" && /<(failure|error)/ { state = "fail" }
    cur != "" && /<skipped/ { if (state != "fail") state = "skip" }
    cur != "" && /<\/testcase>/ {
      if (state == "fail") fail[cur]++; else if (state == "skip") skip[cur]++; else pass[cur]++
      cur = ""
    }
    END { for (c in total) printf "%s %d %d %d %d\n", c, total[c], pass[c] + 0, fail[c] + 0, skip[c] + 0 }
  ' "$xml" | sort > "$test_table"
fi
for c in "${test_classes[@]}"; do
  grep -q "^$c " "$test_table" || echo "$c 0 0 0 0" >> "$test_table"
done
tests_failed="$(awk '{s += $4} END {print s + 0}' "$test_table")"
if [ "$tests_rc" -ne 0 ] && [ "$tests_failed" -eq 0 ]; then tests_failed="launcher exit $tests_rc"; fi

# ---- benchmarks ------------------------------------------------------------------------------------
bench_status="not in the bundle (build it with WITH_BENCH=1 scripts/gpu-bundle.sh)"
if [ -f "$bundle/benchmarks.jar" ] && [ "${GPU_SKIP_BENCH:-0}" != 1 ]; then
  if [ -n "$unavailable" ]; then
    bench_status="skipped: the CUDA backend cannot run here"
  else
    section "CUDA benchmarks (JMH, -p backend=cuda, $bench_include)"
    "$java" "${jvm_flags[@]}" -jar "$bundle/benchmarks.jar" "$bench_include" -p backend=cuda -f 1 -wi 2 -w "$bench_time" \
      -i 3 -r "$bench_time" -jvmArgsAppend "-Djava.io.tmpdir=$bundle/tmp" -rf csv -rff "$out/jmh-cuda.csv" \
      > "$out/bench.log" 2>&1
    bench_rc=$?
    tail -30 "$out/bench.log"
    if [ -f "$out/jmh-cuda.csv" ]; then
      bench_status="$(($(wc -l < "$out/jmh-cuda.csv") - 1)) results (JMH exit $bench_rc)"
    else
      bench_status="failed (JMH exit $bench_rc, see results/bench.log)"
    fi
  fi
elif [ "${GPU_SKIP_BENCH:-0}" = 1 ]; then
  bench_status="skipped (GPU_SKIP_BENCH=1)"
fi

# ---- torch anchors ---------------------------------------------------------------------------------
torch_status="python3 not found"
if [ "${GPU_SKIP_TORCH:-0}" = 1 ]; then
  torch_status="skipped (GPU_SKIP_TORCH=1)"
elif command -v python3 >/dev/null 2>&1; then
  if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; then
    section "torch anchors (CUDA events, median after warm-up)"
    # Shapes mirror the benchmarks: KWinnersBench (batch 64; n; k = round(fraction * n)) and GemmShape.
    python3 - "$out/torch.csv" <<'PY' 2>&1 | tee "$out/torch.log"
import statistics
import sys

import torch

torch.backends.cuda.matmul.allow_tf32 = False  # compare float32 with float32
dev = torch.device("cuda")


def median_us(fn, warmup=20, reps=100):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) * 1000.0)
    return statistics.median(times)


rows = []
gen = torch.Generator(device=dev).manual_seed(1)
batch = 64
for n in (1024, 4608, 16384, 100000):
    x = torch.rand(batch, n, device=dev, generator=gen)
    for fraction in (0.05, 0.1, 0.2):
        k = max(1, int(fraction * n + 0.5))
        rows.append(("torch.topk", f"batch={batch} n={n} k={k}", median_us(lambda: torch.topk(x, k, dim=1))))
gemms = [("square-1024", 1024, 1024, 1024, False), ("cnn2-conv1-b64", 32, 64 * 24 * 24, 25, False),
         ("cnn2-conv1-b256", 32, 256 * 24 * 24, 25, False), ("cnn2-conv2-b64", 64, 64 * 8 * 8, 32 * 25, False),
         ("cnn2-conv2-b256", 64, 256 * 8 * 8, 32 * 25, False), ("cnn2-hidden-b64", 64, 700, 1024, True),
         ("cnn2-hidden-b256", 256, 700, 1024, True)]
for label, m, n, k, trans_b in gemms:
    a = torch.rand(m, k, device=dev, generator=gen)
    b = torch.rand(n, k, device=dev, generator=gen) if trans_b else torch.rand(k, n, device=dev, generator=gen)
    fn = (lambda: a @ b.t()) if trans_b else (lambda: a @ b)
    us = median_us(fn)
    rows.append(("x @ w", f"{label} M={m} N={n} K={k}", us))
with open(sys.argv[1], "w") as f:
    f.write("op,shape,median_us\n")
    for op, shape, us in rows:
        f.write(f"{op},{shape},{us:.2f}\n")
print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}")
for op, shape, us in rows:
    print(f"{op:12s} {shape:45s} {us:10.2f} us")
PY
    if [ -f "$out/torch.csv" ]; then
      torch_status="$(($(wc -l < "$out/torch.csv") - 1)) anchors ($(head -1 "$out/torch.log"))"
    else
      torch_status="failed (see results/torch.log)"
    fi
  else
    torch_status="no CUDA-enabled torch for python3"
  fi
fi

# ---- summary and report ------------------------------------------------------------------------------
cuda_status="${unavailable:+unavailable: $unavailable}"
cuda_status="${cuda_status:-available: ${device_line:-see results/tests.log}}"
summary() {
  echo "| item | result |"
  echo "| --- | --- |"
  echo "| host | $host_line |"
  echo "| GPU | ${gpu_line//$'\n'/; }${cuda_line:+ ($cuda_line)} |"
  echo "| runtime | $java_version |"
  echo "| cuda backend | $cuda_status |"
  while read -r cls total pass fail skip; do
    echo "| $cls | $total tests: $pass passed, $fail failed, $skip skipped |"
  done < "$test_table"
  echo "| benchmarks | $bench_status |"
  echo "| torch anchors | $torch_status |"
}
csv_table() {  # a CSV file as a markdown table (JMH quotes its fields)
  awk -F, 'NR == 1 { printf "|"; for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); printf " %s |", $i }; printf "\n|";
                     for (i = 1; i <= NF; i++) printf " --- |"; printf "\n"; next }
           { printf "|"; for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); printf " %s |", $i }; printf "\n" }' "$1"
}
{
  echo "# CUDA check: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  [ -f "$bundle/BUILD-INFO" ] && { echo '```'; cat "$bundle/BUILD-INFO"; echo '```'; echo; }
  summary
  echo
  echo "## nvidia-smi"
  echo '```'; cat "$out/nvidia-smi.txt"; echo '```'
  if [ -f "$out/backends.txt" ]; then
    echo "## sparsa backends"
    echo '```'; cat "$out/backends.txt"; echo '```'
  fi
  echo "## Tests"
  echo '```'; cat "$out/tests.log"; echo '```'
  if [ -f "$out/jmh-cuda.csv" ]; then
    echo "## Benchmarks (JMH, backend=cuda, warm-up 2 x $bench_time, measurement 3 x $bench_time)"
    csv_table "$out/jmh-cuda.csv"
  fi
  if [ -f "$out/torch.csv" ]; then
    echo
    echo "## torch anchors ($(head -1 "$out/torch.log"))"
    csv_table "$out/torch.csv"
  fi
} > "$report"

section "summary"
summary
echo
echo "full report: $report (raw outputs in $out)"

if [ "$tests_failed" != 0 ]; then
  exit 1
fi
if [ -n "$unavailable" ]; then
  echo "NOTE: nothing ran on a GPU: the CUDA backend cannot run here ($unavailable)"
  [ "${STRICT:-0}" = 1 ] && exit 2
fi
exit 0
