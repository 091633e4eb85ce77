#!/usr/bin/env bash
# The layers look one way, down: reads every #include in the tree and fails on
# one that reaches up (or sideways between the two front ends), and on a
# library header outside the layer that owns it. The map is docs/ARCHITECTURE.md.
#
#   src/base/  the foundation     includes nothing of papyr
#   db/        the cache          src/base/
#   src/       the core           db/, src/base/
#   src/cmd/   the commands       the core and below (main.c also ui/ui.h)
#   ui/        the interface      the core and below
#
# Usage: layers.sh [ROOT]   (default: the tree this script is in)
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2

layer() {
	case $1 in
	src/base/*) echo 0 ;;
	db/*) echo 1 ;;
	src/cmd/*) echo 3cmd ;;
	src/*) echo 2 ;;
	ui/*) echo 3ui ;;
	*) echo outside ;;
	esac
}

# may FROM_LAYER TO_LAYER FILE TARGET: 0 when the include looks down.
may() {
	local from=$1 to=$2
	[ "$from" = "$to" ] && return 0
	[ "$to" = outside ] && return 1
	[ "$from" = 3cmd ] && [ "$to" = 3ui ] && [ "$3" = src/cmd/main.c ] &&
		[ "$4" = ui/ui.h ] && return 0
	[ "${from:0:1}" -gt "${to:0:1}" ]
}

# Library headers and the layers that may include them.
lib_ok() {
	local file=$1 hdr=$2
	case $hdr in
	sqlite3.h) [[ $file == db/* ]] ;;
	curl/*) [[ $file == src/fetch.c ]] ;;
	curses.h | ncurses.h | term.h | ncursesw/*) [[ $file == ui/* ]] ;;
	cJSON.h | cjson/*) [[ $file == src/* && $file != src/cmd/* && $file != src/base/* ]] ;;
	expat.h | expat_external.h) [[ $file == src/parse_arxiv.c ]] ;;
	*) return 0 ;;
	esac
}

bad=0
checked=0
while IFS= read -r file; do
	from=$(layer "$file")
	dir=$(dirname "$file")
	while IFS= read -r line; do
		if [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
			target=$(realpath -m --relative-to=. "$dir/${BASH_REMATCH[1]}")
			to=$(layer "$target")
			checked=$((checked + 1))
			if ! may "$from" "$to" "$file" "$target"; then
				echo "layers: $file includes $target (layer $from may not look at $to)"
				bad=$((bad + 1))
			fi
		elif [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
			if ! lib_ok "$file" "${BASH_REMATCH[1]}"; then
				echo "layers: $file includes <${BASH_REMATCH[1]}>, which belongs to another layer"
				bad=$((bad + 1))
			fi
		fi
	done <"$file"
done < <(find src db ui -name '*.[ch]' | sort)

if [ "$checked" -eq 0 ]; then
	echo "layers: no includes found under $root"
	exit 1
fi
echo "layers: $checked includes checked, $bad reaching the wrong way"
[ "$bad" -eq 0 ]
