#!/usr/bin/env bash
# Check the five seed articles together, each at its inferred date (../shared/seeds/README.md).
# Extra arguments go to qzcheck (e.g. --format json).
set -euo pipefail
seeds="${SEEDS:-$(dirname "$0")/../../shared/seeds}"
exec qzcheck --date '000_*=2026-02-15' --date '001_*=2025-12-15' --date '002_*=2026-01-15' \
  --date '003_*=2024-06-15' --date '004_*=2023-03-15' "$@" "$seeds"/0*.txt
