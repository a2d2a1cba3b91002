#!/usr/bin/env bash
# Installs everything Fältlogg needs to build, test and run on Debian 12.
# Idempotent: installs only what is missing, so a second run does no work and needs no network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  qt6-base-dev qt6-declarative-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qttest libqt6sql6-sqlite libqt6opengl6-dev
  libboost1.81-dev libsodium-dev libsqlite3-dev libssl-dev openssl
  libgtest-dev libgmock-dev xvfb xauth curl sqlite3 python3 clang
  libqrencode-dev libzxing-dev qt6-multimedia-dev qml6-module-qtmultimedia
  chromium nodejs libglpk-dev glpk-utils
  postgresql-15 postgresql-client-15 libpq-dev haproxy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
