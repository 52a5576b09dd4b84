#!/usr/bin/env bash
# Link benchmark: RACE against GNU ld (bfd), LLD and mold on the same generated objects.
#  1. generates a workload with dev.race.bench.gen.LinkWorkload (C objects full of layout markers, the crates'
#     .steg files, layout.s with the constants RACE computes);
#  2. compiles it with gcc (-j2), assembles layout.s into layout.o;
#  3. packs the crates into .rcrate files with one `race pack --batch` (timed separately: the analogue of
#     compiling; PACK=each runs one `race pack` per crate instead, as a build without batching does);
#  4. links: `race link` on the .rcrate files; ld.bfd, ld.lld and `mold --no-fork` on the objects plus layout.o
#     (-static -e _start --gc-sections); one warm-up, then RUNS rounds with the linkers interleaved;
#  5. runs every output (they must all print the same checksum) and prints median wall time, median peak RSS
#     and the ratios race/ld, race/lld, race/mold.
# Usage: bench/link.sh [OBJECTS] [FUNCS]   (default 100 32; 800 32 gives > 1,000,000 relocations)
# Environment: TARGET (x86_64 or aarch64, default x86_64: aarch64 compiles with aarch64-linux-gnu-gcc, links with
#   aarch64-linux-gnu-ld, ld.lld and mold, and runs the outputs under qemu-aarch64),
#   RUNS (default 5), SEED (default 42), JOBS (gcc parallelism, default 2),
#   SLOTS=no (no trait-slot markers: for a build whose linker cannot answer them yet),
#   REUSE=1 (keep the generated and compiled workload of an earlier run with the same arguments),
#   WARM=1 (also the in-process figure: JMH LinkBenchmark, RaceLinker in a warm JVM; reported apart).
# Build first, from the repository root: mvn -B -o -pl race-cli,race-bench -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
objects="${1:-100}"
funcs="${2:-32}"
runs="${RUNS:-5}"
seed="${SEED:-42}"
jobs="${JOBS:-2}"
gen_jar="$root/race-bench/target/race-benchmarks.jar"
race="$root/bin/race"
cflags=(-O2 -fno-pic -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables -mcmodel=small)
target="${TARGET:-x86_64}"
case "$target" in
  x86_64) cc=gcc; ld_bfd=ld.bfd; run=(); reloc_prefix=' R_X86_64_' ;;
  aarch64) cc=aarch64-linux-gnu-gcc; ld_bfd=aarch64-linux-gnu-ld; run=(qemu-aarch64); reloc_prefix=' R_AARCH64_' ;;
  *) echo "link.sh: TARGET must be x86_64 or aarch64, not '$target'" >&2; exit 2 ;;
esac

die() { echo "link.sh: $*" >&2; exit 2; }
[ -f "$gen_jar" ] || die "build first: mvn -B -o -pl race-cli,race-bench -am package -DskipTests"
ls "$root"/race-cli/target/race-cli-*-cli.jar >/dev/null 2>&1 || die "build first: mvn -B -o -pl race-cli,race-bench -am package -DskipTests"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"
for t in "$cc" readelf "$ld_bfd" ld.lld mold "${run[@]}"; do command -v "$t" >/dev/null || die "$t is not installed"; done
[[ $objects =~ ^[1-9][0-9]*$ && $funcs =~ ^[1-9][0-9]*$ ]] || die "OBJECTS and FUNCS must be positive integers (got '$objects' '$funcs')"

