#!/usr/bin/env bash
# The tree cites only files it contains: every path named in the README, the
# docs, the man page, the Makefile, the benchmark's notes and the sources'
# comments must exist. (Test scripts are left out: they name the files they
# make. So are the fixtures' notes on where they came from.)
#
# Usage: cites.sh [ROOT]   (default: the tree this script is in)
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2

files=$(
	ls README.md Makefile papyr.1 .ci/run tests/bench/README tests/bench/*.sh 2>/dev/null
	find docs src db ui completion -type f 2>/dev/null
)
bad=0
checked=0
for f in $files; do
	while IFS= read -r cite; do
		checked=$((checked + 1))
		# A glob (t_*.sh, test_<module>.c) names a family, not a file.
		case $cite in *'*'* | *'<'* | *'{'* | *'%'*) continue ;; esac
		[ -e "$cite" ] && continue
		echo "cites: ${f#./} names $cite, which the tree does not contain"
		bad=$((bad + 1))
	done < <(grep -oE '(^|[^A-Za-z0-9_./-])(src|db|ui|tests|docs|completion)/[A-Za-z0-9_./*<>{}%-]*[A-Za-z0-9_*>}%]' "$f" |
		sed -E 's/^[^a-z]//' | sort -u)
	# A document named by itself (ARCHITECTURE.md): at the top, in docs/,
	# or beside the file that names it.
	while IFS= read -r doc; do
		checked=$((checked + 1))
		[ -e "$doc" ] || [ -e "docs/$doc" ] || [ -e "$(dirname "$f")/$doc" ] && continue
		echo "cites: ${f#./} names $doc, a document the tree does not contain"
		bad=$((bad + 1))
	done < <(grep -oE '(^|[^A-Za-z0-9_./-])[A-Z][A-Z_]*\.md' "$f" | sed -E 's/^[^A-Z]//' | sort -u)
	if grep -q '\.\./shared' "$f"; then
		echo "cites: ${f#./} names a folder outside the tree"
		bad=$((bad + 1))
	fi
done
if [ "$checked" -eq 0 ]; then
	echo "cites: no paths found under $root"
	exit 1
fi
echo "cites: $checked paths checked, $bad missing"
[ "$bad" -eq 0 ]
