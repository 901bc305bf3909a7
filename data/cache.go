package data

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// CacheDir is where Cached stores results: $PLMLAB_CACHE, or plmlab under
// the user's cache directory.
func CacheDir() (string, error) {
	if d := os.Getenv("PLMLAB_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("data: no cache directory (set PLMLAB_CACHE): %w", err)
	}
	return filepath.Join(d, "plmlab"), nil
}

// Cached returns the value stored under (name, params) if there is one, and
// otherwise computes, stores and returns it. Params is anything JSON can
// encode; changing any of its fields gives a new entry. GoNB runs every
// cell as a new program, so notebooks use this to keep a trained network
// from one cell to the next. A corrupt entry is recomputed.
func Cached[T any](name string, params any, compute func() (T, error)) (T, error) {
	var zero T
	key, err := json.Marshal(params)
	if err != nil {
		return zero, fmt.Errorf("data: cache parameters of %q: %w", name, err)
	}
	sum := sha256.Sum256(append([]byte(name+"\x00"), key...))
	dir, err := CacheDir()
	if err != nil {
		return compute()
	}
	path := filepath.Join(dir, name+"-"+hex.EncodeToString(sum[:8])+".gob")
	if f, err := os.Open(path); err == nil {
		var v T
		derr := gob.NewDecoder(f).Decode(&v)
		f.Close()
		if derr == nil {
			return v, nil
		}
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return v, nil
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return v, nil
	}
	if err := gob.NewEncoder(tmp).Encode(v); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return v, nil
	}
	tmp.Close()
	_ = os.Rename(tmp.Name(), path)
	return v, nil
}
