#!/bin/sh
# Installs the Debian packages papyr needs when they are missing: with
# apt-get as root, with sudo when it needs no password, and otherwise prints
# the exact command to run. $DEB lists the packages, $PKGS the pkg-config
# names that must resolve afterwards.
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $DEB; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
else
	for p in $PKGS; do
		pkg-config --exists "$p" 2>/dev/null || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "papyr: missing libraries:$missing; install their development packages" >&2
		exit 1
	fi
	exit 0
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "papyr: these packages are missing:$missing" >&2
	echo "papyr: run: sudo apt-get install$missing" >&2
	exit 1
fi
echo "papyr: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends $missing ||
	{ $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends $missing; }
