#!/usr/bin/env bash
# The runtime cost of the generated accessors. Two kernels, each written once against the accessor API of the
# C bindings, built three ways and linked by RACE (x86-64, freestanding static executables):
#   native    the type as a plain C struct behind the same names (the oracle; no marker)
#   naive     markers cast straight to integers, `(size_t)__race_off_...` (the idiom docs/markers.md forbids)
#   bindings  the generated bindings (`race bindgen --lang c`), every marker through race_const
# particle: bench/accessors/kernel.c, 4096 particles of sim::Particle { pos: Vec3, vel: Vec3, mass: i32 },
#           100 steps of integrate + reduce; also in Rust (bench/accessors/rust/kernel.rs, written against the
#           API of the module `race bindgen --lang rust` generates; native.rs / naive.rs give the same API)
# wide:     bench/accessors/wide/kernel.c, 4096 cells of twelve resilient i32 fields all updated every step
# C: gcc and clang at -O2 and -O3 with -fno-pie, and -O2 with -fPIE; Rust: rustc -O and -C opt-level=3
# (-C relocation-model=static). Each program runs under `valgrind --tool=callgrind`; the figure is the
# instruction count (Ir) of sim_run alone, and its ratio to the native build of the same row. Every program of a
# kernel must print the same checksum, or the script fails. bench/README.md ("Accessor cost") has the figures.
#
#   bench/accessors.sh                 # prints the tables; also in bench/out/accessors/results.txt
#   EXPLORE=1 bench/accessors.sh       # also the other sound idioms of bench/accessors/explore/ (particle, C)
#
# Environment: OUT (output directory), RUSTC (default: rustc on PATH, else ~/.cargo/bin/rustc), EXPLORE=1.
set -euo pipefail
here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
src="$here/accessors"
out="${OUT:-$here/out/accessors}"

fail() { echo "accessors.sh: $*" >&2; exit 1; }
for t in gcc clang valgrind callgrind_annotate nm; do
  command -v "$t" >/dev/null 2>&1 || fail "$t is needed"
done
rustc="${RUSTC:-$(command -v rustc || echo "$HOME/.cargo/bin/rustc")}"
[ -x "$rustc" ] || fail "rustc is needed (set RUSTC)"
if ! ls "$root"/race-cli/target/race-cli-*-cli.jar >/dev/null 2>&1; then
  echo "== building race (mvn -B -q package -DskipTests)"
  (cd "$root" && mvn -B -q package -DskipTests)
fi
rm -rf "$out"
mkdir -p "$out/bindings"
# a copy of the CLI jar, so that a rebuild of the checkout during the run cannot change it under us
cp "$(ls "$root"/race-cli/target/race-cli-*-cli.jar | tail -1)" "$out/race.jar"
race() { "${JAVA:-java}" -XX:+UseParallelGC -jar "$out/race.jar" "$@"; }

# The bindings, generated from each crate's .steg as a user of RACE generates them. The wide kernel's naive
# header is the generated one with race_const(M) replaced by the cast ((size_t)M).
mkdir -p "$out/wide-bindings" "$out/wide-naive"
race bindgen --lang c -o "$out/bindings/sim.h" "$src/sim.steg"
race bindgen --lang rust -o "$out/bindings/sim.rs" "$src/sim.steg"
race bindgen --lang c -o "$out/wide-bindings/wide.h" "$src/wide/wide.steg"
sed 's/race_const(\(__race_[A-Za-z0-9_]*\))/((size_t)\1)/g' "$out/wide-bindings/wide.h" >"$out/wide-naive/wide.h"
if grep 'return' "$out/wide-naive/wide.h" | grep -q 'race_const(__race'; then
  fail "the naive wide.h still reads a marker through race_const"
fi

cflags=(-ffreestanding -fno-stack-protector -fno-builtin -fno-asynchronous-unwind-tables
  -Wall -Wextra -Werror)

# ir PROGRAM: callgrind's instruction count of sim_run (the linked program has a symbol table, but valgrind
# names its functions by address, so the address comes from nm).
ir() {
  local prog="$1" cg="$1.callgrind" addr
  valgrind --tool=callgrind --callgrind-out-file="$cg" "$prog" >"$prog.out" 2>"$prog.valgrind"
  addr="$(nm "$prog" | awk '$3 == "sim_run" { print $1 }')"
  [ -n "$addr" ] || fail "$prog has no sim_run"
  callgrind_annotate --threshold=100 "$cg" \
    | awk -v a="0x$addr" '{ for (i = 2; i <= NF; i++) if ($i ~ ("(^|:)(" a "|sim_run)$")) { gsub(",", "", $1); print $1; exit } }'
}

