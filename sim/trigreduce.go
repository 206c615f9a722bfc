package sim

import (
	"math"
	"math/bits"
)

// reduceThreshold is the argument above which sincos reduces by Payne and
// Hanek's method: beyond it, the three-part π/4 loses precision.
const reduceThreshold = 1 << 29

// trigReduce returns the octant j (mod 8) and the remainder z of x > 0
// divided by π/4, mapped as sincos needs, by Payne-Hanek reduction with 64-bit
// integer arithmetic (math's trigReduce: K. C. Ng et al., "Argument
// reduction for huge arguments: good to the last bit", 1992).
func trigReduce(x float64) (j uint64, z float64) {
	const pi4 = math.Pi / 4
	if x < pi4 {
		return 0, x
	}
	const shift, mask, bias = 52, 0x7ff, 1023
	ix := math.Float64bits(x)
	exp := int(ix>>shift&mask) - bias - shift
	ix &^= mask << shift
	ix |= 1 << shift
	digit, bitshift := uint(exp+61)/64, uint(exp+61)%64
	z0 := (mPi4[digit] << bitshift) | (mPi4[digit+1] >> (64 - bitshift))
	z1 := (mPi4[digit+1] << bitshift) | (mPi4[digit+2] >> (64 - bitshift))
	z2 := (mPi4[digit+2] << bitshift) | (mPi4[digit+3] >> (64 - bitshift))
	z2hi, _ := bits.Mul64(z2, ix)
	z1hi, z1lo := bits.Mul64(z1, ix)
	z0lo := z0 * ix
	lo, c := bits.Add64(z1lo, z2hi, 0)
	hi, _ := bits.Add64(z0lo, z1hi, c)
	j = hi >> 61
	hi = hi<<3 | lo>>61
	lz := uint(bits.LeadingZeros64(hi))
	e := uint64(bias - (lz + 1))
	hi = (hi << (lz + 1)) | (lo >> (64 - (lz + 1)))
	hi >>= 64 - shift
	hi |= e << shift
	z = math.Float64frombits(hi)
	if j&1 == 1 { // map zeros to origin
		j++
		j &= 7
		z--
	}
	return j, z * pi4
}

// mPi4 holds the binary digits of 4/π: 4/π = Σ mPi4[i]·2^(−64·i).
var mPi4 = [...]uint64{
	0x0000000000000001,
	0x45f306dc9c882a53,
	0xf84eafa3ea69bb81,
	0xb6c52b3278872083,
	0xfca2c757bd778ac3,
	0x6e48dc74849ba5c0,
	0x0c925dd413a32439,
	0xfc3bd63962534e7d,
	0xd1046bea5d768909,
	0xd338e04d68befc82,
	0x7323ac7306a673e9,
	0x3908bf177bf25076,
	0x3ff12fffbc0b301f,
	0xde5e2316b414da3e,
	0xda6cfd9e4f96136e,
	0x9e8c7ecd3cbfd45a,
	0xea4f758fd7cbe2f6,
	0x7a0e73ef14a525d4,
	0xd7f6bf623f1aba10,
	0xac06608df8f6d757,
}
