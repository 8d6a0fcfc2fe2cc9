/* preview_html: the preview as HTML pages (preview_html.h). */
#include "preview_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platforms.h"
#include "plan.h"
#include "xalloc.h"

static const char *const month_names[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };
static const char *const weekday_names[] = { "Sunday", "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday" };

/* The style: light and dark, nothing wider than a phone's screen. */
static const char style[] =
    ":root{color-scheme:light dark;--bg:#f4f5f7;--fg:#1a1c20;--card:#fff;"
    "--mut:#5a616c;--line:#d5d9e0;--acc:#1a56c4;--bad:#b3261e;--ok:#1d7032;"
    "--warn:#805400;--ph:#e6e9ee;--thin:#fff1cc;--empty:#fde0dc}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e5e7ea;"
    "--card:#1c1f24;--mut:#a2a9b4;--line:#353b44;--acc:#8ab4ff;"
    "--bad:#ff8a80;--ok:#7fd992;--warn:#e6c36a;--ph:#2a2f36;"
    "--thin:#4a3d12;--empty:#4d2320}}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0 auto;max-width:46rem;padding:.75rem;background:var(--bg);"
    "color:var(--fg);font:16px/1.45 system-ui,-apple-system,\"Segoe UI\","
    "sans-serif;overflow-wrap:anywhere}\n"
    "h1{font-size:1.5rem;margin:1.2rem 0 .3rem}"
    "h2{font-size:1.2rem;margin:0 0 .3rem}"
    "h3{font-size:1rem;margin:0 0 .5rem;display:flex;gap:.5rem;"
    "align-items:baseline;flex-wrap:wrap}\n"
    "pre,code{font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace;"
    "white-space:pre-wrap;overflow-wrap:anywhere;tab-size:2}\n"
    "img{max-width:100%}\n"
    "a{color:var(--acc)}\n"
    "nav{display:flex;justify-content:space-between;gap:.5rem;"
    "flex-wrap:wrap;margin:.5rem 0}\n"
    ".muted,.day-meta,.post-meta,.why{color:var(--mut);font-size:.9rem;"
    "margin:.2rem 0}\n"
    ".why-not{color:var(--warn);font-size:.9rem;margin:.2rem 0}\n"
    ".note{color:var(--warn);margin:.3rem 0}\n"
    ".error{color:var(--bad);font-weight:600;margin:.4rem 0}\n"
    ".post{background:var(--card);border:1px solid var(--line);"
    "border-radius:12px;padding:.8rem;margin:1rem 0}\n"
    ".post[data-chosen=false]{border-style:dashed}\n"
    ".post.broken{border-color:var(--bad)}\n"
    ".badge{display:inline-block;border:1px solid currentColor;"
    "border-radius:1em;padding:0 .5em;font-size:.8rem}\n"
    ".cards{display:grid;gap:.8rem;margin-top:.8rem}\n"
    ".card{border:1px solid var(--line);border-radius:12px;padding:.7rem;"
    "background:var(--bg);min-width:0}\n"
    ".card[data-enabled=false]{opacity:.8;border-style:dashed}\n"
    ".card[data-enabled=false]:hover,.card[data-enabled=false]:focus-within"
    "{opacity:1}\n"
    ".card-text{white-space:pre-wrap;margin:.3rem 0}\n"
    ".link-card{border:1px solid var(--line);border-radius:10px;"
    "padding:.5rem .7rem;margin:.5rem 0;background:var(--card)}\n"
    ".link-host{color:var(--mut);font-size:.8rem;text-transform:lowercase}"
    "\n.link-title{font-weight:600}\n"
    ".pin-title,.entry-title{font-weight:700;margin:.4rem 0 .2rem}\n"
    ".image{position:relative;margin:.4rem 0;aspect-ratio:1;"
    "background:var(--ph);border-radius:8px;overflow:hidden}\n"
    ".card-pin .image{aspect-ratio:2/3;max-width:20rem}\n"
    ".image.wide{aspect-ratio:1200/628}\n"
    ".image img{position:absolute;inset:0;width:100%;height:100%;"
    "object-fit:cover;color:transparent;z-index:1}\n"
    ".image-alt{position:absolute;inset:0;display:flex;align-items:center;"
    "justify-content:center;padding:1rem;text-align:center;"
    "color:var(--mut);font-style:italic}\n"
    ".facts{display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.85rem;"
    "color:var(--mut);margin:.4rem 0 0}\n"
    ".facts p{margin:0}\n"
    ".count.over{color:var(--bad);font-weight:700}\n"
    ".cut{color:var(--warn)}\n"
    "details{margin-top:.5rem;font-size:.85rem}\n"
    "details pre{background:var(--card);border:1px solid var(--line);"
    "border-radius:6px;padding:.5rem;margin:.3rem 0}\n"
    ".months{display:grid;gap:1rem;"
    "grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}\n"
    "table.month{border-collapse:collapse;width:100%;table-layout:fixed;"
    "background:var(--card)}\n"
    ".month th{font-size:.75rem;color:var(--mut);font-weight:400}\n"
    ".month td{border:1px solid var(--line);padding:0;text-align:center;"
    "height:2.6rem}\n"
    ".month td a{display:block;padding:.2rem 0;text-decoration:none;"
    "color:inherit}\n"
    ".month .n{display:block;font-size:.7rem;color:var(--mut)}\n"
    ".month td.thin{background:var(--thin)}\n"
    ".month td.empty{background:var(--empty)}\n"
    ".month td.round .d{font-weight:700;text-decoration:underline}\n"
    ".legend span{display:inline-block;padding:0 .4em;margin-right:.4em;"
    "border:1px solid var(--line)}\n";

