#include "textflag.h"

DATA sitesConst<>+0(SB)/8, $1.4426950408889634      // log2 e
DATA sitesConst<>+8(SB)/8, $6755399441055744.0      // shift 0x1.8p52
DATA sitesConst<>+16(SB)/8, $6.93147180369123816490e-01 // ln2 hi
DATA sitesConst<>+24(SB)/8, $1.90821492927058770002e-10 // ln2 lo
DATA sitesConst<>+32(SB)/8, $1.0
DATA sitesConst<>+40(SB)/8, $-708.0
DATA sitesConst<>+48(SB)/8, $0.5
DATA sitesConst<>+56(SB)/8, $0.16666666666666666    // 1/6
DATA sitesConst<>+64(SB)/8, $0.041666666666666664   // 1/24
DATA sitesConst<>+72(SB)/8, $0.008333333333333333   // 1/120
DATA sitesConst<>+80(SB)/8, $0.001388888888888889   // 1/720
DATA sitesConst<>+88(SB)/8, $0.0001984126984126984  // 1/5040
DATA sitesConst<>+96(SB)/8, $1023
DATA sitesConst<>+104(SB)/8, $0x8000000000000000
GLOBL sitesConst<>(SB), RODATA|NOPTR, $112

// func fusedSitesAVX512(xs, hs, ss *float32, n int, m2l, c float64, out *[16]float64) (bad int)
// Eight sites per pass, the scalar loop's operations lane by lane:
// z = s·h, u = m2l·z, a = −|u|, e = e^a by range reduction and a degree-7
// Horner polynomial (e = 0 for a < −708), rr = 1/(1+e), σ = e·rr (rr for
// u > 0), S = (c·s)·σ.
TEXT ·fusedSitesAVX512(SB), NOSPLIT, $0-64
	MOVQ xs+0(FP), SI
	MOVQ hs+8(FP), DI
	MOVQ ss+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ out+48(FP), R8
	VBROADCASTSD m2l+32(FP), Z20
	VBROADCASTSD c+40(FP), Z21
	LEAQ sitesConst<>(SB), R9
	VBROADCASTSD 0(R9), Z22
	VBROADCASTSD 8(R9), Z23
	VBROADCASTSD 16(R9), Z24
	VBROADCASTSD 24(R9), Z25
	VBROADCASTSD 32(R9), Z26
	VBROADCASTSD 40(R9), Z27
	VBROADCASTSD 48(R9), Z14
	VBROADCASTSD 56(R9), Z15
	VBROADCASTSD 64(R9), Z16
	VBROADCASTSD 72(R9), Z17
	VBROADCASTSD 80(R9), Z18
	VBROADCASTSD 88(R9), Z19
	VPBROADCASTQ 96(R9), Z13
	VPBROADCASTQ 104(R9), Z12
	VXORPD Z11, Z11, Z11
	VXORPD Z0, Z0, Z0
	VMOVAPD Z26, Z1
	KXORB K7, K7, K7
	XORQ AX, AX

