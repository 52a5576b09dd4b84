// the engine came from the file-based repository (downloaded, with its x86_64 classifier), and the app runs
def log = new File(basedir, 'build.log').text
assert log =~ /Downloaded from race-remote: .*engine-2\.0-x86_64\.rcrate/
assert log.contains('dev.race.it.remote:engine:2.0 (crate engine 2.0.0)')
def exe = new File(basedir, 'target/app-remote-1.0')
def p = [exe.absolutePath].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
println out
assert p.exitValue() == 0 : "app exited with ${p.exitValue()}: ${err}"
assert out.toString().contains('plugin 1.0 (built against engine 1.0): Body is 32 bytes; mass = 70, velocity = -9')
assert out.toString().contains('engine 2.0: Transform is 24 bytes; pos = (1, 64, 3), scale = 2, layer = 1, rotation = 90')
return true
