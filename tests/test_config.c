/* Tests for config: defaults, the file, the environment over it, once. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/config.h"
#include "../src/query.h"
#include "../src/base/buf.h"
#include "../src/base/file.h"

static char path[64];

/* Writes text to a fresh file; its path is in path. */
static void write_config(const char *text)
{
	snprintf(path, sizeof path, "/tmp/papyr-test-config.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Every variable the settings read, unset, so the tests start alike. */
static const char *const vars[] = {
	"PAPYR_HF_URL", "HF_TOKEN", "PAPYR_PDF_URL", "PAPYR_SAMPLE_DIR",
	"PAPYR_RETRY_MAX_WAIT", "PAPYR_SYNC_PAGE_SIZE", "PAPYR_DB", "XDG_DATA_HOME",
	"VISUAL", "EDITOR", "TMPDIR", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "COLUMNS",
	"NO_COLOR", "TMUX", "STY", "XDG_CONFIG_HOME", "PAPYR_ARXIV_RSS_URL",
	"PAPYR_ARXIV_OAI_URL", "PAPYR_ARXIV_API_URL",
};

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
	setenv("HOME", "/home/ann", 1);
	return 0;
}

/* arXiv's categories are checked; its delay is 3 seconds at least unless
 * its URLs point at a test server. */
static void test_arxiv_settings(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	const char *warning;
	write_config("arxiv = cs.LG,  cs.CL hep-th\narxiv_delay = 0.5\n");
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.arxiv, "cs.LG cs.CL hep-th");
	assert_true(config_arxiv_delay(&cfg, &warning) == 3.0);
	assert_non_null(strstr(warning, "below 3 seconds"));
	assert_string_equal(cfg.arxiv_oai_url, "https://oaipmh.arxiv.org/oai");
	char *gate = config_arxiv_gate_path(&cfg);
	assert_string_equal(gate, "/home/ann/.local/share/papyr/arxiv.gate");
	free(gate);
	config_free(&cfg);
	setenv("PAPYR_ARXIV_OAI_URL", "http://127.0.0.1:8/oai/", 1);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_true(config_arxiv_delay(&cfg, &warning) == 0.5);
	assert_null(warning);
	assert_string_equal(cfg.arxiv_oai_url, "http://127.0.0.1:8/oai");
	config_free(&cfg);
	unsetenv("PAPYR_ARXIV_OAI_URL");
	write_config("arxiv = cs.LG cs/../x\n");
	assert_int_equal(config_load(&cfg, path, &err), -1);
	assert_non_null(strstr(err, "arxiv: 'cs/../x' is not an arXiv category"));
	free(err);
	config_free(&cfg);
	write_config("arxiv =\n");
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_null(cfg.arxiv);
	assert_true(config_arxiv_delay(&cfg, &warning) == 3.0);
	assert_null(warning);
	config_free(&cfg);
	unlink(path);
}

static void test_bad_file_lines_are_errors(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	write_config("mark_read = later\n");
	assert_int_equal(config_load(&cfg, path, &err), -1);
	assert_non_null(strstr(err, ":1: mark_read must be one of view|open|never"));
	free(err);
	err = NULL;
	config_free(&cfg);
	/* A setting only the environment gives is not a key of the file. */
	write_config("hf_token = secret\n");
	assert_int_equal(config_load(&cfg, path, &err), -1);
	assert_non_null(strstr(err, "unknown setting 'hf_token'"));
	free(err);
	config_free(&cfg);
	unlink(path);
}

/* One run names every bad line, each with its number, not only the first. */
static void test_every_bad_line_is_named(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	write_config("sync_days = 0\n# fine\nview.new = is:unread\nno equals sign\n"
		     "bind x\nmark_read = later\n");
	assert_int_equal(config_load(&cfg, path, &err), -1);
	char want[512];
	snprintf(want, sizeof want,
		 "%s:1: sync_days must be a whole number from 1 to 3650\n"
		 "%s:4: expected 'key = value'\n"
		 "%s:5: expected 'bind KEY ACTION [ARG]'\n"
		 "%s:6: mark_read must be one of view|open|never", path, path, path, path);
	assert_string_equal(err, want);
	free(err);
	/* the good lines around them were read */
	assert_string_equal(config_view(&cfg, "new"), "is:unread");
	config_free(&cfg);
	unlink(path);
}

