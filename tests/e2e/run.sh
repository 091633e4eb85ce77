#!/usr/bin/env bash
# End-to-end tests: the real papyr binary on real cache files, a real HTTP
# server on 127.0.0.1, and a real terminal (tmux) for the interface.
#
#   bash tests/e2e/run.sh PAPYR [TEST_FILE...]   (default: tests/e2e/t_*.sh)
#
# Every test file defines functions named test_*; each runs in its own
# subshell with a fresh directory $T, $PAPYR and $FIX set, under set -e,
# pipefail and inherit_errexit, so any command whose failure the test does
# not check fails it, as calling fail does (pipefail too: read a command's
# output from a file rather than through head or grep -q, which may stop
# reading early and make it die of SIGPIPE). Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
PAPYR=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/t_*.sh)
FIX=$(cd "$here/../fixtures" && pwd)
export PAPYR FIX E2E="$here"
export LC_ALL=C.UTF-8 TZ=UTC
unset PAPYR_DB PAPYR_HF_URL HF_TOKEN XDG_CONFIG_HOME XDG_DATA_HOME \
	PAPYR_ARXIV_RSS_URL PAPYR_ARXIV_OAI_URL PAPYR_ARXIV_API_URL

source "$here/lib.sh"
for f in "${files[@]}"; do source "$f"; done

only=${E2E_ONLY:-}
passed=0 failed=0
failures=()
for t in $(declare -F | awk '{print $3}' | grep '^test_' ); do
	[ -n "$only" ] && [[ $t != *$only* ]] && continue
	T=$(mktemp -d /tmp/papyr-e2e.XXXXXX)
	# Not inside a condition: bash ignores set -e there, and a failing step
	# would go unnoticed. The test is a plain command of its subshell.
	(
		cd "$T" && export T HOME="$T/home" && mkdir -p "$HOME" || exit 1
		set -eo pipefail
		shopt -s inherit_errexit
		"$t"
	) >"$T.log" 2>&1
	st=$?
	if [ "$st" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok   $t"
	else
		failed=$((failed + 1))
		failures+=("$t")
		echo "FAIL $t"
		sed 's/^/     | /' "$T.log" | tail -n 25
	fi
	e2e_cleanup "$T"
	rm -rf "$T" "$T.log"
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
