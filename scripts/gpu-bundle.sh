#!/usr/bin/env bash
# Builds the GPU bundle: a folder (.gpu/, git-ignored) with which a Linux host that has an NVIDIA
# GPU and driver, but no JDK and no Maven, can run the CUDA conformance tests and the CUDA
# benchmarks: scripts/gpu-check.sh (also copied into the bundle) runs them there.
#
# Run on a development machine with a JDK (17+, with jlink and jdeps) and Maven:
#   scripts/gpu-bundle.sh            # builds into .gpu/
#   MVN_FLAGS=-o scripts/gpu-bundle.sh   # offline, once the dependencies are in ~/.m2
# Environment: BUNDLE (output folder, default .gpu), BUILD_DIR (Maven output folder name, passed
# as -Dsparsa.build.dir, default target), MVN_FLAGS (extra Maven flags), WITH_BENCH=1 (also build
# the JMH benchmarks jar; otherwise an existing bench/<BUILD_DIR>/benchmarks.jar is copied).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bundle="${BUNDLE:-.gpu}"
build_dir="${BUILD_DIR:-target}"
junit_console="org.junit.platform:junit-platform-console-standalone:1.14.1"
# JDK modules of the runtime: what the engine, JCuda, JMH and the JUnit launcher use (checked with jdeps below).
modules="java.base,jdk.incubator.vector,jdk.unsupported,java.logging,java.management,jdk.management,java.xml"

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
for tool in "${java_bin}java" "${java_bin}jlink" "${java_bin}jdeps" mvn tar xz; do
  command -v "$tool" >/dev/null 2>&1 || { echo "gpu-bundle: '$tool' is needed on this machine" >&2; exit 1; }
done
mvn_cmd=(mvn -B -q -Dsparsa.build.dir="$build_dir" ${MVN_FLAGS:-})

step() { printf '\n== %s\n' "$*"; }

# Removes entries matching the glob patterns from a jar: natives for other platforms, and JCuda's
# in-process PTX compiler (24 MB), which the backend does not use (it loads PTX through the driver).
slim_jar() {
  local jar="$1"; shift
  if command -v zip >/dev/null 2>&1; then
    zip -q -d "$jar" "$@" >/dev/null 2>&1 || true   # exit 12: nothing matched
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$jar" "$@" <<'PY'
import fnmatch, os, sys, zipfile
jar, patterns = sys.argv[1], sys.argv[2:]
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(jar + ".tmp", "w", zipfile.ZIP_DEFLATED) as dst:
    for entry in src.infolist():
        if not any(fnmatch.fnmatch(entry.filename, p) for p in patterns):
            dst.writestr(entry, src.read(entry.filename))
os.replace(jar + ".tmp", jar)
PY
  else
    echo "gpu-bundle: neither zip nor python3 here: $jar keeps its unused natives" >&2
  fi
}

step "building engine-api, kernels and engine-cuda (jars, test classes) and collecting their dependencies"
rm -rf "$bundle"
mkdir -p "$bundle/lib"
lib="$(cd "$bundle/lib" && pwd)"
# One reactor run, so the project's own jars resolve from the build instead of a local install.
# Windows natives are left out: the bundle is for Linux hosts.
"${mvn_cmd[@]}" -DskipTests -pl engine-cuda -am package dependency:copy-dependencies \
  -DincludeScope=test -DexcludeClassifiers=windows-x86_64,natives-windows -DoutputDirectory="$lib"
cp engine-cuda/"$build_dir"/engine-cuda-*.jar "$lib/"
rm -f "$lib"/*-sources.jar
for jar in "$lib"/jcuda-natives-*.jar; do slim_jar "$jar" '*JNvPTXCompiler*'; done
cp -r engine-cuda/"$build_dir"/test-classes "$bundle/cuda-test-classes"

step "JUnit console launcher ($junit_console)"
"${mvn_cmd[@]}" dependency:copy -Dartifact="$junit_console" -DoutputDirectory="$lib"

if [ "${WITH_BENCH:-0}" = 1 ]; then
  step "building the JMH benchmarks jar"
  "${mvn_cmd[@]}" -DskipTests -pl bench -am package
fi
bench_jar=""
for candidate in bench/"$build_dir"/benchmarks.jar bench/target/benchmarks.jar; do
  if [ -f "$candidate" ]; then bench_jar="$candidate"; break; fi
done
if [ -n "$bench_jar" ]; then
  cp "$bench_jar" "$bundle/benchmarks.jar"
  # The GPU host is Linux x86-64: natives of other platforms and the unused PTX compiler go.
  slim_jar "$bundle/benchmarks.jar" '*JNvPTXCompiler*' '*.dll' '*.dylib' 'windows/*' 'macos/*' 'linux/arm*'
  echo "benchmarks: $bench_jar"
else
  echo "benchmarks: no bench/$build_dir/benchmarks.jar (build it with WITH_BENCH=1); the check will run the tests only"
fi

step "checking the JDK modules the bundle needs (jdeps)"
jdeps_modules() {
  "${java_bin}jdeps" -q --multi-release 17 --ignore-missing-deps --print-module-deps --class-path "$lib/*" "$@" \
    2>/dev/null || true
}
found="$(jdeps_modules "$lib"/*.jar "$bundle/cuda-test-classes")"
echo "jdeps (tests and their dependencies): ${found:-(no answer; using the fixed list)}"
if [ -f "$bundle/benchmarks.jar" ]; then
  # The benchmarks jar also holds the CLI's chart code (java.desktop, about 8 MB more runtime),
  # which neither JMH nor the benchmarks touch: it is left out.
  bench_modules="$(jdeps_modules "$bundle/benchmarks.jar")"
  echo "jdeps (benchmarks jar): ${bench_modules:-(no answer)}; java.desktop left out (charts only)"
  found="$found,${bench_modules//java.desktop/}"
fi
for m in ${found//,/ }; do
  case ",$modules," in *",$m,"*) ;; *) modules="$modules,$m"; echo "adding module $m" ;; esac
done
echo "modules: $modules"

step "linking a Java runtime"
version="$("${java_bin}java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
compress="--compress=2"
[ "${version%%.*}" -ge 21 ] 2>/dev/null && compress="--compress=zip-9"
"${java_bin}jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages "$compress" \
  --output "$bundle/jre"
tar -C "$bundle" -cJf "$bundle/jre.txz" jre
rm -rf "$bundle/jre"

cp scripts/gpu-check.sh "$bundle/gpu-check.sh"
{
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "java: $version ($("${java_bin}java" -version 2>&1 | head -1))"
  echo "modules: $modules"
} > "$bundle/BUILD-INFO"

step "bundle"
for part in "$bundle"/jre.txz "$bundle/lib" "$bundle/cuda-test-classes" ${bench_jar:+"$bundle/benchmarks.jar"} "$bundle"; do
  du -sh "$part"
done
size_kib="$(du -sk "$bundle" | cut -f1)"
if [ "$size_kib" -gt $((60 * 1024)) ]; then
  echo "gpu-bundle: the bundle is $((size_kib / 1024)) MiB, over the 60 MiB budget" >&2
  exit 1
fi
echo "ready: copy $bundle/ to the GPU host and run $bundle/gpu-check.sh (or scripts/gpu-check.sh from a checkout)"