/* A file of nothing but bad lines is named in a bounded number of lines. */
static void test_many_bad_lines_are_counted(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	struct buf b = {0};
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "junk\n");
	write_config(b.data);
	buf_free(&b);
	assert_int_equal(config_load(&cfg, path, &err), -1);
	int lines = 1;
	for (const char *s = err; *s; s++)
		lines += *s == '\n';
	assert_int_equal(lines, 21);
	assert_non_null(strstr(err, ": 980 more bad lines"));
	free(err);
	config_free(&cfg);
	unlink(path);
}

/* Views are compiled at load, each error with the view's line. */
/* alert.NAME lines: kept in order, a name given again takes the later
 * query, a bad one named like a bad view. */
static void test_alerts(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	write_config("alert.mamba = title:mamba\nalert.lecun = author:lecun\n"
		     "alert.mamba = kw:mamba\nalert.bad = upvotes:>\n");
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_int_equal(cfg.nalerts, 3);
	assert_string_equal(cfg.alerts[0].name, "mamba");
	assert_string_equal(cfg.alerts[0].query, "kw:mamba");
	assert_string_equal(cfg.alerts[1].name, "lecun");
	assert_int_equal(query_check_views(&cfg, &err), -1);
	char want[256];
	snprintf(want, sizeof want, "%s:4: alert.bad: query:10:", path);
	assert_int_equal(strncmp(err, want, strlen(want)), 0);
	free(err);
	config_free(&cfg);
	/* an empty query is a mistake: named with its line, left out */
	write_config("alert.mamba = title:mamba\nalert.ok =\nalert.sp =   \n");
	assert_int_equal(config_load(&cfg, path, &err), -1);
	snprintf(want, sizeof want, "%s:2: alert.ok: an alert needs a query", path);
	assert_non_null(strstr(err, want));
	snprintf(want, sizeof want, "%s:3: alert.sp: an alert needs a query", path);
	assert_non_null(strstr(err, want));
	assert_int_equal(cfg.nalerts, 1);
	free(err);
	config_free(&cfg);
	write_config("alert.a b = x\n");
	assert_int_equal(config_load(&cfg, path, &err), -1);
	assert_non_null(strstr(err, "an alert name is letters"));
	free(err);
	config_free(&cfg);
	unlink(path);
}

static void test_bad_views_are_named_with_their_line(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	write_config("view.fine = is:starred\n\nview.bad = upvotes:>x\n"
		     "view.open = (diffusion\nview.unknown = @nosuchview\n");
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_int_equal(query_check_views(&cfg, &err), -1);
	char want[512];
	snprintf(want, sizeof want,
		 "%s:3: view.bad: query:10: expected a number after 'upvotes:>'\n"
		 "%s:4: view.open: query:11: expected ')' to close the '(' at column 1\n"
		 "%s:5: view.unknown: ", path, path, path);
	assert_int_equal(strncmp(err, want, strlen(want)), 0);
	free(err);
	config_free(&cfg);
	/* past 20, the bad views are counted */
	struct buf b = {0};
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "view.v%d = (x\n", i);
	write_config(b.data);
	buf_free(&b);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_int_equal(query_check_views(&cfg, &err), -1);
	int lines = 1;
	for (const char *s = err; *s; s++)
		lines += *s == '\n';
	assert_int_equal(lines, 21);
	assert_non_null(strstr(err, ": 80 more bad views"));
	free(err);
	config_free(&cfg);
	/* the defaults compile */
	write_config("# nothing\n");
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_int_equal(query_check_views(&cfg, &err), 0);
	config_free(&cfg);
	unlink(path);
}

static void test_defaults(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	write_config("# nothing\n");
	assert_int_equal(config_load(&cfg, path, &err), 0);
	unlink(path);
	assert_string_equal(cfg.hf_url, "https://huggingface.co");
	assert_string_equal(cfg.download_dir, "/home/ann/Downloads/papyr");
	assert_int_equal(cfg.sync_days, 7);
	assert_int_equal(cfg.hyperlinks, 1);
	assert_int_equal(cfg.mark_read, MARK_READ_VIEW);
	assert_int_equal(cfg.read_after, 500);
	assert_int_equal(cfg.advance, 1);
	assert_string_equal(cfg.start_view, "all");
	assert_string_equal(cfg.editor, "vi");
	assert_string_equal(cfg.browser, "xdg-open");
	assert_true(cfg.retry_max_wait == 60.0);
	assert_int_equal(cfg.sync_page_size, 100);
	assert_null(cfg.hf_token);
	assert_null(cfg.db_path);
	assert_int_equal(cfg.display, 0);
	assert_int_equal(cfg.columns, 0);
	config_free(&cfg);
}

