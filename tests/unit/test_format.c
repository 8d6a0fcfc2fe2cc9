/* Unit tests: templates, placeholder values, shrinking, messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "format.h"
#include "platforms.h"
#include "platforms/adapter.h"
#include "text.h"
#include "xalloc.h"
#include "pconf.h"
#include "fixture.h"

/* The test post of 1927-11-12 (fixture.h). */
#define mk fixture_post_mem

static void
set_tags(struct post *p, int n, ...)
{
	va_list ap;
	int i;

	va_start(ap, n);
	p->tags = xcalloc((size_t)n, sizeof(char *));
	for (i = 0; i < n; i++)
		p->tags[i] = xstrdup(va_arg(ap, const char *));
	p->ntags = (size_t)n;
	va_end(ap);
}

/* Gives p one override: platform name's template text; returns it. */
static struct post_platform *
override(struct post *p, const char *name, const char *text)
{
	struct post_platform *ov = p->platforms = xcalloc(1, sizeof(*ov));

	p->nplatforms = 1;
	ov->name = xstrdup(name);
	ov->text = xstrdup(text);
	return ov;
}

static const struct ymd day = { 2026, 11, 12 };

static void
test_template_check(void **state)
{
	unsigned uses;
	char *err = NULL;
	size_t off = 0;

	(void)state;
	assert_int_equal(template_check("{title} {url} {{x}}", &uses, &err,
	    &off), 0);
	assert_int_equal(uses, F_TITLE | F_URL);
	assert_int_equal(template_check("{years_ago} years: {anniversary} "
	    "{date} {month} {day} {year} {summary} {tags}", &uses, &err, &off),
	    0);
	assert_int_equal(uses, F_YEARS_AGO | F_ANNIVERSARY | F_DATE |
	    F_MONTH | F_DAY | F_YEAR | F_SUMMARY | F_TAGS);

	assert_int_equal(template_check("On {titel}!", &uses, &err, &off), -1);
	assert_string_equal(err, "unknown placeholder {titel}; known: {title} "
	    "{summary} {url} {year} {years_ago} {anniversary} {date} {month} "
	    "{day} {tags} {credit}");
	assert_int_equal(off, 3);
	free(err);
	assert_int_equal(template_check("a {title", &uses, &err, &off), -1);
	assert_string_equal(err, "a \"{\" that is never closed (write \"{{\" "
	    "for a brace)");
	assert_int_equal(off, 2);
	free(err);
	assert_int_equal(template_check("a } b", &uses, &err, &off), -1);
	assert_string_equal(err, "a lone \"}\" (write \"}}\" for a brace)");
	assert_int_equal(off, 2);
	free(err);
}

static void
test_values_and_render(void **state)
{
	struct post p = mk("Trotsky expelled", "Stalin won.",
	    "https://example.org/t");
	struct tmpl_values v;
	char *s;

	(void)state;
	set_tags(&p, 2, "OnThisDay", "History");
	tmpl_values_init(&v, &p, day);
	s = template_render("{date}: {title} ({year}, {years_ago} years, "
	    "{anniversary})\n\n\n\n{summary}  \n{url}\n{tags} {{literal}}",
	    &v);
	assert_string_equal(s, "November 12, 1927: Trotsky expelled (1927, 99 "
	    "years, 99th)\n\nStalin won.\nhttps://example.org/t\n#OnThisDay "
	    "#History {literal}");
	free(s);
	/* empty summary: its lines fold away */
	free(p.summary);
	p.summary = NULL;
	tmpl_values_init(&v, &p, day);
	s = template_render("{title}\n\n{summary}\n\n{url}", &v);
	assert_string_equal(s, "Trotsky expelled\n\nhttps://example.org/t");
	free(s);
	/* BC */
	p.year = -43;
	p.month = 3;
	p.day = 15;
	tmpl_values_init(&v, &p, (struct ymd){ 2026, 3, 15 });
	s = template_render("{date} | {year} | {years_ago} | {anniversary} | "
	    "{month} {day}", &v);
	assert_string_equal(s, "March 15, 44 BC | 44 BC | 2069 | 2069th | "
	    "March 15");
	free(s);
	/* no year */
	p.has_year = false;
	p.year = 0;
	tmpl_values_init(&v, &p, (struct ymd){ 2026, 3, 15 });
	s = template_render("{date}|{year}|{years_ago}|{anniversary}", &v);
	assert_string_equal(s, "March 15|||");
	free(s);
	post_free(&p);
}

/* A config with every platform present and defaults. */
static struct config *
conf(void)
{
	static struct config c;
	static bool done;

	if (!done) {
		config_defaults(&c, "/tmp");
		done = true;
	}
	return &c;
}

static char *
repeat(const char *word, int n)
{
	char *s = xstrdup("");
	char *t;
	int i;

	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s%s", s, i ? " " : "", word);
		free(s);
		s = t;
	}
	return s;
}