/* The string of key k, or "". */
static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static bool
is_true(const cJSON *o, const char *k)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Appends s with &, <, >, " and ' escaped. */
static void
add_html(struct buf *out, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *e;

		switch (*s) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			continue;
		}
		buf_add(out, run, (size_t)(s - run));
		buf_adds(out, e);
		run = s + 1;
	}
	buf_adds(out, run);
}

/* open, s escaped, close. */
static void
add_el(struct buf *out, const char *open, const char *s, const char *close)
{
	buf_adds(out, open);
	add_html(out, s);
	buf_adds(out, close);
}

void
preview_html_head(struct buf *out, const char *title)
{
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
	add_html(out, title);
	buf_adds(out, "</title>\n<style>\n");
	buf_adds(out, style);
	buf_adds(out, "</style>\n</head><body>\n");
}

void
preview_html_tail(struct buf *out)
{
	buf_adds(out, "</body></html>\n");
}

/* The month and day a post file's name starts with (MM-DD), false when it
 * says none. */
static bool
name_day(const char *path, int *month, int *day)
{
	const char *b = strrchr(path, '/');
	int m, d;

	b = b != NULL ? b + 1 : path;
	if (strlen(b) < 5 || b[2] != '-')
		return false;
	if (b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' ||
	    b[3] < '0' || b[3] > '9' || b[4] < '0' || b[4] > '9' ||
	    (b[5] >= '0' && b[5] <= '9'))
		return false;
	m = (b[0] - '0') * 10 + (b[1] - '0');
	d = (b[3] - '0') * 10 + (b[4] - '0');
	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(2000, m))
		return false;
	*month = m;
	*day = d;
	return true;
}

/* Where a run of d's entries about one broken file starts: an error about
 * a file that the entry before is not about. */
static bool
broken_start(const struct diags *d, size_t i)
{
	const struct diag *e = &d->v[i];
	size_t j;

	if (e->sev != DIAG_ERROR || e->file == NULL)
		return false;
	for (j = i; j-- > 0;)
		if (d->v[j].file == NULL || strcmp(d->v[j].file, e->file) != 0)
			break;
		else if (d->v[j].sev == DIAG_ERROR)
			return false;
	return true;
}

