#!/bin/sh
# Build the scenario's rpm repository in /srv/hotest-rpm: hotest-a, hotest-held and hotest-kern in
# version $1, built with rpmbuild and indexed with createrepo_c, served as a file:// repository.
# hotest-kern 2.0 marks a reboot as required the way dnf sees one: its %post names it in
# needs-restarting.d (the list of packages that need a reboot, beside the kernel, glibc, systemd...),
# so `dnf needs-restarting -r` reports it, installed after boot. A Lua scriptlet: a shell one would
# require /bin/sh, which no package of this rpm database provides. hotest-kern 2.0 is also a
# security update (updateinfo.xml, as a vendor publishes one); hotest-a 2.0 is not.
set -eu
version="$1"
repo=/srv/hotest-rpm
top=$(mktemp -d)
mkdir -p "$repo" "$top/SPECS"
for name in hotest-a hotest-held hotest-kern; do
  post=""
  if [ "$name" = hotest-kern ] && [ "$version" != 1.0 ]; then
    post='%post -p <lua>
posix.mkdir("/etc/dnf/plugins/needs-restarting.d")
local conf = io.open("/etc/dnf/plugins/needs-restarting.d/hotest.conf", "w")
conf:write("hotest-kern", string.char(10))
conf:close()'
  fi
  cat > "$top/SPECS/$name.spec" <<SPEC
Name: $name
Version: $version
Release: 1
Summary: healthops patching test package
License: GPL-3.0-or-later
BuildArch: noarch
%description
healthops patching test package
%install
mkdir -p %{buildroot}/usr/share/$name
echo $version > %{buildroot}/usr/share/$name/version
%files
/usr/share/$name/version
$post
SPEC
  rpmbuild --quiet --define "_topdir $top" --define "_rpmdir $repo" -bb "$top/SPECS/$name.spec"
done
createrepo_c --quiet "$repo"
if [ "$version" != 1.0 ]; then
  cat > "$top/updateinfo.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<updates>
  <update from="test@example.invalid" status="stable" type="security" version="1.4">
    <id>HOTEST-2026:0001</id>
    <title>hotest-kern security update</title>
    <severity>Important</severity>
    <issued date="2026-01-01 00:00:00"/>
    <description>healthops patching test advisory</description>
    <pkglist>
      <collection short="hotest">
        <name>hotest</name>
        <package name="hotest-kern" version="$version" release="1" epoch="0" arch="noarch">
          <filename>hotest-kern-$version-1.noarch.rpm</filename>
        </package>
      </collection>
    </pkglist>
  </update>
</updates>
XML
  modifyrepo_c --mdtype=updateinfo "$top/updateinfo.xml" "$repo/repodata" >/dev/null
fi
rm -rf "$top"