out="$root/bench/out/link-$objects-$funcs-$seed${SLOTS:+-slots$SLOTS}${TARGET:+-$target}"
if [ "${REUSE:-0}" = 1 ] && [ -f "$out/compiled.ok" ]; then
  echo "== reusing the compiled workload in $out (REUSE=1)"
  cd "$out"
  rm -f ./*.rcrate ./*.exe ./*.times
else
  rm -rf "$out"; mkdir -p "$out"
  cd "$out"
  echo "== generate"
  gen_flags=()
  [ "${SLOTS:-yes}" = no ] && gen_flags+=(--no-slots)
  java -cp "$gen_jar" dev.race.bench.gen.LinkWorkload "${gen_flags[@]}" --target "$target" "$out" "$objects" "$funcs" "$seed"

  echo "== compile ($cc ${cflags[*]}, -j$jobs)"
  start=$(date +%s.%N)
  ls ./*.c | CC="$cc" xargs -P "$jobs" -I{} sh -c '"$CC" "$@" -c "$0" -o "${0%.c}.o"' {} "${cflags[@]}"
  "$cc" -c layout.s -o layout.o
  echo "compiled $(ls ./*.o | wc -l) objects in $(echo "$(date +%s.%N) - $start" | bc) s"
  touch compiled.ok
fi
mapfile -t objs < objects.txt
relocs=$(readelf -rW "${objs[@]}" | grep -c "$reloc_prefix" || true)
marker_relocs=$(readelf -rW "${objs[@]}" | grep -c ' __race_' || true)
markers=$(grep -c '^	\.globl' layout.s || true)
bytes=$(cat "${objs[@]}" | wc -c)
echo "workload: ${#objs[@]} objects, $bytes bytes, $relocs relocations ($marker_relocs against $markers distinct markers)"

crates=()
pack_wall=0
pack_rss=0
if [ "${PACK:-batch}" = each ]; then
  echo "== pack (race pack, one JVM per crate: PACK=each)"
  while read -r name steg imp rest; do
    args=(pack --steg "$steg" --target "$target" -o "$name.rcrate")
    [ "$imp" != "-" ] && args+=(--import "$imp")
    # shellcheck disable=SC2206
    files=($rest)
    /usr/bin/time -f '%e %M' -o time.txt "$race" "${args[@]}" "${files[@]}" > /dev/null
    read -r w m < time.txt
    pack_wall=$(echo "$pack_wall + $w" | bc); [ "$m" -gt "$pack_rss" ] && pack_rss=$m
    crates+=("$name.rcrate")
  done < crates.txt
else
  echo "== pack (race pack --batch: every crate in one JVM, each .steg parsed once)"
  : > pack-batch.txt
  while read -r name steg imp rest; do
    line="-o $name.rcrate --steg $steg"
    [ "$imp" != "-" ] && line+=" --import $imp"
    echo "$line $rest" >> pack-batch.txt
    crates+=("$name.rcrate")
  done < crates.txt
  /usr/bin/time -f '%e %M' -o time.txt "$race" pack --batch pack-batch.txt --target "$target" > /dev/null
  read -r pack_wall pack_rss < time.txt
fi
echo "packed ${#crates[@]} crates: $pack_wall s in total, largest peak RSS $((pack_rss / 1024)) MiB"

# the linkers, by name; each writes $out/NAME.exe
names=()
cmd_race=("$race" link -o race.exe --entry _start "${crates[@]}")
cmd_bfd=("$ld_bfd" -static -e _start --gc-sections -o bfd.exe "${objs[@]}" layout.o)
cmd_lld=(ld.lld -static -e _start --gc-sections -o lld.exe "${objs[@]}" layout.o)
cmd_mold=(mold --no-fork -static -e _start --gc-sections -o mold.exe "${objs[@]}" layout.o)
if "$race" --help 2>/dev/null | grep -q "^  link "; then names+=(race); else echo "note: this build has no 'race link'; timing the others only"; fi
names+=(bfd lld mold)
run_linker() { # NAME -> appends "wall rss" to NAME.times
  local -n cmd="cmd_$1"
  /usr/bin/time -f '%e %M' -o time.txt "${cmd[@]}" > "$1.log" 2>&1 || { cat "$1.log" >&2; die "$1 failed (log: $out/$1.log)"; }
  cat time.txt >> "$1.times"
}

echo "== warm-up and check: every output must print the same checksum"
expected=""
for n in "${names[@]}"; do
  run_linker "$n"; rm -f "$n.times"
  got=$("${run[@]}" "./$n.exe") || die "$n.exe exited with status $?"
  echo "  $n: $got"
  if [ -z "$expected" ]; then expected=$got; elif [ "$got" != "$expected" ]; then die "$n.exe prints $got, expected $expected"; fi
done

echo "== $runs runs, linkers interleaved"
for ((i = 1; i <= runs; i++)); do
  for n in "${names[@]}"; do run_linker "$n"; done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A wall rss
for n in "${names[@]}"; do
  wall[$n]=$(awk '{ print $1 }' "$n.times" | median)
  rss[$n]=$(awk '{ print $2 }' "$n.times" | median)
done
{
  echo "target: $target"
  echo "workload: $objects objects x $funcs functions, $relocs relocations ($marker_relocs marker), $markers markers, $bytes bytes of objects"
  echo "pack: $pack_wall s total for ${#crates[@]} crates"
  printf '%-6s %10s %10s\n' linker "wall (s)" "RSS (MiB)"
  for n in "${names[@]}"; do
    printf '%-6s %10s %10.1f\n' "$n" "${wall[$n]}" "$(echo "${rss[$n]} / 1024" | bc -l)"
  done
  if [ -n "${wall[race]:-}" ]; then
    for other in bfd lld mold; do
      awk -v o="$other" -v a="${wall[race]}" -v b="${wall[$other]}" -v c="${rss[race]}" -v d="${rss[$other]}" \
        'BEGIN { printf "race/%-4s wall %.2f  RSS %.2f\n", (o == "bfd" ? "ld" : o), a / b, c / d }'
    done
  fi
} | tee results.txt

if [ "${WARM:-0}" = 1 ] && [ -n "${wall[race]:-}" ]; then
  echo "== in-process (JMH LinkBenchmark: RaceLinker in one warm JVM, 5 warm-up links, 5 measured)"
  list=$(printf '%s:' "${crates[@]}")
  java -jar "$gen_jar" LinkBenchmark -p crates="${list%:}" -p output="$out/race-warm.exe" -rf text \
    -rff "$out/jmh-link.txt" > jmh-link.log 2>&1 || { tail -20 jmh-link.log >&2; die "LinkBenchmark failed (log: $out/jmh-link.log)"; }
  got=$("${run[@]}" ./race-warm.exe) || die "race-warm.exe exited with status $?"
  [ "$got" = "$expected" ] || die "race-warm.exe prints $got, expected $expected"
  awk '/^LinkBenchmark\.link/ { printf "race in-process (warm JVM, JMH single-shot, mean of %s links): %s ms ± %s per link\n", $(NF-4), $(NF-3), $(NF-1) }' \
    jmh-link.log | tee -a results.txt
fi