/* One broken post file: every error about it from entry i on. */
static void
broken_article(struct buf *out, const struct diags *d, size_t i)
{
	const char *file = d->v[i].file, *b = strrchr(file, '/');
	char *s;

	add_el(out, "<article class=\"post broken\" data-file=\"", file,
	    "\">\n");
	add_el(out, "<h2>Cannot be read: ", b != NULL ? b + 1 : file,
	    "</h2>\n");
	for (; i < d->n && d->v[i].file != NULL &&
	    strcmp(d->v[i].file, file) == 0; i++) {
		if (d->v[i].sev != DIAG_ERROR)
			continue;
		s = diag_format(&d->v[i]);
		add_el(out, "<p class=\"error\">", s, "</p>\n");
		free(s);
	}
	buf_adds(out, "<p class=\"muted\">Not published until fixed "
	    "(almanac lint).</p>\n</article>\n");
}

/* The broken files of d on month/day (0/0: those whose name says no
 * day); their number. */
static int
add_broken(struct buf *out, const struct diags *d, int month, int day)
{
	int m, dd, n = 0;
	size_t i;
	bool dated;

	for (i = 0; d != NULL && i < d->n; i++) {
		if (!broken_start(d, i))
			continue;
		dated = name_day(d->v[i].file, &m, &dd);
		if (month == 0 ? dated : !dated || m != month || dd != day)
			continue;
		broken_article(out, d, i);
		n++;
	}
	return n;
}

void
preview_html_undated(struct buf *out, const struct diags *d)
{
	struct buf b = BUF_INIT;

	if (add_broken(&b, d, 0, 0) > 0) {
		buf_adds(out, "<section class=\"broken-files\">\n<h1>Post files "
		    "that cannot be read</h1>\n<p class=\"muted\">Their names "
		    "say no day, so they are shown here once.</p>\n");
		buf_adds(out, buf_str(&b));
		buf_adds(out, "</section>\n");
	}
	buf_free(&b);
}

/* What shortening did, in words: the pair's "cut" when it says, else
 * from its "shrunk" list; "" when nothing was cut. */
static void
add_cut(struct buf *out, const cJSON *p)
{
	const cJSON *sh = cJSON_GetObjectItemCaseSensitive(p, "shrunk"), *s;
	const char *w;
	bool first = true;

	if (*str(p, "cut")) {
		add_el(out, "<p class=\"cut\">", str(p, "cut"), "</p>\n");
		return;
	}
	if (cJSON_GetArraySize(sh) == 0)
		return;
	buf_adds(out, "<p class=\"cut\">Shortened to fit: ");
	cJSON_ArrayForEach(s, sh) {
		if (!cJSON_IsString(s))
			continue;
		w = strcmp(s->valuestring, "summary") == 0 ?
		    "the summary cut at a word" :
		    strcmp(s->valuestring, "tags") == 0 ?
		    "tags left out from the end" :
		    strcmp(s->valuestring, "title") == 0 ?
		    "the title cut at a word" : s->valuestring;
		buf_adds(out, first ? "" : "; ");
		add_html(out, w);
		first = false;
	}
	buf_adds(out, ".</p>\n");
}

/* One request as the text of a <pre>. */
static void
add_request(struct buf *out, const cJSON *r)
{
	const cJSON *h, *body = cJSON_GetObjectItemCaseSensitive(r, "body");
	char *b;

	buf_adds(out, "<pre>");
	add_html(out, str(r, "method"));
	buf_addc(out, ' ');
	add_html(out, str(r, "url"));
	buf_addc(out, '\n');
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(r, "headers")) {
		add_html(out, h->string);
		buf_adds(out, ": ");
		add_html(out, cJSON_IsString(h) ? h->valuestring : "");
		buf_addc(out, '\n');
	}
	if (cJSON_IsString(body)) {
		buf_addc(out, '\n');
		add_html(out, body->valuestring);
		buf_addc(out, '\n');
	} else if (body != NULL && !cJSON_IsNull(body)) {
		b = cJSON_Print(body);
		buf_addc(out, '\n');
		add_html(out, b);
		buf_addc(out, '\n');
		cJSON_free(b);
	}
	if (*str(r, "note"))
		add_el(out, "(", str(r, "note"), ")\n");
	buf_adds(out, "</pre>\n");
}

