/* Tests for the interface's plain parts: layout, cutting by display width,
 * scrolling, highlights, key names and bindings, the undo journal, the
 * detail pane's lines, prompt completion and OSC 52. No terminal needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "../src/base/mem.h"
#include "../src/base/buf.h"
#include "../src/base/text.h"
#include "../src/base/file.h"
#include "../ui/bg.h"
#include "../ui/detail.h"
#include "../ui/journal.h"
#include "../ui/keys.h"
#include "../ui/layout.h"
#include "../ui/listpane.h"
#include "../ui/prompt.h"
#include "../ui/term.h"
#include "../ui/view.h"
#include "../ui/pwin.h"
#include "../src/import.h"
#include "../src/config.h"
#include "../src/context.h"
#include "test_cache.h"
#include <poll.h>
#include <unistd.h>

static void test_layout_too_small(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(&l, 5, 80, 1, SPLIT_AUTO);
	assert_true(l.too_small);
	layout_compute(&l, 24, 29, 0, SPLIT_AUTO);
	assert_true(l.too_small);
	layout_compute(&l, 6, 30, 0, SPLIT_AUTO);
	assert_false(l.too_small);
	assert_int_equal(l.list.h, 4);
	assert_int_equal(l.status_y, 4);
	assert_int_equal(l.prompt_y, 5);
}

static void test_layout_side_stacked_full(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(&l, 40, 160, 1, SPLIT_AUTO); /* wide: side by side */
	assert_true(l.side);
	assert_int_equal(l.list.w + 1 + l.detail.w, 160);
	assert_int_equal(l.detail.x, l.list.w + 1);
	assert_int_equal(l.detail.h, 38);
	layout_compute(&l, 40, 120, 1, SPLIT_AUTO); /* narrower: stacked */
	assert_false(l.side);
	assert_int_equal(l.list.h + 1 + l.detail.h, 38);
	assert_int_equal(l.detail.y, l.list.h + 1);
	layout_compute(&l, 24, 80, 1, SPLIT_AUTO); /* 80x24: 12 list rows, 9 pane */
	assert_false(l.side);
	assert_int_equal(l.list.h, LAYOUT_STACK_LIST);
	assert_int_equal(l.detail.h, 22 - LAYOUT_STACK_LIST - 1);
	assert_true(layout_detail_fits(24, 80));
	assert_true(layout_detail_fits(23, 80)); /* 12 + 1 + 8 rows exactly */
	assert_false(layout_detail_fits(22, 80));
	assert_true(layout_detail_fits(10, 140)); /* wide: beside the list */
	layout_compute(&l, 22, 80, 1, SPLIT_AUTO); /* small: the detail takes it */
	assert_int_equal(l.list.h, 0);
	assert_int_equal(l.detail.h, 20);
	layout_compute(&l, 40, 120, 1, SPLIT_SIDE); /* the user's choice wins */
	assert_true(l.side);
	layout_compute(&l, 40, 120, 0, SPLIT_SIDE);
	assert_false(l.detail_shown);
	assert_int_equal(l.list.w, 120);
}

static void test_mouse_events_map_to_actions(void **state)
{
	(void)state;
	struct layout l;
	long n;
	layout_compute(&l, 40, 160, 1, SPLIT_AUTO); /* list left, detail right */
	assert_int_equal(layout_mouse(&l, 5, 3, 5, &n), MOUSE_SCROLL_LIST);
	assert_int_equal(n, LAYOUT_WHEEL_ROWS);
	assert_int_equal(layout_mouse(&l, 5, 3, 4, &n), MOUSE_SCROLL_LIST);
	assert_int_equal(n, -LAYOUT_WHEEL_ROWS);
	assert_int_equal(layout_mouse(&l, 5, l.detail.x + 2, 5, &n), MOUSE_SCROLL_DETAIL);
	assert_int_equal(n, LAYOUT_WHEEL_ROWS);
	assert_int_equal(layout_mouse(&l, 7, 3, 1, &n), MOUSE_PICK_ROW);
	assert_int_equal(n, 7);
	assert_int_equal(layout_mouse(&l, 7, l.detail.x + 2, 1, &n), MOUSE_NONE);
	assert_int_equal(layout_mouse(&l, l.status_y, 3, 1, &n), MOUSE_NONE);
	assert_int_equal(layout_mouse(&l, 5, l.sep.x, 5, &n), MOUSE_NONE);
	layout_compute(&l, 40, 120, 0, SPLIT_AUTO); /* the list alone */
	assert_int_equal(layout_mouse(&l, 30, 100, 4, &n), MOUSE_SCROLL_LIST);
	layout_compute(&l, 4, 20, 0, SPLIT_AUTO);
	assert_int_equal(layout_mouse(&l, 1, 1, 1, &n), MOUSE_NONE);
}

