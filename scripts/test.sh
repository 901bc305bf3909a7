#!/usr/bin/env bash
# Runs every test of plmlab: go vet, the Go tests (pure Go, and again with
# OpenBLAS where libopenblas is installed).
#   scripts/test.sh            all tests
#   scripts/test.sh -short     skip the slow ones
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

command -v go >/dev/null || { echo "test: Go is not installed (https://go.dev/dl, Go ≥ 1.24)" >&2; exit 1; }

step "go vet"
go vet ./...

step "go test (pure-Go BLAS)"
go test "$@" ./...

if ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so'; then
  step "go test -tags openblas (OpenBLAS backend)"
  go test -tags openblas "$@" ./internal/linalg ./plm
else
  step "OpenBLAS not installed: skipping the OpenBLAS backend tests (apt-get install libopenblas-dev)"
fi
