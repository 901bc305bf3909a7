package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/internal/userfile"
)

// Remote is a data file with a public source and a checksum: what the
// set-up downloads for users (scripts/setup.sh --data) and every loader
// looks for.
type Remote struct {
	Name   string // file name in the data folder
	URL    string // where it is downloaded from
	SHA256 string // hex SHA-256 of the file as downloaded
	Source string // the source in words: repository, commit, path, licence
	Env    string // environment variable whose path wins, if any
}

// The PF13354 (beta-lactamase) files of GitHub pagnani/ArDCAData at one
// commit (MIT licence).
const ardcaData = "https://raw.githubusercontent.com/pagnani/ArDCAData/bfd54c6c4f9f8b2f14b6788ed1feca66b37c4ce8/data/PF13354/"

var (
	// PF13354Alignment is the multiple sequence alignment (7515 × 202).
	PF13354Alignment = Remote{Name: PF13354File, URL: ardcaData + PF13354File,
		SHA256: "6e0550fab311c6bebc0a5dde34cdf67ebd3a384c7346e88662c5097961f2ab35",
		Source: "GitHub repository pagnani/ArDCAData, commit bfd54c6, data/PF13354/" + PF13354File + " (MIT licence)", Env: "PLMLAB_PF13354"}
	// PF13354Structure is the contact map from a structure: residue pairs
	// in alignment numbering with their distance in Å.
	PF13354Structure = Remote{Name: "PF13354_struct.dat", URL: ardcaData + "PF13354_struct.dat",
		SHA256: "a15826d298990f234b1ca8c9df06bd3dac5885c70e8b3bf40f4ed314df240524",
		Source: "GitHub repository pagnani/ArDCAData, commit bfd54c6, data/PF13354/PF13354_struct.dat (MIT licence)", Env: "PLMLAB_PF13354_STRUCT"}
)

// plmc's regression case at one commit (MIT licence): the DHFR alignment
// and the coupling scores plmc's tests/protein.sh expects.
const plmcRepo = "https://raw.githubusercontent.com/debbiemarkslab/plmc/18c9e55/"

var (
	// DHFRAlignment is plmc's example alignment (focus DYR_ECOLI).
	DHFRAlignment = Remote{Name: "plmc/DHFR.a2m", URL: plmcRepo + "example/protein/DHFR.a2m",
		SHA256: "cf707187ed4d4d20a3b53b9486fc4d1ab0c9ed2379bf49f147c2d13f9a73dbfb",
		Source: "GitHub repository debbiemarkslab/plmc, commit 18c9e55, example/protein/DHFR.a2m (MIT licence)", Env: "PLMLAB_DHFR"}
	// DHFRCouplings are plmc's expected scores for its regression test.
	DHFRCouplings = Remote{Name: "plmc/DHFR.couplings", URL: plmcRepo + "tests/DHFR.couplings",
		SHA256: "14085acdee36731e014186d2155301005251b9d71c5774e9e1f61008fbbcd1c2",
		Source: "GitHub repository debbiemarkslab/plmc, commit 18c9e55, tests/DHFR.couplings (MIT licence)", Env: "PLMLAB_DHFR_COUPLINGS"}
)

// Remotes are the files scripts/setup.sh --data fetches.
var Remotes = []Remote{PF13354Alignment, PF13354Structure, DHFRAlignment, DHFRCouplings}

// FetchCommand is what a user runs to download the remote files.
const FetchCommand = "scripts/setup.sh --data"

// DataDir is the user's data folder: $PLMLAB_DATA, else
// $XDG_DATA_HOME/plmlab, else ~/.local/share/plmlab.
func DataDir() (string, error) {
	if d := os.Getenv("PLMLAB_DATA"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "plmlab"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("data: no home folder for the data folder: set PLMLAB_DATA")
	}
	return filepath.Join(home, ".local", "share", "plmlab"), nil
}

