# The source tree itself: its layers look down only.

test_layers_clean() {
	run bash "$E2E/../check/layers.sh"
	expect_rc 0
	expect_out "0 reaching the wrong way"
}

# The check must fail on an upward include, or it proves nothing.
test_layers_catch_upward_include() {
	mkdir -p tree/src/base tree/db tree/ui tree/src/cmd
	printf '#include "../src/base/mem.h"\n' >tree/db/ok.c
	printf '#include "../src/query.h"\n' >tree/db/up.c
	printf '#include "../src/cmd/cmd.h"\n' >tree/ui/side.c
	printf '#include <sqlite3.h>\n' >tree/ui/lib.c
	run bash "$E2E/../check/layers.sh" "$T/tree"
	expect_rc 1
	expect_out "db/up.c includes src/query.h"
	expect_out "ui/side.c includes src/cmd/cmd.h"
	expect_out "ui/lib.c includes <sqlite3.h>"
	expect_out "3 reaching the wrong way"
}

test_tree_cites_only_files_it_contains() {
	run bash "$E2E/../check/cites.sh"
	expect_rc 0
	expect_out "0 missing"
}

test_cites_catch_a_missing_file() {
	mkdir -p tree/src tree/docs
	printf '/* see src/here.c and src/gone.c */\n' >tree/src/here.c
	printf 'The budgets are in BUDGETS.md; the map is MAP.md.\n' >tree/docs/MAP.md
	run bash "$E2E/../check/cites.sh" "$T/tree"
	expect_rc 1
	expect_out "src/here.c names src/gone.c"
	expect_out "docs/MAP.md names BUDGETS.md, a document the tree does not contain"
	expect_no_out "names MAP.md"
	expect_no_out "names src/here.c"
}
