#!/usr/bin/env bash
# Refreshes the embedded Spanish Hunspell dictionary (data/hunspell/) from Debian's
# `hunspell-es` package, which ships LibreOffice's `dictionaries/es` (the RLA-ES project).
#
#   scripts/refresh-dictionary.sh            # the version apt offers
#   VERSION=1:7.5.0-1 scripts/refresh-dictionary.sh
#
# Needs apt-get (Debian or Ubuntu, no root: `apt-get download` writes to the current
# directory) and dpkg-deb. Prints the new checksums; review `git diff --stat data/hunspell`
# and run the tests before committing: every expected spelling finding may change.
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/hunspell
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pkg=hunspell-es
if [ -n "${VERSION:-}" ]; then pkg="hunspell-es=$VERSION"; fi
(cd "$work" && apt-get download "$pkg")
deb=$(ls "$work"/hunspell-es_*.deb)
dpkg-deb -x "$deb" "$work/root"
version=$(dpkg-deb -f "$deb" Version)

# es_PE is a symbolic link to es_ES in the package: one dictionary for every variant.
cp "$work/root/usr/share/hunspell/es_ES.aff" "$out/es.aff"
cp "$work/root/usr/share/hunspell/es_ES.dic" "$out/es.dic"
cp "$work/root/usr/share/doc/hunspell-es/copyright" "$work/copyright"
grep -A2 '^Files: dictionaries/es/\*' "$work/copyright"

echo "hunspell-es $version"
(cd "$out" && sha256sum es.aff es.dic)
echo "Update the version and checksums in $out/README.md."
