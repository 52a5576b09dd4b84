#!/usr/bin/env bash
# The drift demo: a plugin compiled once against engine 1.0 is linked, unchanged, with engine 1.0, with
# engine 2.0 (whose Transform gained fields in a new order) and with engine 3.0 (whose Transform.scale
# changed type). The first two links run and agree; the third is refused at link time.
#
#   examples/drift/run.sh            # from anywhere; builds the race jar first if it is missing
#   CFLAGS_EXTRA=-fpie examples/drift/run.sh   # the same with position-independent objects
#   CC=aarch64-linux-gnu-gcc examples/drift/run.sh   # for AArch64; the programs run under qemu-aarch64
#
# Output goes to examples/drift/out/ (or $OUT). Exit status 0 when all three outcomes are as expected.
set -euo pipefail
here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${OUT:-$here/out}"
race="$root/bin/race"
cc="${CC:-gcc}"
runner=()
case "$cc" in
  *aarch64*) runner=(qemu-aarch64) ;;
esac
cflags=(-O2 -fno-pic -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin)
if [ -n "${CFLAGS_EXTRA:-}" ]; then
  # shellcheck disable=SC2206
  cflags=(-O2 -ffreestanding -fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin $CFLAGS_EXTRA)
fi

if ! ls "$root"/race-cli/target/race-cli-*-cli.jar >/dev/null 2>&1; then
  echo "== building race (mvn -B -q package -DskipTests)"
  (cd "$root" && mvn -B -q package -DskipTests)
fi
mkdir -p "$out"
rm -f "$out"/app-*

step() { printf '\n== %s\n' "$*"; }

target=x86_64
[ ${#runner[@]} -eq 0 ] || target=aarch64

step "generate each engine's C bindings from its STEG, then compile and pack engine 1.0, 2.0 and 3.0"
for v in 1.0 2.0 3.0; do
  mkdir -p "$out/engine-$v"
  "$race" bindgen --lang c --target "$target" -o "$out/engine-$v/engine.h" "$here/engine-$v/engine.steg"
  "$cc" "${cflags[@]}" -I "$out/engine-$v" -c "$here/engine-$v/engine.c" -o "$out/engine-$v.o"
  "$race" pack --steg "$here/engine-$v/engine.steg" -o "$out/engine-$v.rcrate" "$out/engine-$v.o"
done

step "generate the plugin's bindings (plugin.h includes engine 1.0's engine.h) and compile the plugin once"
mkdir -p "$out/plugin-c"
"$race" bindgen --lang c --target "$target" -o "$out/plugin-c/engine.h" "$here/engine-1.0/engine.steg"
"$race" bindgen --lang c --target "$target" --import "$here/engine-1.0/engine.steg" \
  -o "$out/plugin-c/plugin.h" "$here/plugin/plugin.steg"
"$cc" "${cflags[@]}" -I "$out/plugin-c" -c "$here/plugin/plugin.c" -o "$out/plugin.o"
"$race" pack --steg "$here/plugin/plugin.steg" --import "$here/engine-1.0/engine.steg" \
  -o "$out/plugin.rcrate" "$out/plugin.o"

step "link the plugin with engine 1.0 and run it"
"$race" link -o "$out/app-1.0" "$out/engine-1.0.rcrate" "$out/plugin.rcrate"
"${runner[@]}" "$out/app-1.0" | tee "$out/app-1.0.txt"

step "link the SAME plugin.rcrate with engine 2.0 (Transform gained layer and rotation, fields reordered)"
"$race" link --map "$out/app-2.0.map" -o "$out/app-2.0" "$out/engine-2.0.rcrate" "$out/plugin.rcrate"
"${runner[@]}" "$out/app-2.0" | tee "$out/app-2.0.txt"

# The Rust plugin: rustup's rustc for x86-64; for AArch64 a rustc with that target's core library (Debian's
# rustc-web: /usr/bin/rustc with libstd-rust-web-dev:arm64, which .ci/run installs), or $RUSTC_AARCH64.
rustc_cmd=()
if [ ${#runner[@]} -eq 0 ]; then
  command -v rustc >/dev/null 2>&1 && rustc_cmd=(rustc)
else
  r="${RUSTC_AARCH64:-/usr/bin/rustc}"
  if [ -x "$r" ] && "$r" --print target-libdir --target aarch64-unknown-linux-gnu 2>/dev/null | xargs test -d; then
    rustc_cmd=("$r" --target aarch64-unknown-linux-gnu)
  fi
fi
if [ ${#rustc_cmd[@]} -gt 0 ]; then
  step "the same plugin in Rust on its generated bindings (rustc, no_std, relocation-model=static), linked with engine 2.0"
  mkdir -p "$out/plugin-rust"
  "$race" bindgen --lang rust --target "$target" -o "$out/plugin-rust/engine.rs" "$here/engine-1.0/engine.steg"
  "$race" bindgen --lang rust --target "$target" --import "$here/engine-1.0/engine.steg" \
    -o "$out/plugin-rust/plugin.rs" "$here/plugin/plugin.steg"
  cp "$here/plugin-rust/lib.rs" "$out/plugin-rust/lib.rs"
  "${rustc_cmd[@]}" --edition 2021 --crate-type lib --emit obj -O -C panic=abort -C relocation-model=static \
    "$out/plugin-rust/lib.rs" -o "$out/plugin-rs.o"
  "$race" pack --steg "$here/plugin/plugin.steg" --import "$here/engine-1.0/engine.steg" \
    -o "$out/plugin-rs.rcrate" "$out/plugin-rs.o"
  "$race" link -o "$out/app-rs-2.0" "$out/engine-2.0.rcrate" "$out/plugin-rs.rcrate"
  "${runner[@]}" "$out/app-rs-2.0" | tee "$out/app-rs-2.0.txt"
fi

step "link the SAME plugin.rcrate with engine 3.0 (Transform.scale changed from i32 to f32): refused"
set +e
"$race" link -o "$out/app-3.0" "$out/engine-3.0.rcrate" "$out/plugin.rcrate" 2>"$out/app-3.0.err"
status=$?
set -e
cat "$out/app-3.0.err"

fail() { echo "drift demo: FAILED: $*" >&2; exit 1; }
grep -q 'pos = (1, 64, 3), scale = 2$' "$out/app-1.0.txt" || fail "engine 1.0 run printed the wrong transform"
grep -q 'pos = (1, 64, 3), scale = 2, layer = 1, rotation = 90$' "$out/app-2.0.txt" \
  || fail "engine 2.0 run printed the wrong transform"
grep -q 'mass = 70, velocity = -9$' "$out/app-1.0.txt" || fail "engine 1.0 run printed the wrong body"
grep -q 'mass = 70, velocity = -9$' "$out/app-2.0.txt" || fail "engine 2.0 run printed the wrong body"
if [ -e "$out/app-rs-2.0.txt" ]; then
  grep -q 'pos = (1, 64, 3), scale = 2, layer = 1, rotation = 90$' "$out/app-rs-2.0.txt" \
    || fail "the Rust plugin printed the wrong transform"
fi
[ "$status" -eq 1 ] || fail "the engine 3.0 link exited with $status, expected 1 (refused)"
grep -q 'engine::Transform.scale' "$out/app-3.0.err" || fail "the refusal does not name engine::Transform.scale"
[ ! -e "$out/app-3.0" ] || fail "a refused link left an output file"
printf '\ndrift demo: OK (1.0 and 2.0 link and agree; 3.0 is refused before anything is written)\n'
