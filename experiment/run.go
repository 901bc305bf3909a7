package experiment

import (
	"context"
	"fmt"
)

type ctxKey int

const (
	cacheKeyCtx ctxKey = iota
	freshKeyCtx
)

// WithCache makes Cached (and the stages an experiment caches inside it)
// use c; a nil c turns caching off.
func WithCache(ctx context.Context, c *Cache) context.Context {
	return context.WithValue(ctx, cacheKeyCtx, cacheSetting{c})
}

// Fresh makes Cached recompute and overwrite instead of reading entries.
func Fresh(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshKeyCtx, true)
}

type cacheSetting struct{ c *Cache }

// cacheFrom is the cache in ctx, else the default one (nil if none).
func cacheFrom(ctx context.Context) *Cache {
	if s, ok := ctx.Value(cacheKeyCtx).(cacheSetting); ok {
		return s.c
	}
	c, err := DefaultCache()
	if err != nil {
		return nil
	}
	return c
}

// Cached returns e's result from the cache when the same config was run by
// the same library code before; otherwise it runs e and stores the result.
// The cache is the one set by WithCache, else DefaultCache. A result that
// cannot be stored is still returned (the last report says so); a failed or
// cancelled run stores nothing.
func Cached[R Result](ctx context.Context, e Experiment[R], progress Progress) (R, error) {
	var zero R
	if progress == nil {
		progress = func(Report) {}
	}
	if err := e.Validate(); err != nil {
		return zero, err
	}
	c := cacheFrom(ctx)
	if c == nil {
		return e.Run(ctx, progress)
	}
	entry, err := cacheKey(e)
	if err != nil {
		// Unreadable inputs: let Run say what is wrong with them.
		return e.Run(ctx, progress)
	}
	if fresh, _ := ctx.Value(freshKeyCtx).(bool); !fresh {
		var v R
		hit := func() (R, error) {
			progress(Report{Experiment: e.Name(), Done: 1, Total: 1, Step: "from the cache", Cache: "hit"})
			return v, nil
		}
		if c.load(entry, &v) {
			return hit()
		}
		// Another process computing the same entry: wait for it.
		release, loaded, err := c.awaitOrClaim(ctx, entry, &v, func(holder string) {
			progress(Report{Experiment: e.Name(), Step: "waiting for " + holder + ", which computes the same result"})
		})
		if err != nil {
			return zero, err
		}
		if loaded {
			return hit()
		}
		defer release()
	}
	v, err := e.Run(ctx, progress)
	if err != nil {
		return v, err
	}
	if err := c.store(entry, v); err != nil {
		progress(Report{Experiment: e.Name(), Done: 1, Total: 1, Step: "not cached", Detail: err.Error()})
		return v, nil
	}
	progress(Report{Experiment: e.Name(), Done: 1, Total: 1, Step: "done", Detail: fmt.Sprintf("stored in %s", c.Dir), Cache: "stored"})
	return v, nil
}
