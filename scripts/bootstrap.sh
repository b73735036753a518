# shellcheck shell=bash
# Sourced by ./dev: puts a Node and pnpm that can run this repository's tools on PATH, and installs
# the oldest Node the packages support for the consumer tests.
#
# The machine may only have an old Node and no pnpm. Rather than asking for global installs,
# we install the pinned Node (the `node` npm package ships the real binary) and pnpm from the
# npm registry into .toolchain/, which is git-ignored. Nothing outside the repository is touched.

devrev_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
devrev_toolchain="$devrev_root/.toolchain"
devrev_node_version="$(tr -d '[:space:]v' < "$devrev_root/.node-version")"
devrev_pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"+]*\).*/\1/p' "$devrev_root/package.json")"
# Prism 5.16 is the strictest engine among our tools (>= 24.18); any Node below it gets ours.
devrev_min_node="24.18.0"
# The packages declare engines.node ^20.19.0 || >=22.12.0; the consumer tests run them under that floor, so
# the claim is tested as written. The pin lives with those tests, so turbo re-runs them when it changes.
devrev_floor_node_version="$(tr -d '[:space:]v' < "$devrev_root/tests/consumers/floor-node-version")"
devrev_floor_node_prefix="$devrev_toolchain/node-floor"

devrev_log() { printf '[dev] %s\n' "$*" >&2; }

# True when version $1 >= version $2 (dotted numbers).
devrev_version_ge() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# npm install into a prefix of its own, without touching the user's npm state beyond its cache.
# The `node` package puts its binary in place in a preinstall script, so scripts run whatever the user's
# npm config says (ignore-scripts=true would leave no node, and ./dev would go on with the machine's).
devrev_npm_install() {
  local prefix="$1"; shift
  mkdir -p "$prefix"
  printf '{ "private": true }\n' > "$prefix/package.json"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts=false \
    --loglevel=error "$@" >&2
}

# Runs "$@" holding .toolchain/.lock, so that two ./dev started at once (two terminals, an editor task) do not
# install into the same folders together: the second waits, then finds everything in place. A lock whose
# holder is gone (killed mid-install) is taken over. A directory, since mkdir is atomic everywhere (macOS has
# no flock).
devrev_locked() {
  local lock="$devrev_toolchain/.lock" waited=0 holder status
  mkdir -p "$devrev_toolchain"
  until mkdir "$lock" 2>/dev/null; do
    holder="$(cat "$lock/pid" 2>/dev/null || true)"
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then rm -rf "$lock"; continue; fi
    if [ "$waited" -eq 0 ]; then devrev_log "waiting for another ./dev, which is installing (.toolchain/.lock)"; fi
    waited=$((waited + 1))
    if [ "$waited" -gt 1800 ]; then
      devrev_log "still locked after 30 minutes: remove $lock if no ./dev is running"
      return 1
    fi
    sleep 1
  done
  printf '%s' "$$" > "$lock/pid"
  # Under set -e a failing step exits the shell: the trap frees the lock then.
  trap "rm -rf $(printf '%q' "$lock")" EXIT
  "$@"
  status=$?
  rm -rf "$lock"
  trap - EXIT
  return "$status"
}

devrev_ensure_toolchain() {
  local system_node="" system_pnpm=""
  # A version manager's shim (nodenv, asdf, mise) fails when the version .node-version names is missing:
  # that is a machine without a usable Node, not a reason to stop.
  if command -v node >/dev/null 2>&1; then system_node="$(node --version 2>/dev/null | tr -d v)" || system_node=""; fi
  local need_node=1 need_pnpm=1
  if [ -n "$system_node" ] && devrev_version_ge "$system_node" "$devrev_min_node"; then need_node=0; fi
  # Only the pinned pnpm reads our lockfile: pnpm 9, say, stops with ERR_PNPM_BROKEN_LOCKFILE.
  if [ $need_node = 0 ] && command -v pnpm >/dev/null 2>&1; then
    system_pnpm="$(pnpm --version | tail -n 1 || true)"
    if [ "$system_pnpm" = "$devrev_pnpm_version" ]; then need_pnpm=0; fi
  fi
  if [ $need_node = 0 ] && [ $need_pnpm = 0 ]; then return 0; fi

  local bin="$devrev_toolchain/node_modules/.bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version 2>/dev/null)" != "v$devrev_node_version" ] ||
     [ ! -x "$bin/pnpm" ] || [ "$(cat "$devrev_toolchain/.pnpm-version" 2>/dev/null)" != "$devrev_pnpm_version" ]; then
    devrev_log "installing node@$devrev_node_version and pnpm@$devrev_pnpm_version into .toolchain/" \
      "(found node ${system_node:-none}${system_pnpm:+, pnpm $system_pnpm})"
    devrev_npm_install "$devrev_toolchain" "node@$devrev_node_version" "pnpm@$devrev_pnpm_version"
    # npm can succeed and leave no usable node (its binary comes from an install script): say so, rather
    # than go on with the machine's.
    if [ "$("$bin/node" --version 2>/dev/null)" != "v$devrev_node_version" ]; then
      devrev_log "node@$devrev_node_version was installed but $bin/node does not run here"
      return 1
    fi
    printf '%s' "$devrev_pnpm_version" > "$devrev_toolchain/.pnpm-version"
  fi
  export PATH="$bin:$PATH"
}

# Installs the floor Node into .toolchain/node-floor/, where the consumer tests look for it (they
# fail when it is missing rather than test fewer Nodes). Not on PATH: only those tests run it.
devrev_ensure_floor_node() {
  local node="$devrev_floor_node_prefix/node_modules/.bin/node"
  if [ "$("$node" --version 2>/dev/null)" = "v$devrev_floor_node_version" ]; then return 0; fi
  devrev_log "installing node@$devrev_floor_node_version into .toolchain/node-floor/ (the packages' oldest Node, for the consumer tests)"
  if ! devrev_npm_install "$devrev_floor_node_prefix" "node@$devrev_floor_node_version"; then
    devrev_log "could not install node@$devrev_floor_node_version from the npm registry"
    return 1
  fi
  if [ "$("$node" --version 2>/dev/null)" != "v$devrev_floor_node_version" ]; then
    devrev_log "node@$devrev_floor_node_version was installed but $node does not run here"
    return 1
  fi
}

# Installs workspace dependencies when the lockfile or any manifest changed since the last install.
devrev_ensure_install() {
  local stamp="$devrev_root/node_modules/.devrev-kit-install"
  local digest
  digest="$(cd "$devrev_root" && { cat pnpm-lock.yaml pnpm-workspace.yaml package.json \
    $(git ls-files '*package.json' 2>/dev/null) 2>/dev/null || true; } | sha256sum | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest:$(node --version)" ]; then return 0; fi
  devrev_log "installing dependencies with pnpm $(pnpm --version)"
  (cd "$devrev_root" && pnpm install --frozen-lockfile >&2)
  printf '%s' "$digest:$(node --version)" > "$stamp"
}
