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
	p export --format ris -o out.ris | grep -q "TY  - " || fail "a link to stdout printed nothing"
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
