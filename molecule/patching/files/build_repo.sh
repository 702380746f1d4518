#!/bin/sh
# Build the scenario's apt repository in /srv/hotest-repo: packages hotest-a, hotest-held and
# hotest-kern in version $1 (hotest-kern 2.0 marks a reboot as required, as kernel packages do),
# a Packages index written here (no dpkg-dev in the image), served as a file: source.
set -eu
version="$1"
repo=/srv/hotest-repo
mkdir -p "$repo"
for name in hotest-a hotest-held hotest-kern; do
  root=$(mktemp -d)
  mkdir -p "$root/DEBIAN" "$root/usr/share/$name"
  echo "$version" > "$root/usr/share/$name/version"
  printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: healthops test <test@example.invalid>\nDescription: healthops patching test package\n' \
    "$name" "$version" > "$root/DEBIAN/control"
  if [ "$name" = hotest-kern ] && [ "$version" != 1.0 ]; then
    printf '#!/bin/sh\ntouch /var/run/reboot-required\n' > "$root/DEBIAN/postinst"
    chmod 0755 "$root/DEBIAN/postinst"
  fi
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$repo/${name}_${version}_all.deb" >/dev/null
  rm -rf "$root"
done
cd "$repo"
: > Packages
for deb in *.deb; do
  dpkg-deb -f "$deb" >> Packages
  printf 'Filename: ./%s\nSize: %s\nSHA256: %s\n\n' "$deb" "$(stat -c %s "$deb")" "$(sha256sum "$deb" | cut -d' ' -f1)" >> Packages
done
