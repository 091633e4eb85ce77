# bash completion for papyr: commands, options, paper ids, tags and views.
_papyr() {
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local commands="sync import list show tag mark note export tags views"
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
		COMPREPLY=($(compgen -W "$commands --db --help --version" -- "$cur"))
		return
	fi
	case $cmd in
	sync) COMPREPLY=($(compgen -W "--days --date --since --until --quiet --help" -- "$cur")) ;;
	import) COMPREPLY=($(compgen -f -- "$cur")) ;;
	list|export)
		case $prev in
		--format)
			if [ "$cmd" = list ]; then
				COMPREPLY=($(compgen -W "table tsv json ids" -- "$cur"))
			else
				COMPREPLY=($(compgen -W "bibtex csl-json ris markdown csv json" -- "$cur"))
			fi
			return ;;
		--sort) COMPREPLY=($(compgen -W "day upvotes comments stars title published" -- "$cur")); return ;;
		--group) COMPREPLY=($(compgen -W "tag day" -- "$cur")); return ;;
		-o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--tag) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" tags 2>/dev/null | cut -f1)" -- "$cur")); return ;;
		esac
		case $cur in
		@*) COMPREPLY=($(compgen -P @ -W "$(papyr "${db[@]}" views 2>/dev/null | cut -f1)" -- "${cur#@}")) ;;
		tag:*) COMPREPLY=($(compgen -P tag: -W "$(papyr "${db[@]}" tags 2>/dev/null | cut -f1)" -- "${cur#tag:}")) ;;
		-*)
			if [ "$cmd" = export ]; then
				COMPREPLY=($(compgen -W "--format -o --sort --all --group --abstract --summary --help" -- "$cur"))
			else
				COMPREPLY=($(compgen -W "--format --sort --limit --tag --unread --day --all --help" -- "$cur"))
			fi ;;
		*) COMPREPLY=($(compgen -W "is:unread is:read is:starred is:dismissed is:tagged is:noted has:github has:project tag: title: author: abstract: kw: id: date: published: upvotes: comments: stars: sort:" -- "$cur")) ;;
		esac ;;
	tag)
		case $cur in
		+*|-*) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" tags 2>/dev/null | cut -f1 | sed 's/^/+/; p; s/^+/-/')" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur")) ;;
		esac ;;
	mark) COMPREPLY=($(compgen -W "read unread star unstar dismiss undismiss $(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur")) ;;
	show|note) COMPREPLY=($(compgen -W "$(papyr "${db[@]}" list --format ids --limit 200 2>/dev/null)" -- "$cur")) ;;
	esac
}
complete -o default -F _papyr papyr
