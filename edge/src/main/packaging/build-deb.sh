#!/usr/bin/env bash
# build-deb.sh: the Debian package of edge, made from the distribution tarball.
#
#   edge/src/main/packaging/build-deb.sh edge/target/edge-<version>.tar.gz [output-dir]
#
# after `./mvnw package`; DebPackageIT runs it in `./mvnw verify` and checks what it holds.
# Without dpkg-deb it says so and builds nothing. The package installs edge in /opt/edge,
# /usr/bin/edge, /etc/edge/edge.yml with the examples in /etc/edge/examples/, the systemd unit
# and /var/lib/edge (the node's state).
set -euo pipefail

die() {
  echo "build-deb: $*" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || die "usage: build-deb.sh edge-<version>.tar.gz [output-dir]"
tarball=$(readlink -f -- "$1")
[[ -r $tarball ]] || die "no tarball $1 (./mvnw package builds it)"
out=$(readlink -f -- "${2:-$(dirname -- "$tarball")}")
here=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd)

if ! command -v dpkg-deb >/dev/null; then
  echo "build-deb: dpkg-deb not found (apt-get install dpkg); no .deb built" >&2
  exit 0
fi

name=$(basename -- "$tarball" .tar.gz)   # edge-0.1.0-SNAPSHOT
version=${name#edge-}
# A Debian version sorts "~" before anything: 0.1.0~SNAPSHOT comes before the release 0.1.0.
deb_version=${version//-/\~}

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
root=$work/root
mkdir -p "$root/opt" "$root/usr/bin" "$root/etc/edge" "$root/usr/lib/systemd/system" "$root/var/lib/edge" \
  "$root/DEBIAN"

tar -xzf "$tarball" -C "$root/opt"
mv -- "$root/opt/$name" "$root/opt/edge"
ln -s /opt/edge/bin/edge "$root/usr/bin/edge"
install -m 0644 "$root/opt/edge/systemd/edge.service" "$root/usr/lib/systemd/system/edge.service"
install -m 0644 "$here/edge.yml" "$root/etc/edge/edge.yml"
cp -r -- "$root/opt/edge/examples" "$root/etc/edge/examples"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@SIZE@/$size/" "$here/debian/control" >"$root/DEBIAN/control"
# Every file in /etc is the administrator's once installed: an upgrade asks before replacing it.
(cd -- "$root" && find etc -type f | sort | sed 's|^|/|') >"$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$here/debian/$script" "$root/DEBIAN/$script"
done

mkdir -p -- "$out"
deb=$out/edge_${deb_version}_all.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "build-deb: $deb"
