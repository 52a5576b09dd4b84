// engine 2.0 with the Rust plugin (rustc through race:compile, packed against engine 1.0): it links and runs
def exe = new File(basedir, 'target/app-rust-1.0')
assert exe.isFile() : "race:link wrote no ${exe}"
def p = [exe.absolutePath].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
println out
assert p.exitValue() == 0 : "app exited with ${p.exitValue()}: ${err}"
assert out.toString().contains('engine 2.0: Transform is 24 bytes; pos = (1, 64, 3), scale = 2, layer = 1, rotation = 90')
assert out.toString().contains('mass = 70, velocity = -9')
assert new File(basedir, 'build.log').text.contains('dev.race.it:physics-rust:1.0 (crate plugin 1.0.0)')
return true
