#!/usr/bin/env bash
# Debian packages the tests need: chromium for the browser tests, a Chinese font for readable screenshots (and
# the supervision report PDFs), Pango/HarfBuzz for WeasyPrint, poppler-utils (pdftoppm, pdftotext, pdffonts) to
# read the generated PDFs back; wrk, the HTTP load generator of `make bench`.
set -euo pipefail
packages=(chromium fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils wrk postgresql-client)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
