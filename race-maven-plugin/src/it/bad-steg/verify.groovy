// a syntax error in the crate's .steg fails the build at its line and column, with no stack trace
def log = new File(basedir, 'build.log').text
assert log.contains('broken.steg does not compile')
assert log =~ /broken\.steg:2:\d+: error: /
assert !log.contains('\tat dev.race') && !log.contains('Exception:')
return true
