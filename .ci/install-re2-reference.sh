#!/usr/bin/env sh
# Installs Google's RE2 compiled to WebAssembly (npm re2-wasm) at .ci/re2/node_modules, where
# tests/ControlPlane.Policy.Tests (Re2ParityTests) runs it under node as the reference RE2.
# Idempotent: does nothing when the pinned version is already there.
set -eu

version=1.0.2
repo=$(cd "$(dirname "$0")/.." && pwd)
target="$repo/.ci/re2"

if [ -f "$target/node_modules/re2-wasm/package.json" ] && grep -q "\"version\": \"$version\"" "$target/node_modules/re2-wasm/package.json"; then
  echo "re2-wasm $version already at $target"
  exit 0
fi

command -v node >/dev/null 2>&1 || { echo "node is needed for the RE2 reference" >&2; exit 1; }
mkdir -p "$target"
npm install --silent --no-audit --no-fund --prefix "$target" "re2-wasm@$version" >/dev/null
echo "re2-wasm $version installed at $target"