results="$out/results.txt"
: >"$results"
row() { printf '%-22s' "$1"; shift; printf ' %21s' "$@"; printf '\n'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# link_and_measure NAME STEG KERNEL.o: packs NAME-rt.o and the kernel object into the crate of STEG, links,
# runs, checks the checksum against the first program of the same kernel; sets IR to the Ir of sim_run.
expected=""
link_and_measure() {
  local name="$1" steg="$2" kernel="$3"
  race pack --steg "$steg" -o "$out/$name.rcrate" "$out/$name-rt.o" "$kernel" >/dev/null
  IR=""
  if ! race link -o "$out/$name" "$out/$name.rcrate" >/dev/null 2>"$out/$name.link-errors"; then
    # only the naive idiom may produce an instruction form the patcher refuses (docs/markers.md)
    case "$name" in *-naive) return 0 ;; esac
    cat "$out/$name.link-errors" >&2
    fail "race link refused $name"
  fi
  IR="$(ir "$out/$name")"
  [ -n "$IR" ] || fail "no instruction count for sim_run in $out/$name.callgrind"
  local sum
  sum="$(cat "$out/$name.out")"
  case "$sum" in checksum\ *) ;; *) fail "$name printed '$sum', not a checksum" ;; esac
  if [ -z "$expected" ]; then
    expected="$sum"
  elif [ "$sum" != "$expected" ]; then
    fail "$name printed '$sum', the first program of its kernel printed '$expected'"
  fi
}

# c_table TITLE STEG KERNEL.c VARIANT=INCLUDE_DIR...: one row per C compiler configuration.
c_table() {
  local title="$1" steg="$2" kernel="$3" tag
  shift 3
  tag="$(basename "$(dirname "$kernel")")"
  local vs=() dirs=() vd
  for vd in "$@"; do
    vs+=("${vd%%=*}")
    dirs+=("${vd#*=}")
  done
  expected=""
  {
    echo
    echo "$title"
    row "compiler" "${vs[@]}"
  } | tee -a "$results"
  local cc compiler opt pic cols native i name
  for cc in "gcc -O2 -fno-pie" "gcc -O3 -fno-pie" "clang -O2 -fno-pie" "clang -O3 -fno-pie" \
            "gcc -O2 -fPIE" "clang -O2 -fPIE"; do
    read -r compiler opt pic <<<"$cc"
    cols=()
    native=""
    for i in "${!vs[@]}"; do
      if [ "${vs[$i]}" = imm ] && [ "$pic" != -fno-pie ]; then
        cols+=("n/a")  # an "i" operand cannot be a symbol in position-independent code
        continue
      fi
      name="$tag-$compiler$opt$pic-${vs[$i]}"
      $compiler "$opt" "$pic" "${cflags[@]}" -c "$src/rt.c" -o "$out/$name-rt.o"
      $compiler "$opt" "$pic" "${cflags[@]}" -I "${dirs[$i]}" -c "$kernel" -o "$out/$name-kernel.o"
      link_and_measure "$name" "$steg" "$out/$name-kernel.o"
      if [ -z "$IR" ]; then
        cols+=("refused by the link")
        continue
      fi
      [ -n "$native" ] || native="$IR"
      cols+=("$IR ($(ratio "$IR" "$native"))")
    done
    row "$cc" "${cols[@]}" | tee -a "$results"
  done
  echo "every program printed: $expected" | tee -a "$results"
}

particle=(native="$src/native" naive="$src/naive" bindings="$out/bindings")
if [ "${EXPLORE:-}" = 1 ]; then
  for d in "$src"/explore/*/; do
    particle+=("$(basename "$d")=$d")
  done
fi
echo "callgrind Ir of sim_run, x86-64; each ratio is to the native build of the same row" | tee -a "$results"
c_table "particle kernel (bench/accessors/kernel.c: 4096 particles, 100 steps)" \
  "$src/sim.steg" "$src/kernel.c" "${particle[@]}"

rustflags=(--edition 2021 --crate-type lib --emit obj -C panic=abort -C relocation-model=static)
declare -A rsmod=([native]="$src/rust/native.rs" [naive]="$src/rust/naive.rs" [bindings]="$out/bindings/sim.rs")
expected=""
{
  echo
  echo "the particle kernel in Rust (bench/accessors/rust/kernel.rs)"
  row "compiler" native naive bindings
} | tee -a "$results"
for ro in "-O" "-C opt-level=3"; do
  cols=()
  native=""
  for v in native naive bindings; do
    name="rust-rustc${ro// /}-$v"
    gcc -O2 -fno-pie "${cflags[@]}" -c "$src/rt.c" -o "$out/$name-rt.o"
    mkdir -p "$out/$name-src"
    cp "$src/rust/kernel.rs" "$out/$name-src/kernel.rs"
    cp "${rsmod[$v]}" "$out/$name-src/sim.rs"
    # shellcheck disable=SC2086
    "$rustc" "${rustflags[@]}" $ro "$out/$name-src/kernel.rs" -o "$out/$name-kernel.o"
    link_and_measure "$name" "$src/sim.steg" "$out/$name-kernel.o"
    [ -n "$native" ] || native="$IR"
    cols+=("$IR ($(ratio "$IR" "$native"))")
  done
  row "rustc $ro" "${cols[@]}" | tee -a "$results"
done
echo "every program printed: $expected (the C particle programs too)" | tee -a "$results"
c_sum="$(cat "$out/accessors-gcc-O2-fno-pie-native.out")"
[ "$expected" = "$c_sum" ] || fail "the Rust programs printed '$expected', the C ones '$c_sum'"

c_table "wide kernel (bench/accessors/wide/kernel.c: 4096 cells of 12 fields, 100 steps)" \
  "$src/wide/wide.steg" "$src/wide/kernel.c" \
  native="$src/wide/native" naive="$out/wide-naive" bindings="$out/wide-bindings"