static void test_environment_over_the_file(void **state)
{
	(void)state;
	struct config cfg;
	char *err = NULL;
	write_config("hf_url = http://file.test/\nmark_read = never\nadvance = no\n"
		     "read_after = 0\nstart_view = new\n");
	setenv("PAPYR_HF_URL", "http://env.test//", 1);
	setenv("EDITOR", "ed", 1);
	setenv("WAYLAND_DISPLAY", "wayland-0", 1);
	setenv("DISPLAY", "", 1); /* empty is unset */
	setenv("PAPYR_RETRY_MAX_WAIT", "0.5", 1);
	setenv("PAPYR_SYNC_PAGE_SIZE", "12", 1);
	setenv("HF_TOKEN", "hf_x", 1);
	setenv("TMUX", "/tmp/tmux-0/default,1,0", 1);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	unlink(path);
	assert_string_equal(cfg.hf_url, "http://env.test");
	assert_int_equal(cfg.mark_read, MARK_READ_NEVER);
	assert_int_equal(cfg.advance, 0);
	assert_int_equal(cfg.read_after, 0);
	assert_string_equal(cfg.start_view, "new");
	assert_string_equal(cfg.editor, "ed");
	assert_int_equal(cfg.display, 1);
	assert_true(cfg.retry_max_wait == 0.5);
	assert_int_equal(cfg.sync_page_size, 12);
	assert_string_equal(cfg.hf_token, "hf_x");
	assert_int_equal(cfg.in_tmux, 1);
	assert_int_equal(cfg.in_screen, 0);
	config_free(&cfg);

	/* VISUAL comes before EDITOR; a value that does not parse is ignored. */
	setenv("VISUAL", "vim", 1);
	setenv("PAPYR_SYNC_PAGE_SIZE", "1000", 1);
	setenv("PAPYR_RETRY_MAX_WAIT", "soon", 1);
	setenv("COLUMNS", "132", 1);
	assert_int_equal(config_load(&cfg, NULL, &err), 0);
	assert_string_equal(cfg.editor, "vim");
	assert_int_equal(cfg.sync_page_size, 100);
	assert_true(cfg.retry_max_wait == 60.0);
	assert_int_equal(cfg.columns, 132);
	config_free(&cfg);
}

/* Settings are read in one place: no other source file calls getenv, but
 * ui/term.c for the variables curses reads itself (TERM, ESCDELAY). */
static void test_getenv_only_in_config(void **state)
{
	(void)state;
	static const char *const dirs[] = {"src/base", "db", "src", "src/cmd", "ui"};
	int files = 0;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char dir[64];
		snprintf(dir, sizeof dir, "../%s", dirs[i]);
		DIR *d = opendir(dir);
		assert_non_null(d);
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
				continue;
			char name[320];
			snprintf(name, sizeof name, "%s/%s", dirs[i], e->d_name);
			char file[330];
			snprintf(file, sizeof file, "../%s", name);
			struct buf b = {0};
			char *err = NULL;
			if (read_file(file, &b, 1 << 22, &err) != 0)
				fail_msg("%s", err);
			files++;
			int allowed = strcmp(name, "src/config.c") == 0 ||
				      strcmp(name, "ui/term.c") == 0;
			if (b.data && strstr(b.data, "getenv(") && !allowed)
				fail_msg("%s reads the environment; add a setting to config.c", name);
			buf_free(&b);
		}
		closedir(d);
	}
	assert_true(files > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bad_file_lines_are_errors, setup),
		cmocka_unit_test_setup(test_every_bad_line_is_named, setup),
		cmocka_unit_test_setup(test_many_bad_lines_are_counted, setup),
		cmocka_unit_test_setup(test_bad_views_are_named_with_their_line, setup),
		cmocka_unit_test_setup(test_alerts, setup),
		cmocka_unit_test_setup(test_defaults, setup),
		cmocka_unit_test_setup(test_environment_over_the_file, setup),
		cmocka_unit_test(test_getenv_only_in_config),
		cmocka_unit_test_setup(test_arxiv_settings, setup),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
