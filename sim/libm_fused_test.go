//go:build !amd64 || amd64.v3

package sim

// stdlibUnfused: the compiler may fuse the standard library's products here.
const stdlibUnfused = false
