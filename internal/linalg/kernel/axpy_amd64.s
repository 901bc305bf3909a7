#include "textflag.h"

// func axpyMixedAVX2(alpha float64, x []float32, y []float64)
// Multiply and add are separate instructions (no FMA), so every element is
// rounded exactly as in the Go loop.
TEXT ·axpyMixedAVX2(SB), NOSPLIT, $0-56
	VBROADCASTSD alpha+0(FP), Y0
	MOVQ x_base+8(FP), SI
	MOVQ x_len+16(FP), CX
	MOVQ y_base+32(FP), DI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   tail

loop16:
	VCVTPS2PD (SI)(AX*4), Y1
	VCVTPS2PD 16(SI)(AX*4), Y2
	VCVTPS2PD 32(SI)(AX*4), Y3
	VCVTPS2PD 48(SI)(AX*4), Y4
	VMULPD    Y0, Y1, Y1
	VMULPD    Y0, Y2, Y2
	VMULPD    Y0, Y3, Y3
	VMULPD    Y0, Y4, Y4
	VADDPD    (DI)(AX*8), Y1, Y1
	VADDPD    32(DI)(AX*8), Y2, Y2
	VADDPD    64(DI)(AX*8), Y3, Y3
	VADDPD    96(DI)(AX*8), Y4, Y4
	VMOVUPD   Y1, (DI)(AX*8)
	VMOVUPD   Y2, 32(DI)(AX*8)
	VMOVUPD   Y3, 64(DI)(AX*8)
	VMOVUPD   Y4, 96(DI)(AX*8)
	ADDQ      $16, AX
	CMPQ      AX, BX
	JLT       loop16

tail:
	CMPQ AX, CX
	JGE  done
	VCVTSS2SD (SI)(AX*4), X1, X1
	VMULSD    X0, X1, X1
	VADDSD    (DI)(AX*8), X1, X1
	VMOVSD    X1, (DI)(AX*8)
	INCQ      AX
	JMP       tail

done:
	VZEROUPPER
	RET

// func cpuid(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// func axpyMixedAVX512(alpha float64, x []float32, y []float64)
TEXT ·axpyMixedAVX512(SB), NOSPLIT, $0-56
	VBROADCASTSD alpha+0(FP), Z0
	MOVQ x_base+8(FP), SI
	MOVQ x_len+16(FP), CX
	MOVQ y_base+32(FP), DI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   tail512

loop32:
	VCVTPS2PD (SI)(AX*4), Z1
	VCVTPS2PD 32(SI)(AX*4), Z2
	VCVTPS2PD 64(SI)(AX*4), Z3
	VCVTPS2PD 96(SI)(AX*4), Z4
	VMULPD    Z0, Z1, Z1
	VMULPD    Z0, Z2, Z2
	VMULPD    Z0, Z3, Z3
	VMULPD    Z0, Z4, Z4
	VADDPD    (DI)(AX*8), Z1, Z1
	VADDPD    64(DI)(AX*8), Z2, Z2
	VADDPD    128(DI)(AX*8), Z3, Z3
	VADDPD    192(DI)(AX*8), Z4, Z4
	VMOVUPD   Z1, (DI)(AX*8)
	VMOVUPD   Z2, 64(DI)(AX*8)
	VMOVUPD   Z3, 128(DI)(AX*8)
	VMOVUPD   Z4, 192(DI)(AX*8)
	ADDQ      $32, AX
	CMPQ      AX, BX
	JLT       loop32

tail512:
	CMPQ AX, CX
	JGE  done512
	VCVTSS2SD (SI)(AX*4), X1, X1
	VMULSD    X0, X1, X1
	VADDSD    (DI)(AX*8), X1, X1
	VMOVSD    X1, (DI)(AX*8)
	INCQ      AX
	JMP       tail512

done512:
	VZEROUPPER
	RET

