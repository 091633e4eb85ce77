# papyr digest: what arrived since the last one, grouped by alert and then
# for you; silence when nothing is new; the bookmark moves only once the
# digest was written; back-fills and --since.

# dg_gen FILE FIRST N: N made-up papers numbered from FIRST, listed in the
# last three days: even ones about mamba, odd ones about diffusion; a title
# carries markup and an ampersand.
dg_gen() {
	/usr/bin/python3 - "$@" <<'PY'
import datetime, json, sys
path, first, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
today = datetime.date.today()
papers = []
for i in range(first, first + n):
    day = str(today - datetime.timedelta(days=i % 3))
    mamba = i % 2 == 0
    papers.append({"id": "2611.%05d" % i,
                   "title": ("Mamba <b>state</b> space & more %d" if mamba
                             else "Diffusion images and denoising %d") % i,
                   "authors": ["Ann Lee"],
                   "abstract": "mamba state space sequence models" if mamba
                               else "diffusion denoising images sampler",
                   "published": day, "days": [day], "upvotes": i, "comments": 0})
json.dump(papers, open(path, "w"))
PY
}

dg_setup() {
	dg_gen "$T/new.json" 0 12
	p import "$T/new.json" >/dev/null
	mkdir -p "$HOME/.config/papyr"
	printf 'alert.mamba = title:mamba\n' >"$HOME/.config/papyr/config"
}

# For you among the new papers: one in Chinese about what the reader kept
# has terms of its own and ranks above one of the other topic; one whose
# words the model never saw (Chinese, on nothing kept), and one with no
# words at all, have no evidence and come last, not first on the model's
# bias.
test_digest_for_you_ranks_by_evidence() {
	dg_setup
	p mark 2611.00001 2611.00003 2611.00005 2611.00007 star
	/usr/bin/python3 - "$T/zh.json" <<'PY'
import datetime, json, sys
day = str(datetime.date.today())
old = [("2611.00050", "扩散模型的图像去噪", "我们用扩散模型为图像去噪。"),
       ("2611.00051", "扩散模型的快速采样", "扩散模型采样更快。"),
       ("2611.00052", "状态空间模型的长序列", "状态空间模型处理长序列。")]
json.dump([{"id": i, "title": t, "authors": ["Li Wei"], "abstract": a, "published": day,
            "days": [day], "upvotes": 1, "comments": 0} for i, t, a in old],
          open(sys.argv[1], "w"))
PY
	p import "$T/zh.json" >/dev/null
	p mark 2611.00050 2611.00051 star
	p digest >/dev/null # learned, and the bookmark set
	sleep 1
	/usr/bin/python3 - "$T/day.json" <<'PY'
import datetime, json, sys
day = str(datetime.date.today())
new = [("2611.00060", "量子纠缠的实验观测", "光子量子纠缠实验。"),
       ("2611.00061", "扩散模型图像生成的新方法", "扩散模型。"),
       ("2611.00062", "?? !!", ""),
       ("2611.00063", "Mamba state space sequence layers", "mamba state space models")]
json.dump([{"id": i, "title": t, "authors": ["Li Wei"], "abstract": a, "published": day,
            "days": [day], "upvotes": 1, "comments": 0} for i, t, a in new],
          open(sys.argv[1], "w"))
PY
	p import "$T/day.json" >/dev/null
	run p digest --format text --limit 20
	expect_rc 0
	sed -n '/^For you/,$s|.*arxiv.org/abs/\([0-9.]*\) .*|\1|p' "$T/out" >"$T/fy"
	expect_eq "$(head -n 1 "$T/fy")" 2611.00061
	expect_eq "$(tail -n 2 "$T/fy" | sort | tr '\n' ' ')" "2611.00060 2611.00062 "
	# and --why names its words
	run p show --why 2611.00061
	expect_rc 0
	sed -n '/Why (foryou)/,$p' "$T/out" >"$T/why"
	grep -qE '扩散|散模|图像' "$T/why" || fail "no word of it: $(cat "$T/out")"
}

