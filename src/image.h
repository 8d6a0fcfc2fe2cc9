/*
 * image: what almanac knows of a picture file without a network: its type
 * by its first bytes (JPEG or PNG, the two every platform takes), the
 * checks of a post's "image.file" (a path below posts_dir that leads to a
 * JPEG or PNG file of at most IMAGE_MAX_BYTES), and the name a file gets
 * from its content's hash (the public folder, the remote-image cache).
 *
 * Nothing here prints: errors come back as allocated sentences the caller
 * frees. Strings returned are allocated unless said static.
 */
#ifndef ALMANAC_IMAGE_H
#define ALMANAC_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/* The largest picture almanac reads, keeps or sends (8 MiB: within what
 * every platform takes). */
#define IMAGE_MAX_BYTES (8 * 1024 * 1024)

enum image_type { IMAGE_NONE = 0, IMAGE_JPEG, IMAGE_PNG };

/* The type the first n bytes of p say (JPEG: FF D8 FF; PNG: its 8-byte
 * signature), IMAGE_NONE for anything else. */
enum image_type image_sniff(const void *p, size_t n);

/* "image/jpeg", "image/png" (NULL for IMAGE_NONE); and the file name's
 * ending, "jpg", "png". Static. */
const char *image_mime(enum image_type t);
const char *image_ext(enum image_type t);

/* The type a Content-Type header value names (parameters after ";" and
 * case aside), IMAGE_NONE when neither. */
enum image_type image_mime_type(const char *content_type);

/*
 * What is wrong with rel as the value of "image.file", by its text alone:
 * NULL when it is a relative path of names (letters, digits and "._-"
 * each, none "." or ".." nor starting with "."), separated by single "/";
 * else a static sentence ("must not start with \"/\"").
 */
const char *image_path_problem(const char *rel);

/*
 * Checks the file rel names below posts_dir: rel must pass
 * image_path_problem, what it leads to (symbolic links followed) must be
 * inside posts_dir, a regular file, of 1 to IMAGE_MAX_BYTES bytes, that
 * starts as a JPEG or a PNG. Returns 0 with *abs (allocated: the real
 * path) and *type, or -1 with *err (allocated: a sentence naming rel, not
 * where a link leads).
 */
int image_file_check(const char *posts_dir, const char *rel, char **abs,
    enum image_type *type, char **err);

/*
 * The name of the n bytes at p, by their content: the first 32 hex
 * digits of their SHA-256, "." and t's ending ("3f2a...e1.jpg"). The same
 * bytes always get the same name. Allocated.
 */
char *image_name(const void *p, size_t n, enum image_type t);

#endif
