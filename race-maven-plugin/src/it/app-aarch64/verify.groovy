// the same app for AArch64 (engine 2.0 and physics of the classifier aarch64), run under qemu-aarch64
def exe = new File(basedir, 'target/app-aarch64-1.0')
assert exe.isFile() : "race:link wrote no ${exe}"
def p = ['qemu-aarch64', exe.absolutePath].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
println out
assert p.exitValue() == 0 : "app exited with ${p.exitValue()}: ${err}"
assert out.toString().contains('plugin 1.0 (built against engine 1.0): Body is 32 bytes; mass = 70, velocity = -9')
assert out.toString().contains('engine 2.0: Transform is 24 bytes; pos = (1, 64, 3), scale = 2, layer = 1, rotation = 90')
def log = new File(basedir, 'build.log').text
assert log.contains('engine-2.0-aarch64.rcrate') && log.contains('physics-1.0-aarch64.rcrate')
assert log.contains('executable for aarch64')
return true