// func signMismatchAVX512(h, x []float64, mask []uint64)
// len(h) = len(x) is a multiple of 8; mask is zeroed and long enough. Byte k
// of mask holds elements 8k…8k+7 (little-endian words).
TEXT ·signMismatchAVX512(SB), NOSPLIT, $0-72
	MOVQ h_base+0(FP), SI
	MOVQ h_len+8(FP), CX
	MOVQ x_base+24(FP), DI
	MOVQ mask_base+48(FP), R8
	VXORPD Z0, Z0, Z0
	XORQ AX, AX
	XORQ DX, DX

loop8:
	CMPQ AX, CX
	JGE  doneSign
	VMOVUPD (SI)(AX*8), Z1
	VMOVUPD (DI)(AX*8), Z2
	VCMPPD  $0x1d, Z0, Z1, K1 // h ≥ 0 (false for NaN)
	VCMPPD  $0x11, Z0, Z2, K2 // x < 0
	KXNORB  K1, K2, K3        // mismatch: h ≥ 0 exactly when x < 0
	KMOVB   K3, BX
	MOVB    BX, (R8)(DX*1)
	ADDQ    $8, AX
	INCQ    DX
	JMP     loop8

doneSign:
	VZEROUPPER
	RET

// func axpyMixed4AVX512(a *[4]float64, c *[4]*float32, y *float64, n int)
// y_i = (((y_i + a0 c0_i) + a1 c1_i) + a2 c2_i) + a3 c3_i, rounded after
// every product and sum as four AxpyMixed calls would be, with y read and
// written once. n is a multiple of 8.
TEXT ·axpyMixed4AVX512(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), AX
	VBROADCASTSD 0(AX), Z0
	VBROADCASTSD 8(AX), Z1
	VBROADCASTSD 16(AX), Z2
	VBROADCASTSD 24(AX), Z3
	MOVQ c+8(FP), AX
	MOVQ 0(AX), R8
	MOVQ 8(AX), R9
	MOVQ 16(AX), R10
	MOVQ 24(AX), R11
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	XORQ AX, AX

loop4:
	CMPQ AX, CX
	JGE  done4
	VMOVUPD   (DI)(AX*8), Z4
	VCVTPS2PD (R8)(AX*4), Z5
	VCVTPS2PD (R9)(AX*4), Z6
	VCVTPS2PD (R10)(AX*4), Z7
	VCVTPS2PD (R11)(AX*4), Z8
	VMULPD    Z0, Z5, Z5
	VMULPD    Z1, Z6, Z6
	VMULPD    Z2, Z7, Z7
	VMULPD    Z3, Z8, Z8
	VADDPD    Z5, Z4, Z4
	VADDPD    Z6, Z4, Z4
	VADDPD    Z7, Z4, Z4
	VADDPD    Z8, Z4, Z4
	VMOVUPD   Z4, (DI)(AX*8)
	ADDQ      $8, AX
	JMP       loop4

done4:
	VZEROUPPER
	RET

// func sumRows64AVX512(dst, base *float32, offs *int, n, last int) (bad int)
// dst[0:64] = ((0 + row0) + row1) + …, row k = base[offs[k]:], each column
// summed in row order as the Go loop does. An offset above last (unsigned,
// so negatives too) stops it with bad = 1 before the row is read.
TEXT ·sumRows64AVX512(SB), NOSPLIT, $0-48
	MOVQ   dst+0(FP), DI
	MOVQ   base+8(FP), SI
	MOVQ   offs+16(FP), R8
	MOVQ   n+24(FP), CX
	MOVQ   last+32(FP), R9
	MOVQ   $0, bad+40(FP)
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	XORQ   AX, AX

sumLoop512:
	MOVQ   (R8)(AX*8), BX
	CMPQ   BX, R9
	JHI    sumBad512
	LEAQ   (SI)(BX*4), DX
	VADDPS (DX), Z0, Z0
	VADDPS 64(DX), Z1, Z1
	VADDPS 128(DX), Z2, Z2
	VADDPS 192(DX), Z3, Z3
	INCQ   AX
	CMPQ   AX, CX
	JLT    sumLoop512
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	VZEROUPPER
	RET

sumBad512:
	MOVQ $1, bad+40(FP)
	VZEROUPPER
	RET