/* The exact requests (or the sink's entry), folded. */
static void
add_requests(struct buf *out, const cJSON *p)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(p, "request"), *e;
	const cJSON *then = cJSON_GetObjectItemCaseSensitive(p, "then");
	int n = cJSON_IsObject(r) ? 1 + cJSON_GetArraySize(then) : 0;

	e = cJSON_GetObjectItemCaseSensitive(p, "entry");
	if (n == 0 && !cJSON_IsObject(e))
		return;
	buf_adds(out, "<details class=\"requests\"><summary>");
	if (n > 0)
		buf_addf(out, "The exact request%s (%d)", n == 1 ? "" : "s",
		    n);
	else
		buf_adds(out, "The entry it adds to its file");
	buf_adds(out, "</summary>\n");
	if (n > 0) {
		add_request(out, r);
		cJSON_ArrayForEach(r, then)
			add_request(out, r);
	} else {
		add_el(out, "<p>adds to <code>", str(e, "file"),
		    "</code>:</p>\n");
		add_el(out, "<pre>", str(e, "xml"), "</pre>\n");
	}
	buf_adds(out, "</details>\n");
}

/* The host of an http(s) URL (a view into url, length *n), or url. */
static const char *
url_host(const char *url, size_t *n)
{
	const char *h = strstr(url, "://");

	h = h != NULL ? h + 3 : url;
	*n = strcspn(h, "/?#");
	if (*n > 4 && strncmp(h, "www.", 4) == 0) {
		h += 4;
		*n -= 4;
	}
	return h;
}

/* A picture with its alt text shown in its place when it cannot be
 * loaded; cls: the figure's classes. */
static void
add_figure(struct buf *out, const char *cls, const char *src,
    const char *alt)
{
	add_el(out, "<figure class=\"", cls, "\">");
	add_el(out, "<img class=\"post-image\" src=\"", src, "\"");
	add_el(out, " alt=\"", alt, "\"/>");
	add_el(out, "<figcaption class=\"image-alt\" aria-hidden=\"true\">",
	    *alt ? alt : "(no alt text)", "</figcaption></figure>\n");
}

/* The pair's picture as the page shows it (picture_src, preview.h): its
 * card drawn, its own file, its URL. */
static bool
add_picture(struct buf *out, const cJSON *p, const char *cls)
{
	if (*str(p, "picture_error")) {
		add_el(out, "<p class=\"error\">", str(p, "picture_error"),
		    "</p>\n");
		return true;
	}
	if (!*str(p, "picture_src"))
		return false;
	add_figure(out, cls, str(p, "picture_src"), str(p, "picture_alt"));
	return true;
}

/* The image of a platform whose post is one: the pair's picture, else
 * the address the request names, with its alt text shown in its place
 * when it cannot be loaded. */
static void
add_image(struct buf *out, const cJSON *p)
{
	const char *img = str(p, "image"), *alt = str(p, "alt");

	if (add_picture(out, p, "image"))
		return;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p,
	    "picture_card"))) {
		/* a card, not drawn for this page: its address is a
		 * stand-in that the page does not load */
		buf_adds(out, "<figure class=\"image\">");
		add_el(out, "<figcaption class=\"image-alt\">", *alt ? alt :
		    "(no alt text)", " (its card, drawn when published)"
		    "</figcaption></figure>\n");
	} else if (*img)
		add_figure(out, "image", img, alt);
	else
		buf_adds(out, "<figure class=\"image\"><figcaption "
		    "class=\"image-alt\">no image</figcaption></figure>\n");
}

/* The card a platform makes of a link: the pair p's picture (NULL: none),
 * its host and the post's title. */
