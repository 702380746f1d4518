#!/usr/bin/env bash
# The local lab: LAB_HOSTS containers of the base image, systemd as PID 1, each
# reachable by SSH on its own port published on 127.0.0.1 only, with a key the lab
# generates. Writes inventories/lab/lab_hosts.yml so the lab inventory needs no
# manual step, and inventories/lab/known_hosts beside it: each container's SSH host
# keys, read through `podman exec` (the container itself, not the network), so the
# controller checks lab hosts' keys strictly like any other host's.
#
# Several labs can coexist: LAB_PREFIX names the containers, LAB_SSH_BASE_PORT the
# ports (base + i) and LAB_INVENTORY the generated inventory file (known_hosts is
# written beside it, where the inventory's healthops_known_hosts_file points).
#
#   lab.sh up [N]     start N hosts (default $LAB_HOSTS or 3); hosts beyond N are removed
#   lab.sh down       remove every lab container, the lab network, the generated inventory
#                     and known_hosts
#   lab.sh status     list the lab containers
#
# LAB_DB=1 adds the backup duty's pair (N is then at most 96), on a podman network of
# their own (<prefix>-net), so the database host reaches the storage host by name:
#   <prefix>-db   PostgreSQL 15 (image postgres), groups postgres_servers and petition;
#                 SSH on 127.0.0.1:base+98, PostgreSQL on 127.0.0.1:base+97 (the restore
#                 test's comparison runs on the controller); seeded by
#                 molecule/shared/seed_db.yml (the db_backup scenario's seed) with a
#                 lab-only password of the comparison account, generated into the state
#                 directory and written into the generated inventory only
#   <prefix>-bak  the backup storage host (group backup_storage, petition), a 64 MB
#                 tmpfs at /srv/backup; SSH on 127.0.0.1:base+99
# Without LAB_DB=1, `up` removes the pair and the network.
#
# LAB_TLS=1 adds the web host <prefix>-web (N is then at most 93): the Tomcat image (Tomcat 10 and
# nginx), groups web_servers, tomcat_servers and medical_supplies, SSH on 127.0.0.1:base+94, serving
# TLS with certificates of a lab CA made on it when the lab is built (molecule/shared/lab_tls.sh):
# nginx on base+95 (its own name, and the public name by SNI, listed in the inventory as the
# certificate audit's endpoint `public`) and a Tomcat PEM connector on base+96, each published on the
# same port of 127.0.0.1, so playbooks/cert_audit.yml reaches what it finds in their configuration.
# The lab CA's root goes to the state directory, the host's cert_audit_ca_file. Without LAB_TLS=1,
# `up` removes the web host.
#
# `up` also repairs a lab left behind by a control node that restarted: a container that
# is not running is started (unpaused), and one podman cannot start (left `stopping`,
# a failed start) or whose sshd does not answer within LAB_SSH_WAIT seconds (90) is
# recreated.
#
# LAB_IMAGES is the Debian suites lab hosts run, in turn (host i runs the i-th, modulo):
# bookworm (Debian 12, the default) and bullseye (Debian 11, Python 3.9), each image built
# by image.sh (base, base-bullseye) once per recipe. LAB_IMAGES=bookworm,bullseye makes
# every second host Debian 11. The backup pair always runs Debian 12.
#
# Lab hosts are spread over the five systems (README, The five systems), so a lab report looks
# like a real one. Each host has a small tmpfs at /data (the application data
# mount the inspection watches), so the fault test can fill a file system without
# touching the machine's own disk.
set -euo pipefail
# Files the lab writes (inventory, known_hosts, state) are not for other users.
umask 027

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
state="${HEALTHOPS_CACHE:-$repo/.cache}/lab"
inventory="${LAB_INVENTORY:-$repo/inventories/lab/lab_hosts.yml}"
[[ "$inventory" = /* ]] || inventory="$PWD/$inventory"
known_hosts="$(dirname "$inventory")/known_hosts"
base_port="${LAB_SSH_BASE_PORT:-22200}"
prefix="${LAB_PREFIX:-healthops-lab}"
systems=(medical_supplies petition cadre_health occupational_health medical_admin)
db="$prefix-db"
bak="$prefix-bak"
network="$prefix-net"
db_pg_port=$((base_port + 97))
db_ssh_port=$((base_port + 98))
bak_ssh_port=$((base_port + 99))
web="$prefix-web"
web_ssh_port=$((base_port + 94))
web_nginx_port=$((base_port + 95))
web_tomcat_port=$((base_port + 96))
web_public="public.$prefix.test"
web_ca="$state/$prefix-web-ca.crt"
lab_images=${LAB_IMAGES:-bookworm}
IFS=, read -r -a suites <<<"${lab_images// /}"
# Set by up: the images lab hosts run (suite_images: one per suite), and by spec: one
# host's image and options.
base_image="" pg_image="" tomcat_image="" spec_image="" spec_opts=() suite_images=()

log() { printf '[lab] %s\n' "$*" >&2; }

name_of() { printf '%s-%02d' "$prefix" "$1"; }

with_db() { [[ "${LAB_DB:-0}" =~ ^(1|yes|true)$ ]]; }

with_tls() { [[ "${LAB_TLS:-0}" =~ ^(1|yes|true)$ ]]; }

existing() { podman ps -a --filter "label=healthops.lab=$prefix" --format '{{.Names}}' | sort; }

write_inventory() {
  local n=$1 i password=""
  local tmp="$inventory.tmp"
  with_db && password=$(verify_password)
  # It holds the lab's comparison password: readable by its owner only.
  : >"$tmp"
  chmod 600 "$tmp"
  {
    echo "# Generated by molecule/shared/lab.sh: the running lab. Do not edit."
    echo "all:"
    echo "  children:"
    echo "    lab:"
    echo "      vars:"
    echo "        ansible_ssh_private_key_file: $state/id_ed25519"
    echo "      hosts:"
    for ((i = 1; i <= n; i++)); do
      echo "        $(name_of "$i"):"
      echo "          # Debian $(suite_of "$i")"
      echo "          ansible_port: $((base_port + i))"
    done
    if with_db; then
      echo "        $db:"
      echo "          ansible_port: $db_ssh_port"
      echo "          # The restore test's comparison runs on the controller: PostgreSQL published there."
      echo "          db_backup_verify_login_port: $db_pg_port"
      echo "          # The storage host by its name on the lab network $network."
      echo "          db_backup_storage_address: $bak"
      echo "          # Lab only, generated into $state/verify_password."
      echo "          db_backup_verify_password: \"$password\""
      echo "        $bak:"
      echo "          ansible_port: $bak_ssh_port"
    fi
    if with_tls; then
      echo "        $web:"
      echo "          ansible_port: $web_ssh_port"
      echo "          # nginx on $web_nginx_port and Tomcat on $web_tomcat_port, certificates of the lab CA made on the host."
      echo "          cert_audit_ca_file: $web_ca"
      echo "          cert_audit_hostname: $web"
      echo "          # A lab on a shared test machine may answer slowly."
      echo "          cert_audit_timeout: 30"
      echo "          cert_audit_endpoints:"
      echo "            - {port: $web_nginx_port, server_name: $web_public, name: public}"
    fi
    echo "      children:"
    echo "        linux_servers:"
    echo "          hosts:"
    for ((i = 1; i <= n; i++)); do echo "            $(name_of "$i"):"; done
    if with_db; then
      echo "            $db:"
      echo "            $bak:"
    fi
    if with_tls; then
      echo "            $web:"
      echo "        web_servers:"
      echo "          hosts:"
      echo "            $web:"
      echo "        tomcat_servers:"
      echo "          hosts:"
      echo "            $web:"
    fi
    if with_db; then
      echo "        postgres_servers:"
      echo "          hosts:"
      echo "            $db:"
      echo "        backup_storage:"
      echo "          hosts:"
      echo "            $bak:"
    fi
    for s in "${systems[@]}"; do
      echo "        $s:"
      echo "          hosts:"
      for ((i = 1; i <= n; i++)); do
        [ "${systems[$(((i - 1) % ${#systems[@]}))]}" = "$s" ] && echo "            $(name_of "$i"):"
      done
      if with_db && [ "$s" = petition ]; then
        echo "            $db:"
        echo "            $bak:"
      fi
      if with_tls && [ "$s" = medical_supplies ]; then echo "            $web:"; fi
    done
  } >>"$tmp"
  mv "$tmp" "$inventory"
}

# suite_of I / suite_index I: the Debian suite lab host I runs (LAB_IMAGES, in turn).
suite_index() { echo $((($1 - 1) % ${#suites[@]})); }
suite_of() { echo "${suites[$(suite_index "$1")]}"; }

# The image.sh recipe of a Debian suite: the first suite image.sh builds is plain `base`.
recipe_of() { if [ "$1" = bookworm ]; then echo base; else echo "base-$1"; fi; }

# The port a lab host's sshd is published on.
port_of() {
  case "$1" in
    "$db") echo "$db_ssh_port" ;;
    "$bak") echo "$bak_ssh_port" ;;
    "$web") echo "$web_ssh_port" ;;
    *) echo $((base_port + 10#${1##*-})) ;;
  esac
}

# Start known_hosts afresh: every host's keys are read again by wait_host.
reset_known_hosts() {
  printf '%s\n' \
    "# Generated by molecule/shared/lab.sh: the SSH host keys of the running lab, read from" \
    "# each container through podman exec. Rewritten by every lab.sh up. Do not edit." \
    >"$known_hosts.tmp"
  mv "$known_hosts.tmp" "$known_hosts"
}

# pin NAME KEYS: the host's public keys (lines of ssh_host_*_key.pub) become its only
# known_hosts entries, as ssh names a host on a published port: [127.0.0.1]:<port>.
pin() {
  local name=$1 keys=$2 entry
  entry="[127.0.0.1]:$(port_of "$name")"
  {
    awk -v e="$entry" '$1 != e' "$known_hosts" 2>/dev/null || true
    awk -v e="$entry" -v n="$name" 'NF >= 2 { print e, $1, $2, n }' <<<"$keys"
  } >"$known_hosts.tmp"
  mv "$known_hosts.tmp" "$known_hosts"
}

# wait_host NAME: sshd is active in the container, its host keys are pinned, and SSH with
# strict host key checking gets in. At most LAB_SSH_WAIT seconds (90).
wait_host() {
  local name=$1 port keys="" wait=${LAB_SSH_WAIT:-90}
  local deadline=$((SECONDS + wait))
  port=$(port_of "$name")
  # ssh.service starts after the first boot's ssh-keygen -A, so its keys are complete.
  until keys=$(podman exec "$name" sh -c 'systemctl is-active --quiet ssh.service && cat /etc/ssh/ssh_host_*_key.pub' \
    2>/dev/null) && [ -n "$keys" ]; do
    ((SECONDS < deadline)) || { log "$name: sshd not active after $wait s"; return 1; }
    sleep 1
  done
  pin "$name" "$keys"
  until ssh -i "$state/id_ed25519" -p "$port" -o BatchMode=yes -o ConnectTimeout=2 \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o LogLevel=ERROR root@127.0.0.1 true 2>/dev/null; do
    ((SECONDS < deadline)) || { log "$name: no SSH on 127.0.0.1:$port after $wait s"; return 1; }
    sleep 1
  done
}

# ready NAME: wait_host, and when that fails, recreate the container once and wait again.
ready() {
  wait_host "$1" && return
  log "$1: recreating it"
  create "$1"
  wait_host "$1"
}

# systemd in each container takes a handful of inotify instances; the kernel's
# default of 128 per user runs out at about 20 containers.
raise_inotify() {
  local n=$1 want have
  want=$((n * 16 + 256))
  have=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
  ((have >= want)) && return
  if [ "$(id -u)" = 0 ]; then
    log "raising fs.inotify.max_user_instances from $have to $want for $n systemd containers"
    sysctl -qw fs.inotify.max_user_instances="$want"
  else
    log "fs.inotify.max_user_instances is $have; $n systemd containers need about $want (sysctl as root)"
  fi
}

# The lab-only password of the restore test's comparison account (healthops_verify),
# kept beside the lab's SSH key so a rebuilt lab keeps it.
verify_password() {
  local file="$state/verify_password"
  if [ ! -s "$file" ]; then
    (umask 077 && od -An -N18 -tx1 /dev/urandom | tr -d ' \n' >"$file.tmp" && mv "$file.tmp" "$file")
  fi
  cat "$file"
}

# spec NAME: the image and podman run options of lab host NAME (spec_image, spec_opts).
spec() {
  case "$1" in
    "$db")
      spec_image=$pg_image
      spec_opts=(--network "$network" -p "127.0.0.1:$db_ssh_port:22" -p "127.0.0.1:$db_pg_port:5432")
      ;;
    "$bak")
      spec_image=$base_image
      spec_opts=(--network "$network" -p "127.0.0.1:$bak_ssh_port:22" --tmpfs /srv/backup:rw,size=64m,mode=0755)
      ;;
    "$web")
      spec_image=$tomcat_image
      spec_opts=(-p "127.0.0.1:$web_ssh_port:22" -p "127.0.0.1:$web_nginx_port:$web_nginx_port")
      spec_opts+=(-p "127.0.0.1:$web_tomcat_port:$web_tomcat_port")
      ;;
    *)
      spec_image=${suite_images[$(suite_index $((10#${1##*-})))]}
      spec_opts=(-p "127.0.0.1:$(port_of "$1"):22")
      ;;
  esac
}

# remove NAME...: remove the containers. Under load podman's stop can time out and its SIGKILL then
# meet a container that has just stopped ("container state improper"): a second rm removes it.
remove() {
  local name
  for name in "$@"; do
    podman container exists "$name" || continue
    podman rm -f -t 2 "$name" >/dev/null 2>&1 || podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
    if podman container exists "$name"; then log "$name: podman cannot remove it"; return 1; fi
  done
}

# create NAME: a new container NAME (an old one of that name is removed first).
create() {
  local name=$1
  spec "$name"
  remove "$name" || return 1
  podman run -d --name "$name" --hostname "$name" --label "healthops.lab=$prefix" \
    --systemd=always --tmpfs /data:rw,size=64m,mode=0755 \
    -v "$state/id_ed25519.pub:/root/.ssh/authorized_keys:ro" \
    "${spec_opts[@]}" "$spec_image" /sbin/init >/dev/null
}

# run_host NAME: NAME running from the lab's image. A stopped container is started and a
# paused one unpaused; one of another image, or that podman cannot start (left `stopping`
# or `removing` by a control node that restarted, a failed start), is recreated.
run_host() {
  local name=$1 status
  spec "$name"
  if podman container exists "$name"; then
    if [ "$(podman inspect -f '{{.ImageName}}' "$name")" != "$spec_image" ]; then
      log "$name: another image; recreating it"
    else
      status=$(podman inspect -f '{{.State.Status}}' "$name" 2>/dev/null || echo unknown)
      case "$status" in
        running) return 0 ;;
        paused) podman unpause "$name" >/dev/null 2>&1 && return 0 ;;
        created | configured | exited | stopped) podman start "$name" >/dev/null 2>&1 && return 0 ;;
      esac
      log "$name: $status and podman cannot start it; recreating it"
    fi
  fi
  create "$name"
}

# The database host and the backup storage host (LAB_DB=1), on the lab network.
up_db() {
  # A network made before the DNS plugin was installed never gets DNS: make it again.
  if podman network exists "$network" && [ "$(podman network inspect -f '{{.DNSEnabled}}' "$network")" != true ]; then
    log "$network has no DNS; recreating it with $db and $bak"
    down_db
  fi
  podman network exists "$network" || podman network create --label "healthops.lab=$prefix" "$network" >/dev/null
  if [ "$(podman network inspect -f '{{.DNSEnabled}}' "$network")" != true ]; then
    log "podman network $network has no DNS, so $db cannot reach $bak by name:" \
      "install golang-github-containernetworking-plugin-dnsname (CNI) or aardvark-dns (netavark); bash .ci/bootstrap does"
    exit 1
  fi
  run_host "$db"
  run_host "$bak"
}

down_db() {
  local name
  for name in "$db" "$bak"; do
    remove "$name"
  done
  if podman network exists "$network"; then podman network rm "$network" >/dev/null; fi
}

# Seed the database host with the Molecule scenario's playbook, through the lab inventory.
seed_db() {
  local bin="$repo/.venv/bin/ansible-playbook" out="$state/seed-$prefix.log"
  [ -x "$bin" ] || bin=ansible-playbook
  log "seeding $db (molecule/shared/seed_db.yml)"
  # Lab plumbing, not a duty: no line in the run ledger.
  if ! (cd "$repo" && ANSIBLE_CONFIG="${ANSIBLE_CONFIG:-$repo/ansible.cfg}" HEALTHOPS_LEDGER=/dev/null \
    "$bin" -i inventories/lab/localhost.yml -i "$inventory" --limit "$db" molecule/shared/seed_db.yml) \
    >"$out" 2>&1; then
    tail -n 30 "$out" >&2
    log "seeding $db failed; the whole output is in $out"
    return 1
  fi
}

# The web host (LAB_TLS=1) and its lab CA's root on the controller.
down_tls() {
  remove "$web"
  rm -f "$web_ca"
}

up() {
  local n=${1:-${LAB_HOSTS:-3}} i name max=200 suite
  with_db && max=96
  with_tls && max=93
  [[ "$n" =~ ^[0-9]+$ ]] && ((n >= 1 && n <= max)) || { log "LAB_HOSTS must be 1..$max, got $n"; exit 2; }
  ((${#suites[@]} >= 1)) || { log "LAB_IMAGES names no Debian suite"; exit 2; }
  raise_inotify $((n + 2))
  base_image=$("$here/image.sh" base)
  for suite in "${suites[@]}"; do suite_images+=("$("$here/image.sh" "$(recipe_of "$suite")")"); done
  with_db && pg_image=$("$here/image.sh" postgres)
  with_tls && tomcat_image=$("$here/image.sh" tomcat)
  mkdir -p "$state"
  [ -f "$state/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C healthops-lab -f "$state/id_ed25519"
  # Hosts beyond N go (run_host replaces hosts of an older image).
  for name in $(existing); do
    [[ "$name" =~ ^.*-[0-9]+$ ]] || continue
    i=$((10#${name##*-}))
    ((i <= n)) || remove "$name"
  done
  for ((i = 1; i <= n; i++)); do run_host "$(name_of "$i")"; done
  if with_db; then up_db; else down_db; fi
  if with_tls; then run_host "$web"; else down_tls; fi
  write_inventory "$n"
  reset_known_hosts
  for ((i = 1; i <= n; i++)); do ready "$(name_of "$i")"; done
  if with_tls; then
    ready "$web"
    log "$web: serving TLS (nginx on 127.0.0.1:$web_nginx_port, Tomcat on 127.0.0.1:$web_tomcat_port)"
    "$here/lab_tls.sh" "$web" "$web_public" "$web_nginx_port" "$web_tomcat_port" "$web_ca"
  fi
  if with_db; then
    ready "$db"
    ready "$bak"
    seed_db
    log "$n host(s), $db (PostgreSQL on 127.0.0.1:$db_pg_port) and $bak up; inventory: $inventory"
  else
    log "$n host(s) up; inventory: $inventory"
  fi
}

down() {
  local names
  names=$(existing)
  # shellcheck disable=SC2086 # one name a word
  remove $names
  if podman network exists "$network"; then podman network rm "$network" >/dev/null; fi
  rm -f "$inventory" "$known_hosts" "$web_ca"
  log "lab removed"
}

case "${1:-up}" in
  up) up "${2:-}" ;;
  down) down ;;
  status) podman ps -a --filter "label=healthops.lab=$prefix" --format '{{.Names}}\t{{.Status}}\t{{.Ports}}' ;;
  *) echo "usage: $0 up [N] | down | status" >&2; exit 2 ;;
esac