static void test_scroll_window(void **state)
{
	(void)state;
	assert_int_equal(layout_scroll(0, 5, 10), 0);    /* visible: stays */
	assert_int_equal(layout_scroll(0, 10, 10), 1);   /* one past: one down */
	assert_int_equal(layout_scroll(0, 25, 10), 16);  /* a jump: at the bottom */
	assert_int_equal(layout_scroll(20, 7, 10), 7);   /* above: at the top */
	assert_int_equal(layout_scroll(-30, -25, 10), -30); /* relative indexes */
	assert_int_equal(layout_scroll(3, 3, 0), 3);
}

static void test_row_columns(void **state)
{
	(void)state;
	struct row_cols c;
	layout_row(&c, 120, 0);
	assert_int_equal(c.day_w, 10);
	assert_int_equal(c.tags_w, 0);
	assert_int_equal(c.title_x + c.title_w, 120);
	layout_row(&c, 120, 200); /* tags get at most a quarter of the rest */
	assert_true(c.tags_w <= (120 - c.title_x) / 4);
	assert_int_equal(c.tags_x + c.tags_w, 120);
	assert_true(c.title_x + c.title_w < c.tags_x);
	layout_row(&c, 40, 5); /* narrow: no day column */
	assert_int_equal(c.day_w, 0);
	assert_true(c.title_w > 0);
}

/* A short tag ("rl", "cv", "llm") shows whole: only a cut that would leave
 * less than four columns of longer tags drops them. */
static void test_row_columns_short_tags(void **state)
{
	(void)state;
	struct row_cols c;
	for (int w = 2; w <= 3; w++) {
		layout_row(&c, 80, w);
		assert_int_equal(c.tags_w, w);
		assert_int_equal(c.tags_x + c.tags_w, 80);
		assert_true(c.title_x + c.title_w < c.tags_x);
	}
	layout_row(&c, 24, 40); /* a quarter of the rest is under four: none */
	assert_int_equal(c.tags_w, 0);
	assert_int_equal(c.title_x + c.title_w, 24);
}

static void test_cut_by_display_width(void **state)
{
	(void)state;
	int used, ell;
	assert_int_equal(layout_cut("abc", 3, &used, &ell), 3);
	assert_false(ell);
	assert_int_equal(layout_cut("abcd", 3, &used, &ell), 2); /* "ab…" */
	assert_true(ell);
	assert_int_equal(used, 2);
	/* CJK: two columns each; a wide character never splits */
	assert_int_equal(layout_cut("日本語", 6, &used, &ell), 9);
	assert_false(ell);
	assert_int_equal(layout_cut("日本語", 5, &used, &ell), 6);
	assert_int_equal(used, 4);
	assert_true(ell);
	/* accents and emoji */
	assert_int_equal(layout_cut("café", 4, &used, &ell), strlen("café"));
	assert_false(ell);
	assert_int_equal(layout_cut("a😀b", 3, &used, &ell), 1);
	assert_int_equal(used, 1);
	/* no space before the ellipsis */
	assert_int_equal(layout_cut("ab cd", 4, &used, &ell), 2);
	assert_int_equal(layout_cut("abc", 0, &used, &ell), 0);
}

static void test_key_names(void **state)
{
	(void)state;
	char name[16];
	/* bad names first */
	assert_int_equal(keys_parse(""), -1);
	assert_int_equal(keys_parse("C-"), -1);
	assert_int_equal(keys_parse("C-dd"), -1);
	assert_int_equal(keys_parse("F0"), -1);
	assert_int_equal(keys_parse("F25"), -1);
	assert_int_equal(keys_parse("ab"), -1);
	assert_int_equal(keys_parse("\x1b"), -1);
	assert_int_equal(keys_parse("Pgdn"), -1);
	assert_int_equal(keys_parse("j"), 'j');
	assert_int_equal(keys_parse("C-d"), 4);
	assert_int_equal(keys_parse("PgDn"), KEY_FN | KEY_NPAGE);
	assert_int_equal(keys_parse("F5"), KEY_FN | KEY_F(5));
	assert_int_equal(keys_parse("Space"), ' ');
	assert_int_equal(keys_parse("Enter"), '\r');
	assert_int_equal(keys_parse("é"), 0xE9);
	static const char *const round[] = {"j", "C-d", "PgDn", "PgUp", "F5", "F12", "Esc",
					    "Tab", "Up", "Home", "é", ";", "?", "S-Tab"};
	for (size_t i = 0; i < sizeof round / sizeof round[0]; i++)
		assert_string_equal(keys_name(keys_parse(round[i]), name, sizeof name),
				    round[i]);
}

