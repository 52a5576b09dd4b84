// forget what an earlier run of this build cached, so the engine is downloaded from race-remote every time
def cached = new File(localRepositoryPath, 'dev/race/it/remote')
assert !cached.exists() || cached.deleteDir()
return true
