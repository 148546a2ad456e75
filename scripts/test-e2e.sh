#!/usr/bin/env bash
# End-to-end tests in a real VS Code, offline: needs only the npm registry and Debian apt.
#   1. installs the Debian packages it needs (when missing; as root through apt-get, else sudo)
#   2. installs code-server (VS Code 1.100.3 server + web workbench) into .vscode-test/code-server
#      once (cached; delete the folder to re-create it)
#   3. builds the extension (npm run build -> dist/extension.js)
#   4. runs test/e2e/run.js: @vscode/test-electron's runTests with scripts/vscode-server-shim.js as
#      "the VS Code executable": the mocha suite (test/e2e/suite) in code-server's extension host,
#      then the Playwright UI checks (test/e2e/ui); screenshots in test-results/e2e/
# The last line printed is `e2e: N passed, N failed`; the exit code is non-zero on any failure or
# when no test ran. Online, `VSCODE_TEST_EXECUTABLE= node test/e2e/run.js` uses a downloaded VS Code.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

log() { echo "test-e2e: $*" >&2; }
result_line() { echo "e2e: 0 passed, 1 failed"; }

# 1. Debian packages
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
dpkg -s fonts-liberation >/dev/null 2>&1 || need_apt+=(fonts-liberation)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
{ command -v g++ >/dev/null && command -v make >/dev/null; } || need_apt+=(build-essential)
command -v python3 >/dev/null || need_apt+=(python3)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  if ! { $SUDO apt-get update -qq </dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null; }; then
    log "apt-get failed"; result_line; exit 1
  fi
fi

# 2. code-server, cached in .vscode-test/code-server (gitignored)
CS="$ROOT/.vscode-test/code-server"
CS_BIN="$CS/node_modules/.bin/code-server"
if [ ! -x "$CS_BIN" ] || [ ! -e "$CS/node_modules/code-server/lib/vscode/node_modules.asar" ]; then
  log "installing code-server into $CS (first run only, about a minute)"
  t0=$SECONDS
  if ! bash scripts/install-code-server.sh "$CS"; then
    log "code-server install failed"; result_line; exit 1
  fi
  log "code-server installed in $((SECONDS - t0)) s"
fi

# 3. build
[ -d node_modules ] || { log "node_modules missing: run npm ci first"; result_line; exit 1; }
if ! npm run build --silent; then log "build failed"; result_line; exit 1; fi

# 4. run (run.js prints the final count line itself)
export VSCODE_TEST_EXECUTABLE="$ROOT/scripts/vscode-server-shim.js"
export CODE_SERVER="$CS_BIN"
chmod +x "$VSCODE_TEST_EXECUTABLE" 2>/dev/null || true
exec node test/e2e/run.js </dev/null
