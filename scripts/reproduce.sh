#!/usr/bin/env bash
# The main job: the study's quick profile on the frappe-pooled protocol, on a machine with only
# Node 20 and npm. Installs pnpm if missing, installs the workspace (frozen lockfile), then runs
#   pnpm reproduce -- --profile quick --split pooled --data-dir ../shared/data/frappe ARGS...
# A default is added only when ARGS do not set that option (the Frappe ones only for Frappe);
# without ../shared/data/frappe and without --data-dir, Frappe is downloaded into the cache
# (SYNTHCTR_CACHE, else ~/.cache/synthctr).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/ensure-pnpm.sh
source scripts/lib/ensure-pnpm.sh
ensure_pnpm

pnpm install --frozen-lockfile

given() {
  local name=$1
  shift
  for arg in "$@"; do
    if [ "$arg" = "$name" ] || [ "${arg%%=*}" = "$name" ]; then return 0; fi
  done
  return 1
}

# The value of option $1 in the remaining arguments (--name value or --name=value), or nothing.
value_of() {
  local name=$1
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      "$name") echo "${2:-}"; return ;;
      "$name"=*) echo "${1#*=}"; return ;;
    esac
    shift
  done
}

dataset=$(value_of --dataset "$@")
defaults=()
given --profile "$@" || defaults+=(--profile quick)
if [ -z "$dataset" ] || [ "$dataset" = frappe ]; then
  given --split "$@" || defaults+=(--split pooled)
  if ! given --data-dir "$@" && [ -d ../shared/data/frappe ]; then
    defaults+=(--data-dir ../shared/data/frappe)
  fi
fi
exec pnpm reproduce -- ${defaults[@]+"${defaults[@]}"} "$@"
