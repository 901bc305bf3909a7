// Package plm is the science core of plmlab: binary patterns, coupling
// matrices, learning rules, pseudo-likelihood training, zero-temperature
// dynamics, basins of attraction and the replica theory of stabilities;
// and the inverse Ising methods PL is compared with as an inference tool
// (Moments: mean field, TAP, Bethe, independent pair; BoltzmannLearning:
// maximum likelihood).
//
// Conventions used throughout:
//
//   - Spins are ±1, stored as float32. Patterns are P×N, row-major (one
//     pattern per row). Couplings J are N×N, row-major, not necessarily
//     symmetric, with J_ii = 0 enforced by every rule.
//   - The local field is h_i(x) = Σ_{j≠i} J_ij x_j.
//   - The stability of pattern μ at site i is row-norm normalised,
//     Δ_i^μ = ξ_i^μ (J_i·ξ^μ)/‖J_i‖, which is O(1) for random patterns and is
//     the same as ξ_i^μ J_i·ξ^μ/√N for rows on the sphere ‖J_i‖² = N.
//     A pattern is a fixed point of the dynamics iff Δ_i^μ > 0 for all i.
//   - The zero-temperature update is x_i ← sign(h_i) with sign(0) = +1.
//   - The load is α = P/N.
//   - The PL loss is the mean over sites and patterns of the cross-entropy
//     log(1 + e^{−2λ ξ_i h_i}). The authors' code minimises λ⁻¹ times it
//     (−ξ_i h_i + λ⁻¹ log 2cosh λh_i): same minimiser, gradient 1/λ times
//     larger, so their learning rates and clips apply on that scale
//     (PseudoLikelihood.LossScale = InverseLambdaScale). Near J = 0 full-batch
//     gradient descent is stable below StableLearningRate, 2N/(λ²ρ) with ρ
//     the top eigenvalue of the data's correlation matrix.
//   - Every function that draws random numbers takes a seed or a
//     *rand.Rand (math/rand/v2); parallel work is split so that results do
//     not depend on GOMAXPROCS.
//   - Long computations take a context.Context (honoured within a step)
//     and report progress through an optional callback; errors are values
//     whose messages name the bad input. Training stops with a
//     *NonFiniteError at the first non-finite number.
//   - Sizes are checked for overflow and against a memory limit (16 GiB
//     per allocation, or $PLMLAB_MEMORY_LIMIT) before allocating.
//
// The package does no I/O and knows nothing about plotting or notebooks.
package plm