// func sumRows64AVX2(dst, base *float32, offs *int, n, last int) (bad int)
TEXT ·sumRows64AVX2(SB), NOSPLIT, $0-48
	MOVQ   dst+0(FP), DI
	MOVQ   base+8(FP), SI
	MOVQ   offs+16(FP), R8
	MOVQ   n+24(FP), CX
	MOVQ   last+32(FP), R9
	MOVQ   $0, bad+40(FP)
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	XORQ   AX, AX

sumLoop256:
	MOVQ   (R8)(AX*8), BX
	CMPQ   BX, R9
	JHI    sumBad256
	LEAQ   (SI)(BX*4), DX
	VADDPS (DX), Y0, Y0
	VADDPS 32(DX), Y1, Y1
	VADDPS 64(DX), Y2, Y2
	VADDPS 96(DX), Y3, Y3
	VADDPS 128(DX), Y4, Y4
	VADDPS 160(DX), Y5, Y5
	VADDPS 192(DX), Y6, Y6
	VADDPS 224(DX), Y7, Y7
	INCQ   AX
	CMPQ   AX, CX
	JLT    sumLoop256
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	VZEROUPPER
	RET

sumBad256:
	MOVQ $1, bad+40(FP)
	VZEROUPPER
	RET

// func addRows64AVX512(base *float32, offs *int, n int, src *float32, last int) (bad int)
TEXT ·addRows64AVX512(SB), NOSPLIT, $0-48
	MOVQ    base+0(FP), SI
	MOVQ    offs+8(FP), R8
	MOVQ    n+16(FP), CX
	MOVQ    src+24(FP), DI
	MOVQ    last+32(FP), R9
	MOVQ    $0, bad+40(FP)
	VMOVUPS (DI), Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 192(DI), Z3
	XORQ    AX, AX

addLoop512:
	MOVQ    (R8)(AX*8), BX
	CMPQ    BX, R9
	JHI     addBad512
	LEAQ    (SI)(BX*4), DX
	VADDPS  (DX), Z0, Z4
	VADDPS  64(DX), Z1, Z5
	VADDPS  128(DX), Z2, Z6
	VADDPS  192(DX), Z3, Z7
	VMOVUPS Z4, (DX)
	VMOVUPS Z5, 64(DX)
	VMOVUPS Z6, 128(DX)
	VMOVUPS Z7, 192(DX)
	INCQ    AX
	CMPQ    AX, CX
	JLT     addLoop512
	VZEROUPPER
	RET

addBad512:
	MOVQ $1, bad+40(FP)
	VZEROUPPER
	RET

// func addRows64AVX2(base *float32, offs *int, n int, src *float32, last int) (bad int)
TEXT ·addRows64AVX2(SB), NOSPLIT, $0-48
	MOVQ    base+0(FP), SI
	MOVQ    offs+8(FP), R8
	MOVQ    n+16(FP), CX
	MOVQ    src+24(FP), DI
	MOVQ    last+32(FP), R9
	MOVQ    $0, bad+40(FP)
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7
	XORQ    AX, AX

addLoop256:
	MOVQ    (R8)(AX*8), BX
	CMPQ    BX, R9
	JHI     addBad256
	LEAQ    (SI)(BX*4), DX
	VADDPS  (DX), Y0, Y8
	VADDPS  32(DX), Y1, Y9
	VADDPS  64(DX), Y2, Y10
	VADDPS  96(DX), Y3, Y11
	VMOVUPS Y8, (DX)
	VMOVUPS Y9, 32(DX)
	VMOVUPS Y10, 64(DX)
	VMOVUPS Y11, 96(DX)
	VADDPS  128(DX), Y4, Y8
	VADDPS  160(DX), Y5, Y9
	VADDPS  192(DX), Y6, Y10
	VADDPS  224(DX), Y7, Y11
	VMOVUPS Y8, 128(DX)
	VMOVUPS Y9, 160(DX)
	VMOVUPS Y10, 192(DX)
	VMOVUPS Y11, 224(DX)
	INCQ    AX
	CMPQ    AX, CX
	JLT     addLoop256
	VZEROUPPER
	RET

addBad256:
	MOVQ $1, bad+40(FP)
	VZEROUPPER
	RET

