#!/bin/sh
# make-ca.sh DIR: test certificates for the fake platform server.
#
#   ca.pem, ca.key                 the test CA (give ca.pem to almanac as
#                                  http.ca_file, to curl as --cacert)
#   server.pem, server.key         the server, for 127.0.0.1 and localhost,
#                                  signed by the test CA
#   other-ca.pem, other-ca.key     an unrelated CA
#   other-server.pem, other-server.key
#                                  the same names, signed by the unrelated
#                                  CA: "unknown CA" for a client trusting
#                                  ca.pem only
#
# Idempotent: when the files exist, still verify and stay valid for a day,
# nothing is done. Quiet unless something fails (then exit 1 with
# openssl's message). Needs the openssl command; each call is bounded.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
dir=$1
mkdir -p "$dir" || exit 1
dir=$(cd "$dir" && pwd) || exit 1
days=3650
files="ca.pem ca.key server.pem server.key other-ca.pem other-ca.key
other-server.pem other-server.key"

ossl() {	# ossl ARGS...: openssl with a time bound and no prompt
	timeout 60 openssl "$@" </dev/null >>"$work/log" 2>&1 || {
		echo "make-ca.sh: openssl $1 failed:" >&2
		sed 's/^/  /' "$work/log" >&2
		exit 1
	}
}

uptodate() {	# true when every file exists and the chains verify
	for f in $files; do
		[ -s "$dir/$f" ] || return 1
	done
	for p in ca server other-ca other-server; do
		openssl x509 -in "$dir/$p.pem" -noout -checkend 86400 \
		    >/dev/null 2>&1 || return 1
	done
	openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" \
	    >/dev/null 2>&1 &&
	openssl verify -CAfile "$dir/other-ca.pem" "$dir/other-server.pem" \
	    >/dev/null 2>&1
}

makeca() {	# makeca NAME CN: a self-signed CA in $work/NAME.{pem,key}
	ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -noenc -keyout "$work/$1.key" -out "$work/$1.pem" \
	    -days "$days" -subj "/O=almanac tests/CN=$2" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    -addext "subjectKeyIdentifier=hash"
}

makeserver() {	# makeserver NAME CA: $work/NAME.{pem,key} signed by CA
	ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -noenc -keyout "$work/$1.key" -out "$work/$1.csr" \
	    -subj "/O=almanac tests/CN=127.0.0.1"
	ossl x509 -req -in "$work/$1.csr" -CA "$work/$2.pem" \
	    -CAkey "$work/$2.key" -CAcreateserial -out "$work/$1.pem" \
	    -days "$days" -extfile "$work/server.ext"
}

# One run at a time per folder, so two test runs never mix two sets.
exec 9>"$dir/.make-ca.lock"
flock -w 60 9 || {
	echo "make-ca.sh: $dir is locked by another run" >&2
	exit 1
}
uptodate && exit 0

work=$(mktemp -d "$dir/.make-ca.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
: >"$work/log"
cat >"$work/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
makeca ca "almanac test CA"
makeca other-ca "unrelated test CA"
makeserver server ca
makeserver other-server other-ca
chmod 600 "$work"/*.key
for f in $files; do
	mv -f "$work/$f" "$dir/$f" || exit 1
done
uptodate || {
	echo "make-ca.sh: the new certificates do not verify" >&2
	exit 1
}