static void test_keymap_defaults_and_bind(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	char *err = NULL;
	char keys[64];
	assert_int_equal(keymap_lookup(km, 'j'), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, KEY_FN | KEY_DOWN), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, '\n'), ACT_ENTER); /* Enter either way */
	assert_int_equal(keymap_lookup(km, KEY_FN | KEY_ENTER), ACT_ENTER);
	assert_int_equal(keymap_lookup(km, 4), ACT_HALF_DOWN);
	assert_int_equal(keymap_lookup(km, 'Z'), ACT_ZOTERO);
	assert_int_equal(keymap_lookup(km, 'Q'), ACT_NONE);
	assert_int_equal(keymap_bind(km, "C-dd", "down", &err), -1);
	assert_non_null(strstr(err, "'C-dd' is not a key name"));
	assert_int_equal(keymap_bind(km, "J", "fly", &err), -1);
	assert_non_null(strstr(err, "'fly' is not an action"));
	free(err);
	assert_int_equal(keymap_bind(km, "J", "down", NULL), 0);
	assert_int_equal(keymap_bind(km, "x", "none", NULL), 0);
	assert_int_equal(keymap_lookup(km, 'J'), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, 'x'), ACT_NONE);
	assert_string_equal(keymap_keys_of(km, ACT_DOWN, keys, sizeof keys), "j, Down, J");
	assert_string_equal(keymap_keys_of(km, ACT_DISMISS, keys, sizeof keys), "");
	keymap_free(&km);
	assert_null(km);
}

/* A binding's argument is the rest of the line, for the actions that take
 * one; the others refuse one rather than drop it. */
static void test_keymap_binds_an_argument(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	char *err = NULL;
	char keys[64];
	assert_int_equal(keymap_bind(km, "F2", "star now", &err), -1);
	assert_non_null(strstr(err, "'star' takes no argument"));
	free(err);
	err = NULL;
	assert_null(keymap_arg(km, 'F'));
	assert_int_equal(keymap_bind(km, "F2", "tag toread  later", &err), 0);
	assert_int_equal(keymap_lookup(km, KEY_FN | KEY_F(2)), ACT_TAG);
	assert_string_equal(keymap_arg(km, KEY_FN | KEY_F(2)), "toread  later");
	assert_null(keymap_arg(km, 't')); /* the default t still asks */
	assert_string_equal(keymap_keys_of(km, ACT_TAG, keys, sizeof keys),
			    "t, F2 (toread  later)");
	/* Bound again without one: the argument goes. */
	assert_int_equal(keymap_bind(km, "F2", "limit", &err), 0);
	assert_null(keymap_arg(km, KEY_FN | KEY_F(2)));
	assert_int_equal(keymap_bind(km, "F2", "limit upvotes:>=100", &err), 0);
	assert_string_equal(keymap_arg(km, KEY_FN | KEY_F(2)), "upvotes:>=100");
	keymap_free(&km);
}

static void test_action_table_is_whole(void **state)
{
	(void)state;
	for (int a = 1; a < ACT_COUNT_; a++) {
		const struct action_info *ai = keys_action((enum action)a);
		assert_non_null(ai->name);
		assert_non_null(ai->help);
		assert_non_null(ai->fn); /* every action has its handler */
		assert_int_equal(keys_action_parse(ai->name), a);
		/* every default key name parses */
		char name[32];
		for (const char *s = ai->keys; *s;) {
			size_t n = strcspn(s, " ");
			memcpy(name, s, n);
			name[n] = '\0';
			assert_true(keys_parse(name) >= 0);
			s += n;
			s += *s == ' ';
		}
	}
}

/* The README's key table is kept in step with the action table. */
static void test_readme_lists_every_key(void **state)
{
	(void)state;
	struct buf b = {0};
	char *err = NULL;
	if (read_file("../README.md", &b, 1 << 20, &err) != 0)
		fail_msg("%s", err);
	for (int a = 1; a < ACT_COUNT_; a++) {
		const struct action_info *ai = keys_action((enum action)a);
		char want[96], row[256];
		snprintf(want, sizeof want, " | `%s` | ", ai->name);
		const char *at = strstr(b.data, want);
		if (!at)
			fail_msg("README lacks the action %s", ai->name);
		const char *start = at;
		while (start > b.data && start[-1] != '\n')
			start--;
		size_t n = (size_t)(at - start);
		snprintf(row, sizeof row, "%.*s", (int)n, start);
		for (const char *s = ai->keys; *s;) {
			size_t k = strcspn(s, " ");
			snprintf(want, sizeof want, "`%.*s`", (int)k, s);
			if (!strstr(row, want))
				fail_msg("README's row for %s lacks %s", ai->name, want);
			s += k;
			s += *s == ' ';
		}
	}
	buf_free(&b);
}

static void test_journal_groups(void **state)
{
	(void)state;
	struct journal j = {0};
	struct jentry *v;
	assert_int_equal(journal_pop(&j, &v), 0);
	journal_add(&j, J_FLAGS, 1, "2601.00001", DB_READ, NULL);
	journal_begin(&j);
	journal_add(&j, J_FLAGS, 2, "2601.00002", 0, NULL);
	journal_add(&j, J_FLAGS, 3, "2601.00003", DB_STARRED, NULL);
	journal_end(&j);
	journal_add(&j, J_TAG_ADDED, 1, "2601.00001", 0, "toread");
	int n = journal_pop(&j, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].kind, J_TAG_ADDED);
	assert_string_equal(v[0].tag, "toread");
	journal_entries_free(&v, n);
	n = journal_pop(&j, &v); /* the bulk group at once, newest first */
	assert_int_equal(n, 2);
	assert_int_equal(v[0].pid, 3);
	assert_int_equal(v[0].flags, DB_STARRED);
	assert_int_equal(v[1].pid, 2);
	journal_entries_free(&v, n);
	n = journal_pop(&j, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].flags, DB_READ);
	assert_string_equal(v[0].id, "2601.00001");
	journal_entries_free(&v, n);
	assert_int_equal(journal_pop(&j, &v), 0);
	journal_free(&j);
}

