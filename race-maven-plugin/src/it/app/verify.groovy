// app = engine 2.0 + physics (the drift demo's plugin, built and packed against engine 1.0): it links and runs,
// and prints what the engine 2.0 run of examples/drift/run.sh prints.
def exe = new File(basedir, 'target/app-1.0')
assert exe.isFile() : "race:link wrote no ${exe}"
def p = [exe.absolutePath].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
println out
assert p.exitValue() == 0 : "app exited with ${p.exitValue()}: ${err}"
assert out.toString().contains('plugin 1.0 (built against engine 1.0): Body is 32 bytes; mass = 70, velocity = -9')
assert out.toString().contains('engine 2.0: Transform is 24 bytes; pos = (1, 64, 3), scale = 2, layer = 1, rotation = 90')
def log = new File(basedir, 'build.log').text
// Maven mediated engine 2.0 (direct) over physics' engine 1.0, and the link used the x86_64 artifacts
assert log.contains('dev.race.it:engine:2.0 (crate engine 2.0.0)')
assert !log.contains('engine-1.0-x86_64.rcrate')
return true
