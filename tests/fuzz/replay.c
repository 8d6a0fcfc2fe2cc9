/*
 * replay: runs a fuzz target's LLVMFuzzerTestOneInput on saved inputs,
 * without libFuzzer, so that the corpus and the crashers are replayed by
 * every build (gcc or clang, with or without sanitizers).
 *
 *   fuzz-replay-NAME FILE|DIR...
 *
 * Each file is read whole and fed once; a folder stands for the files in
 * it (not recursively, skipping names that begin with '.'). Prints
 * "N inputs" and exits 0, or exits 2 when a file cannot be read; a broken
 * invariant or a sanitizer aborts the process.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"

/* Feeds file path to the target. Returns 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	struct buf b = BUF_INIT;
	uint8_t *exact;
	char chunk[8192];
	size_t n;
	FILE *fp;
	int bad;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	bad = ferror(fp);
	fclose(fp);
	if (bad) {
		fprintf(stderr, "fuzz-replay: %s: read error\n", path);
		buf_free(&b);
		return -1;
	}
	/* an exact copy, so that ASan sees reads past the end */
	n = b.len;
	exact = xmalloc(n > 0 ? n : 1);
	if (n > 0)
		memcpy(exact, b.s, n);
	buf_free(&b);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

/* Orders folder entries by name, so that runs are repeatable. */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds every file of folder dir; adds to *count. Returns 0 or -1. */
static int
replay_dir(const char *dir, size_t *count)
{
	struct dirent *e;
	char **names = NULL, *path;
	size_t n = 0, i;
	int rc = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (replay_file(path) == -1)
			rc = -1;
		else
			(*count)++;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat st;
	size_t count = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) == -1)
				rc = 2;
		} else if (replay_file(argv[i]) == -1)
			rc = 2;
		else
			count++;
	}
	printf("%zu inputs\n", count);
	return rc;
}
