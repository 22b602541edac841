# Sourced by scripts/test.sh and scripts/reproduce.sh: checks Node and makes pnpm 10 available.
# pnpm is not preinstalled on a fresh machine, and pnpm 11 crashes on Node 20, so an absent or
# other-major pnpm is replaced by pnpm 10.34.9 from npm (into a user prefix when a global
# install is not allowed). Corepack is not used: its signature check fails for this version.

SYNTHCTR_PNPM_VERSION=10.34.9

ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "synthctr needs Node.js 20 or newer with npm; install them first (https://nodejs.org)." >&2
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "synthctr needs Node.js 20 or newer; this is $(node -v). Install Node 20 and rerun." >&2
    exit 1
  fi
}

ensure_pnpm() {
  ensure_node
  if command -v pnpm >/dev/null 2>&1; then
    local found
    found=$(pnpm --version 2>/dev/null || echo unknown)
    case "$found" in
      10.*) return 0 ;;
    esac
    echo "==> pnpm $found found; synthctr needs pnpm 10 (pnpm 11 crashes on Node 20)" >&2
  fi
  echo "==> installing pnpm@$SYNTHCTR_PNPM_VERSION with npm" >&2
  if ! npm install --global "pnpm@$SYNTHCTR_PNPM_VERSION" >&2; then
    local prefix="${HOME:-/tmp}/.local/share/synthctr-pnpm"
    echo "==> a global install is not allowed here; installing into $prefix" >&2
    npm install --global --prefix "$prefix" "pnpm@$SYNTHCTR_PNPM_VERSION" >&2
    export PATH="$prefix/bin:$PATH"
  fi
  hash -r
  echo "==> pnpm $(pnpm --version)" >&2
}
