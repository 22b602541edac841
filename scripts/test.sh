#!/usr/bin/env bash
# The whole test suite, as CI runs it, on a machine with only Node 20 and npm:
# installs pnpm if missing, then install (frozen lockfile), lint, typecheck, build, test.
# Extra arguments go to vitest (for example: bash scripts/test.sh --project runtime).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/ensure-pnpm.sh
source scripts/lib/ensure-pnpm.sh
ensure_pnpm

started=$SECONDS
step() {
  echo "==> $* ($((SECONDS - started)) s so far)"
  "$@"
}

step pnpm install --frozen-lockfile
step pnpm lint
step pnpm typecheck
step pnpm build
step pnpm test "$@"
echo "==> all steps passed in $((SECONDS - started)) s"
