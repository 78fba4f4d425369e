/* tl-tokenize - encode text with the tokenizer of tinyllm.h (exact Hugging Face ids).

   tl-tokenize [--jsonl] [--no-special] DIR       < text
   tl-tokenize --bench FILE DIR

   DIR holds tokenizer.json (or vocab.json + merges.txt) and tokenizer_config.json.
   plain:        the ids of all of stdin, space-separated decimals on one line
   --jsonl:      each stdin line is a JSON string; prints one line of ids per input line
   --no-special: special tokens in the text are plain text (TL_ENCODE_NO_SPECIAL)
   --bench FILE: encode FILE repeatedly (one thread, >= 1 s) and print MB/s and tokens/s
   Exit status: 0 ok, 1 runtime error, 2 usage error; errors are one line on stderr. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#endif
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
#if defined(CLOCK_MONOTONIC)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#else
    return (double)clock() / CLOCKS_PER_SEC;
#endif
}

static int usage(void) {
    fprintf(stderr, "usage: tl-tokenize [--jsonl] [--no-special] [--bench FILE] DIR\n");
    return 2;
}

/* all of a stream; NULL when out of memory or on a read error */
static char *read_all(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = (char *)malloc(cap), *nb;
    if (!buf) return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            if (!(nb = (char *)realloc(buf, cap * 2))) { free(buf); return NULL; }
            buf = nb;
            cap *= 2;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) { free(buf); return NULL; }
    *len = n;
    return buf;
}

/* ids of text; grows *ids as needed; returns the count or a negative TL_ERR_* */
static int encode_all(tl_tokenizer *t, const char *text, size_t len, int **ids, int *cap, int flags) {
    int n = tl_encode(t, text, len, *ids, *cap, flags);
    if (n > *cap) {
        int *ni = (int *)realloc(*ids, (size_t)n * sizeof **ids);
        if (!ni) return TL_ERR_NOMEM;
        *ids = ni;
        *cap = n;
        n = tl_encode(t, text, len, *ids, *cap, flags);
    }
    return n;
}

static void print_ids(const int *ids, int n) {
    int i;
    for (i = 0; i < n; i++) printf(i ? " %d" : "%d", ids[i]);
    putchar('\n');
}

static int bench(tl_tokenizer *t, const char *file, double load_s, int flags) {
    FILE *f = fopen(file, "rb");
    size_t len;
    char *text;
    int *ids = NULL, cap = 0, n = 0, runs = 0;
    double t0, t1, first = 0;
    if (!f) { fprintf(stderr, "tl-tokenize: %s: cannot open\n", file); return 1; }
    text = read_all(f, &len);
    fclose(f);
    if (!text) { fprintf(stderr, "tl-tokenize: %s: cannot read\n", file); return 1; }
    /* size the id buffer outside the timed runs (uncached: the word cache stays empty, so the
       first timed run is a cold one) */
    n = encode_all(t, text, len, &ids, &cap, flags | TL_ENCODE_NO_CACHE);
    if (n < 0) { fprintf(stderr, "tl-tokenize: %s\n", t->err); free(text); free(ids); return 1; }
    t0 = now_s();
    do {
        double a = now_s();
        n = tl_encode(t, text, len, ids, cap, flags);
        if (n < 0) { fprintf(stderr, "tl-tokenize: %s\n", t->err); free(text); free(ids); return 1; }
        if (runs == 0) first = now_s() - a;
        runs++;
        t1 = now_s();
    } while (t1 - t0 < 1.0 || runs < 3);
    printf("%s: %lu bytes, %d tokens; load %.1f ms\n", file, (unsigned long)len, n, load_s * 1e3);
    printf("first run (cold cache): %.1f MB/s, %.0f tokens/s\n", (double)len / first / 1e6, (double)n / first);
    printf("average of %d runs:     %.1f MB/s, %.0f tokens/s\n", runs, (double)len * runs / (t1 - t0) / 1e6,
           (double)n * runs / (t1 - t0));
    free(text);
    free(ids);
    return 0;
}

int main(int argc, char **argv) {
    const char *dir = NULL, *bench_file = NULL;
    int jsonl = 0, flags = 0, i, rc = 0, *ids = NULL, cap = 0, n;
    tl_tokenizer t;
    double t0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--jsonl") == 0) jsonl = 1;
        else if (strcmp(argv[i], "--no-special") == 0) flags |= TL_ENCODE_NO_SPECIAL;
        else if (strcmp(argv[i], "--bench") == 0 && i + 1 < argc) bench_file = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) return usage();
        else if (!dir) dir = argv[i];
        else return usage();
    }
    if (!dir || (bench_file && jsonl)) return usage();
    t0 = now_s();
    if (tl_tokenizer_load(&t, dir) != TL_OK) { fprintf(stderr, "tl-tokenize: %s\n", t.err); return 1; }
    if (bench_file) {
        double load_s = now_s() - t0;
        tl_tokenizer_free(&t); /* reload: the timed runs start with an empty word cache */
        if (tl_tokenizer_load(&t, dir) != TL_OK) { fprintf(stderr, "tl-tokenize: %s\n", t.err); return 1; }
        rc = bench(&t, bench_file, load_s, flags);
        tl_tokenizer_free(&t);
        return rc;
    }
    if (!jsonl) {
        size_t len;
        char *text = read_all(stdin, &len);
        if (!text) { fprintf(stderr, "tl-tokenize: cannot read stdin\n"); tl_tokenizer_free(&t); return 1; }
        n = encode_all(&t, text, len, &ids, &cap, flags);
        if (n < 0) { fprintf(stderr, "tl-tokenize: %s\n", t.err); rc = 1; }
        else print_ids(ids, n);
        free(text);
    } else {
        size_t len, pos = 0;
        char *all = read_all(stdin, &len);
        int line = 0;
        if (!all) { fprintf(stderr, "tl-tokenize: cannot read stdin\n"); tl_tokenizer_free(&t); return 1; }
        while (pos < len && rc == 0) {
            size_t e = pos, sl;
            tl__json j;
            char *s;
            while (e < len && all[e] != '\n') e++;
            line++;
            if (tl__json_parse(&j, all + pos, e - pos, t.err) != TL_OK || j.t[0].type != TL__J_STR) {
                if (j.t) tl__json_free(&j);
                fprintf(stderr, "tl-tokenize: stdin line %d is not a JSON string\n", line);
                rc = 1;
                break;
            }
            s = tl__json_strdup(&j, 0, &sl);
            tl__json_free(&j);
            if (!s) { fprintf(stderr, "tl-tokenize: out of memory\n"); rc = 1; break; }
            n = encode_all(&t, s, sl, &ids, &cap, flags);
            TL_FREE(s);
            if (n < 0) { fprintf(stderr, "tl-tokenize: line %d: %s\n", line, t.err); rc = 1; break; }
            print_ids(ids, n);
            pos = e + 1;
        }
        free(all);
    }
    free(ids);
    tl_tokenizer_free(&t);
    if (fflush(stdout) != 0 || ferror(stdout)) { fprintf(stderr, "tl-tokenize: write error\n"); rc = 1; }
    return rc;
}
