/* date: calendar arithmetic and time zones (see date.h). */
#include "date.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "xalloc.h"

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* True for a leap year of the proleptic Gregorian calendar. */
bool
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m of year y. */
int
date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap(y))
		return 29;
	return days[m - 1];
}

/* Days from 1970-01-01 (H. Hinnant's days_from_civil). */
long
date_to_days(struct ymd d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The date days after 1970-01-01 (civil_from_days). */
struct ymd
date_from_days(long z)
{
	struct ymd r;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

/* d moved by n days. */
struct ymd
date_add_days(struct ymd d, long n)
{
	return date_from_days(date_to_days(d) + n);
}

/* <0, 0, >0 as a is before, on, after b. */
int
date_cmp(struct ymd a, struct ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* 0 = Sunday. 1970-01-01 was a Thursday. */
int
date_weekday(struct ymd d)
{
	long n = date_to_days(d);

	return (int)(n >= -4 ? (n + 4) % 7 : (n + 5) % 7 + 6);
}

/* n decimal digits of s into *out; false unless all are digits. */
static bool
digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "YYYY-MM-DD", a real date of years 1-9999. */
bool
date_parse_ymd(const char *s, struct ymd *out)
{
	struct ymd d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4, &d.y) || !digits(s + 5, 2, &d.m) ||
	    !digits(s + 8, 2, &d.d))
		return false;
	if (d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > date_days_in_month(d.y, d.m))
		return false;
	*out = d;
	return true;
}

/* The 5 bytes "HH:MM" at s into minutes after midnight; 24:00 when
 * allow_24. Each check fails on a NUL, so no byte after one is read. */
bool
date_parse_hhmm_at(const char *s, bool allow_24, int *minutes)
{
	int h, m;

	if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &m) ||
	    m > 59 || h > 24 || (h == 24 && (!allow_24 || m != 0)))
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* The whole of s, "HH:MM" (00:00-23:59), into minutes after midnight. */
bool
date_parse_hhmm(const char *s, int *minutes)
{
	return strlen(s) == 5 && date_parse_hhmm_at(s, false, minutes);
}