static void
test_fits_unchanged(void **state)
{
	struct post p = mk("Trotsky expelled", "Stalin's faction won.",
	    "https://en.wikipedia.org/wiki/Left_Opposition");
	struct message m;

	(void)state;
	set_tags(&p, 1, "OnThisDay");
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_null(m.error);
	assert_true(m.fits);
	assert_int_equal(m.shrunk, 0);
	assert_int_equal(m.limit, 280);
	assert_int_equal(m.length, text_count(COUNT_TWITTER, m.text));
	assert_non_null(strstr(m.text, "Stalin's faction won."));
	assert_null(m.cut);
	assert_null(m.shown);
	message_free(&m);
	post_free(&p);
}

static void
test_shrink_summary_keeps_url(void **state)
{
	char *sum = repeat("revolution", 60);	/* 659 characters */
	struct post p = mk("Trotsky expelled", sum,
	    "https://en.wikipedia.org/wiki/Left_Opposition_of_the_very_long_"
	    "article_name");
	struct message m;
	const char *ell;

	(void)state;
	set_tags(&p, 2, "OnThisDay", "History");
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_null(m.error);
	assert_true(m.fits);
	assert_true(m.length <= 280);
	assert_int_equal(m.shrunk, SHRUNK_SUMMARY);
	/* the URL is whole, the summary ends at a word with an ellipsis */
	assert_non_null(strstr(m.text, p.url));
	ell = strstr(m.text, "revolution…");
	assert_non_null(ell);
	assert_null(strstr(m.text, "revolutio…"));
	assert_non_null(strstr(m.text, "#OnThisDay #History"));
	assert_int_equal(m.summary_full, 659);
	assert_true(m.summary_kept < 659);
	assert_non_null(strstr(m.cut, "summary cut from 659 to "));
	assert_non_null(strstr(m.cut, " characters, at a word boundary"));
	message_free(&m);
	post_free(&p);
	free(sum);
}

static void
test_shrink_tags_then_title(void **state)
{
	char *title = repeat("Expulsion", 20);	/* 199 characters */
	struct post p = mk(title, "Short.", "https://example.org/x");
	struct message m;

	(void)state;
	set_tags(&p, 4, "OnThisDay", "SovietUnionHistory", "LeftOpposition",
	    "TwentiethCentury");
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_null(m.error);
	assert_true(m.fits);
	assert_true(m.length <= 280);
	assert_true(m.shrunk & SHRUNK_SUMMARY);
	assert_true(m.shrunk & SHRUNK_TAGS);
	assert_non_null(strstr(m.text, "https://example.org/x"));
	/* "Short." is below the 12 kept: dropped, and said so */
	assert_non_null(strstr(m.cut, "summary dropped (6 characters); "));
	assert_non_null(strstr(m.cut, " of 4 tags dropped"));
	message_free(&m);
	post_free(&p);
	free(title);
}

static void
test_cannot_fit_is_an_error(void **state)
{
	struct post p = mk("T", NULL, NULL);
	struct post_platform *ov;
	struct message m;
	struct buf b = BUF_INIT;
	int i;

	(void)state;
	/* a template of 300 literal characters cannot shrink */
	for (i = 0; i < 30; i++)
		buf_adds(&b, "0123456789");
	buf_adds(&b, " {title}");
	ov = p.platforms = xcalloc(1, sizeof(*ov));
	p.nplatforms = 1;
	ov->name = xstrdup("twitter");
	ov->text = buf_detach(&b);
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_false(m.fits);
	assert_non_null(m.error);
	assert_string_equal(m.error, "the text is 302 long, more than the 280 "
	    "twitter allows even after shortening");
	message_free(&m);
	post_free(&p);
}

static void
test_override_skip_and_bad_template(void **state)
{
	struct post p = mk("Title", "Sum.", "https://example.org/");
	struct post_platform *ov;
	struct message m;

	(void)state;
	ov = p.platforms = xcalloc(2, sizeof(*ov));
	p.nplatforms = 2;
	ov[0].name = xstrdup("twitter");
	ov[0].text = xstrdup("{anniversary} anniversary: {title} {url}");
	ov[1].name = xstrdup("facebook");
	ov[1].skip = true;
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_string_equal(m.text, "99th anniversary: Title "
	    "https://example.org/");
	assert_int_equal(m.length, 47);	/* 24 + a URL as 23 */
	message_free(&m);
	format_message(&p, day, conf(), PF_FACEBOOK, &m);
	assert_true(m.skip);
	message_free(&m);
	free(ov[0].text);
	ov[0].text = xstrdup("{oops}");
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_non_null(m.error);
	assert_non_null(strstr(m.error, "unknown placeholder {oops}"));
	message_free(&m);
	post_free(&p);
}

