//go:build !linux || !(amd64 || arm64)

package npyfile

import "os"

const directAlign = 4096

// setDirect: no direct writes here; everything goes through the cache.
func setDirect(_ *os.File, on bool) bool { return !on }

// startWriteback does nothing where there is no sync_file_range: Close's
// fsync writes everything.
func startWriteback(*os.File, int64, int64) {}