sitesLoop:
	VCVTPS2PD (SI)(AX*4), Z2
	VCVTPS2PD (DI)(AX*4), Z3
	VMULPD    Z3, Z2, Z4         // z = s·h
	VCMPPD    $0x02, Z11, Z4, K2 // z ≤ 0
	KORB      K2, K7, K7
	VMULPD    Z4, Z20, Z5        // u = m2l·z
	VPORQ     Z12, Z5, Z6        // a = −|u|
	VCMPPD    $0x01, Z27, Z6, K3 // a < −708
	VMULPD    Z22, Z6, Z7
	VADDPD    Z23, Z7, Z7        // kf = a·log2e + shift
	VSUBPD    Z23, Z7, Z8        // kr = kf − shift
	VMULPD    Z24, Z8, Z9
	VSUBPD    Z9, Z6, Z9         // a − kr·ln2hi
	VMULPD    Z25, Z8, Z10
	VSUBPD    Z10, Z9, Z9        // r = a − kr·ln2hi − kr·ln2lo
	VMULPD    Z19, Z9, Z10       // r/5040
	VADDPD    Z18, Z10, Z10
	VMULPD    Z10, Z9, Z10
	VADDPD    Z17, Z10, Z10
	VMULPD    Z10, Z9, Z10
	VADDPD    Z16, Z10, Z10
	VMULPD    Z10, Z9, Z10
	VADDPD    Z15, Z10, Z10
	VMULPD    Z10, Z9, Z10
	VADDPD    Z14, Z10, Z10
	VMULPD    Z10, Z9, Z10
	VADDPD    Z26, Z10, Z10
	VMULPD    Z10, Z9, Z10
	VADDPD    Z26, Z10, Z10      // p
	VPSUBQ    Z23, Z7, Z8        // bits(kf) − bits(shift)
	VPADDQ    Z13, Z8, Z8
	VPSLLQ    $52, Z8, Z8        // 2^k
	VMULPD    Z8, Z10, Z10       // e = p·2^k
	VMOVAPD   Z11, K3, Z10       // e = 0 where a < −708
	VADDPD    Z26, Z10, Z9       // 1 + e
	VDIVPD    Z9, Z26, Z8        // rr = 1/(1+e)
	VMULPD    Z9, Z1, Z1         // prod ·= 1 + e
	VMULPD    Z8, Z10, Z10       // σ = e·rr
	VCMPPD    $0x1e, Z11, Z5, K4 // u > 0
	VADDPD    Z5, Z0, K4, Z0     // lin += u
	VMOVAPD   Z8, K4, Z10        // σ = rr
	VMULPD    Z2, Z21, Z9        // c·s
	VMULPD    Z10, Z9, Z9        // (c·s)·σ
	VCVTPD2PS Z9, Y9
	VMOVUPS   Y9, (DX)(AX*4)
	ADDQ      $8, AX
	CMPQ      AX, CX
	JLT       sitesLoop

	VMOVUPD Z0, 0(R8)
	VMOVUPD Z1, 64(R8)
	KMOVB   K7, BX
	MOVQ    BX, bad+56(FP)
	VZEROUPPER
	RET

DATA sites4<>+0(SB)/8, $1.4426950408889634
DATA sites4<>+8(SB)/8, $1.4426950408889634
DATA sites4<>+16(SB)/8, $1.4426950408889634
DATA sites4<>+24(SB)/8, $1.4426950408889634
DATA sites4<>+32(SB)/8, $6755399441055744.0
DATA sites4<>+40(SB)/8, $6755399441055744.0
DATA sites4<>+48(SB)/8, $6755399441055744.0
DATA sites4<>+56(SB)/8, $6755399441055744.0
DATA sites4<>+64(SB)/8, $6.93147180369123816490e-01
DATA sites4<>+72(SB)/8, $6.93147180369123816490e-01
DATA sites4<>+80(SB)/8, $6.93147180369123816490e-01
DATA sites4<>+88(SB)/8, $6.93147180369123816490e-01
DATA sites4<>+96(SB)/8, $1.90821492927058770002e-10
DATA sites4<>+104(SB)/8, $1.90821492927058770002e-10
DATA sites4<>+112(SB)/8, $1.90821492927058770002e-10
DATA sites4<>+120(SB)/8, $1.90821492927058770002e-10
DATA sites4<>+128(SB)/8, $1.0
DATA sites4<>+136(SB)/8, $1.0
DATA sites4<>+144(SB)/8, $1.0
DATA sites4<>+152(SB)/8, $1.0
DATA sites4<>+160(SB)/8, $-708.0
DATA sites4<>+168(SB)/8, $-708.0
DATA sites4<>+176(SB)/8, $-708.0
DATA sites4<>+184(SB)/8, $-708.0
DATA sites4<>+192(SB)/8, $0.5
DATA sites4<>+200(SB)/8, $0.5
DATA sites4<>+208(SB)/8, $0.5
DATA sites4<>+216(SB)/8, $0.5
DATA sites4<>+224(SB)/8, $0.16666666666666666
DATA sites4<>+232(SB)/8, $0.16666666666666666
DATA sites4<>+240(SB)/8, $0.16666666666666666
DATA sites4<>+248(SB)/8, $0.16666666666666666
DATA sites4<>+256(SB)/8, $0.041666666666666664
DATA sites4<>+264(SB)/8, $0.041666666666666664
DATA sites4<>+272(SB)/8, $0.041666666666666664
DATA sites4<>+280(SB)/8, $0.041666666666666664
DATA sites4<>+288(SB)/8, $0.008333333333333333
DATA sites4<>+296(SB)/8, $0.008333333333333333
DATA sites4<>+304(SB)/8, $0.008333333333333333
DATA sites4<>+312(SB)/8, $0.008333333333333333
DATA sites4<>+320(SB)/8, $0.001388888888888889
DATA sites4<>+328(SB)/8, $0.001388888888888889
DATA sites4<>+336(SB)/8, $0.001388888888888889
DATA sites4<>+344(SB)/8, $0.001388888888888889
DATA sites4<>+352(SB)/8, $0.0001984126984126984
DATA sites4<>+360(SB)/8, $0.0001984126984126984
DATA sites4<>+368(SB)/8, $0.0001984126984126984
DATA sites4<>+376(SB)/8, $0.0001984126984126984
DATA sites4<>+384(SB)/8, $1023
DATA sites4<>+392(SB)/8, $1023
DATA sites4<>+400(SB)/8, $1023
DATA sites4<>+408(SB)/8, $1023
DATA sites4<>+416(SB)/8, $0x8000000000000000
DATA sites4<>+424(SB)/8, $0x8000000000000000
DATA sites4<>+432(SB)/8, $0x8000000000000000
DATA sites4<>+440(SB)/8, $0x8000000000000000
DATA sites4<>+448(SB)/8, $0
DATA sites4<>+456(SB)/8, $0
DATA sites4<>+464(SB)/8, $0
DATA sites4<>+472(SB)/8, $0
GLOBL sites4<>(SB), RODATA|NOPTR, $480

