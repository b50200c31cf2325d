#!/usr/bin/env bash
# The CUDA benchmarks that fit a short GPU lease: one JMH run per benchmark group, each narrowed
# to the parameters the targets of issue 7 read (k 10%, the 1600->1500 layer at 90% sparsity, ...),
# short iterations; the CSVs are merged into one file. Runs from the bundle that
# scripts/gpu-bundle.sh builds (WITH_BENCH=1), on a host with no JDK.
#
# Usage: scripts/gpu-bench-lease.sh [OUT_DIR]   (default: .gpu/bench-out)
# Environment: GPU_BUNDLE (default .gpu), GPU_BACKEND (default cuda).
set -uo pipefail
bundle="$(cd "${GPU_BUNDLE:-.gpu}" && pwd)"
out="${1:-$bundle/bench-out}"
backend="${GPU_BACKEND:-cuda}"
java="$bundle/jre/bin/java"
mkdir -p "$out/parts" "$bundle/tmp"
[ -x "$java" ] || tar -C "$bundle" -xJf "$bundle/jre.txz" || { echo "cannot unpack $bundle/jre.txz" >&2; exit 1; }
"$java" -version 2>&1 | head -1

# JCuda unpacks its natives into java.io.tmpdir, which must be an absolute path.
jmh() {
  local tag=$1; shift
  echo "== $tag $*"
  timeout 150 "$java" --add-modules jdk.incubator.vector -Djava.io.tmpdir="$bundle/tmp" -jar "$bundle/benchmarks.jar" "$@" \
    -p backend="$backend" -f 1 -wi 3 -w 300ms -i 5 -r 300ms -jvmArgsAppend "-Djava.io.tmpdir=$bundle/tmp" \
    -rf csv -rff "$out/parts/$tag.csv" 2>&1 | grep -E '^[A-Z][A-Za-z0-9]+Bench\.|^Benchmark |skipped|Exception|Error'
}
jmh gemm 'GemmBench.gemm'
jmh kw 'KWinnersBench.(oneD|twoDGlobal)' -p k=0.1
jmh floor 'KWinnersFloorBench'
jmh infer 'SparseCnnInferenceBench' -p batch=64,256
jmh ell 'EllMatmulBench.forward' -p layer=1600x1500 -p batch=64,256 -p sparsity=0.9
jmh lin 'LinearDenseBench.forward' -p layer=1600x1500 -p batch=64,256
jmh ss 'SparseSparseMatmulBench' -p layer=1600x1500 -p batch=64,256 -p sparsity=0.9 -p density=0.1
jmh train 'TrainingStepBench'
jmh conv 'Conv2dBench.forward'

parts=("$out"/parts/*.csv)
if [ -f "${parts[0]}" ]; then
  head -1 "${parts[0]}" > "$out/jmh-$backend.csv"
  for f in "${parts[@]}"; do tail -n +2 "$f" >> "$out/jmh-$backend.csv"; done
  echo "merged: $out/jmh-$backend.csv ($(($(wc -l < "$out/jmh-$backend.csv") - 1)) results)"
fi