/* A read mark from showing a paper is undone with the next change to that
 * paper, after it; never alone, and not with another paper's change. */
static void test_journal_holds_a_read_mark_for_the_decision(void **state)
{
	(void)state;
	struct journal j = {0};
	struct jentry *v;
	journal_hold(&j, J_FLAGS, 1, "2601.00001", 0);
	assert_int_equal(journal_pop(&j, &v), 0); /* nothing to undo alone */
	journal_add(&j, J_FLAGS, 1, "2601.00001", DB_READ, NULL); /* starred */
	int n = journal_pop(&j, &v);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].flags, DB_READ); /* the star first, */
	assert_int_equal(v[1].flags, 0);       /* then the read mark */
	assert_int_equal(v[1].pid, 1);
	journal_entries_free(&v, n);
	journal_hold(&j, J_FLAGS, 2, "2601.00002", 0);
	journal_hold(&j, J_FLAGS, 3, "2601.00003", 0); /* the newer hold wins */
	journal_add(&j, J_TAG_ADDED, 2, "2601.00002", 0, "toread");
	n = journal_pop(&j, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].kind, J_TAG_ADDED);
	journal_entries_free(&v, n);
	journal_add(&j, J_FLAGS, 3, "2601.00003", DB_READ, NULL); /* the hold is gone */
	assert_int_equal(journal_pop(&j, &v), 1);
	journal_entries_free(&v, 1);
	journal_hold(&j, J_FLAGS, 4, "2601.00004", 0);
	journal_free(&j); /* frees a hold never used */
}

static void test_journal_is_bounded(void **state)
{
	(void)state;
	struct journal j = {0};
	for (int i = 0; i < JOURNAL_MAX + 10; i++)
		journal_add(&j, J_FLAGS, i, "2601.00001", 0, NULL);
	assert_int_equal(j.n, JOURNAL_MAX);
	struct jentry *v;
	int n = journal_pop(&j, &v);
	assert_int_equal(v[0].pid, JOURNAL_MAX + 9);
	journal_entries_free(&v, n);
	journal_free(&j);
}

static void test_detail_lines(void **state)
{
	(void)state;
	char *tags[] = {"ml", "toread", NULL};
	struct db_paper dp = {0};
	dp.p.id = "2601.00001";
	dp.p.title = "A \x1b[31mtitle\x1b]0;x\x07 that is long enough to wrap";
	dp.p.abstract = "First   line\n\n  second\tline";
	dp.p.authors = "A\nB\nC\nD\nE\nF\nG\nH";
	dp.p.github_repo = "https://github.com/x/y";
	dp.p.upvotes = 1;
	dp.tags = tags;
	struct detail d = {0};
	detail_build(&d, &dp, 20, 0, NULL);
	for (int i = 0; i < d.n; i++) {
		/* Link lines stay whole: drawing cuts them with an ellipsis. */
		assert_true(text_width(d.l[i].text) <= 20 || d.l[i].kind == DL_LINK);
		assert_null(strchr(d.l[i].text, '\x1b'));
		assert_null(strchr(d.l[i].text, '\x07'));
	}
	assert_int_equal(d.l[0].kind, DL_TITLE);
	assert_int_equal(d.nurls, 4);
	assert_string_equal(d.url[0], "https://arxiv.org/abs/2601.00001");
	assert_string_equal(d.url[3], "https://github.com/x/y");
	assert_true(d.folded);
	int found_more = 0, found_abs = 0;
	for (int i = 0; i < d.n; i++) {
		found_more |= strstr(d.l[i].text, "and 3 more") != NULL;
		found_abs |= strcmp(d.l[i].text, "First line second") == 0;
	}
	assert_true(found_more);
	assert_true(found_abs); /* white space collapsed */
	detail_build(&d, &dp, 200, 1, NULL); /* unfolded */
	assert_false(d.folded);
	detail_free(&d);
}

/* A paper arXiv brought: its categories, version, comments, journal
 * reference and announcement, and its HTML version after the other links. */
