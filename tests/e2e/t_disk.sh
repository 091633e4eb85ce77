# A full disk under the cache: the transaction it cut short leaves the cache
# as it was, no half file stays behind, and papyr says "disk full". Needs a
# small tmpfs, so root; elsewhere each test says so and checks nothing.

DDAY25=$FIX/hf/daily_papers_limit25_2026-07-13_spans_two_days.json

# small_cache_dir [SIZE]: mounts $T/small (SIZE, 4m by default) and puts the
# cache in it with a day of papers; returns 1 when it cannot.
small_cache_dir() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root: cannot mount a small tmpfs, nothing to check" >&2
		return 1
	fi
	mkdir small
	mount -t tmpfs -o "size=${1:-4m}" tmpfs small || fail "cannot mount a tmpfs"
	trap 'umount "$T/small" 2>/dev/null || true' EXIT
	"$PAPYR" --db small/cache.db import "$DDAY25" >/dev/null
}

# fill_up KB: fills the small disk until KB kilobytes are left.
fill_up() {
	local avail
	avail=$(df --output=avail -k small | tail -n 1)
	[ "$avail" -gt "$1" ] || fail "only ${avail}k free on the small disk"
	dd if=/dev/zero of=small/fill bs=1k count=$((avail - $1)) status=none
}

# many_papers N FILE: N papers of a real day under N new ids.
many_papers() {
	/usr/bin/python3 - "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" "$1" "$2" <<'PY'
import json, sys
day = json.load(open(sys.argv[1]))
out = []
for k in range(int(sys.argv[2])):
    e = json.loads(json.dumps(day[k % len(day)]))
    e["paper"]["id"] = "25%02d.%05d" % (1 + k % 12, 10000 + k)
    out.append(e)
json.dump(out, open(sys.argv[3], "w"))
PY
}

# The cache in small/ is whole and holds what it held; only the cache's own
# files are on the disk.
small_cache_as_before() {
	expect_eq "$(sqlite3 small/cache.db 'PRAGMA integrity_check')" ok "integrity_check"
	expect_eq "$(sqlite3 small/cache.db 'SELECT group_concat(id) FROM (SELECT id FROM papers ORDER BY id)')" \
		"$1" "the papers"
	local left
	left=$(cd small && ls -A | grep -v -x -e cache.db -e cache.db-wal -e cache.db-shm -e fill || true)
	expect_eq "$left" "" "files left on the small disk"
}

test_import_on_a_full_disk_leaves_the_cache_as_it_was() {
	small_cache_dir || return 0
	local before
	before=$(sqlite3 small/cache.db 'SELECT group_concat(id) FROM (SELECT id FROM papers ORDER BY id)')
	many_papers 400 many.json
	fill_up 48
	run timeout 60 "$PAPYR" --db small/cache.db import many.json
	expect_rc 1
	expect_err "papyr: many.json: "
	expect_err "disk full (nothing from it was stored)"
	small_cache_as_before "$before"
	# room again: the same file goes in whole
	rm small/fill
	run timeout 60 "$PAPYR" --db small/cache.db import many.json
	expect_rc 0
	expect_out "many.json: 400 papers, 400 new, 0 updated"
	umount small
}

test_sync_on_a_full_disk_leaves_the_cache_as_it_was() {
	small_cache_dir || return 0
	start_server
	local before
	before=$(sqlite3 small/cache.db 'SELECT group_concat(id) FROM (SELECT id FROM papers ORDER BY id)')
	fill_up 96
	run timeout 60 "$PAPYR" --db small/cache.db sync --date 2026-06-12
	expect_rc 3
	expect_err "papyr: 2026-06-12: not stored: "
	expect_err "disk full"
	small_cache_as_before "$before"
	rm small/fill
	run timeout 60 "$PAPYR" --db small/cache.db sync --date 2026-06-12
	expect_rc 0
	expect_out "synced 1 day: 30 new papers"
	umount small
}

# The import commits into the write-ahead log, which fits; moving the log
# into the cache file (the checkpoint when papyr closes it) meets the full
# disk. The commit stands, the cache is whole, and with room again the next
# run finishes the checkpoint.
test_checkpoint_on_a_full_disk_keeps_what_was_committed() {
	small_cache_dir 8m || return 0
	many_papers 400 many.json
	fill_up 4400
	run timeout 60 "$PAPYR" --db small/cache.db import many.json
	expect_rc 0
	expect_out "many.json: 400 papers, 400 new, 0 updated"
	[ -s small/cache.db-wal ] || fail "the checkpoint never met the full disk"
	expect_eq "$(sqlite3 small/cache.db 'PRAGMA integrity_check')" ok "integrity_check"
	expect_eq "$(sqlite3 small/cache.db 'SELECT count(*) FROM papers')" 425
	rm small/fill
	run "$PAPYR" --db small/cache.db list --limit 1
	expect_rc 0
	[ ! -e small/cache.db-wal ] || fail "the log was not moved into the cache: $(ls -la small)"
	expect_eq "$(sqlite3 small/cache.db 'SELECT count(*) FROM papers')" 425
	umount small
}

# With no room even for SQLite's shared-memory index, the cache cannot be
# opened: that says "disk full", never that the file is someone else's.
test_open_on_a_full_disk_says_disk_full() {
	small_cache_dir || return 0
	fill_up 8
	run "$PAPYR" --db small/cache.db list
	expect_rc 1
	expect_err "papyr: small/cache.db: cache: disk full"
	[ "$(grep -c 'not a papyr cache' "$T/err")" = 0 ] || fail "a full disk read as a foreign file"
	rm small/fill
	run "$PAPYR" --db small/cache.db list
	expect_rc 0
	umount small
}
