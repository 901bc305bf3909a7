package replica

import (
	"embed"

	"github.com/plmlab/plmlab/internal/fingerprint"
)

// source is this package's code, for the fingerprint that keys cached
// results (see internal/fingerprint).
//
//go:embed *.go
var source embed.FS

func init() { fingerprint.Register("github.com/plmlab/plmlab/experiment/replica", source) }