static void test_detail_arxiv_lines(void **state)
{
	(void)state;
	struct db_paper dp = {0};
	dp.p.id = "2605.00001";
	dp.p.title = "A paper";
	dp.p.abstract = "";
	dp.p.authors = "A";
	dp.p.source = PAPER_SRC_HF | PAPER_SRC_ARXIV;
	dp.p.categories = "cs.CL cs.LG stat.ML";
	dp.p.primary = "cs.LG";
	dp.p.version = 3;
	dp.p.announced = "2026-05-05";
	dp.p.announce_type = "replace";
	dp.p.arxiv_comment = "12 pages, 3 figures";
	dp.p.journal_ref = "J. Tests 1 (2026)";
	dp.flags = DB_STARRED | DB_UPDATED;
	struct detail d = {0};
	detail_build(&d, &dp, 200, 0, NULL);
	const char *want[] = {"Announced 2026-05-05 (replace)", "arXiv 2605.00001v3 · updated",
			      "Categories: cs.CL, cs.LG (primary), stat.ML",
			      "Comments: 12 pages, 3 figures", "Journal: J. Tests 1 (2026)"};
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		int found = 0;
		for (int i = 0; i < d.n; i++)
			found |= strstr(d.l[i].text, want[w]) != NULL;
		if (!found)
			fail_msg("no line holds '%s'", want[w]);
	}
	assert_int_equal(d.nurls, 4);
	assert_string_equal(d.url[1], "https://arxiv.org/pdf/2605.00001");
	assert_string_equal(d.url[3], "https://arxiv.org/html/2605.00001");
	detail_free(&d);
}

/* The words a search matched, marked by the cache, stay marked through the
 * cleaning and the wrapping: a mark a line break cuts is closed at the end
 * of its line and opened again on the next; white space still folds. */
static void test_detail_marks(void **state)
{
	(void)state;
	struct db_paper dp = {0};
	dp.p.id = "2601.00001";
	dp.p.title = "Pruned ViTDet";
	dp.p.abstract = "We   prune ViTDet.";
	dp.p.authors = "A";
	struct detail_marks m = {
		"Pruned \x02ViTDet\x03",
		"We   prune \x02ViTDetVeryLongWordThatWraps\x03 \x1b[31mend",
	};
	struct detail d = {0};
	detail_build(&d, &dp, 12, 0, &m);
	assert_int_equal(d.l[0].kind, DL_TITLE);
	assert_string_equal(d.l[0].text, "Pruned");
	assert_string_equal(d.l[1].text, "\x02ViTDet\x03");
	int at = -1;
	for (int i = 0; i < d.n; i++)
		if (d.l[i].kind == DL_HEAD && strcmp(d.l[i].text, "Abstract") == 0)
			at = i + 1;
	assert_true(at > 0);
	assert_string_equal(d.l[at].text, "We prune");
	assert_string_equal(d.l[at + 1].text, "\x02ViTDetVeryLo\x03");
	assert_string_equal(d.l[at + 2].text, "\x02ngWordThatWr\x03");
	assert_string_equal(d.l[at + 3].text, "\x02" "aps\x03 [31mend");
	/* unmarked, the same paper has no marks, and the escape is gone too */
	detail_build(&d, &dp, 12, 0, NULL);
	for (int i = 0; i < d.n; i++)
		assert_null(strpbrk(d.l[i].text, "\x02\x03\x1b"));
	detail_free(&d);
}

static void test_prompt_completion(void **state)
{
	(void)state;
	char *words[] = {"ml", "tooling", "toread", NULL};
	int n;
	assert_null(prompt_complete("zz", words, -1, &n));
	assert_int_equal(n, 0);
	char *c = prompt_complete("to", words, -1, &n);
	assert_string_equal(c, "to");
	assert_int_equal(n, 2);
	free(c);
	c = prompt_complete("tor", words, -1, &n);
	assert_string_equal(c, "toread");
	free(c);
	c = prompt_complete("to", words, 1, &n);
	assert_string_equal(c, "toread");
	free(c);

	struct prompt p = {0};
	char **owned = calloc(4, sizeof *owned);
	owned[0] = xstrdup("ml"), owned[1] = xstrdup("tooling"), owned[2] = xstrdup("toread");
	prompt_open(&p, 0, "tag: ", "", owned);
	prompt_key(&p, 't');
	prompt_key(&p, 'o');
	prompt_key(&p, '\t');
	assert_string_equal(prompt_text(&p), "tooling");
	prompt_key(&p, '\t');
	assert_string_equal(prompt_text(&p), "toread");
	prompt_key(&p, 0x1b5); /* C1 controls never enter the text */
	prompt_key(&p, 0x9b);
	prompt_key(&p, 0xe9);
	assert_string_equal(prompt_text(&p), "toreadƵ" "é");
	prompt_key(&p, 127);
	prompt_key(&p, 127);
	assert_string_equal(prompt_text(&p), "toread");
	prompt_key(&p, ' ');
	prompt_key(&p, 'x');
	prompt_key(&p, 23); /* C-w */
	assert_string_equal(prompt_text(&p), "toread ");
	assert_int_equal(prompt_key(&p, '\r'), PROMPT_DONE);
	prompt_key(&p, 21); /* C-u */
	assert_string_equal(prompt_text(&p), "");
	assert_int_equal(prompt_key(&p, 127), PROMPT_CANCEL);
	assert_int_equal(prompt_key(&p, 27), PROMPT_CANCEL);
	prompt_close(&p);
}

static void keys_in(struct prompt *p, const char *s)
{
	for (; *s; s++)
		prompt_key(p, (unsigned char)*s);
}

