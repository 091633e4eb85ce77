# A cache path that cannot be a cache says what is wrong with it: a folder
# that does not exist, a folder given for the file.

test_cache_path_in_a_missing_folder() {
	run "$PAPYR" --db "$T/nowhere/cache.db" import "$FIX/hf/paper_2608.09888.json"
	expect_rc 1
	expect_err "$T/nowhere: no such folder to create the cache in"
	[ ! -e "$T/nowhere" ] || fail "the folder was made"
}

test_cache_path_that_is_a_folder() {
	mkdir "$T/dir"
	run "$PAPYR" --db "$T/dir" list
	expect_rc 1
	expect_err "$T/dir: a folder, not a cache file"
	expect_eq "$(ls -A "$T/dir")" "" "files made in the folder"
}
