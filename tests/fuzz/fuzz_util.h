/* fuzz_util.h - shared setup of the libFuzzer targets in tests/fuzz (see tests/fuzz/README).
   Each target is one file: fuzz_NAME.c defines LLVMFuzzerTestOneInput (and maybe
   LLVMFuzzerInitialize). Targets that need files write the input into a private temporary
   directory; fixture files come from $TL_FIXTURES (default tests/fixtures, run from the repo root). */
#ifndef TL_FUZZ_UTIL_H
#define TL_FUZZ_UTIL_H
#if !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700
#endif
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
#ifdef __cplusplus
}
#endif

static char tlf_dir[256];

static inline const char *tlf_fixtures(void) {
    const char *e = getenv("TL_FIXTURES");
    return e && *e ? e : "tests/fixtures";
}

static inline void tlf_cleanup(void) {
    /* the targets only make flat directories of files and links */
    char cmd[300];
    if (!tlf_dir[0]) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tlf_dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tlf_dir);
}

/* a private directory for this process (made once) */
static inline const char *tlf_tmpdir(void) {
    if (!tlf_dir[0]) {
        snprintf(tlf_dir, sizeof tlf_dir, "/tmp/tl-fuzz-XXXXXX");
        if (!mkdtemp(tlf_dir)) { perror("mkdtemp"); abort(); }
        atexit(tlf_cleanup);
    }
    return tlf_dir;
}

/* dir/name := data */
static inline void tlf_write(const char *dir, const char *name, const void *data, size_t n) {
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
    f = fopen(p, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) { perror(p); abort(); }
}

/* dir/name -> the fixture file (absolute symlink) */
static inline void tlf_link(const char *dir, const char *name, const char *fixture_rel) {
    char src[512], abs[4096], p[512];
    snprintf(src, sizeof src, "%s/%s", tlf_fixtures(), fixture_rel);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
    if (!realpath(src, abs) || symlink(abs, p) != 0) { perror(src); abort(); }
}

static inline void tlf_mkdir(const char *dir) {
    if (mkdir(dir, 0755) != 0 && access(dir, F_OK) != 0) { perror(dir); abort(); }
}

/* the fuzzer must notice a broken invariant */
#define TLF_ASSERT(x) do { if (!(x)) { fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #x); abort(); } } while (0)

#endif
