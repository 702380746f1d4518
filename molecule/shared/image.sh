#!/usr/bin/env bash
# Build the healthops Debian base images (systemd, sshd, python3) without a registry:
# debootstrap a root file system, then `podman import` it. The same recipe builds each
# Debian suite the lab runs:
#   image.sh base            Debian 12 (bookworm, Python 3.11): localhost/healthops-base
#   image.sh base-bullseye   Debian 11 (bullseye, Python 3.9, older tools):
#                            localhost/healthops-base-bullseye
#
# An image is keyed by its recipe (this file): it is tagged
# localhost/healthops-<recipe>:<sha of recipe and suite> and re-tagged :current. A second
# call with the same recipe does nothing. The rootfs tarball is cached under .cache/images
# so a wiped podman store re-imports in seconds instead of re-running debootstrap.
#
# Derived images (e.g. with Tomcat or PostgreSQL preinstalled) are built from
# molecule/shared/images/<name>.Containerfile on top of the base, keyed the same way:
#   image.sh            base image
#   image.sh tomcat     base + molecule/shared/images/tomcat.Containerfile
#
# The Debian mirror comes from this machine's apt sources, so an intranet mirror
# works unchanged; HEALTHOPS_DEBIAN_MIRROR and HEALTHOPS_DEBIAN_SECURITY override. Every
# suite comes from that same mirror, even when the sources name only bookworm.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
cache="${HEALTHOPS_CACHE:-$repo/.cache}/images"
# The suites a base image can be built of: the first is `base`, the others `base-<suite>`.
suites=(bookworm bullseye)
suite=${suites[0]}
packages=systemd,systemd-sysv,dbus,openssh-server,openssh-client,python3,python3-apt,sudo,iproute2,procps,cron,logrotate,rsync,ca-certificates,less,gzip,xz-utils

log() { printf '[image] %s\n' "$*" >&2; }

# First URI of the configured Debian archive (deb822 .sources or one-line lists).
apt_uri() {
  local want=$1 # "debian" or "debian-security"
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk -v want="$want" '
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ((want == "debian-security") == ($i ~ /-security$/)) { print u; exit } }
    ' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk -v want="$want" '
      $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { u = $i; s = $(i + 1); break }
        if ((want == "debian-security") == (s ~ /-security/) && s ~ /^(bookworm|stable)/) { print u; exit } }
    ' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
}

recipe_key() { cat "$@" | sha256sum | cut -c1-12; }

# lock RECIPE: hold an exclusive lock on RECIPE's build until this (sub)shell exits, so two
# callers at once (the test suite's two workers, a lab beside a scenario) build it once: the
# second waits, then finds the image. A derived build takes its own lock, then the base's.
lock() {
  mkdir -p "$cache"
  exec {lock_fd}>"$cache/.lock-$1"
  flock "$lock_fd"
}

# build_base [RECIPE]: the base image of RECIPE (base, or base-<suite>).
build_base() {
  local recipe=${1:-base} key tag tarball mirror security rootfs lock_fd
  suite=${recipe#base-}
  [ "$recipe" = base ] && suite=${suites[0]}
  [[ " ${suites[*]:1} " = *" $suite "* || "$recipe" = base ]] ||
    { log "no recipe $recipe: base or base-<suite>, suite one of ${suites[*]:1}"; exit 2; }
  key=$(echo "$suite" | recipe_key "$here/image.sh" -)
  tag="localhost/healthops-$recipe:$key"
  lock "$recipe"
  if podman image exists "$tag"; then
    podman tag "$tag" "localhost/healthops-$recipe:current"
    echo "$tag"
    return
  fi
  mkdir -p "$cache"
  tarball="$cache/healthops-$recipe-$key.tar"
  if [ ! -s "$tarball" ]; then
    mirror="${HEALTHOPS_DEBIAN_MIRROR:-$(apt_uri debian)}"
    security="${HEALTHOPS_DEBIAN_SECURITY:-$(apt_uri debian-security)}"
    [ -n "$mirror" ] || { log "no Debian mirror in the apt sources; set HEALTHOPS_DEBIAN_MIRROR"; exit 1; }
    rootfs=$(mktemp -d "${TMPDIR:-/tmp}/healthops-rootfs.XXXXXX")
    trap 'rm -rf "$rootfs"' EXIT
    log "debootstrap $suite from the configured mirror (about a minute)"
    debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
      { tail -20 "$rootfs.log" >&2; exit 1; }
    rm -f "$rootfs.log"
    configure_rootfs "$rootfs" "$mirror" "$security"
    tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    trap - EXIT
  fi
  log "podman import $tag"
  podman import --change 'CMD ["/sbin/init"]' --change 'STOPSIGNAL SIGRTMIN+3' "$tarball" "$tag" >/dev/null
  podman tag "$tag" "localhost/healthops-$recipe:current"
  echo "$tag"
}

configure_rootfs() {
  local root=$1 mirror=$2 security=$3
  {
    echo "deb $mirror $suite main"
    echo "deb $mirror $suite-updates main"
    [ -n "$security" ] && echo "deb $security $suite-security main"
  } >"$root/etc/apt/sources.list"
  # Every container gets its own machine id and SSH host keys at first boot.
  : >"$root/etc/machine-id"
  rm -f "$root"/etc/ssh/ssh_host_*
  cat >"$root/etc/systemd/system/ssh-hostkeys.service" <<'UNIT'
[Unit]
Description=Generate SSH host keys on first boot
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
UNIT
  chroot "$root" systemctl enable ssh-hostkeys.service ssh.service cron.service >/dev/null 2>&1
  # Units that have nothing to do in a container and would only fail or wait.
  chroot "$root" systemctl mask getty@tty1.service console-getty.service systemd-udevd.service \
    systemd-networkd-wait-online.service systemd-timesyncd.service >/dev/null 2>&1 || true
  mkdir -p "$root/root/.ssh"
  chmod 700 "$root/root/.ssh"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log
}

build_derived() {
  local name=$1 file base key tag lock_fd
  file="$here/images/$name.Containerfile"
  [ -f "$file" ] || { log "no recipe $file"; exit 2; }
  lock "$name"
  base=$(build_base)
  key=$(recipe_key "$here/image.sh" "$file")
  tag="localhost/healthops-$name:$key"
  if ! podman image exists "$tag"; then
    log "podman build $tag"
    podman build --pull=never --from "$base" -f "$file" -t "$tag" "$here/images" >&2
  fi
  podman tag "$tag" "localhost/healthops-$name:current"
  echo "$tag"
}

case "${1:-base}" in
  base | base-*) build_base "${1:-base}" ;;
  *) build_derived "$1" ;;
esac