static void test_prompt_edits_like_a_shell_line(void **state)
{
	(void)state;
	struct prompt p = {0};
	prompt_open(&p, 0, "limit: ", "tag:ml", NULL);
	assert_int_equal(p.pos, 6);
	prompt_key(&p, KEY_FN | KEY_HOME);
	keys_in(&p, "is:unread ");
	assert_string_equal(prompt_text(&p), "is:unread tag:ml");
	prompt_key(&p, 5); /* C-e */
	prompt_key(&p, KEY_FN | KEY_LEFT);
	prompt_key(&p, KEY_FN | KEY_LEFT);
	prompt_key(&p, 11); /* C-k */
	assert_string_equal(prompt_text(&p), "is:unread tag:");
	prompt_key(&p, 1); /* C-a */
	prompt_key(&p, KEY_FN | KEY_RIGHT);
	prompt_key(&p, KEY_FN | KEY_RIGHT);
	prompt_key(&p, KEY_FN | KEY_RIGHT);
	prompt_key(&p, 21); /* C-u: what is before the cursor */
	assert_string_equal(prompt_text(&p), "unread tag:");
	assert_int_equal(p.pos, 0);
	prompt_key(&p, KEY_FN | KEY_DC);
	assert_string_equal(prompt_text(&p), "nread tag:");
	prompt_key(&p, KEY_FN | KEY_END);
	prompt_key(&p, KEY_FN | KEY_LEFT);
	prompt_key(&p, 0xe9); /* a character of two bytes, then over it */
	prompt_key(&p, KEY_FN | KEY_LEFT);
	assert_int_equal(p.pos, strlen("nread tag"));
	prompt_key(&p, KEY_FN | KEY_RIGHT);
	prompt_key(&p, 127);
	assert_string_equal(prompt_text(&p), "nread tag:");
	prompt_key(&p, 23); /* C-w: the word before the cursor */
	assert_string_equal(prompt_text(&p), "nread :");
	prompt_close(&p);
}

static void test_prompt_history_recalls_and_persists(void **state)
{
	(void)state;
	struct prompt_history h = {0};
	prompt_history_add(&h, "tag:ml", 3);
	prompt_history_add(&h, "", 3);
	prompt_history_add(&h, "is:unread", 3);
	prompt_history_add(&h, "tag:ml", 3); /* moves to the end */
	prompt_history_add(&h, "a", 3);
	prompt_history_add(&h, "b", 3);
	assert_int_equal(h.n, 3);
	assert_string_equal(h.lines[0], "tag:ml");
	assert_string_equal(h.lines[2], "b");

	struct prompt p = {0};
	prompt_open(&p, 0, "limit: ", "", NULL);
	prompt_set_history(&p, &h);
	keys_in(&p, "dra");
	prompt_key(&p, KEY_FN | KEY_UP);
	assert_string_equal(prompt_text(&p), "b");
	prompt_key(&p, KEY_FN | KEY_UP);
	prompt_key(&p, KEY_FN | KEY_UP);
	prompt_key(&p, KEY_FN | KEY_UP); /* the oldest stays */
	assert_string_equal(prompt_text(&p), "tag:ml");
	prompt_key(&p, KEY_FN | KEY_DOWN);
	prompt_key(&p, KEY_FN | KEY_DOWN);
	prompt_key(&p, KEY_FN | KEY_DOWN); /* back to what was typed */
	assert_string_equal(prompt_text(&p), "dra");
	prompt_close(&p);

	char dir[] = "/tmp/papyr-hist-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/limit_history", dir), *err = NULL;
	assert_int_equal(prompt_history_save(&h, path, &err), 0);
	struct prompt_history back = {0};
	assert_int_equal(prompt_history_load(&back, path, 2, &err), 0);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.lines[0], "a");
	assert_string_equal(back.lines[1], "b");
	unlink(path);
	rmdir(dir);
	free(path);
	prompt_history_free(&back);
	prompt_history_free(&h);
}

static void test_term_ascii_falls_back(void **state)
{
	(void)state;
	const char *s = "Björn · Przemysław Uznański — “naïve” 東京…\xff!";
	char *a = term_ascii(s, strlen(s));
	assert_string_equal(a, "Bjorn | Przemyslaw Uznanski - \"naive\" ??...?!");
	free(a);
}

static void test_view_text_joins_parts(void **state)
{
	(void)state;
	size_t at = 99;
	char *t = vq_text(NULL, NULL, NULL, &at);
	assert_string_equal(t, "");
	assert_int_equal(at, 0);
	free(t);
	t = vq_text("is:unread -is:dismissed", "", "diff", &at);
	assert_string_equal(t, "is:unread -is:dismissed diff");
	assert_string_equal(t + at, " diff");
	free(t);
	/* an OR is kept to its own part; a plain search stays last, bare */
	t = vq_text("a OR b", "upvotes:>5", "c or d", &at);
	assert_string_equal(t, "(a OR b) upvotes:>5 (c or d)");
	assert_string_equal(t + at, " (c or d)");
	free(t);
	t = vq_text("tag:or \"x OR y\"", NULL, "orbit", NULL);
	assert_string_equal(t, "tag:or \"x OR y\" orbit");
	free(t);
}

