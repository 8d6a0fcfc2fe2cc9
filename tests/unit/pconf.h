/*
 * pconf.h: tests reach a platform's own config settings by name.
 * PSET(pc, "author") is the string of setting "author" in pc (its place
 * in platform_conf.set), PNUM(pc, "entries") a number's. Names are looked
 * up in the whole table, where each names one setting (graph_version has
 * the same number on both Graph platforms). A name no platform has
 * aborts the test. CRED(&cr, PF_TWITTER, consumer_key) is a credential.
 */
#ifndef ALMANAC_TEST_PCONF_H
#define ALMANAC_TEST_PCONF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "platforms.h"

static inline size_t
pconf_number(const char *key)
{
	const struct platform_setting *st;
	size_t i, k;

	for (i = 0; i < platform_count(); i++)
		for (st = adapter_get(i)->settings, k = 0;
		    st != NULL && st[k].name != NULL; k++)
			if (strcmp(st[k].name, key) == 0)
				return k;
	fprintf(stderr, "pconf: no platform has a setting \"%s\"\n", key);
	abort();
}

/* Where credential key of platform pf is kept in a struct credentials. */
static inline size_t
pconf_cred_number(size_t pf, const char *key)
{
	const char *const *keys = adapter_get(pf)->cred_keys;
	size_t k;

	for (k = 0; keys != NULL && keys[k] != NULL; k++)
		if (strcmp(keys[k], key) == 0)
			return k;
	fprintf(stderr, "pconf: %s has no credential \"%s\"\n",
	    platform_name(pf), key);
	abort();
}

#define PSET(pc, key) ((pc)->set[pconf_number(key)])
#define PNUM(pc, key) ((pc)->num[pconf_number(key)])
#define CRED(cr, pf, key) ((cr)->v[pf][pconf_cred_number(pf, #key)])

#endif
