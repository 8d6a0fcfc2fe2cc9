/*
 * platforms/list.h: the platforms, one line each, in the order they are
 * shown. Included several times with PLATFORM(ID, name) defined (the
 * adapter of name is adapter_NAME, in platforms/NAME.c). Adding a
 * platform: its file in src/platforms/, its line here, its tests, its
 * section of docs/platforms.md.
 */

PLATFORM(TWITTER, twitter)
PLATFORM(LINKEDIN, linkedin)
PLATFORM(FACEBOOK, facebook)
PLATFORM(INSTAGRAM, instagram)
PLATFORM(PINTEREST, pinterest)
PLATFORM(FEED, feed)
PLATFORM(MASTODON, mastodon)
PLATFORM(BLUESKY, bluesky)
PLATFORM(THREADS, threads)

#undef PLATFORM