/* The keyset window over a real cache of 30 papers, read 16 at a time. */
static void test_pwin_windows_by_keyset(void **state)
{
	(void)state;
	char path[64];
	struct db *db = test_cache_open(path, "ui");
	char *err = NULL;
	struct import_stats st = {0};
	if (import_file(db, "fixtures/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json",
			&st, &err) != 0)
		fail_msg("%s", err);
	struct db_filter f = {0};
	struct pwin w = {0};
	pwin_reset(&w, db, &f, 16);
	assert_int_equal(pwin_ensure(&w, 0, 10), 0);
	assert_true(w.at_start && !w.at_end);
	assert_int_equal(pwin_last(&w), -1);
	assert_int_equal(pwin_ensure(&w, 20, 29), 0);
	assert_true(w.at_end);
	assert_int_equal(pwin_last(&w), 29);
	struct db_row r10 = *pwin_get(&w, 10);
	r10.id = xstrdup(r10.id), r10.title = xstrdup(r10.title), r10.day = xstrdup(r10.day);
	r10.published = xstrdup(r10.published), r10.tags = xstrdup(r10.tags);
	/* the end first, its position unknown until the count comes */
	assert_int_equal(pwin_seek_end(&w, -1), 0);
	assert_false(w.origin_known);
	long last = pwin_last(&w);
	pwin_set_count(&w, 30);
	assert_true(w.origin_known);
	assert_int_equal(last + pwin_take_shift(&w), 29);
	assert_int_equal(pwin_last(&w), 29);
	/* back on a paper by its keys: it is found, and so is its position */
	long at;
	assert_int_equal(pwin_seek_row(&w, &r10, &at), 0);
	assert_int_equal(at, 10);
	assert_true(w.origin_known);
	assert_int_equal(pwin_get(&w, at)->pid, r10.pid);
	assert_int_equal(pwin_find(&w, r10.pid), 10);
	db_row_clear(&r10);
	pwin_free(&w);
	test_cache_remove(&db, path);
}

static void test_osc52(void **state)
{
	(void)state;
	char *b = term_base64("hello", 5);
	assert_string_equal(b, "aGVsbG8=");
	free(b);
	char *s = term_osc52_seq("hi", NULL);
	assert_string_equal(s, "\x1b]52;c;aGk=\a");
	free(s);
	s = term_osc52_seq("hi", "tmux");
	assert_string_equal(s, "\x1bPtmux;\x1b\x1b]52;c;aGk=\a\x1b\\");
	free(s);
	s = term_osc52_seq("hi", "screen");
	assert_string_equal(s, "\x1bP\x1b]52;c;aGk=\a\x1b\\");
	free(s);
}

/* The list pane on its own: what it shows, its cursor and its marks,
 * through its functions, with no terminal. */
static void test_listpane_owns_the_list(void **state)
{
	(void)state;
	char path[64];
	struct context c = {0};
	char *err = NULL;
	c.db = test_cache_open(path, "listpane");
	c.db_path = path;
	if (config_load(&c.cfg, "/dev/null", &err) != 0)
		fail_msg("%s", err);
	struct import_stats is = {0};
	if (import_file(c.db, "fixtures/hf/daily_papers_limit30_2026-06-12_with_ai_fields.json",
			&is, &err) != 0)
		fail_msg("%s", err);
	struct status st = {0};
	struct listpane *l = listpane_new(&c, &st, &err);
	assert_non_null(l);
	char pos[64];
	listpane_fit(l, 10);
	listpane_requery(l, 0);
	assert_false(listpane_empty_cache(l));
	listpane_position(l, pos, sizeof pos);
	assert_string_equal(pos, " 1/… ");
	listpane_move(l, 3);
	listpane_position(l, pos, sizeof pos);
	assert_string_equal(pos, " 4/… ");
	int64_t fourth = listpane_row(l)->pid;

	/* A bad limit changes nothing and says why. */
	assert_int_equal(listpane_set_limit(l, "upvotes:>"), F_REDRAW);
	assert_non_null(strstr(st.msg, "limit: "));
	assert_null(listpane_limit(l));
	int f = listpane_set_limit(l, "upvotes:>=0");
	assert_int_equal(f, F_REQUERY | F_KEEP);
	listpane_requery(l, 1);
	assert_string_equal(listpane_limit(l), "upvotes:>=0");
	assert_int_equal(listpane_row(l)->pid, fourth); /* kept on its paper */
	struct buf b = {0};
	listpane_describe(l, &b, "day");
	assert_non_null(strstr(b.data, "l:upvotes:>=0 · day"));
	buf_free(&b);
	assert_int_equal(listpane_clear_query(l), F_REDRAW | F_REQUERY | F_KEEP);
	assert_null(listpane_limit(l));
	assert_int_equal(listpane_clear_query(l), F_NONE);

	/* Marks: Space marks and moves on; ; applies only with a mark. */
	listpane_set_apply(l, 1);
	assert_false(listpane_applying(l));
	listpane_mark(l);
	assert_true(listpane_marked(l, fourth));
	assert_int_equal(listpane_marks(l)->n, 1);
	assert_true(listpane_applying(l));
	assert_true(listpane_row(l)->pid != fourth);
	listpane_clear_marks(l);
	assert_false(listpane_applying(l));

	/* With no worker yet, a typed search is read at once. */
	assert_true(listpane_search_typed(l, "diff") & F_REQUERY);
	assert_string_equal(listpane_search(l), "diff");
	assert_true(listpane_matches_text(l));
	assert_int_equal(listpane_search_cancel(l), F_REDRAW | F_REQUERY | F_KEEP);
	assert_null(listpane_search(l));

	listpane_free(&l);
	assert_null(l);
	config_free(&c.cfg);
	test_cache_remove(&c.db, path);
}