static void
test_linkedin_escaped_and_counted(void **state)
{
	struct post p = mk("Apollo 11 (1969) [NASA]", "a_b *first*",
	    "https://example.org/a_b");
	struct message m;

	(void)state;
	(void)override(&p, "linkedin", "{title} {summary} {url} {tags}");
	set_tags(&p, 1, "Space");
	format_message(&p, day, conf(), PF_LINKEDIN, &m);
	assert_string_equal(m.text, "Apollo 11 \\(1969\\) \\[NASA\\] a\\_b "
	    "\\*first\\* https://example.org/a_b #Space");
	assert_int_equal(m.length, text_codepoints(m.text));
	/* as readers see it */
	assert_string_equal(m.shown, "Apollo 11 (1969) [NASA] a_b *first* "
	    "https://example.org/a_b #Space");
	message_free(&m);
	post_free(&p);
}

/* A summary is cut at a sentence end when that keeps half the room, and
 * the message says so in words. */
static void
test_cut_at_sentence_in_words(void **state)
{
	struct post p = mk("The siege of Paris", "The city ate its horses, "
	    "its dogs and at last the animals of the zoo. Balloons carried "
	    "letters out over the Prussian lines, some 2,500,000 of them in "
	    "all, and Gambetta himself left by balloon to raise new armies in "
	    "the provinces of France.", "https://example.org/siege");
	struct post_platform *ov;
	struct message m;

	(void)state;
	ov = override(&p, "twitter", "{title}: {summary} {url}");
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_null(m.error);
	/* a word boundary: more than half the room is left after the first
	   sentence; not after the dangling "of" */
	assert_string_equal(m.text, "The siege of Paris: The city ate its "
	    "horses, its dogs and at last the animals of the zoo. Balloons "
	    "carried letters out over the Prussian lines, some 2,500,000 of "
	    "them in all, and Gambetta himself left by balloon to raise new "
	    "armies in the provinces… https://example.org/siege");
	assert_non_null(strstr(m.cut, "characters, at a word boundary"));
	message_free(&m);
	free(ov->text);
	/* 280 less a URL, the title and 100 x's leaves the first sentence */
	ov->text = xstrdup("{title}: {summary} {url} xxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxx");
	format_message(&p, day, conf(), PF_TWITTER, &m);
	assert_null(m.error);
	assert_true(m.fits);
	assert_non_null(strstr(m.text, "the animals of the zoo. "
	    "https://example.org/siege"));
	assert_null(strstr(m.text, "…"));
	assert_string_equal(m.cut, "summary cut from 239 to 69 characters, "
	    "at the end of a sentence");
	message_free(&m);
	post_free(&p);
}

static void
test_images_pinterest_instagram(void **state)
{
	char *title = repeat("Pinterest", 15);	/* 149 characters */
	struct post p = mk(title, "Summary.", "https://example.org/");
	struct config *c = conf();
	struct message m;

	(void)state;
	format_message(&p, day, c, PF_INSTAGRAM, &m);
	assert_non_null(m.error);
	assert_string_equal(m.error, "instagram needs an image: add \"image\" "
	    "to the post or set platforms.instagram.default_image in the "
	    "config");
	message_free(&m);
	c->platforms[PF_PINTEREST].default_image =
	    xstrdup("https://example.org/card.jpg");
	c->platforms[PF_PINTEREST].default_image_alt = xstrdup("A card");
	PSET(&c->platforms[PF_PINTEREST], "board_id") = xstrdup("42");
	format_message(&p, day, c, PF_PINTEREST, &m);
	assert_null(m.error);
	assert_string_equal(m.image_url, "https://example.org/card.jpg");
	assert_string_equal(m.alt, "A card");
	assert_string_equal(m.target, "42");
	assert_true(text_codepoints(m.title) <= 100);
	assert_non_null(strstr(m.title, "…"));
	message_free(&m);
	/* the post's own image wins over the default */
	p.image.url = xstrdup("https://example.org/own.jpg");
	p.image.alt = xstrdup("Own");
	format_message(&p, day, c, PF_PINTEREST, &m);
	assert_string_equal(m.image_url, "https://example.org/own.jpg");
	assert_string_equal(m.alt, "Own");
	message_free(&m);
	post_free(&p);
	free(title);
}

static void
test_nfc(void **state)
{
	/* "cafe" + combining acute: NFC makes it 4 code points */
	struct post p = mk("cafe\xcc\x81", NULL, NULL);
	struct message m;

	(void)state;
	(void)override(&p, "facebook", "{title}");
	format_message(&p, day, conf(), PF_FACEBOOK, &m);
	assert_string_equal(m.text, "caf\xc3\xa9");
	assert_int_equal(m.length, 4);
	message_free(&m);
	post_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_check),
		cmocka_unit_test(test_values_and_render),
		cmocka_unit_test(test_fits_unchanged),
		cmocka_unit_test(test_shrink_summary_keeps_url),
		cmocka_unit_test(test_shrink_tags_then_title),
		cmocka_unit_test(test_cut_at_sentence_in_words),
		cmocka_unit_test(test_cannot_fit_is_an_error),
		cmocka_unit_test(test_override_skip_and_bad_template),
		cmocka_unit_test(test_linkedin_escaped_and_counted),
		cmocka_unit_test(test_images_pinterest_instagram),
		cmocka_unit_test(test_nfc),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	config_free(conf());
	return rc;
}
