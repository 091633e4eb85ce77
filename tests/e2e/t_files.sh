# Where `export -o` writes: a link's target, a FIFO, /dev/stdout, never over a
# directory; and what a write that fails leaves behind.

files_cache() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
}

test_export_o_follows_a_symlink() {
	files_cache
	mkdir -p real
	echo old >real/library.bib
	ln -s real/library.bib link.bib
	run p export --format bibtex -o link.bib
	expect_rc 0
	[ -L link.bib ] || fail "link.bib is no longer a symbolic link"
	grep -q '^@' real/library.bib || fail "the link's target did not get the export"
	[ -z "$(ls -A real | grep -v '^library.bib$')" ] || fail "a temporary file was left: $(ls -A real)"
}

test_export_o_a_dangling_symlink_creates_its_target() {
	files_cache
	ln -s made.bib link.bib
	run p export --format bibtex -o link.bib
	expect_rc 0
	[ -L link.bib ] || fail "link.bib was replaced"
	grep -q '^@' made.bib || fail "the link's target was not created"
}

# /proc/self/fd/1 is what /dev/stdout links to; the test names it rather
# than /dev/stdout, so a papyr that renamed over it could not replace the
# machine's /dev/stdout.
test_export_o_stdout_prints() {
	files_cache
	run p export --format ris -o /proc/self/fd/1
	expect_rc 0
	expect_out "TY  - "
	ln -s /proc/self/fd/1 out.ris
	p export --format ris -o out.ris >got.ris
	grep -q "TY  - " got.ris || fail "a link to stdout printed nothing"
	[ -L out.ris ] || fail "out.ris was replaced"
}

test_export_o_fifo_reader_gets_the_export() {
	files_cache
	mkfifo pipe
	timeout 10 cat pipe >got &
	local reader=$!
	run p export --format csv -o pipe
	expect_rc 0
	wait "$reader" || fail "the FIFO never had a writer"
	[ -p pipe ] || fail "the FIFO was replaced by a file"
	grep -q '^id,' got || fail "the FIFO's reader got: $(head -c 200 got)"
}

test_export_o_directory_is_refused() {
	files_cache
	mkdir outdir
	run p export --format bibtex -o outdir
	expect_rc 1
	expect_err "outdir: is a directory"
	run p export --format bibtex -o newdir/
	expect_rc 1
	expect_err "newdir/: is a directory"
	[ ! -e newdir ] || fail "newdir was created"
}

test_export_o_dev_full_says_disk_full() {
	files_cache
	run p export --format ris -o /dev/full
	expect_rc 1
	expect_err "disk full"
}

# A full disk: a small tmpfs of its own (root only; CI runs as root).
test_export_o_full_disk_keeps_the_old_file() {
	files_cache
	if [ "$(id -u)" != 0 ]; then
		echo "not root: cannot mount a small tmpfs, nothing to check" >&2
		return 0
	fi
	mkdir small
	mount -t tmpfs -o size=48k tmpfs small || fail "cannot mount a tmpfs"
	trap 'umount "$T/small" 2>/dev/null || true' EXIT
	echo "the old library" >small/lib.json
	run p export --format json -o small/lib.json
	expect_rc 1
	expect_err "disk full"
	expect_eq "$(cat small/lib.json)" "the old library" "the old file"
	expect_eq "$(ls -A small)" "lib.json" "what is left on the disk"
	umount small
}

# ---- whose database: papyr's application_id ----

test_foreign_database_is_refused_untouched() {
	sqlite3 places.sqlite "CREATE TABLE moz_places(id INTEGER, url TEXT);
		INSERT INTO moz_places VALUES (1, 'x')"
	local before
	before=$(sha256sum places.sqlite)
	run "$PAPYR" --db places.sqlite list
	expect_rc 1
	expect_err "not a papyr cache"
	expect_err "left untouched"
	expect_eq "$(sha256sum places.sqlite)" "$before" "the foreign file"
	[ ! -e places.sqlite-wal ] || fail "a WAL file was made beside it"
	echo "not a database at all, just words" >junk.db
	run "$PAPYR" --db junk.db list
	expect_rc 1
	expect_err "not a papyr cache"
}

test_caches_carry_papyrs_application_id() {
	p list >/dev/null
	expect_eq "$(sql 'PRAGMA application_id')" 1347443026 "a new cache's id"
	# A cache from before the id: id 0, papyr's tables. It is adopted.
	sql 'PRAGMA application_id = 0'
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	expect_eq "$(sql 'PRAGMA application_id')" 1347443026 "an adopted cache's id"
	expect_eq "$(p list --format ids | wc -l)" 30 "papers in the adopted cache"
	sql 'PRAGMA application_id = 7'
	run p list
	expect_rc 1
	expect_err "application_id 0x00000007"
}

# Reading needs no write access; writing says read-only. Run as nobody,
# since root may write a 0444 file.
test_read_only_cache_reads_and_refuses_writes() {
	p import "$FIX/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json" >/dev/null
	if [ "$(id -u)" != 0 ]; then
		as_nobody() { "$@"; }
	else
		as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	fi
	mkdir ro && cp cache.db ro/ && chmod 0644 ro/cache.db && chmod 0555 ro
	chmod 0755 "$T" "$HOME"
	local id
	id=$(p list --format ids --limit 1)
	for db in ro/cache.db; do # a folder nobody may write: no WAL files either
		as_nobody "$PAPYR" --db "$db" list --format ids >"$T/out" 2>"$T/err" ||
			fail "list on a read-only cache: $(cat "$T/err")"
		expect_eq "$(wc -l <"$T/out")" 30 "papers read from $db"
		as_nobody "$PAPYR" --db "$db" show "$id" >/dev/null 2>"$T/err" ||
			fail "show on a read-only cache: $(cat "$T/err")"
		set +e
		as_nobody "$PAPYR" --db "$db" mark "$id" star >/dev/null 2>"$T/err"
		rc=$?
		set -e
		expect_rc 1
		expect_err "read-only"
	done
	expect_eq "$(ls -A ro)" "cache.db" "files beside the read-only cache"
}
