#!/usr/bin/env bash
# Build (once) and cache the real-VS-Code test harness in .harness/cs:
#   code-server 4.100.3 = VS Code 1.100.3 server + web workbench, built from the npm registry only
#   (no GitHub downloads, no VS Code download), driven later by playwright-core + Debian's Chromium.
#
# Idempotent: a completion marker keyed on code-server version + Node major + OS/arch makes a second run ~0 s.
# A half-built tree (no marker, or a key file missing) is deleted and rebuilt, never trusted.
#
# System packages (Debian/Ubuntu): when root, missing ones are apt-get installed; otherwise the exact
# `sudo apt-get install ...` line is printed and the script exits 1.
#
# Env: HARNESS (default <repo>/.harness), CS_VERSION (default 4.100.3), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/.harness}
CS_VERSION=${CS_VERSION:-4.100.3}
CS_DIR=$HARNESS/cs
APT_PACKAGES=(chromium build-essential python3 libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev ripgrep)

say() { echo "[setup-harness] $*"; }
die() { echo "[setup-harness] ERROR: $*" >&2; exit 1; }
T0=$(date +%s)

# ---- 1. Node 20.x --------------------------------------------------------------------------------------------
command -v node >/dev/null || die "node is not on PATH. Node 20.x is required (code-server 4.100.x runs on Node 20)."
NODE_VERSION=$(node -p 'process.versions.node')
NODE_MAJOR=${NODE_VERSION%%.*}
if [ "$NODE_MAJOR" != "20" ]; then
  die "Node $NODE_VERSION found, but Node 20.x is required: code-server $CS_VERSION (VS Code 1.100) is built for Node 20 and
  its native modules are compiled for the running node. Install Node 20 (e.g. the NodeSource nodejs 20.x deb) and retry."
fi

# ---- 2. Debian packages ----------------------------------------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null; then
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
else
  say "no dpkg (not Debian/Ubuntu): checking tools only; you need the equivalents of: ${APT_PACKAGES[*]}"
  command -v rg >/dev/null || missing+=(ripgrep)
  command -v "${CHROMIUM:-chromium}" >/dev/null || [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then die "missing: ${missing[*]} (install them with your package manager)"; fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    say "installing missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y "${missing[@]}"; then
      say "apt-get install failed; running apt-get update and retrying once"
      apt-get update
      apt-get install -y "${missing[@]}"
    fi
  else
    echo "[setup-harness] missing system packages. Run:" >&2
    echo "sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# ---- 3. code-server, cached ------------------------------------------------------------------------------------
OS_ID=$( (. /etc/os-release 2>/dev/null && echo "${ID:-unknown}${VERSION_ID:-}") || echo unknown)
KEY="code-server=$CS_VERSION node=$NODE_MAJOR os=$(uname -s)-$(uname -m)-$OS_ID"
MARKER=$CS_DIR/.harness-complete
VS=$CS_DIR/node_modules/code-server/lib/vscode
KEY_FILES=(
  "$CS_DIR/node_modules/code-server/out/node/entry.js"
  "$VS/out/server-main.js"
  "$VS/node_modules/node-pty/build/Release/pty.node"
  "$VS/node_modules/@vscode/ripgrep/bin/rg"
  "$VS/node_modules.asar"
)
complete() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$KEY" ] || return 1
  for f in "${KEY_FILES[@]}"; do [ -e "$f" ] || return 1; done
}

mkdir -p "$HARNESS"
# one setup at a time (test-all and demo may both call us)
if command -v flock >/dev/null; then exec 9>"$HARNESS/.setup.lock"; flock 9; fi

if complete; then
  say "harness up to date ($KEY) in $CS_DIR ($(( $(date +%s) - T0 )) s)"
  exit 0
fi

# node-gyp needs Node headers; offline it cannot download them from nodejs.org -> use the local ones when present
NODE_PREFIX=$(cd "$(dirname "$(command -v node)")/.." && pwd)
if [ -z "${npm_config_nodedir:-}" ] && [ -d "$NODE_PREFIX/include/node" ]; then
  export npm_config_nodedir=$NODE_PREFIX
  say "using Node headers from $NODE_PREFIX/include/node (npm_config_nodedir)"
fi
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

if [ -e "$CS_DIR" ]; then
  say "removing incomplete or stale harness in $CS_DIR (marker: $(cat "$MARKER" 2>/dev/null || echo none))"
  rm -rf "$CS_DIR"
fi
say "building code-server $CS_VERSION into $CS_DIR (first time ~1-2 min)"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
echo '{"name":"crm-explorer-harness","private":true}' > package.json

# 3a) code-server itself WITHOUT its postinstall (it refuses root under npm and downloads from GitHub)
npm install --ignore-scripts "${NPM_FLAGS[@]}" "code-server@$CS_VERSION"
# its own native dep (password hashing, loaded even with --auth none); node-pre-gyp falls back to a local build
npm rebuild argon2 "${NPM_FLAGS[@]}"
T1=$(date +%s)

# 3b) VS Code server runtime deps, scripts off
cd "$VS"
npm install --omit=dev --ignore-scripts "${NPM_FLAGS[@]}"
T2=$(date +%s)

# 3c) @vscode/ripgrep's postinstall downloads from GitHub and skips when bin/ exists -> use Debian's rg
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

# 3d) now run the install scripts: node-gyp builds node-pty, kerberos, @parcel/watcher, spdlog, native-watchdog...
npm_config_yes=true npm rebuild "${NPM_FLAGS[@]}"
T3=$(date +%s)

# 3e) what code-server's postinstall.sh would have done
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev "${NPM_FLAGS[@]}")
T4=$(date +%s)

# 3f) smoke check, then mark complete (last step: a crash before this leaves no marker -> rebuilt next time)
for f in "${KEY_FILES[@]}"; do [ -e "$f" ] || die "build finished but $f is missing"; done
# --config: otherwise code-server writes ~/.config/code-server/config.yaml
V=$(node "$CS_DIR/node_modules/code-server/out/node/entry.js" --config /dev/null --version 2>&1 | head -1)
case "$V" in "$CS_VERSION"*) ;; *) die "code-server --version printed '$V', expected $CS_VERSION";; esac
echo "$KEY" > "$MARKER"

say "TIMING code-server=$((T1-T0))s vscode-deps=$((T2-T1))s native-rebuild=$((T3-T2))s builtin-ext-deps=$((T4-T3))s total=$(( $(date +%s) - T0 ))s"
say "code-server $V ready ($KEY)"

# ---- 4. test tooling comes from the project's own node_modules --------------------------------------------------
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ]; then
  say "note: $ROOT/node_modules has no playwright-core yet; run 'npm ci' in $ROOT (npm test does this for you)"
fi