/* ---- background jobs ---- */

static void job_counts(struct bg_job *job, void *arg)
{
	long n = *(long *)arg;
	for (long i = 1; i <= n; i++) {
		struct bg_msg m = {.changed = i};
		bg_report(job, &m);
	}
	struct bg_msg done = {.done = 1, .rc = 1, .changed = n};
	snprintf(done.text, sizeof done.text, "counted %ld", n);
	bg_report(job, &done);
}

static void job_waits_for_cancel(struct bg_job *job, void *arg)
{
	(void)arg;
	while (!atomic_load(bg_cancel_flag(job)))
		usleep(1000);
}

static int freed;

static void count_free(void *p)
{
	(void)p;
	freed++;
}

/* Reports come back tagged, progress in order (an unread one replaced by
 * the next), the outcome last and whole. */
static void test_bg_reports(void **state)
{
	(void)state;
	struct bg *bg = bg_new();
	assert_non_null(bg);
	long n = 5000;
	freed = 0;
	assert_int_equal(bg_run(bg, 7, 1, job_counts, &n, count_free), 0);
	long last = 0;
	int progress = 0, done = 0;
	while (!done) {
		struct pollfd p = {.fd = bg_fd(bg), .events = POLLIN};
		assert_true(poll(&p, 1, 10000) == 1);
		struct bg_msg m;
		while (bg_take(bg, &m)) {
			assert_int_equal(m.tag, 7);
			assert_false(done);
			assert_true(m.changed > last || (m.done && m.changed == n));
			last = m.changed;
			done = m.done;
			progress += !m.done;
			if (m.done) {
				assert_int_equal(m.rc, 1);
				assert_string_equal(m.text, "counted 5000");
			}
		}
	}
	assert_true(progress <= n);
	bg_stop(&bg);
	assert_null(bg);
	assert_int_equal(freed, 1);
}

/* One job of a kind when asked; bg_stop cancels the jobs and joins them. */
static void test_bg_stop_cancels_and_joins(void **state)
{
	(void)state;
	struct bg *bg = bg_new();
	freed = 0;
	assert_int_equal(bg_run(bg, 1, 1, job_waits_for_cancel, NULL, count_free), 0);
	assert_true(bg_busy(bg, 1));
	assert_false(bg_busy(bg, 2));
	assert_int_equal(bg_run(bg, 1, 1, job_waits_for_cancel, NULL, count_free), -1);
	assert_int_equal(bg_run(bg, 1, 0, job_waits_for_cancel, NULL, count_free), 0);
	struct bg_msg m;
	assert_int_equal(bg_take(bg, &m), 0);
	bg_stop(&bg);
	assert_int_equal(freed, 2);
	bg_stop(&bg); /* safe twice */
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_layout_side_stacked_full),
		cmocka_unit_test(test_scroll_window),
		cmocka_unit_test(test_row_columns),
		cmocka_unit_test(test_row_columns_short_tags),
		cmocka_unit_test(test_journal_holds_a_read_mark_for_the_decision),
		cmocka_unit_test(test_cut_by_display_width),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_keymap_defaults_and_bind),
		cmocka_unit_test(test_keymap_binds_an_argument),
		cmocka_unit_test(test_action_table_is_whole),
		cmocka_unit_test(test_readme_lists_every_key),
		cmocka_unit_test(test_journal_groups),
		cmocka_unit_test(test_journal_is_bounded),
		cmocka_unit_test(test_detail_lines),
		cmocka_unit_test(test_detail_arxiv_lines),
		cmocka_unit_test(test_detail_marks),
		cmocka_unit_test(test_prompt_completion),
		cmocka_unit_test(test_view_text_joins_parts),
		cmocka_unit_test(test_pwin_windows_by_keyset),
		cmocka_unit_test(test_osc52),
		cmocka_unit_test(test_prompt_edits_like_a_shell_line),
		cmocka_unit_test(test_mouse_events_map_to_actions),
		cmocka_unit_test(test_term_ascii_falls_back),
		cmocka_unit_test(test_prompt_history_recalls_and_persists),
		cmocka_unit_test(test_listpane_owns_the_list),
		cmocka_unit_test(test_bg_reports),
		cmocka_unit_test(test_bg_stop_cancels_and_joins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