static void
add_link_card(struct buf *out, const cJSON *p, const char *link,
    const char *title, const char *cls)
{
	const char *h;
	size_t n;
	char *host;

	if (*link == '\0') {
		if (p != NULL)
			(void)add_picture(out, p, "image wide");
		return;
	}
	h = url_host(link, &n);
	host = xasprintf("%.*s", (int)n, h);
	buf_addf(out, "<div class=\"link-card %s\">", cls);
	if (p != NULL)
		(void)add_picture(out, p, "image wide");
	add_el(out, "<div class=\"link-host\">", host, "</div>");
	add_el(out, "<div class=\"link-title\">", title, "</div>");
	add_el(out, "<div class=\"link-url muted\">", link, "</div>");
	buf_adds(out, "</div>\n");
	free(host);
}

/* The text as the platform shows it. */
static void
add_text(struct buf *out, const cJSON *p)
{
	add_el(out, "<div class=\"card-text\">", str(p, "text"), "</div>\n");
}

/* What the card shows, in its platform's shape. */
static void
add_body(struct buf *out, const struct adapter *a, const cJSON *p,
    const cJSON *post, const char *date)
{
	const char *title = *str(p, "title") ? str(p, "title") :
	    str(post, "title");

	switch (a != NULL ? a->card : CARD_LINK) {
	case CARD_SQUARE:
		add_image(out, p);
		add_text(out, p);
		break;
	case CARD_PIN:
		add_image(out, p);
		add_el(out, "<div class=\"pin-title\">", title, "</div>\n");
		add_text(out, p);
		add_link_card(out, NULL, str(p, "link"), title, "pin-link");
		break;
	case CARD_ENTRY:
		add_el(out, "<div class=\"entry-title\">", title, "</div>\n");
		add_el(out, "<div class=\"muted\">", date, "</div>\n");
		add_text(out, p);
		(void)add_picture(out, p, "image wide");
		if (*str(p, "link"))
			add_el(out, "<div class=\"link-url muted\">",
			    str(p, "link"), "</div>\n");
		break;
	case CARD_ARTICLE:
		add_text(out, p);
		add_link_card(out, p, str(p, "link"), str(post, "title"),
		    "article");
		break;
	case CARD_LINK:
		add_text(out, p);
		add_link_card(out, p, str(p, "link"), str(post, "title"),
		    "link");
		break;
	}
}

/* One (post, platform) card. */
static void
add_card(struct buf *out, const cJSON *p, const cJSON *post,
    const char *date)
{
	const char *name = str(p, "platform");
	int pf = platform_lookup(name);
	const struct adapter *a = pf >= 0 ? adapter_get((size_t)pf) : NULL;
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(p, "limit");
	bool enabled = is_true(p, "enabled");
	int len = (int)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(p, "length"));

	add_el(out, "<section class=\"card card-", name, "\"");
	add_el(out, " data-platform=\"", name, "\"");
	buf_addf(out, " data-enabled=\"%s\"%s>\n", enabled ? "true" : "false",
	    is_true(p, "skipped") ? " data-skipped=\"true\"" : "");
	add_el(out, "<h3>", a != NULL && a->label != NULL ? a->label : name,
	    "");
	if (!enabled)
		buf_adds(out, " <span class=\"badge\">disabled</span>");
	buf_adds(out, "</h3>\n");
	if (is_true(p, "skipped")) {
		add_el(out, "<p class=\"skipped muted\">Skipped: ",
		    str(p, "reason"), "</p>\n</section>\n");
		return;
	}
	add_body(out, a, p, post, date);
	buf_adds(out, "<div class=\"facts\">");
	if (cJSON_IsNumber(lim))
		buf_addf(out, "<p class=\"count%s\">%d / %d</p>",
		    is_true(p, "fits") ? "" : " over", len,
		    (int)lim->valuedouble);
	else
		buf_addf(out, "<p class=\"count\">%d / no limit</p>", len);
	if (*str(p, "limits_from"))
		add_el(out, "<p>counted against ", str(p, "limits_from"),
		    "</p>");
	if (*str(post, "slot")) {
		buf_adds(out, "<p>at ");
		add_el(out, "<time class=\"slot\" datetime=\"", date, "T");
		add_html(out, str(post, "slot"));
		add_el(out, "\">", str(post, "slot"), "</time></p>");
	}
	buf_adds(out, "</div>\n");
	add_cut(out, p);
	if (*str(p, "error"))
		add_el(out, "<p class=\"error\">", str(p, "error"), "</p>\n");
	add_requests(out, p);
	buf_adds(out, "</section>\n");
}

