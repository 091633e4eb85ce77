# Hugging Face paper pages (/api/papers/ID: linked models, datasets and
# Spaces) from the fixture server into the cache: papyr show --fetch, the
# query fields, and kept papers during sync.

PAGE_FIX=$FIX/hf/paper_2608.09888.json
PAGE_DAY=$FIX/hf/days/2026-06-12.json

# pages_server: server.py with $T/pages as its folder of pages.
pages_server() {
	mkdir -p "$T/pages"
	start_server
}

# page_requests: the paper pages the server was asked for, one a line.
page_requests() {
	/usr/bin/python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["path"].startswith("/api/papers/"):
        print(r["path"][len("/api/papers/"):])' "$T/requests.log"
}

test_show_fetch_stores_and_prints_the_page() {
	pages_server
	cp "$PAGE_FIX" pages/2608.09888.json
	p import "$PAGE_FIX" >/dev/null
	run p show 2608.09888
	expect_rc 0
	expect_no_out "Hugging Face page"
	run p show --fetch 2608.09888
	expect_rc 0
	expect_out "Hugging Face page (fetched $(date -u +%F))"
	expect_out "  Models: 0   Datasets: 1   Spaces: 0"
	expect_out "  Datasets:     WhySoCodius/in-context-grid-reasoning (108 downloads, 1 like)"
	expect_out "  GitHub:       https://github.com/pathwaycom/arc-task-gen (11184 stars)"
	expect_out "  Organization: Pathway"
	expect_eq "$(sql 'SELECT found, num_models, num_datasets, num_spaces FROM paper_pages')" \
		"1|0|1|0" "the stored page"
	# cached: a plain show asks nothing
	run p show 2608.09888
	expect_out "  Models: 0   Datasets: 1   Spaces: 0"
	expect_eq "$(page_requests | wc -l)" 1 "page requests"
	# the query fields; a paper never fetched has none and 0 models
	p import "$PAGE_DAY" >/dev/null
	run p list has:datasets --format ids
	expect_eq "$(cat "$T/out")" 2608.09888 "has:datasets"
	run p list has:models --format ids
	expect_eq "$(cat "$T/out")" "" "has:models"
	run p list has:spaces --format ids
	expect_eq "$(cat "$T/out")" "" "has:spaces"
	run p list 'models:>0' --format ids
	expect_eq "$(cat "$T/out")" "" "models:>0"
	run p list models:0 --format ids
	expect_eq "$(grep -c . "$T/out")" 31 "models:0"
	run p list -has:datasets --format ids
	expect_eq "$(grep -c . "$T/out")" 30 "-has:datasets"
}

test_show_fetch_missing_and_failing_pages() {
	pages_server
	p import "$PAGE_DAY" >/dev/null
	id=$(sqlite3 cache.db 'SELECT id FROM papers ORDER BY id LIMIT 1')
	run p show --fetch "$id"
	expect_rc 0
	expect_out "Hugging Face page: none (asked $(date -u +%F))"
	expect_eq "$(sql 'SELECT found FROM paper_pages')" 0 "a page the API lacks"
	id2=$(sqlite3 cache.db 'SELECT id FROM papers ORDER BY id LIMIT 1 OFFSET 1')
	echo 500 >"pages/$id2.fault"
	run p show --fetch "$id2"
	expect_rc 1
	expect_err "papyr: fetching the paper's page: $id2: HTTP 500"
	expect_out "$id2"
	expect_eq "$(sql 'SELECT count(*) FROM paper_pages')" 1 "pages stored"
	run p show --fetch 2699.99999
	expect_rc 1
	expect_err "2699.99999: no such paper in the cache"
	# a corrupt page is refused whole, named
	id3=$(sqlite3 cache.db 'SELECT id FROM papers ORDER BY id LIMIT 1 OFFSET 2')
	echo '{"linkedModels": 3}' >"pages/$id3.json"
	run p show --fetch "$id3"
	expect_rc 1
	expect_err "linkedModels is a number, expected an array"
	expect_eq "$(sql 'SELECT count(*) FROM paper_pages')" 1 "pages stored"
}

test_sync_fetches_the_pages_of_kept_papers() {
	pages_server
	p import "$PAGE_DAY" >/dev/null
	ids=$(sqlite3 cache.db 'SELECT id FROM papers ORDER BY id LIMIT 3')
	set -- $ids
	p tag "$1" +toread >/dev/null
	p mark "$2" star >/dev/null
	p mark "$3" star dismiss >/dev/null
	cp "$PAGE_FIX" "pages/$1.json"
	run p sync --date 2026-06-12
	expect_rc 0
	expect_eq "$(page_requests | sort | tr '\n' ' ')" "$(printf '%s\n' "$1" "$2" | sort | tr '\n' ' ')" \
		"pages asked for: the kept papers, not the dismissed one"
	expect_eq "$(sql "SELECT p.id, g.found, g.num_datasets FROM paper_pages g JOIN papers p USING (pid) ORDER BY p.id" | tr '\n' ' ')" \
		"$(printf '%s|1|1\n%s|0|0\n' "$1" "$2" | sort | tr '\n' ' ')" "stored pages"
	# fresh pages are not asked for again; fetch_details = no asks for none
	run p sync --date 2026-06-12
	expect_eq "$(page_requests | wc -l)" 2 "page requests after a second sync"
	sqlite3 cache.db "UPDATE paper_pages SET fetched_at = fetched_at - 8 * 86400"
	mkdir -p cfg/papyr
	echo "fetch_details = no" >cfg/papyr/config
	run env XDG_CONFIG_HOME="$T/cfg" "$PAPYR" --db "$T/cache.db" sync --date 2026-06-12
	expect_eq "$(page_requests | wc -l)" 2 "page requests with fetch_details = no"
	run p sync --date 2026-06-12
	expect_eq "$(page_requests | wc -l)" 4 "week-old pages are asked for again"
}
