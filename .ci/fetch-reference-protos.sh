#!/usr/bin/env sh
# Puts Envoy's reference .proto files (as shipped in @grpc/grpc-js-xds) at
# .reference/grpc-js-xds/deps, where tests/ControlPlane.Protos.Tests reads them.
# Idempotent: does nothing when the tree is already there.
set -eu

version=1.14.1
repo=$(cd "$(dirname "$0")/.." && pwd)
parent="$repo/.reference/grpc-js-xds"
target="$parent/deps"

if [ -d "$target/envoy-api" ]; then
  echo "reference protos already at $target"
  exit 0
fi

mkdir -p "$parent"
# Unpack next to the target, then rename, so an interrupted run never leaves a half tree in place.
work=$(mktemp -d "$parent/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@grpc/grpc-js-xds@$version" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/deps
rm -rf "$target"
mv "$work/package/deps" "$target"
echo "reference protos unpacked to $target"