// func fusedSitesAVX2(xs, hs, ss *float32, n int, m2l, c float64, out *[16]float64) (bad int)
// fusedSitesAVX512 in two halves of four lanes: sites 8i…8i+3 go to lanes
// 0–3 (Y0 sums, Y1 products), 8i+4…8i+7 to lanes 4–7 (Y13, Y14), so out
// holds the same eight lanes, bit for bit, as with AVX-512. Selects are
// blends and masked adds add +0, which leave the same bits.
TEXT ·fusedSitesAVX2(SB), NOSPLIT, $64-64
	MOVQ xs+0(FP), SI
	MOVQ hs+8(FP), DI
	MOVQ ss+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ out+48(FP), R8
	VBROADCASTSD m2l+32(FP), Y2
	VMOVUPD Y2, m2lv-64(SP)
	VBROADCASTSD c+40(FP), Y2
	VMOVUPD Y2, cv-32(SP)
	VXORPD Y0, Y0, Y0
	VXORPD Y13, Y13, Y13
	VXORPD Y15, Y15, Y15
	VMOVUPD sites4<>+128(SB), Y1
	VMOVUPD Y1, Y14
	XORQ AX, AX

sitesLoop2:
	VCVTPS2PD 0(SI)(AX*4), Y2
	VCVTPS2PD 0(DI)(AX*4), Y3
	VMULPD    Y3, Y2, Y4             // z = s·h
	VCMPPD    $0x02, sites4<>+448(SB), Y4, Y9 // z ≤ 0
	VORPD     Y9, Y15, Y15
	VMULPD    m2lv-64(SP), Y4, Y5    // u = m2l·z
	VORPD     sites4<>+416(SB), Y5, Y6    // a = −|u|
	VCMPPD    $0x01, sites4<>+160(SB), Y6, Y11 // a < −708
	VMULPD    sites4<>+0(SB), Y6, Y7
	VADDPD    sites4<>+32(SB), Y7, Y7   // kf = a·log2e + shift
	VSUBPD    sites4<>+32(SB), Y7, Y8   // kr = kf − shift
	VMULPD    sites4<>+64(SB), Y8, Y9
	VSUBPD    Y9, Y6, Y9             // a − kr·ln2hi
	VMULPD    sites4<>+96(SB), Y8, Y10
	VSUBPD    Y10, Y9, Y9            // r
	VMULPD    sites4<>+352(SB), Y9, Y10  // r/5040
	VADDPD    sites4<>+320(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+288(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+256(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+224(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+192(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+128(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+128(SB), Y10, Y10   // p
	VPSUBQ    sites4<>+32(SB), Y7, Y8   // bits(kf) − bits(shift)
	VPADDQ    sites4<>+384(SB), Y8, Y8
	VPSLLQ    $52, Y8, Y8            // 2^k
	VMULPD    Y8, Y10, Y10           // e = p·2^k
	VANDNPD   Y10, Y11, Y10          // e = 0 where a < −708
	VADDPD    sites4<>+128(SB), Y10, Y9    // 1 + e
	VMOVUPD   sites4<>+128(SB), Y8
	VDIVPD    Y9, Y8, Y8             // rr = 1/(1+e)
	VMULPD    Y9, Y1, Y1     // prod ·= 1 + e
	VMULPD    Y8, Y10, Y10           // σ = e·rr
	VCMPPD    $0x1e, sites4<>+448(SB), Y5, Y12 // u > 0
	VANDPD    Y5, Y12, Y3
	VADDPD    Y3, Y0, Y0       // lin += u (+0 elsewhere: the same bits)
	VBLENDVPD Y12, Y8, Y10, Y10      // σ = rr where u > 0
	VMULPD    cv-32(SP), Y2, Y9      // c·s
	VMULPD    Y10, Y9, Y9            // (c·s)·σ
	VCVTPD2PSY Y9, X9
	VMOVUPS   X9, 0(DX)(AX*4)
	VCVTPS2PD 16(SI)(AX*4), Y2
	VCVTPS2PD 16(DI)(AX*4), Y3
	VMULPD    Y3, Y2, Y4             // z = s·h
	VCMPPD    $0x02, sites4<>+448(SB), Y4, Y9 // z ≤ 0
	VORPD     Y9, Y15, Y15
	VMULPD    m2lv-64(SP), Y4, Y5    // u = m2l·z
	VORPD     sites4<>+416(SB), Y5, Y6    // a = −|u|
	VCMPPD    $0x01, sites4<>+160(SB), Y6, Y11 // a < −708
	VMULPD    sites4<>+0(SB), Y6, Y7
	VADDPD    sites4<>+32(SB), Y7, Y7   // kf = a·log2e + shift
	VSUBPD    sites4<>+32(SB), Y7, Y8   // kr = kf − shift
	VMULPD    sites4<>+64(SB), Y8, Y9
	VSUBPD    Y9, Y6, Y9             // a − kr·ln2hi
	VMULPD    sites4<>+96(SB), Y8, Y10
	VSUBPD    Y10, Y9, Y9            // r
	VMULPD    sites4<>+352(SB), Y9, Y10  // r/5040
	VADDPD    sites4<>+320(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+288(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+256(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+224(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+192(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+128(SB), Y10, Y10
	VMULPD    Y10, Y9, Y10
	VADDPD    sites4<>+128(SB), Y10, Y10   // p
	VPSUBQ    sites4<>+32(SB), Y7, Y8   // bits(kf) − bits(shift)
	VPADDQ    sites4<>+384(SB), Y8, Y8
	VPSLLQ    $52, Y8, Y8            // 2^k
	VMULPD    Y8, Y10, Y10           // e = p·2^k
	VANDNPD   Y10, Y11, Y10          // e = 0 where a < −708
	VADDPD    sites4<>+128(SB), Y10, Y9    // 1 + e
	VMOVUPD   sites4<>+128(SB), Y8
	VDIVPD    Y9, Y8, Y8             // rr = 1/(1+e)
	VMULPD    Y9, Y14, Y14     // prod ·= 1 + e
	VMULPD    Y8, Y10, Y10           // σ = e·rr
	VCMPPD    $0x1e, sites4<>+448(SB), Y5, Y12 // u > 0
	VANDPD    Y5, Y12, Y3
	VADDPD    Y3, Y13, Y13       // lin += u (+0 elsewhere: the same bits)
	VBLENDVPD Y12, Y8, Y10, Y10      // σ = rr where u > 0
	VMULPD    cv-32(SP), Y2, Y9      // c·s
	VMULPD    Y10, Y9, Y9            // (c·s)·σ
	VCVTPD2PSY Y9, X9
	VMOVUPS   X9, 16(DX)(AX*4)
	ADDQ      $8, AX
	CMPQ      AX, CX
	JLT       sitesLoop2

	VMOVUPD Y0, 0(R8)
	VMOVUPD Y13, 32(R8)
	VMOVUPD Y1, 64(R8)
	VMOVUPD Y14, 96(R8)
	VMOVMSKPD Y15, BX
	MOVQ    BX, bad+56(FP)
	VZEROUPPER
	RET