// Find returns the path of the file: the path in its environment
// variable, else the file (or the same name gzipped) in the user's data
// folder. A variable that names no regular file is an error, not a reason
// to look elsewhere: the user meant that file. The error says where the
// file comes from and how to get it.
func (r Remote) Find() (string, error) {
	if r.Env != "" {
		if p := os.Getenv(r.Env); p != "" {
			if err := userfile.Check(p); err != nil {
				return "", &VariableError{Var: r.Env, Path: p, Err: err}
			}
			return p, nil
		}
	}
	dir, err := DataDir()
	if err == nil {
		for _, name := range []string{r.Name, r.Name + ".gz"} {
			if p := filepath.Join(dir, name); userfile.Check(p) == nil {
				return p, nil
			}
		}
	}
	return "", r.missing(dir)
}

// VariableError says that an environment variable names a path that is
// not a readable regular file.
type VariableError struct {
	Var, Path string
	Err       error
}

func (e *VariableError) Error() string {
	return fmt.Sprintf("data: %s names %s, which cannot be used (%v): point it at the file, or unset it", e.Var, e.Path, e.Err)
}

func (e *VariableError) Unwrap() error { return e.Err }

func (r Remote) missing(dir string) error {
	where := "the data folder"
	if dir != "" {
		where = dir
	}
	env := ""
	if r.Env != "" {
		env = fmt.Sprintf(", or set %s to its path", r.Env)
	}
	return fmt.Errorf("data: %s not found: run %s to download it from %s into %s%s", r.Name, FetchCommand, r.Source, where, env)
}

// Fetch downloads the file into dir (created if needed) unless a file of
// the right checksum is there already, and returns its path. The bytes are
// checked against SHA256 before the file appears under its name: a
// mismatch, an HTTP error, a file above MaxInputBytes or a cancelled ctx
// leaves nothing behind. progress, if set, receives the bytes so far and
// the total (−1 if unknown).
func (r Remote) Fetch(ctx context.Context, dir string, progress func(done, total int64)) (string, error) {
	if r.Name == "" || r.URL == "" || len(r.SHA256) != 64 {
		return "", fmt.Errorf("data: remote file %q needs a name, a URL and a SHA-256", r.Name)
	}
	path := filepath.Join(dir, r.Name)
	if sum, err := fileSHA256(path); err == nil && sum == r.SHA256 {
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("data: data folder: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return "", fmt.Errorf("data: %s: %w", r.URL, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("data: downloading %s from %s: %w", r.Name, r.Source, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("data: downloading %s from %s: %s (%s)", r.Name, r.Source, resp.Status, r.URL)
	}
	body := &checkedBody{r: resp.Body, h: sha256.New(), total: resp.ContentLength, progress: progress, want: r.SHA256}
	if err := atomicfile.Write(path, body); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("data: downloading %s: %w", r.Name, ctx.Err())
		}
		return "", fmt.Errorf("data: downloading %s from %s: %w", r.Name, r.Source, errors.Unwrap(err))
	}
	return path, nil
}

// checkedBody copies a download, bounded and hashed, and fails before the
// rename if the checksum differs.
type checkedBody struct {
	r        io.Reader
	h        hash.Hash
	done     int64
	total    int64
	progress func(done, total int64)
	want     string
}

func (b *checkedBody) WriteTo(w io.Writer) (int64, error) {
	n, err := io.Copy(io.MultiWriter(w, b.h, b), io.LimitReader(b.r, MaxInputBytes+1))
	if err != nil {
		return n, err
	}
	if n > MaxInputBytes {
		return n, fmt.Errorf("more than %d bytes: not the file expected", MaxInputBytes)
	}
	if got := hex.EncodeToString(b.h.Sum(nil)); got != b.want {
		return n, fmt.Errorf("checksum mismatch: SHA-256 %s, expected %s (%d bytes received; a corrupt or changed file, refused)", got, b.want, n)
	}
	return n, nil
}

// Write counts the bytes received and reports them.
func (b *checkedBody) Write(p []byte) (int, error) {
	b.done += int64(len(p))
	if b.progress != nil {
		b.progress(b.done, b.total)
	}
	return len(p), nil
}

// fileSHA256 is the hex SHA-256 of a file.
func fileSHA256(path string) (string, error) {
	f, err := userfile.Open(path, MaxInputBytes)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
