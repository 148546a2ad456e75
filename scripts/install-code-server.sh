#!/usr/bin/env bash
# Install code-server (= the real VS Code 1.100.3 server + web workbench) from the npm registry,
# on Debian 12 + Node 20, reaching only the npm registry and Debian apt. Used by scripts/test-e2e.sh
# to get "a VS Code" on machines where the desktop build cannot be downloaded.
#
# Usage: scripts/install-code-server.sh [PREFIX]      (default PREFIX=.vscode-test/code-server)
# Env:   CS_VERSION (default 4.100.3; 4.100.x is the last line that runs on Node 20)
#
# Four things make the install work offline and non-interactively:
#  1. Debian libkrb5-dev + build tools: code-server's postinstall compiles native modules
#     (node-pty, kerberos, @vscode/spdlog, ...) against Node's own headers (npm_config_nodedir).
#  2. @vscode/ripgrep's postinstall downloads rg from GitHub; we seed its download cache
#     (os.tmpdir()/vscode-ripgrep-cache-<pkg version>/ripgrep-<tag>-<target>.tar.gz) with Debian's rg.
#  3. npm_config_yes=true: node-pty's install runs `npx node-gyp`, which npx cancels without it.
#  4. npm 11 skips dependency install scripts that no `allowScripts` policy covers, and refuses a
#     policy given as --allow-scripts / npm_config_allow_scripts in a project install. code-server's
#     postinstall runs two more `npm install`s (in lib/vscode and lib/vscode/extensions), each a project
#     of its own that reads only its own package.json#allowScripts. So: install with --ignore-scripts,
#     write the policy (ALLOW_SCRIPTS, name-only entries: lockfiles written with
#     omit-lockfile-registry-resolved carry no `resolved` URL to pin against) into all three
#     package.json files, then `npm rebuild`, which runs the now-allowed scripts in order.
set -euo pipefail
PREFIX="${1:-.vscode-test/code-server}"
CS_VERSION="${CS_VERSION:-4.100.3}"
ALLOW_SCRIPTS=(code-server argon2 node-pty kerberos native-watchdog @vscode/spdlog @vscode/ripgrep
  @parcel/watcher @vscode/deviceid @vscode/policy-watcher @vscode/sqlite3 @vscode/windows-registry
  @vscode/windows-process-tree @vscode/native-watchdog esbuild)

# 1. Debian packages (idempotent; apt only when something is missing)
need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null && command -v make >/dev/null || need_apt+=(build-essential)
command -v python3 >/dev/null || need_apt+=(python3)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null
fi

mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
rm -rf "$PREFIX/node_modules" "$PREFIX/package-lock.json"   # never build on top of a half install

# 2. Seed @vscode/ripgrep's download cache; keep every temp file of the install inside PREFIX.
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "install-code-server: unsupported arch $(uname -m)" >&2; exit 1 ;;
esac
export TMPDIR="$PREFIX/.tmp"
rm -rf "$TMPDIR"; mkdir -p "$TMPDIR/rg-stage"
cp "$(command -v rg)" "$TMPDIR/rg-stage/rg"
for v in 1.15.9 1.15.10 1.15.11 1.15.14 1.16.0; do          # @vscode/ripgrep versions near 1.100's
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
  for t in v13.0.0-4 v13.0.0-10 v13.0.0-13; do              # the rg release tags they download
    tar czf "$TMPDIR/vscode-ripgrep-cache-$v/ripgrep-$t-$RG_TARGET.tar.gz" -C "$TMPDIR/rg-stage" rg
  done
done

# 3. npx must not ask; node-gyp must build against the local Node headers (no header download).
export npm_config_yes=true
if [ -z "${npm_config_nodedir:-}" ]; then
  NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$NODE_PREFIX/include/node/node_api.h" ] && export npm_config_nodedir="$NODE_PREFIX"
fi

# 4. Install without scripts, add the install-script policy to every project root, then run them.
allow_scripts() {  # allow_scripts FILE [CREATE]: set FILE's allowScripts to ALLOW_SCRIPTS
  node -e '
    const fs = require("fs");
    const [file, create, ...names] = process.argv.slice(1);
    const pkg = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8"))
      : { name: "vscode-test-code-server", private: true, description: "code-server for the offline e2e tests (scripts/install-code-server.sh)" };
    if (!fs.existsSync(file) && create !== "create") throw new Error("missing " + file);
    pkg.allowScripts = Object.fromEntries(names.map(n => [n, true]));
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$1" "${2:-}" "${ALLOW_SCRIPTS[@]}"
}
rm -f "$PREFIX/package.json"
allow_scripts "$PREFIX/package.json" create
cd "$PREFIX"
npm install --ignore-scripts --no-audit --no-fund "code-server@$CS_VERSION" </dev/null
allow_scripts "$PREFIX/node_modules/code-server/lib/vscode/package.json"
allow_scripts "$PREFIX/node_modules/code-server/lib/vscode/extensions/package.json"
# code-server's postinstall insists on npm_config_unsafe_perm=true when run as root.
npm_config_unsafe_perm=true npm rebuild --no-audit --no-fund </dev/null
rm -rf "$PREFIX/.tmp"

# 5. Check the parts that only a working postinstall produces, then the launcher itself
#    (an explicit --config keeps it from writing ~/.config/code-server/config.yaml).
LIBV="$PREFIX/node_modules/code-server/lib/vscode"
for f in "$LIBV/node_modules/node-pty/build/Release/pty.node" "$LIBV/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
         "$LIBV/node_modules/@vscode/ripgrep/bin/rg" "$LIBV/node_modules.asar"; do
  [ -e "$f" ] || { echo "install-code-server: missing $f (a postinstall did not run?)" >&2; exit 1; }
done
touch "$PREFIX/config.yaml"
"$PREFIX/node_modules/.bin/code-server" --config "$PREFIX/config.yaml" --version
echo "install-code-server: code-server $CS_VERSION ready in $PREFIX"
