// physics and engine 2.0 are installed for x86_64 only: an aarch64 build names the dependency and the classifier
def log = new File(basedir, 'build.log').text
assert log =~ /dependency dev\.race\.it:(engine:2\.0|physics:1\.0) has no \.rcrate for target aarch64 \(classifier aarch64\)/
assert !log.contains('\tat dev.race') && !log.contains('Exception:')
return true
