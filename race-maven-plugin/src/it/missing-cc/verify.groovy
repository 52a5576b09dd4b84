// a compiler that is not installed fails the build naming the <cc> parameter
def log = new File(basedir, 'build.log').text
assert log.contains('the compiler <cc>race-no-such-cc</cc> cannot be run')
assert log.contains('install it, or set <cc>')
assert !log.contains('\tat dev.race') && !log.contains('Exception:')
return true