// func axpyMixed4AVX2(a *[4]float64, c *[4]*float32, y *float64, n int)
// axpyMixed4AVX512 in four lanes: the same roundings in the same order
// (separate multiply and add, no FMA). n is a multiple of 8.
TEXT ·axpyMixed4AVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), AX
	VBROADCASTSD 0(AX), Y0
	VBROADCASTSD 8(AX), Y1
	VBROADCASTSD 16(AX), Y2
	VBROADCASTSD 24(AX), Y3
	MOVQ c+8(FP), AX
	MOVQ 0(AX), R8
	MOVQ 8(AX), R9
	MOVQ 16(AX), R10
	MOVQ 24(AX), R11
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	XORQ AX, AX

loop4x2:
	CMPQ AX, CX
	JGE  done4x2
	VMOVUPD   (DI)(AX*8), Y4
	VMOVUPD   32(DI)(AX*8), Y9
	VCVTPS2PD (R8)(AX*4), Y5
	VCVTPS2PD 16(R8)(AX*4), Y10
	VCVTPS2PD (R9)(AX*4), Y6
	VCVTPS2PD 16(R9)(AX*4), Y11
	VCVTPS2PD (R10)(AX*4), Y7
	VCVTPS2PD 16(R10)(AX*4), Y12
	VCVTPS2PD (R11)(AX*4), Y8
	VCVTPS2PD 16(R11)(AX*4), Y13
	VMULPD    Y0, Y5, Y5
	VMULPD    Y0, Y10, Y10
	VMULPD    Y1, Y6, Y6
	VMULPD    Y1, Y11, Y11
	VMULPD    Y2, Y7, Y7
	VMULPD    Y2, Y12, Y12
	VMULPD    Y3, Y8, Y8
	VMULPD    Y3, Y13, Y13
	VADDPD    Y5, Y4, Y4
	VADDPD    Y10, Y9, Y9
	VADDPD    Y6, Y4, Y4
	VADDPD    Y11, Y9, Y9
	VADDPD    Y7, Y4, Y4
	VADDPD    Y12, Y9, Y9
	VADDPD    Y8, Y4, Y4
	VADDPD    Y13, Y9, Y9
	VMOVUPD   Y4, (DI)(AX*8)
	VMOVUPD   Y9, 32(DI)(AX*8)
	ADDQ      $8, AX
	JMP       loop4x2

done4x2:
	VZEROUPPER
	RET

// func signMismatchAVX2(h, x []float64, mask []uint64)
// signMismatchAVX512 in four lanes: byte k of mask holds elements
// 8k…8k+7. len(h) = len(x) is a multiple of 8; mask is zeroed.
TEXT ·signMismatchAVX2(SB), NOSPLIT, $0-72
	MOVQ h_base+0(FP), SI
	MOVQ h_len+8(FP), CX
	MOVQ x_base+24(FP), DI
	MOVQ mask_base+48(FP), R8
	VXORPD Y0, Y0, Y0
	XORQ AX, AX
	XORQ DX, DX

loopSign2:
	CMPQ AX, CX
	JGE  doneSign2
	VMOVUPD (SI)(AX*8), Y1
	VMOVUPD 32(SI)(AX*8), Y2
	VMOVUPD (DI)(AX*8), Y3
	VMOVUPD 32(DI)(AX*8), Y4
	VCMPPD  $0x1d, Y0, Y1, Y1 // h ≥ 0 (false for NaN)
	VCMPPD  $0x1d, Y0, Y2, Y2
	VCMPPD  $0x11, Y0, Y3, Y3 // x < 0
	VCMPPD  $0x11, Y0, Y4, Y4
	VXORPD  Y3, Y1, Y1        // set where they differ: no mismatch
	VXORPD  Y4, Y2, Y2
	VMOVMSKPD Y1, BX
	VMOVMSKPD Y2, R9
	SHLQ    $4, R9
	ORQ     R9, BX
	XORQ    $0xff, BX
	MOVB    BX, (R8)(DX*1)
	ADDQ    $8, AX
	INCQ    DX
	JMP     loopSign2

doneSign2:
	VZEROUPPER
	RET
