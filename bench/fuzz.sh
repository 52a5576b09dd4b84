#!/usr/bin/env bash
# Coverage-guided fuzzing campaigns with the standalone Jazzer driver (docs/fuzzing.md).
#
#   bench/fuzz.sh [options] [TARGET...]     run a campaign per target (default: all, one after the other)
#   bench/fuzz.sh seeds                     regenerate the committed seed corpora (needs gcc, aarch64 gcc, ar)
#   bench/fuzz.sh list                      the targets
#
# Options (or the environment variable in brackets):
#   --runs N       stop a campaign after N executions          [RUNS, default 1000000]
#   --time S       ... or after S seconds, whichever is first   [TIME, default 3600]
#   --no-build     use the classes already compiled under */target
#   --nice         run the driver under nice -n 19
#
# Each campaign keeps its growing corpus in target/fuzz/<target>/corpus (the committed seeds are read as a
# second corpus directory, never written), crashing inputs in target/fuzz/<target>/crashes/ and the driver's
# log in target/fuzz/<target>/log. At the end one line per target: executions, exec/s, unique findings
# (deduplicated by Jazzer's token), corpus files added (and libFuzzer's live corpus: inputs/size). A finding becomes a regression case by copying its crash file
# into the target's seed directory (the path is printed).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs="${RUNS:-1000000}"
time_limit="${TIME:-3600}"
build=1
nice_cmd=()
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --time) time_limit="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --nice) nice_cmd=(nice -n 19); shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

# name | module | target class | seed directory (under the module's src/test/resources)
TARGETS="
rcrate-reader|race-format|dev.race.format.rcrate.RcrateReaderFuzzTarget|dev/race/format/rcrate/RcrateFuzzTestInputs/rcrateReader
elf-import|race-format|dev.race.format.rcrate.ElfImportFuzzTarget|dev/race/format/rcrate/RcrateFuzzTestInputs/elfObjectImport
pack|race-format|dev.race.format.pack.PackFuzzTarget|dev/race/format/pack/PackFuzzTestInputs/pack
steg-compiler|race-steg|dev.race.steg.lang.StegCompilerFuzzTarget|dev/race/steg/lang/StegCompilerFuzzTestInputs/compile
steg-codec|race-steg|dev.race.steg.codec.StegCodecFuzzTarget|dev/race/steg/codec/StegCodecFuzzTestInputs/decode
link|race-link|dev.race.link.fuzz.LinkFuzzTarget|dev/race/link/fuzz/LinkFuzzTestInputs/link
"

compile() {
  # one reactor run compiles main and test classes of every module a target needs and writes each module's
  # test class path (reactor modules resolve to their target/classes, nothing is installed)
  mvn -B -q -pl race-link -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test
}

classpath() { # module
  echo "$root/$1/target/test-classes:$root/$1/target/classes:$(cat "$root/$1/target/fuzz.classpath")"
}

if [ "${args[0]:-}" = list ]; then
  echo "$TARGETS" | sed '/^$/d' | cut -d'|' -f1,3 | tr '|' ' '
  exit 0
fi

if [ "${args[0]:-}" = seeds ]; then
  [ "$build" = 0 ] || compile
  java -cp "$(classpath race-steg)" dev.race.steg.lang.StegFuzzSeeds race-steg/src/test/resources
  java -cp "$(classpath race-format)" dev.race.format.pack.PackFuzzSeeds race-format/src/test/resources
  java -cp "$(classpath race-link)" dev.race.link.fuzz.LinkFuzzSeeds race-link/src/test/resources
  git -C "$root" status --short -- '*FuzzTestInputs*' 'race-link/src/test/resources/dev/race/link/fuzz'
  exit 0
fi

selected=()
if [ ${#args[@]} -eq 0 ]; then
  while IFS= read -r l; do [ -n "$l" ] && selected+=("$l"); done <<< "$TARGETS"
else
  for a in "${args[@]}"; do
    l="$(echo "$TARGETS" | grep "^$a|" || true)"
    [ -n "$l" ] || { echo "fuzz.sh: unknown target '$a' (see: bench/fuzz.sh list)" >&2; exit 2; }
    selected+=("$l")
  done
fi

[ "$build" = 0 ] || compile

summary=()
for l in "${selected[@]}"; do
  IFS='|' read -r name module class seeds <<< "$l"
  out="$root/target/fuzz/$name"
  mkdir -p "$out/corpus" "$out/crashes" "$out/reproducers"
  echo "== $name: $class, at most $runs executions or $time_limit s ($(date -u +%FT%TZ))"
  # the campaign runs on a copy of the project's class directories, so a build during a long campaign cannot
  # change classes under the running driver
  rm -rf "$out/classes"
  cp_snapshot=""
  i=0
  IFS=':' read -r -a entries <<< "$(classpath "$module")"
  for e in "${entries[@]}"; do
    if [ -d "$e" ] && [[ $e == "$root"/* ]]; then
      mkdir -p "$out/classes/$i"
      cp -r "$e"/. "$out/classes/$i"/
      e="$out/classes/$i"
      i=$((i + 1))
    fi
    cp_snapshot="${cp_snapshot:+$cp_snapshot:}$e"
  done
  start=$(date +%s)
  set +e
  # the driver exits non-zero when it found something; the summary below reports it
  "${nice_cmd[@]}" java -Xmx1g -XX:+UseParallelGC -cp "$cp_snapshot" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" \
    --instrumentation_includes='dev.race.**' --custom_hook_includes='dev.race.**' \
    --keep_going=50 --reproducer_path="$out/reproducers" \
    -runs="$runs" -max_total_time="$time_limit" -rss_limit_mb=3072 -timeout=60 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/" \
    "$out/corpus" "$root/$module/src/test/resources/$seeds" > "$out/log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  execs="$(grep -aoE 'stat::number_of_executed_units: *[0-9]+' "$out/log" | tail -1 | grep -oE '[0-9]+$' || true)"
  [ -n "$execs" ] || execs="$(grep -aoE '^#[0-9]+' "$out/log" | tail -1 | tr -d '#' || true)"
  speed="$(grep -aoE 'stat::average_exec_per_sec: *[0-9]+' "$out/log" | tail -1 | grep -oE '[0-9]+$' || true)"
  findings="$(find "$out/crashes" -type f | wc -l)"
  tokens="$( (grep -aoE 'DEDUP_TOKEN: [0-9a-f]+' "$out/log" || true) | sort -u | wc -l)"
  corpus="$(find "$out/corpus" -type f | wc -l)"
  # libFuzzer's own count: the inputs it keeps in memory (seeds included) and their total size
  live="$( (grep -aoE 'corp: [0-9]+/[0-9.]+[a-zA-Z]*' "$out/log" || true) | tail -1 | cut -d' ' -f2)"
  line="$(printf '%-14s executions %-9s exec/s %-6s unique-findings %-3s crash-files %-3s corpus %-5s (live %s) seconds %-5s exit %s' \
    "$name" "${execs:-?}" "${speed:-?}" "$tokens" "$findings" "$corpus" "${live:-?}" "$secs" "$rc")"
  echo "$line"
  summary+=("$line")
  if [ "$findings" -gt 0 ]; then
    echo "   crash inputs in $out/crashes/; a regression case: copy one into $module/src/test/resources/$seeds/"
  fi
done

echo
echo "== summary ($(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1))"
printf '%s\n' "${summary[@]}"
