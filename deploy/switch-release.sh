#!/bin/sh
# Publish a built site without ever serving half of it: copy it into a new folder of its own
# (BASE/releases/<time>/), then make BASE/site point at it in one step (a symlink renamed over the
# old one: rename(2) is atomic). Until that step every request gets the old build whole, after it
# the new one whole; a phone checking for an update during the copy never meets a new service
# worker beside old pages. The two previous releases are kept (to roll back: point BASE/site at one).
# usage: deploy/switch-release.sh SITE_DIR BASE      (e.g. site/ /srv/artisan-guide)
# then:  nginx -t && systemctl reload nginx          (nginx's root is BASE/site)
set -eu
site=${1:?usage: switch-release.sh SITE_DIR BASE}
base=${2:?usage: switch-release.sh SITE_DIR BASE}
[ -f "$site/index.html" ] && [ -f "$site/sw.js" ] || { echo "switch-release: $site is not a built site" >&2; exit 1; }
[ ! -e "$base/site" ] || [ -L "$base/site" ] || {
  echo "switch-release: $base/site is a folder; move it to $base/releases/first and link it once by hand" >&2; exit 1; }
mkdir -p "$base/releases"
release=$(mktemp -d "$base/releases/$(date -u +%Y%m%dT%H%M%SZ)-XXXX")
cp -a "$site/." "$release/"
chmod 755 "$release"
ln -s "releases/$(basename "$release")" "$base/site.next"
mv -T "$base/site.next" "$base/site"
echo "switch-release: $base/site -> releases/$(basename "$release")"
# Older releases than the live one and the two before it go.
ls -1d "$base/releases"/*/ | sort | head -n -3 | while read -r old; do rm -rf "$old"; done
