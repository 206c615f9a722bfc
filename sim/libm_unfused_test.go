//go:build amd64 && !amd64.v3

package sim

// stdlibUnfused says that the standard library's pure Go math is compiled
// without fused multiply-adds here, so that it computes what libm.go does.
const stdlibUnfused = true
