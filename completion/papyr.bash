# bash completion for papyr: commands, options, paper ids, tags and views.
# Every list of names comes from papyr itself (papyr names KIND, and the
# options from papyr COMMAND --help), so it never falls behind the program.
_papyr_names() { papyr names "$1" 2>/dev/null; }

# The long options papyr COMMAND --help lists.
_papyr_options() {
	papyr "$1" --help 2>/dev/null | sed -n 's/^  \(-., \)\{0,1\}\(--[a-z-]*\).*/\2/p'
}

_papyr() {
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local db=() i cmd=""
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db) db=(--db "${words[i+1]}"); ((i++)) ;;
		--db=*) db=("${words[i]}") ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [ "$prev" = --db ] || [ "$prev" = -o ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$(_papyr_names commands) --db --help --version" -- "$cur"))
		return
	fi
	case $cmd in
	import)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_papyr_options import)" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	names) COMPREPLY=($(compgen -W "$(papyr names 2>/dev/null)" -- "$cur")) ;;
	digest)
		case $prev in
		-f|--format) COMPREPLY=($(compgen -W "$(_papyr_names digest-formats)" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(_papyr_options digest) --help" -- "$cur")) ;;
		esac ;;
	list|export|zotero)
		case $prev in
		-f|--format)
			if [ "$cmd" = list ]; then
				COMPREPLY=($(compgen -W "$(_papyr_names list-formats)" -- "$cur"))
			else
				COMPREPLY=($(compgen -W "$(_papyr_names formats)" -- "$cur"))
			fi
			return ;;
		-s|--sort) COMPREPLY=($(compgen -W "$(_papyr_names sorts)" -- "$cur")); return ;;
		--group) COMPREPLY=($(compgen -W "tag day" -- "$cur")); return ;;
		-o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--tag) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" tags 2>/dev/null | cut -f1)" -- "$cur")); return ;;
		esac
		case $cur in
		@*) COMPREPLY=($(compgen -P @ -W "$(papyr "${db[@]}" views 2>/dev/null | cut -f1)" -- "${cur#@}")) ;;
		tag:*) COMPREPLY=($(compgen -P tag: -W "$(papyr "${db[@]}" tags 2>/dev/null | cut -f1)" -- "${cur#tag:}")) ;;
		is:*) COMPREPLY=($(compgen -P is: -W "$(_papyr_names states)" -- "${cur#is:}")) ;;
		has:*) COMPREPLY=($(compgen -P has: -W "$(_papyr_names has)" -- "${cur#has:}")) ;;
		sort:*) COMPREPLY=($(compgen -P sort: -W "$(_papyr_names sorts)" -- "${cur#sort:}")) ;;
		-*) COMPREPLY=($(compgen -W "$(_papyr_options "$cmd") --help" -- "$cur")) ;;
		*)
			local fields
			fields=$(_papyr_names fields | sed 's/$/:/')
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -W "$fields" -- "$cur")) ;;
		esac ;;
	tag)
		case $cur in
		+*|-*) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" tags 2>/dev/null | cut -f1 | sed 's/^/+/; p; s/^+/-/')" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur")) ;;
		esac ;;
	mark) COMPREPLY=($(compgen -W "$(_papyr_names marks) $(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur")) ;;
	show|read)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_papyr_options "$cmd") --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur"))
		fi ;;
	note) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -W "$(_papyr_options "$cmd") --help" -- "$cur")) ;;
	esac
}
complete -o default -F _papyr papyr
