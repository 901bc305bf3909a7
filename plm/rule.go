package plm

import "context"

// Rule is a learning rule: patterns in, couplings out. Every rule returns
// couplings with zero diagonal.
type Rule interface {
	Couplings(ctx context.Context, xi *Patterns) (*Couplings, error)
}

// RuleFunc adapts a function to the Rule interface.
type RuleFunc func(ctx context.Context, xi *Patterns) (*Couplings, error)

// Couplings calls f.
func (f RuleFunc) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) { return f(ctx, xi) }
