// the STEG declares a function no object defines: race:pack fails naming the .steg and the objects, with
// RACE's message naming the function
def log = new File(basedir, 'build.log').text
assert log.contains('do not match') && log.contains('lonely.steg')
assert log.contains('lonely_answer')
assert !log.contains('\tat dev.race') && !log.contains('Exception:')
assert !new File(basedir, 'target/undefined-fn-1.0-x86_64.rcrate').exists()
return true
