# Installs what building and testing Candor needs, each tool only when it is missing
# or at the wrong version, so a second run takes seconds. Sourced by ./run and ./test.
# Works offline once everything is installed; needs crates.io, npm and Debian's
# package archive the first time.

set -euo pipefail

CANDOR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.21.14
export PATH="$CANDOR_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

# The wasm-bindgen version in Cargo.lock; Trunk.toml and the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$CANDOR_ROOT/Cargo.lock"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# rust-toolchain.toml names the release the project is tested with. Where the machine's
# stable toolchain is that release under another name, the name is made to point at
# it (as rustup itself lays toolchains out), so rustup never downloads a toolchain.
ensure_toolchain() {
  local want home triple
  want=$(sed -n 's/^channel = "\(.*\)"/\1/p' "$CANDOR_ROOT/rust-toolchain.toml")
  home=${RUSTUP_HOME:-$HOME/.rustup}
  triple=$(rustc +stable -vV 2>/dev/null | sed -n 's/^host: //p')
  if [ -n "$triple" ] && [ ! -e "$home/toolchains/$want-$triple" ] \
    && rustc +stable --version 2>/dev/null | grep -q "^rustc $want "; then
    say "naming the installed stable toolchain $want (rust-toolchain.toml)"
    ln -s "$home/toolchains/stable-$triple" "$home/toolchains/$want-$triple"
  fi
  # A machine whose only toolchain is another release cannot fetch this one: build
  # with what it has, and say so, rather than fail on a download.
  if [ -n "$triple" ] && [ ! -e "$home/toolchains/$want-$triple" ]; then
    say "rust-toolchain.toml names $want, which is not installed; using $(rustc +stable --version 2>/dev/null)"
    export RUSTUP_TOOLCHAIN=stable
  fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (takes 12 to 20 minutes on two cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  local want pinned
  want=$(wasm_bindgen_version)
  pinned=$(sed -n 's/^wasm_bindgen = "\(.*\)"/\1/p' "$CANDOR_ROOT/Trunk.toml")
  if [ "$want" != "$pinned" ]; then
    echo "Trunk.toml pins wasm-bindgen $pinned but Cargo.lock has $want: make them equal." >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want (several minutes, once)"
    cargo install wasm-bindgen-cli --version "=$want" --locked \
      || cargo install wasm-bindgen-cli --version "=$want"
  fi
}

# Node.js runs the npm dev tools and the local server. The machines this project runs
# on ship Node 20; where it is missing, Debian's package is the fallback.
ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing Debian's nodejs and npm"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  fi
}

# npm dev tools from package-lock.json: wasm-opt (binaryen), Playwright, axe-core.
ensure_npm_deps() {
  local stamp="$CANDOR_ROOT/node_modules/.candor-lock" want
  want=$(sha256sum "$CANDOR_ROOT/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing npm dev tools from package-lock.json"
    (cd "$CANDOR_ROOT" && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
}

# Python test tools (fhir.resources) in their own virtual environment, from the pinned
# tests/fhir/requirements.txt; reinstalled only when that file changes.
ensure_python_tools() {
  local venv="$CANDOR_ROOT/.tools/python" want
  want=$(sha256sum "$CANDOR_ROOT/tests/fhir/requirements.txt" | cut -d' ' -f1)
  if [ "$(cat "$venv/.candor-lock" 2>/dev/null)" != "$want" ]; then
    say "installing Python test tools from tests/fhir/requirements.txt"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$CANDOR_ROOT/tests/fhir/requirements.txt"
    echo "$want" > "$venv/.candor-lock"
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
}

# Everything the release build needs.
ensure_build_tools() {
  ensure_toolchain
  ensure_wasm_target
  ensure_node
  ensure_npm_deps
  ensure_wasm_bindgen
  ensure_trunk
}

# Builds the release widget into dist/, with a brotli and a gzip copy of every asset
# beside it, which the receiver serves to browsers that accept them.
build_release() {
  say "building the release widget"
  (cd "$CANDOR_ROOT" && cargo fetch --locked && trunk build --release --offline \
    && node scripts/precompress.mjs dist)
}
