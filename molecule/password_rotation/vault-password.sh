#!/bin/sh
# The scenario's vault password (a vault password script: Ansible uses what it prints): random,
# made on first use in the scenario's ephemeral directory, so no secret is kept in the repository.
set -eu
f="${MOLECULE_EPHEMERAL_DIRECTORY:?}/vault-password"
[ -s "$f" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$f")
cat "$f"
