#!/usr/bin/env bash
# Copy the work tree's sources to a private folder and build them there, so a benchmark runs one consistent build
# while others keep editing and rebuilding the shared tree. Usage: bash bench/snapshot.sh [dest=/tmp/gridops-bench-snapshot]
# Then: BENCH_APP_ROOT=<dest> node bench/<name>.mjs
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-/tmp/gridops-bench-snapshot}"
rm -rf "$DEST"
mkdir -p "$DEST/node_modules/@gridops"
for d in apps/api apps/worker libs/domain libs/contracts libs/server libs/server-testing scripts; do
  mkdir -p "$DEST/$d"
  (cd "$ROOT/$d" && tar --exclude=./dist --exclude=./node_modules -cf - .) | (cd "$DEST/$d" && tar -xf -)
done
cp "$ROOT"/package.json "$ROOT"/tsconfig.base.json "$DEST"/
# every installed package, except the workspace's own, which point into the snapshot
for p in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
  name="$(basename "$p")"
  [ "$name" = "@gridops" ] && continue
  ln -s "$p" "$DEST/node_modules/$name"
done
for p in api worker; do ln -s "../../apps/$p" "$DEST/node_modules/@gridops/$p"; done
for p in domain contracts server server-testing; do ln -s "../../libs/$p" "$DEST/node_modules/@gridops/$p"; done
TSC="$ROOT/node_modules/.bin/tsc"
for d in libs/domain libs/contracts libs/server apps/api apps/worker; do
  cfg=$(ls "$DEST/$d"/tsconfig.lib.json "$DEST/$d"/tsconfig.app.json 2>/dev/null | head -1 || true)
  echo "building $d"
  (cd "$DEST/$d" && "$TSC" -p "$(basename "$cfg")")
done
# fingerprint of what was built
(cd "$DEST" && find libs apps -path '*/dist' -prune -o -name '*.ts' -path '*/src/*' ! -name '*.spec.ts' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16) > "$DEST/SOURCE_FINGERPRINT"
echo "snapshot built in $DEST (sources $(cat "$DEST/SOURCE_FINGERPRINT"))"
