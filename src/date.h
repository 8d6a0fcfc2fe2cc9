/*
 * date: calendar arithmetic (proleptic Gregorian, astronomical years, so
 * 1 BC is year 0 and 44 BC is year -43), parsing of dates and times, and
 * conversion between instants and local times in a named time zone.
 *
 * Pure functions, except that the zone functions read the zone's file
 * (under $TZDIR, else /usr/share/zoneinfo, as the C library does) and
 * switch the process's TZ temporarily (not thread-safe; almanac converts
 * times on one thread). Nothing here prints; failures come back as false.
 * The one allocated result is date_instant_note's string.
 */
#ifndef ALMANAC_DATE_H
#define ALMANAC_DATE_H

#include <stdbool.h>
#include <time.h>

struct ymd {
	int y;	/* astronomical year; meaningless when the year is unknown */
	int m;	/* 1-12 */
	int d;	/* 1-31 */
};

bool date_is_leap(int y);
int date_days_in_month(int y, int m);	/* 0 for a month outside 1-12 */
/* Days since 1970-01-01 (negative before), and back. */
long date_to_days(struct ymd d);
struct ymd date_from_days(long days);
struct ymd date_add_days(struct ymd d, long n);
int date_cmp(struct ymd a, struct ymd b);
/* 0 = Sunday ... 6 = Saturday */
int date_weekday(struct ymd d);

/* "YYYY-MM-DD" (year 0001-9999, a real date) into *out. */
bool date_parse_ymd(const char *s, struct ymd *out);
/*
 * The five bytes "HH:MM" at s (two digits, ':', two digits; what follows
 * them is not looked at) into minutes after midnight: 00:00 to 23:59, and
 * 24:00 (1440) too when allow_24. A string shorter than five bytes is
 * refused without reading past its NUL. For "HH:MM" inside a longer text,
 * such as the ends of "09:00-17:00".
 */
bool date_parse_hhmm_at(const char *s, bool allow_24, int *minutes);
/* The whole of s, "HH:MM" (00:00-23:59), into minutes after midnight. */
bool date_parse_hhmm(const char *s, int *minutes);
/* "1st", "2nd", "3rd", "4th", "11th", "112th" ... into out. */
void date_ordinal(int n, char *out, size_t size);
/*
 * A length of time for people, into out: "45 s" under a minute, "12 min"
 * or "12 min 5 s" under an hour, "6 h" or "6 h 45 min" under a day
 * (seconds dropped), "2 d" or "2 d 3 h" from a day on (minutes dropped).
 * A negative length is written as its size. Every duration almanac
 * prints goes through it.
 */
void date_duration(long long seconds, char *out, size_t size);
/* "09:05" for a minute of the day (0..1439; the hours are taken modulo
 * 100 so that any int fits) into out. Every time of day almanac prints
 * goes through it. */
#define DATE_HHMM_SIZE 8
void date_hhmm(int minutes, char out[DATE_HHMM_SIZE]);
/* "November" for 11 (English month names). */
const char *date_month_name(int m);

/*
 * The local calendar date and minute of the day of instant t in zone tz
 * (an IANA name such as "Europe/London"; NULL or "" = the system's zone).
 * Returns false when the zone is unknown.
 */
bool date_local(const char *tz, time_t t, struct ymd *day, int *minute);
/*
 * The instant of local date day at minute in zone tz. A local time that a
 * DST change skips is read with the offset before the change (01:30 in a
 * 01:00-02:00 gap is the instant shown as 02:30 after it); one that occurs
 * twice maps to the first. Returns false when the zone is unknown.
 */
bool date_instant(const char *tz, struct ymd day, int minute, time_t *out);

/* What a local time is on its day in a zone. */
enum date_wall {
	DATE_WALL_ONCE,		/* an ordinary local time */
	DATE_WALL_GAP,		/* skipped: the clocks go forward over it */
	DATE_WALL_FOLD		/* happens twice: the clocks go back over it */
};

/* A local time and the instant it stands for (date_instant_info). */
struct date_instant_info {
	struct ymd day;		/* the local date and minute asked for */
	int minute;
	time_t at;		/* the instant, as date_instant gives it */
	enum date_wall wall;
	struct ymd at_day;	/* the local date and minute of at: for a */
	int at_minute;		/* GAP later than asked, else the same */
	int shift;		/* GAP, FOLD: minutes the clocks move (60, 30) */
	char abbr[16];		/* the zone's abbreviation at at ("EDT", "+11") */
	char other_abbr[16];	/* FOLD: at the second occurrence ("EST") */
};

/*
 * date_instant, saying also whether local date day at minute in zone tz is
 * skipped or happens twice, and when the instant chosen is on the local
 * clock. Fills *out (no memory to free). Returns false when the zone is
 * unknown (*out untouched).
 */
bool date_instant_info(const char *tz, struct ymd day, int minute,
    struct date_instant_info *out);
/*
 * The sentence for people about a local time that a DST change skips or
 * repeats, in info from date_instant_info for zone tz (NULL or "": the
 * system's zone), e.g. "02:30 does not exist on 2026-03-08 in
 * America/New_York (clocks go forward): goes out at 03:30 EDT" or "01:30
 * happens twice on 2026-11-01 in America/New_York: goes out at the first,
 * 01:30 EDT". Returns NULL for an ordinary local time, else an allocated
 * string the caller frees. Pure: it reads no zone data.
 */
char *date_instant_note(const char *tz, const struct date_instant_info *info);
/*
 * True when tz is NULL or "" (the system's zone), or names a zone file of
 * the tzdata in $TZDIR (when set and not empty, as the C library reads it)
 * else /usr/share/zoneinfo: a relative name of at most 200 bytes, of
 * letters, digits and "/_+-." without "..", naming a regular file that
 * starts with "TZif". The file is opened as file.h opens files (a FIFO or
 * a device is refused without blocking) and only its first 4 bytes read.
 */
bool date_zone_exists(const char *tz);

#endif
