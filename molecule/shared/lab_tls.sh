#!/usr/bin/env bash
# The lab's TLS endpoints (lab.sh up with LAB_TLS=1), on the web host (the Tomcat image, with nginx):
# a lab CA made on that host when the lab is built (root -> intermediate -> server certificates,
# openssl inside the container; the CA keys never leave it), then
#   nginx   on NGINX_PORT: the host's own name and the public name (a second server block, by SNI);
#   Tomcat  on TOMCAT_PORT: a PEM connector (SSLHostConfig) beside its plain HTTP one;
# each listening on the same port number as the one published on 127.0.0.1, so the endpoints the
# audit finds in nginx's and Tomcat's configuration are reached at ansible_host as they are named.
# The root certificate is copied to CA_OUT on the controller (the inventory's cert_audit_ca_file).
#
#   lab_tls.sh CONTAINER PUBLIC_NAME NGINX_PORT TOMCAT_PORT CA_OUT
#
# Idempotent: a host that already serves its certificates keeps them (a repaired lab keeps its CA).
# LAB_TLS_WAIT: how many times (about a second apart) nginx and Tomcat are asked for a handshake (300).
set -euo pipefail

name=$1 public=$2 nginx_port=$3 tomcat_port=$4 ca_out=$5

podman exec -i -e NAME="$name" -e PUBLIC="$public" -e NGINX_PORT="$nginx_port" -e TOMCAT_PORT="$tomcat_port" \
  -e WAIT="${LAB_TLS_WAIT:-300}" "$name" bash -s <<'HOST'
set -euo pipefail
umask 077
d=/etc/ssl/healthops-lab
mkdir -p "$d/ca"

# issue LABEL SUBJECT DAYS ISSUER EXTENSIONS: a 2048-bit RSA key and its certificate, signed by ISSUER
# (self-signed without one).
issue() {
  local label=$1 subject=$2 days=$3 issuer=$4 ext=$5
  printf '%s\n' "$ext" >"$d/ca/$label.ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$d/$label.key" -subj "/CN=$subject" -out "$d/ca/$label.csr" 2>/dev/null
  if [ -z "$issuer" ]; then
    openssl x509 -req -in "$d/ca/$label.csr" -signkey "$d/$label.key" -days "$days" -sha256 \
      -extfile "$d/ca/$label.ext" -out "$d/$label.crt" 2>/dev/null
  else
    openssl x509 -req -in "$d/ca/$label.csr" -CA "$d/$issuer.crt" -CAkey "$d/$issuer.key" -CAcreateserial \
      -days "$days" -sha256 -extfile "$d/ca/$label.ext" -out "$d/$label.crt" 2>/dev/null
  fi
}

if [ ! -s "$d/tomcat.crt" ]; then
  ca_ext=$'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign'
  issue root "healthops lab root CA" 3650 "" "$ca_ext"
  issue int "healthops lab intermediate CA" 1825 root "$ca_ext"
  server_ext=$'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth'
  issue web "$NAME" 365 int "$server_ext"$'\nsubjectAltName=DNS:'"$NAME"
  issue public "$PUBLIC" 365 int "$server_ext"$'\nsubjectAltName=DNS:'"$PUBLIC"
  issue tomcat "$NAME" 200 int "$server_ext"$'\nsubjectAltName=DNS:'"$NAME"
  mv "$d/root.key" "$d/int.key" "$d/ca/"
  for label in web public; do cat "$d/$label.crt" "$d/int.crt" >"$d/$label.fullchain.pem"; done
  chmod 0644 "$d"/*.crt "$d"/*.pem
  chown tomcat:tomcat "$d/tomcat.key"
  chmod 0755 "$d"
fi

cat >/etc/nginx/conf.d/healthops-lab-tls.conf <<NGINX
# The lab's TLS endpoints (molecule/shared/lab_tls.sh): the host's name and its public name.
server {
    listen $NGINX_PORT ssl default_server;
    server_name $NAME;
    ssl_certificate $d/web.fullchain.pem;
    ssl_certificate_key $d/web.key;
    location / { return 200 "healthops lab\n"; }
}
server {
    listen $NGINX_PORT ssl;
    server_name $PUBLIC;
    ssl_certificate $d/public.fullchain.pem;
    ssl_certificate_key $d/public.key;
    location / { return 200 "healthops lab public\n"; }
}
NGINX

xml=/etc/tomcat10/server.xml
if ! grep -q 'healthops lab TLS' "$xml"; then
  connector="    <!-- healthops lab TLS (molecule/shared/lab_tls.sh) -->\n"
  connector+="    <Connector port=\"$TOMCAT_PORT\" protocol=\"org.apache.coyote.http11.Http11NioProtocol\" SSLEnabled=\"true\" maxThreads=\"10\">\n"
  connector+="      <SSLHostConfig>\n        <Certificate certificateFile=\"$d/tomcat.crt\" certificateKeyFile=\"$d/tomcat.key\"\n"
  connector+="                     certificateChainFile=\"$d/int.crt\" type=\"RSA\"/>\n      </SSLHostConfig>\n    </Connector>"
  # right after the Service's opening tag (an <Engine> of Debian's file stands in a comment too)
  sed -i "s#<Service name=\"Catalina\">#&\n$connector#" "$xml"
fi

systemctl restart nginx.service tomcat10.service
# Tomcat takes minutes to start on a loaded machine (and its first handshake long after it listens):
# each port must complete a TLS handshake; a unit that failed is not waited for.
for port in "$NGINX_PORT" "$TOMCAT_PORT"; do
  for _ in $(seq "$WAIT"); do
    timeout 30 openssl s_client -connect "127.0.0.1:$port" </dev/null 2>/dev/null | grep -q 'BEGIN CERTIFICATE' && continue 2
    systemctl -q is-failed nginx.service tomcat10.service && break
    sleep 1
  done
  echo "no TLS handshake on $port:" >&2
  systemctl --no-pager status nginx.service tomcat10.service >&2 || true
  exit 1
done
HOST

tmp="$ca_out.tmp"
podman exec "$name" cat /etc/ssl/healthops-lab/root.crt >"$tmp"
mv "$tmp" "$ca_out"
