# Learning from the marks: sort:foryou and sort:foryou:TAG trained from
# stars, tags and dismissals made from the shell, like:, show --why, too few
# positives, learn = no and forget.

# ln_gen FILE [DAY]: 80 made-up papers of two topics in papyr's JSON format:
# even numbers about diffusion and images, odd ones about robots and
# rewards; newer days for higher numbers (all listed on DAY when given).
ln_gen() {
	/usr/bin/python3 - "$@" <<'PY'
import json, sys
a = ["diffusion", "denoising", "images", "sampler", "latent", "pixels", "generative"]
b = ["robot", "reinforcement", "policy", "reward", "agent", "locomotion", "control"]
common = ["method", "results", "benchmark", "training", "efficient", "large", "study"]
papers = []
for i in range(80):
    words = a if i % 2 == 0 else b
    pick = lambda k: [words[(i * 3 + j) % len(words)] for j in range(k)]
    papers.append({"id": "2601.%05d" % i,
                   "title": " ".join(pick(3) + [common[i % 7]]).capitalize() + " %d" % i,
                   "authors": ["A. Author"],
                   "abstract": " ".join(pick(6) + [common[(i + 2) % 7], common[(i + 4) % 7]]),
                   "published": "2026-01-01",
                   "days": [sys.argv[2] if len(sys.argv) > 2 else "2026-01-%02d" % (1 + i // 3)],
                   "upvotes": i, "comments": 0})
json.dump(papers, open(sys.argv[1], "w"))
PY
}

ln_setup() {
	ln_gen "$T/papers.json"
	p import "$T/papers.json" >/dev/null
}

# ln_all_topic PARITY FILE: every id in FILE is of that topic (0 even, 1 odd).
ln_all_topic() {
	local id n
	[ -s "$2" ] || fail "no papers listed"
	while read -r id; do
		n=$((10#${id#2601.}))
		[ $((n % 2)) -eq "$1" ] || fail "$id is not of topic $1: $(tr '\n' ' ' <"$2")"
	done <"$2"
}

test_learn_from_stars_and_dismissals() {
	ln_setup
	p mark 2601.00002 2601.00004 2601.00006 2601.00008 star
	p mark 2601.00001 2601.00003 dismiss
	run p list sort:foryou -f ids -n 15
	expect_rc 0
	ln_all_topic 0 "$T/out"
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")"
	# the marks change from the shell: the next query follows them
	p mark 2601.00002 2601.00004 2601.00006 2601.00008 unstar
	p mark 2601.00001 2601.00003 undismiss
	p mark 2601.00011 2601.00013 2601.00015 star
	p mark 2601.00010 dismiss
	run p list sort:foryou -f ids -n 15
	expect_rc 0
	ln_all_topic 1 "$T/out"
	# it combines with filters, and --sort foryou is the same order
	run p list 'date:2026-01-20..2026-01-31 sort:foryou' -f ids -n 5
	expect_rc 0
	ln_all_topic 1 "$T/out"
	run p list --sort foryou -f ids -n 5
	ln_all_topic 1 "$T/out"
	expect_eq "$(sql "SELECT positives FROM learn_models WHERE name = 'foryou'")" 3
	integrity_ok
}

test_learn_from_tags_and_negative_tags() {
	ln_setup
	p tag 2601.00021 2601.00023 2601.00025 +robots
	p tag 2601.00020 2601.00022 2601.00024 2601.00026 +skip
	run p list sort:foryou -f ids -n 15
	expect_rc 0
	ln_all_topic 1 "$T/out"
	run p list sort:foryou:robots -f ids -n 10
	expect_rc 0
	ln_all_topic 1 "$T/out"
	# skip is a negative tag: no positives for its own model's sake
	expect_eq "$(sql "SELECT positives FROM learn_models WHERE name = 'foryou'")" 3
	# a tag with too few papers says so, newest first
	p tag 2601.00030 +rare
	run p list sort:foryou:rare -f ids -n 3
	expect_rc 0
	expect_err "too little to learn from: 1 paper tagged rare"
	# negative_tags from the config: now skip counts as kept
	mkdir -p "$HOME/.config/papyr"
	echo "negative_tags = meh" >"$HOME/.config/papyr/config"
	run p list sort:foryou -f ids -n 3
	expect_rc 0
	expect_eq "$(sql "SELECT positives FROM learn_models WHERE name = 'foryou'")" 8
}

test_learn_foryou_view() {
	ln_setup
	p mark 2601.00011 2601.00013 2601.00015 star
	run p list @foryou -f ids -n 5 --all
	expect_rc 0
	# the view is the last 7 days: the made-up days are older than that
	[ ! -s "$T/out" ] || fail "old papers in the view: $(cat "$T/out")"
	run p views
	expect_out "foryou	date:-7d sort:foryou -is:starred -is:tagged -is:noted -is:dismissed"
}

# The view is the week's papers not handled yet: the kept ones (the model's
# positives, which rank first) and the dismissed stay out of it, an unmarked
# paper like them comes first; sort:foryou alone still orders them all.
test_learn_foryou_view_leaves_out_handled() {
	ln_gen "$T/papers.json" "$(date -u +%F)"
	p import "$T/papers.json" >/dev/null
	p mark 2601.00002 2601.00004 2601.00006 star
	p tag 2601.00008 +toread
	p note 2601.00010 "read it"
	p mark 2601.00012 2601.00001 dismiss
	run p list @foryou -f ids -n 10
	expect_rc 0
	ln_all_topic 0 "$T/out"
	for id in 2601.00002 2601.00004 2601.00006 2601.00008 2601.00010 2601.00012; do
		! grep -qx "$id" "$T/out" || fail "$id handled, yet in the view: $(tr '\n' ' ' <"$T/out")"
	done
	# the list is an order over what the query selects: the kept come first
	run p list sort:foryou -f ids -n 40
	expect_rc 0
	grep -qx 2601.00002 "$T/out" || fail "sort:foryou left out a starred paper"
	# the digest's For you group lists the same papers, in the same order
	p list @foryou -f ids -n 10 >"$T/view"
	run p digest --format text --limit 10
	expect_rc 0
	sed -n '/^For you/,$s|.*arxiv.org/abs/\([0-9.]*\) .*|\1|p' "$T/out" >"$T/fy"
	cmp -s "$T/view" "$T/fy" || fail "digest: $(tr '\n' ' ' <"$T/fy") view: $(tr '\n' ' ' <"$T/view")"
}

test_learn_too_few_positives() {
	ln_setup
	p mark 2601.00002 star
	p note 2601.00004 "worth a look"
	run p list sort:foryou -f ids -n 5
	expect_rc 0
	expect_err "too little to learn from: 2 kept papers"
	p list -f ids -n 5 >"$T/newest"
	cmp -s "$T/out" "$T/newest" || fail "not newest first: $(tr '\n' ' ' <"$T/out")"
	# a third makes it learn
	p tag 2601.00006 +toread
	run p list sort:foryou -f ids -n 5
	expect_rc 0
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")"
	ln_all_topic 0 "$T/out"
}

test_learn_off_and_forget() {
	ln_setup
	p mark 2601.00002 2601.00004 2601.00006 star
	p list sort:foryou -n 1 >/dev/null
	expect_eq "$(sql 'SELECT count(*) FROM learn_models')" 1
	run p forget
	expect_rc 0
	expect_eq "$(sql 'SELECT count(*) FROM learn_models')" 0
	expect_eq "$(sql 'SELECT count(*) FROM learn_scores')" 0
	expect_eq "$(sql 'SELECT count(*) FROM state WHERE starred')" 3
	mkdir -p "$HOME/.config/papyr"
	echo "learn = no" >"$HOME/.config/papyr/config"
	run p list sort:foryou -f ids -n 5
	expect_rc 0
	expect_err "learning is off (learn = no); newest first"
	expect_eq "$(sql 'SELECT count(*) FROM learn_models')" 0
}

# A read-only cache cannot learn: it ranks as last learned when those
# scores cover every paper, else newest first, and says which. Run as
# nobody, since root may write a 0444 file.
test_learn_on_a_read_only_cache() {
	ln_setup
	local as_nobody=()
	[ "$(id -u)" != 0 ] || as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	mkdir ro1 && cp cache.db ro1/ && chmod 0644 ro1/cache.db && chmod 0555 ro1
	p mark 2601.00002 2601.00004 2601.00006 2601.00008 star
	p list sort:foryou -n 1 >/dev/null
	p mark 2601.00010 star
	mkdir ro2 && cp cache.db ro2/ && chmod 0644 ro2/cache.db && chmod 0555 ro2
	chmod 0755 "$T" "$HOME"
	"${as_nobody[@]}" "$PAPYR" --db ro2/cache.db list sort:foryou -f ids -n 15 \
		>"$T/out" 2>"$T/err" || fail "sort:foryou, read-only: $(cat "$T/err")"
	expect_err "the cache is read-only: ranked as last learned"
	ln_all_topic 0 "$T/out"
	"${as_nobody[@]}" "$PAPYR" --db ro1/cache.db list sort:foryou -f ids -n 5 \
		>"$T/out" 2>"$T/err" || fail "sort:foryou, read-only: $(cat "$T/err")"
	expect_err "the cache is read-only: nothing learned to rank by; newest first"
	"${as_nobody[@]}" "$PAPYR" --db ro1/cache.db list -f ids -n 5 >"$T/newest"
	cmp -s "$T/out" "$T/newest" || fail "not newest first: $(tr '\n' ' ' <"$T/out")"
	expect_eq "$(ls -A ro1) $(ls -A ro2)" "cache.db cache.db" "files beside the read-only caches"
}

test_like_ranks_the_papers_like_one() {
	ln_setup
	run p list like:2601.00042 -f ids -n 10
	expect_rc 0
	ln_all_topic 0 "$T/out"
	expect_no_out 2601.00042
	# a ranking term among filters; sort: orders instead
	run p list 'like:2601.00042 date:2026-01-01..2026-01-10' -f ids -n 5
	expect_rc 0
	ln_all_topic 0 "$T/out"
	run p list 'like:2601.00042 sort:-upvotes' -f ids -n 3
	expect_rc 0
	[ "$(head -n 1 "$T/out")" = 2601.00000 ] || fail "not by upvotes: $(cat "$T/out")"
	run p list like:2609.99999
	expect_rc 1
	expect_err "like:2609.99999: no such paper in the cache"
}

test_show_why_names_the_words() {
	ln_setup
	p mark 2601.00002 2601.00004 2601.00006 2601.00008 star
	run p show --why 2601.00040
	expect_rc 0
	expect_out "Why (foryou)"
	grep -A3 'Why (foryou)' "$T/out" >"$T/why"
	grep -qE 'diffusion|denoising|images|sampler|latent|pixels|generative' "$T/why" ||
		fail "no word of the topic: $(cat "$T/why")"
	run p show --why=robots 2601.00040
	expect_rc 0
	expect_err "too little to learn from: 0 papers tagged robots"
	run p show --why=a,b 2601.00040
	expect_rc 2
}

# The interface learns on a background job and then ranks; a model with too
# little to learn from says so on the status line.
test_tui_learns_in_the_background() {
	ln_setup
	p mark 2601.00002 2601.00004 2601.00006 2601.00008 star
	tui_shell 120 40
	tk "exec_papyr" Enter
	tui_wait "/80"
	tk l
	tk -l "sort:foryou"
	tk Enter
	sql_wait "SELECT count(*) FROM learn_models WHERE name = 'foryou'" 1
	local i
	for ((i = 0; i < 100; i++)); do
		screen >"$T/shot"
		grep -qiE '^>.*(diffusion|denoising|images|sampler|latent|pixels|generative)' \
			"$T/shot" && break
		sleep 0.05
	done
	grep -qiE '^>.*(diffusion|denoising|images|sampler|latent|pixels|generative)' "$T/shot" ||
		fail "not ranked: $(cat "$T/shot")"
	# the detail pane says why
	tui_wait "Why for you"
	grep -A2 'Why for you' "$T/screen" >"$T/why"
	grep -qiE 'diffusion|denoising|images|sampler|latent|pixels|generative' "$T/why" ||
		fail "no word of the topic: $(cat "$T/why")"
	# more like this: the paper under the cursor's like:
	local cur
	cur=$(grep -o 'arXiv 2601\.[0-9]*' "$T/screen" | head -n 1 | cut -d' ' -f2)
	[ -n "$cur" ] || fail "no paper in the detail pane: $(cat "$T/screen")"
	tk =
	tui_wait "like:$cur"
	sql_wait "SELECT count(*) FROM learn_models WHERE name = 'like:$cur'" 1
	for ((i = 0; i < 100; i++)); do
		screen >"$T/shot"
		grep -qiE '^>.*(diffusion|denoising|images|sampler|latent|pixels|generative)' \
			"$T/shot" && ! grep -q "arXiv $cur" "$T/shot" && break
		sleep 0.05
	done
	grep -qiE '^>.*(diffusion|denoising|images|sampler|latent|pixels|generative)' "$T/shot" ||
		fail "not like it: $(cat "$T/shot")"
	tk Escape
	tk l C-u
	tk -l "sort:foryou:rare"
	tk Enter
	tui_wait "too little to learn from: 0 papers tagged rare"
	tui_quit_sane
	integrity_ok
}
