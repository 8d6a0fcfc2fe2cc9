# bash completion for almanac(1).
# Installed as $(PREFIX)/share/bash-completion/completions/almanac; to try
# it from the source tree: . completion/almanac.bash
# tests/cli/test_completion.sh checks it against "almanac help CMD".

_almanac_commands="publish preview lint calendar card images status doctor
auth pause resume daemon init help"
_almanac_platforms="twitter linkedin facebook instagram pinterest feed mastodon bluesky threads"
# the platforms "almanac auth" can authorize in a browser
_almanac_auth_platforms="linkedin pinterest threads"

# The options of command $1, one word each; every command takes -h and
# --help (its help).
_almanac_options()
{
	case $1 in
	publish)	echo "--date --force --platform --dry-run --retry-unknown" \
			    "--retry-failed --late --new-ledger" ;;
	preview)	echo "--date --all-days --platform --format --requests -o" ;;
	calendar|images)	echo "--from --days" ;;
	card)		echo "--platform --shape --date --all -o" ;;
	status)		echo "--date --days --from --to" ;;
	auth)		echo "--port --timeout --no-browser" ;;
	esac
	echo "-h --help"
}

# Completes file names (spaces included) for the word $cur.
_almanac_files()
{
	local IFS='
'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$cur"))
}

# Completes the word under the cursor for the almanac command line.
_almanac()
{
	local cur prev cmd i w
	local global="-c --config -v --verbose -q --quiet --log-format --now
-h --help --version"

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	# "--format=js": bash splits the word at the "=".
	if [ "$cur" = "=" ]; then
		cur=
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	fi

	# The command: the first word that is neither an option nor the
	# value of a global option. bash splits "--config=FILE" at the "="
	# and "--now 2026-11-12T16:00" at the ":".
	cmd=
	i=1
	while [ "$i" -lt "$COMP_CWORD" ]; do
		w=${COMP_WORDS[i]}
		i=$((i + 1))
		case $w in
		-c|--config|--log-format|--now)
			[ "${COMP_WORDS[i]}" = "=" ] && i=$((i + 1))
			i=$((i + 1))
			while [ "${COMP_WORDS[i]}" = ":" ]; do
				i=$((i + 2))
			done ;;
		-*)	;;
		*)	cmd=$w
			i=$((i - 1))
			break ;;
		esac
	done

	case $prev in
	-c|--config|-o)
		_almanac_files
		return 0 ;;
	--platform)
		COMPREPLY=($(compgen -W "$_almanac_platforms" -- "$cur"))
		return 0 ;;
	--format)
		COMPREPLY=($(compgen -W "text json html" -- "$cur"))
		return 0 ;;
	--log-format)
		COMPREPLY=($(compgen -W "text json" -- "$cur"))
		return 0 ;;
	--shape)
		COMPREPLY=($(compgen -W "link square portrait pin" -- "$cur"))
		return 0 ;;
	--date|--from|--to|--days|--now|--port|--timeout)
		return 0 ;;
	esac

	if [ -z "$cmd" ]; then
		case $cur in
		-*)	COMPREPLY=($(compgen -W "$global" -- "$cur")) ;;
		*)	COMPREPLY=($(compgen -W "$_almanac_commands" -- "$cur")) ;;
		esac
		return 0
	fi
	case $cmd:$cur in
	help:-*|lint:-*)
		COMPREPLY=($(compgen -W "$(_almanac_options "$cmd")" -- "$cur")) ;;
	help:*)
		if [ "$i" -eq $((COMP_CWORD - 1)) ]; then
			COMPREPLY=($(compgen -W "$_almanac_commands" -- "$cur"))
		fi ;;
	lint:*)
		_almanac_files ;;
	init:|init:[!-]*)
		if [ "$i" -eq $((COMP_CWORD - 1)) ]; then
			compopt -o dirnames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur"))
		fi ;;
	auth:|auth:[!-]*)
		if [ "$i" -eq $((COMP_CWORD - 1)) ]; then
			COMPREPLY=($(compgen -W "$_almanac_auth_platforms" -- "$cur"))
		fi ;;
	*)
		COMPREPLY=($(compgen -W "$(_almanac_options "$cmd")" -- "$cur")) ;;
	esac
	return 0
}

complete -F _almanac almanac
