// engine 3.0 changed Transform.scale from i32 to f32: the link is refused with the contract message, naming the
// dependencies, and no executable is written.
def log = new File(basedir, 'build.log').text
assert log.contains('RACE refused to link app-engine3')
assert log.contains('dev.race.it:engine:3.0 (crate engine 3.0.0)')
assert log.contains('engine::Transform.scale')
assert !log.contains('\tat dev.race') && !log.contains('Exception:')
assert !new File(basedir, 'target/app-engine3-1.0').exists()
return true
