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