/* "Thursday, 12 November 2026" */
static void
add_long_date(struct buf *out, const char *date)
{
	struct ymd d;

	if (!date_parse_ymd(date, &d)) {
		add_html(out, date);
		return;
	}
	buf_addf(out, "%s, %d %s %d", weekday_names[date_weekday(d)], d.d,
	    month_names[d.m - 1], d.y);
}

/* The post's sources (read, never published) as a small folded list, as
 * text: the page links to nothing outside. */
static void
add_sources(struct buf *out, const cJSON *po)
{
	const cJSON *so = cJSON_GetObjectItemCaseSensitive(po, "sources"), *s;
	int n = cJSON_GetArraySize(so);

	if (n == 0)
		return;
	buf_addf(out, "<details class=\"sources\"><summary>%d source%s"
	    "</summary><ul>\n", n, n == 1 ? "" : "s");
	cJSON_ArrayForEach(s, so)
		if (cJSON_IsString(s))
			add_el(out, "<li>", s->valuestring, "</li>\n");
	buf_adds(out, "</ul></details>\n");
}

/* One post of the day and its cards. */
static void
add_post(struct buf *out, const cJSON *po, const char *date)
{
	const cJSON *pl, *ya = cJSON_GetObjectItemCaseSensitive(po,
	    "years_ago");
	bool chosen = is_true(po, "chosen");
	int years = cJSON_IsNumber(ya) ? (int)ya->valuedouble : -1;

	add_el(out, "<article class=\"post", is_true(po, "draft") ?
	    " draft" : "", "\"");
	add_el(out, " id=\"post-", str(po, "id"), "\"");
	add_el(out, " data-post=\"", str(po, "id"), "\"");
	buf_addf(out, " data-chosen=\"%s\">\n", chosen ? "true" : "false");
	add_el(out, "<h2>", str(po, "title"), "</h2>\n");
	buf_adds(out, "<p class=\"post-meta\">");
	add_el(out, "<code>", str(po, "id"), "</code>");
	if (years >= 0)
		buf_addf(out, " · %d year%s ago", years, years == 1 ? "" : "s");
	if (years > 0 && plan_roundness(years) >= 2)
		buf_addf(out, " <span class=\"badge round\">%d years</span>",
		    years);
	add_el(out, " · <span class=\"post-file\">", str(po, "file"),
	    "</span></p>\n");
	if (chosen)
		add_el(out, "<p class=\"why\">Chosen: ", str(po, "reason"),
		    "</p>\n");
	else
		add_el(out, "<p class=\"why-not\">", str(po, "reason"),
		    "</p>\n");
	if (*str(po, "slot_note"))
		add_el(out, "<p class=\"note\">", str(po, "slot_note"),
		    "</p>\n");
	add_sources(out, po);
	pl = cJSON_GetObjectItemCaseSensitive(po, "platforms");
	if (cJSON_GetArraySize(pl) > 0) {
		buf_adds(out, "<div class=\"cards\">\n");
		cJSON_ArrayForEach(pl, pl)
			add_card(out, pl, po, date);
		buf_adds(out, "</div>\n");
	}
	buf_adds(out, "</article>\n");
}

