# The harness itself: a step whose failure a test does not check must fail
# the test, wherever it sits (run.sh runs each test under set -e, pipefail
# and inherit_errexit, outside any condition).

# harness FILE: runs run.sh on FILE alone, output in $T/out, status in $rc.
harness() {
	E2E_ONLY= run bash "$E2E/run.sh" "$PAPYR" "$1"
}

test_harness_fails_a_test_on_a_failing_step() {
	cat >"$T/t_meta.sh" <<'TESTS'
test_x() { false; echo after; }
TESTS
	harness "$T/t_meta.sh"
	expect_rc 1
	expect_out "FAIL test_x"
	expect_no_out "after"
	expect_out "0 passed, 1 failed"
}

test_harness_fails_a_test_wherever_the_failure_hides() {
	cat >"$T/t_meta.sh" <<'TESTS'
setup_step() { false; echo "after in setup_step"; }
test_in_a_helper() { setup_step; echo "after in_a_helper"; }
test_in_a_papyr_run() { "$PAPYR" --no-such-option; echo "after papyr_run"; }
test_left_of_a_pipe() { false | cat; echo "after left_of_a_pipe"; }
test_in_a_substitution() { x=$(false; echo hi); echo "after in_a_substitution $x"; }
test_by_fail() { fail "on purpose"; echo "after by_fail"; }
test_passing() { false || true; ! false; [ -d "$T" ]; }
TESTS
	harness "$T/t_meta.sh"
	expect_rc 1
	for t in in_a_helper in_a_papyr_run left_of_a_pipe in_a_substitution by_fail; do
		expect_out "FAIL test_$t"
	done
	expect_no_out "after"
	expect_out "ok   test_passing"
	expect_eq "$(tail -n 1 "$T/out")" "1 passed, 5 failed"
}
