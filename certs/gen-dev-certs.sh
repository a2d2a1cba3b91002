#!/usr/bin/env bash
# Makes a development CA and a server certificate for localhost / 127.0.0.1 / ::1 (with SAN).
# Usage: certs/gen-dev-certs.sh [OUT_DIR]   (default: certs/dev, which git ignores)
# Writes ca.pem, ca.key, server.pem, server.key. Keeps existing files unless FORCE=1.
# Never commit the keys; for production use certificates from the city's CA (see certs/README.md).
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)/dev}"
mkdir -p "$out"
chmod 700 "$out"
if [ -s "$out/server.pem" ] && [ -s "$out/ca.pem" ] && [ "${FORCE:-0}" != "1" ]; then
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
  -subj "/O=Faltlogg Dev/CN=Faltlogg Dev CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -subj "/O=Faltlogg Dev/CN=localhost" -keyout "$tmp/server.key" -out "$tmp/server.csr" 2>/dev/null
cat > "$tmp/ext.cnf" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial \
  -days 825 -sha256 -extfile "$tmp/ext.cnf" -out "$tmp/server.pem" 2>/dev/null
chmod 600 "$tmp/ca.key" "$tmp/server.key"
mv "$tmp/ca.key" "$tmp/ca.pem" "$tmp/server.key" "$tmp/server.pem" "$out/"
echo "dev certificates in $out"