void
preview_html_day(struct buf *out, const cJSON *day, const struct diags *d,
    bool undated)
{
	const cJSON *posts = cJSON_GetObjectItemCaseSensitive(day, "posts");
	const cJSON *po;
	const char *date = str(day, "date");
	int n = cJSON_GetArraySize(posts), chosen = 0;
	struct ymd ymd = { 0, 0, 0 };

	cJSON_ArrayForEach(po, posts)
		if (is_true(po, "chosen"))
			chosen++;
	add_el(out, "<section class=\"day\" data-date=\"", date, "\">\n<h1>");
	add_long_date(out, date);
	buf_adds(out, "</h1>\n");
	buf_addf(out, "<p class=\"day-meta\">%d post%s, %d chosen · times in ",
	    n, n == 1 ? "" : "s", chosen);
	add_html(out, str(day, "timezone"));
	buf_adds(out, "</p>\n");
	if (n == 0)
		buf_adds(out, "<p class=\"muted\">No anniversaries on this "
		    "day.</p>\n");
	if (date_parse_ymd(date, &ymd))
		add_broken(out, d, ymd.m, ymd.d);
	if (undated)
		add_broken(out, d, 0, 0);
	cJSON_ArrayForEach(po, posts)
		add_post(out, po, date);
	buf_adds(out, "</section>\n");
}

void
preview_html_site_day(int i, int *month, int *day)
{
	struct ymd d = date_add_days((struct ymd){ 2000, 1, 1 }, i);

	*month = d.m;
	*day = d.d;
}

int
preview_html_site_index(int month, int day)
{
	if (month < 1 || month > 12 || day < 1 ||
	    day > date_days_in_month(2000, month))
		return -1;
	return (int)(date_to_days((struct ymd){ 2000, month, day }) -
	    date_to_days((struct ymd){ 2000, 1, 1 }));
}

/* <a rel="REL" href="MM-DD.html">WORDS day month</a> */
static void
nav_link(struct buf *out, const char *rel, int i, const char *before,
    const char *after)
{
	int m, d;

	preview_html_site_day((i + 366) % 366, &m, &d);
	buf_addf(out, "<a rel=\"%s\" href=\"%02d-%02d.html\">%s%d %s%s</a>",
	    rel, m, d, before, d, month_names[m - 1], after);
}

void
preview_html_nav(struct buf *out, int month, int day)
{
	int i = preview_html_site_index(month, day);

	buf_adds(out, "<nav aria-label=\"days\">");
	nav_link(out, "prev", i - 1, "← ", "");
	buf_adds(out, " <a rel=\"index\" href=\"index.html\">the year</a> ");
	nav_link(out, "next", i + 1, "", " →");
	buf_adds(out, "</nav>\n");
}

struct html_day_stat
preview_html_stat(const cJSON *day)
{
	struct html_day_stat s = { 0, 0, 0 };
	const cJSON *po, *ya;
	struct ymd d;
	int y;

	if (date_parse_ymd(str(day, "date"), &d))
		s.year = d.y;
	cJSON_ArrayForEach(po, cJSON_GetObjectItemCaseSensitive(day, "posts")) {
		s.posts++;
		ya = cJSON_GetObjectItemCaseSensitive(po, "years_ago");
		y = cJSON_IsNumber(ya) ? (int)ya->valuedouble : 0;
		if (y > 0 && y % 25 == 0 &&
		    plan_roundness(y) > plan_roundness(s.round))
			s.round = y;
	}
	return s;
}

/* One day's cell of the calendar. */
static void
index_cell(struct buf *out, int year, int m, int d,
    const struct html_day_stat *s, int min_per_day)
{
	const char *cls = s->posts == 0 ? "empty" :
	    s->posts < min_per_day ? "thin" : "";

	buf_adds(out, "<td");
	if (*cls || s->round)
		buf_addf(out, " class=\"%s%s%s\"", cls, *cls && s->round ?
		    " " : "", s->round ? "round" : "");
	buf_addf(out, " data-posts=\"%d\"><a href=\"%02d-%02d.html\" "
	    "aria-label=\"%d %s: %d post%s", s->posts, m, d, d,
	    month_names[m - 1], s->posts, s->posts == 1 ? "" : "s");
	if (*cls)
		buf_addf(out, ", %s", cls);
	if (s->round)
		buf_addf(out, ", a %d-year anniversary", s->round);
	if (s->year != year)
		buf_addf(out, " (%d)", s->year);
	buf_addf(out, "\"><span class=\"d\">%d</span><span class=\"n\">%d"
	    "</span></a></td>", d, s->posts);
}

