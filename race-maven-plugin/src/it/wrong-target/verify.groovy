// engine 3.0 is installed for x86_64 only: an aarch64 build names the dependency and the classifier to build
def log = new File(basedir, 'build.log').text
assert log.contains('dependency dev.race.it:engine:3.0 has no .rcrate for target aarch64 (classifier aarch64)')
assert log.contains('<target>aarch64</target>')
assert !log.contains('\tat dev.race') && !log.contains('Exception:')
return true