/* n with its English ordinal suffix. */
void
date_ordinal(int n, char *out, size_t size)
{
	const char *suf = "th";
	int t = n % 100;

	if (t < 11 || t > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	snprintf(out, size, "%d%s", n, suf);
}

/* "09:05" (see date.h). */
void
date_hhmm(int minutes, char out[DATE_HHMM_SIZE])
{
	if (minutes < 0)
		minutes = 0;
	snprintf(out, DATE_HHMM_SIZE, "%02d:%02d", (minutes / 60) % 100,
	    minutes % 60);
}

/* "6 h 45 min" (see date.h). */
void
date_duration(long long seconds, char *out, size_t size)
{
	unsigned long long s = seconds < 0 ? 0ULL - (unsigned long long)
	    seconds : (unsigned long long)seconds;
	unsigned long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;

	s %= 60;
	if (d > 0 && h > 0)
		snprintf(out, size, "%llu d %llu h", d, h);
	else if (d > 0)
		snprintf(out, size, "%llu d", d);
	else if (h > 0 && m > 0)
		snprintf(out, size, "%llu h %llu min", h, m);
	else if (h > 0)
		snprintf(out, size, "%llu h", h);
	else if (m > 0 && s > 0)
		snprintf(out, size, "%llu min %llu s", m, s);
	else if (m > 0)
		snprintf(out, size, "%llu min", m);
	else
		snprintf(out, size, "%llu s", s);
}

/* English name of month m. */
const char *
date_month_name(int m)
{
	if (m < 1 || m > 12)
		return "";
	return month_names[m - 1];
}

/* The saved TZ while a zone is switched in. */
struct tzsave {
	char *old;
	bool had;
};

/* Switches the process to zone tz; false when tz is not a known zone. */
static bool
tz_enter(const char *tz, struct tzsave *sv)
{
	const char *cur = getenv("TZ");

	sv->had = cur != NULL;
	sv->old = xstrdup(cur);
	if (tz == NULL || *tz == '\0')
		return true;
	if (!date_zone_exists(tz)) {
		free(sv->old);
		sv->old = NULL;
		return false;
	}
	setenv("TZ", tz, 1);
	tzset();
	return true;
}

/* Restores the zone saved by tz_enter. */
static void
tz_leave(struct tzsave *sv)
{
	if (sv->had)
		setenv("TZ", sv->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(sv->old);
	sv->old = NULL;
}

/* True when tz is NULL or "", or names a TZif file under TZDIR (else
 * /usr/share/zoneinfo). */
bool
date_zone_exists(const char *tz)
{
	const char *dir = getenv("TZDIR");
	const char *p;
	char magic[4], *path;
	struct stat st;
	enum file_status fs;
	int fd, err;
	bool ok = false;

	if (tz == NULL || *tz == '\0')
		return true;
	if (tz[0] == '/' || strlen(tz) > 200 || strstr(tz, "..") != NULL)
		return false;
	for (p = tz; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-.", *p) == NULL)
			return false;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	path = xasprintf("%s/%s", dir, tz);
	/* opened as file.h says: a FIFO or a device is refused, unread */
	if ((fd = file_open_regular(path, &st, &fs, &err)) != -1) {
		ok = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		    memcmp(magic, "TZif", sizeof(magic)) == 0;
		close(fd);
	}
	free(path);
	return ok;
}

/* Local date and minute of instant t in zone tz. */
bool
date_local(const char *tz, time_t t, struct ymd *day, int *minute)
{
	struct tzsave sv;
	struct tm tm;
	bool ok;

	if (!tz_enter(tz, &sv))
		return false;
	ok = localtime_r(&t, &tm) != NULL;
	tz_leave(&sv);
	if (!ok)
		return false;
	day->y = tm.tm_year + 1900;
	day->m = tm.tm_mon + 1;
	day->d = tm.tm_mday;
	if (minute != NULL)
		*minute = tm.tm_hour * 60 + tm.tm_min;
	return true;
}

/* The UTC offset (seconds east) in force at instant t. */
static long
offset_at(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

/* The local date, minute and zone abbreviation of instant t. */
static void
clock_at(time_t t, struct ymd *day, int *minute, char abbr[16])
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	localtime_r(&t, &tm);
	day->y = tm.tm_year + 1900;
	day->m = tm.tm_mon + 1;
	day->d = tm.tm_mday;
	*minute = tm.tm_hour * 60 + tm.tm_min;
	snprintf(abbr, 16, "%s", tm.tm_zone != NULL ? tm.tm_zone : "");
}

/* Instant of local day/minute in zone tz, and what that local time is. */
bool
date_instant_info(const char *tz, struct ymd day, int minute,
    struct date_instant_info *out)
{
	struct date_instant_info r;
	struct tzsave sv;
	time_t naive, a, b;
	long oa, ob;
	bool va, vb;
	struct ymd d2;
	int m2;

	if (!tz_enter(tz, &sv))
		return false;
	memset(&r, 0, sizeof(r));
	r.day = day;
	r.minute = minute;
	/* The local wall time read as if it were UTC. */
	naive = (time_t)date_to_days(day) * 86400 + (time_t)minute * 60;
	/* Two candidate offsets: the ones in force a day before and after. */
	oa = offset_at(naive - 86400);
	ob = offset_at(naive + 86400);
	a = naive - oa;		/* valid if the offset at a is oa */
	b = naive - ob;
	va = offset_at(a) == oa;
	vb = offset_at(b) == ob;
	if (va && vb && a != b) {
		/* Twice: the first of the two. */
		r.wall = DATE_WALL_FOLD;
		r.at = a < b ? a : b;
		r.shift = (int)(labs(oa - ob) / 60);
		clock_at(a < b ? b : a, &d2, &m2, r.other_abbr);
	} else if (va)
		r.at = a;
	else if (vb)
		r.at = b;
	else {
		/* In a gap: read with the offset before the change, which is
		 * the instant as far after the gap's start as the time asked
		 * is. */
		r.wall = DATE_WALL_GAP;
		r.at = naive - oa;
		r.shift = (int)(labs(ob - oa) / 60);
	}
	clock_at(r.at, &r.at_day, &r.at_minute, r.abbr);
	tz_leave(&sv);
	*out = r;
	return true;
}

/* Instant of local day/minute in zone tz. */
bool
date_instant(const char *tz, struct ymd day, int minute, time_t *out)
{
	struct date_instant_info info;

	if (!date_instant_info(tz, day, minute, &info))
		return false;
	*out = info.at;
	return true;
}

/* The sentence about a skipped or repeated local time, or NULL. */
char *
date_instant_note(const char *tz, const struct date_instant_info *info)
{
	const char *zone = tz != NULL && *tz != '\0' ? tz :
	    "the system's time zone";
	char asked[DATE_HHMM_SIZE], at[DATE_HHMM_SIZE], on[32] = "";

	date_hhmm(info->minute, asked);
	date_hhmm(info->at_minute, at);
	if (date_cmp(info->at_day, info->day) != 0)
		snprintf(on, sizeof(on), " on %04d-%02d-%02d",
		    info->at_day.y % 10000, info->at_day.m % 100,
		    info->at_day.d % 100);
	switch (info->wall) {
	case DATE_WALL_GAP:
		return xasprintf("%s does not exist on %04d-%02d-%02d in %s "
		    "(clocks go forward): goes out at %s%s%s%s", asked,
		    info->day.y % 10000, info->day.m % 100, info->day.d % 100,
		    zone, at, *info->abbr ? " " : "", info->abbr, on);
	case DATE_WALL_FOLD:
		return xasprintf("%s happens twice on %04d-%02d-%02d in %s: "
		    "goes out at the first, %s%s%s", asked,
		    info->day.y % 10000, info->day.m % 100, info->day.d % 100,
		    zone, at, *info->abbr ? " " : "", info->abbr);
	case DATE_WALL_ONCE:
		break;
	}
	return NULL;
}