/* The broken files of d, each with its day's page when its name says
 * one. */
static void
index_broken(struct buf *out, const struct diags *d)
{
	size_t i;
	int m, dd, n = 0;
	char *s;

	for (i = 0; d != NULL && i < d->n; i++) {
		if (!broken_start(d, i))
			continue;
		if (n++ == 0)
			buf_adds(out, "<section class=\"broken-files\">\n<h2>Post "
			    "files that cannot be read</h2>\n<ul>\n");
		s = diag_format(&d->v[i]);
		add_el(out, "<li><p class=\"error\">", s, "</p>");
		free(s);
		if (name_day(d->v[i].file, &m, &dd))
			buf_addf(out, " <a href=\"%02d-%02d.html\">%d %s</a>", m,
			    dd, dd, month_names[m - 1]);
		buf_adds(out, "</li>\n");
	}
	if (n > 0)
		buf_adds(out, "</ul>\n</section>\n");
}

void
preview_html_index(struct buf *out, int year,
    const struct html_day_stat stats[366], int min_per_day,
    const struct diags *d)
{
	int m, day, col, i, total = 0, empty = 0, thin = 0, round = 0;

	for (i = 0; i < 366; i++) {
		total += stats[i].posts;
		empty += stats[i].posts == 0;
		thin += stats[i].posts > 0 && stats[i].posts < min_per_day;
		round += stats[i].round > 0;
	}
	buf_addf(out, "<h1>The year %d</h1>\n<p class=\"day-meta\">%d posts "
	    "over 366 days: %d empty day%s, %d thin (fewer than %d post%s), "
	    "%d with a round anniversary (25, 50, 75, 100 ... years).</p>\n",
	    year, total, empty, empty == 1 ? "" : "s", thin, min_per_day,
	    min_per_day == 1 ? "" : "s", round);
	buf_adds(out, "<p class=\"legend muted\"><span class=\"empty\">empty"
	    "</span> no posts <span class=\"thin\">thin</span> too few "
	    "<span class=\"round\"><u>round</u></span> a round anniversary; "
	    "the small number is the day's posts.</p>\n");
	index_broken(out, d);
	buf_adds(out, "<div class=\"months\">\n");
	for (m = 1; m <= 12; m++) {
		buf_addf(out, "<section class=\"month-block\"><h2 id=\"m%02d\">"
		    "%s</h2>\n<table class=\"month\" aria-labelledby=\"m%02d\">"
		    "<thead><tr>", m, month_names[m - 1], m);
		for (col = 0; col < 7; col++)
			buf_addf(out, "<th scope=\"col\" abbr=\"%s\">%.2s</th>",
			    weekday_names[(col + 1) % 7],
			    weekday_names[(col + 1) % 7]);
		buf_adds(out, "</tr></thead>\n<tbody><tr>");
		/* Monday first */
		col = (date_weekday((struct ymd){ year, m, 1 }) + 6) % 7;
		for (i = 0; i < col; i++)
			buf_adds(out, "<td></td>");
		for (day = 1; day <= date_days_in_month(2000, m); day++) {
			if (col == 7) {
				buf_adds(out, "</tr>\n<tr>");
				col = 0;
			}
			index_cell(out, year, m, day,
			    &stats[preview_html_site_index(m, day)],
			    min_per_day);
			col++;
		}
		for (; col < 7; col++)
			buf_adds(out, "<td></td>");
		buf_adds(out, "</tr></tbody></table></section>\n");
	}
	buf_adds(out, "</div>\n");
}