test_digest_groups_then_silence_and_bookmark() {
	dg_setup
	p mark 2611.00001 2611.00003 2611.00005 star
	run p digest -n 3
	expect_rc 0
	expect_out "# New papers since "
	expect_out "## mamba (title:mamba)"
	expect_out "- [Mamba \\<b\\>state\\</b\\> space & more 0](https://arxiv.org/abs/2611.00000)"
	expect_out "- and 3 more"
	expect_out "## For you"
	# for you: the best of what is new and not yet kept
	sed -n '/^## For you/,$p' "$T/out" >"$T/foryou"
	grep -q 'Diffusion images' "$T/foryou" || fail "for you: $(cat "$T/foryou")"
	! grep -q '2611.00001)' "$T/foryou" || fail "a starred paper is news: $(cat "$T/foryou")"
	expect_eq "$(sql "SELECT count(*) FROM bookmarks WHERE name = 'digest'")" 1
	# nothing new since: nothing printed, exit 0, the bookmark stays
	local mark
	mark=$(sql "SELECT at FROM bookmarks")
	run p digest
	expect_rc 0
	[ ! -s "$T/out" ] || fail "printed: $(cat "$T/out")"
	[ ! -s "$T/err" ] || fail "said: $(cat "$T/err")"
	expect_eq "$(sql "SELECT at FROM bookmarks")" "$mark"
	# a new paper arrives: the next digest has it alone
	sleep 1
	dg_gen "$T/more.json" 40 1
	p import "$T/more.json" >/dev/null
	run p digest
	expect_rc 0
	expect_out "2611.00040"
	expect_no_out "2611.00010"
}

test_digest_since_leaves_the_bookmark() {
	dg_setup
	run p digest --since "$(date +%Y-%m-%d)" -f text
	expect_rc 0
	expect_out "mamba (title:mamba)"
	expect_out "  Mamba <b>state</b> space & more 0"
	expect_out "    https://arxiv.org/abs/2611.00000"
	expect_eq "$(sql 'SELECT count(*) FROM bookmarks')" 0
	# too few kept papers: no for-you group, and no word on stderr
	expect_no_out "For you"
	[ ! -s "$T/err" ] || fail "said: $(cat "$T/err")"
	run p digest --since 2026-13-01
	expect_rc 2
}

test_digest_html_is_escaped() {
	dg_setup
	run p digest -f html
	expect_rc 0
	expect_out '<!DOCTYPE html>'
	expect_out '<h2>mamba <small>title:mamba</small></h2>'
	expect_out 'Mamba &lt;b&gt;state&lt;/b&gt; space &amp; more 0</a>'
	expect_no_out '<b>state'
	expect_out '</body></html>'
}

test_digest_leaves_out_backfills_and_old_arrivals() {
	dg_setup
	# a paper listed long before it arrived is a back-fill
	/usr/bin/python3 - "$T/old.json" <<'PY'
import json, sys
json.dump([{"id": "2601.00077", "title": "Mamba from long ago", "authors": ["B"],
            "abstract": "mamba", "published": "2026-01-02", "days": ["2026-01-02"],
            "upvotes": 5, "comments": 0}], open(sys.argv[1], "w"))
PY
	p import "$T/old.json" >/dev/null
	# and one that arrived 10 days ago is older than a first digest reaches
	sql "UPDATE papers SET first_seen = first_seen - 864000 WHERE id = '2611.00002'"
	run p digest -n 50
	expect_rc 0
	expect_out "2611.00000"
	expect_no_out "2601.00077"
	expect_no_out "2611.00002"
}

test_digest_bookmark_stays_when_the_output_fails() {
	dg_setup
	run p digest -o /dev/null
	expect_rc 2
	run sh -c "\"$PAPYR\" --db \"$T/cache.db\" digest >/dev/full"
	expect_rc 1
	expect_err "writing the output"
	expect_eq "$(sql 'SELECT count(*) FROM bookmarks')" 0
	# an empty cache: silence
	run "$PAPYR" --db "$T/empty.db" digest
	expect_rc 0
	[ ! -s "$T/out" ] || fail "printed: $(cat "$T/out")"
}

test_digest_bad_alert_is_named() {
	mkdir -p "$HOME/.config/papyr"
	printf 'alert.hot = upvotes:>\n' >"$HOME/.config/papyr/config"
	run p digest
	expect_rc 1
	expect_err "config:1: alert.hot: query:"
}
