/* mkbad.c - writes the malformed (and the odd-but-valid) checkpoints of tests/test_malformed.c.

       build/tl-mkbad OUTDIR [FIXTURES]

   makes OUTDIR/NAME for every case, from corrupted copies of the fixture checkpoints
   (FIXTURES/models/qwen2-tiny-mlx4, qwen2-tiny-f32-sharded, qwen2-e2e-mlx4, ...) and from small
   synthetic models, and prints one line per case:  NAME <tab> EXPECT <tab> what is wrong
   where EXPECT is "ok" (must load and run) or the TL_ERR_* name tl_model_load must return.
   Every loader of a corrupt case must fail with a one-line message naming the file or tensor.

   Unchanged big files (shards, tokenizer.json) are symlinks to the fixtures; every file the
   generator writes is unlinked first, so a fixture is never written through a link.

   Decisions recorded here (and in tinyllm.h's LIMITS):
   - tensors whose data_offsets are not in header order are valid safetensors (the format does
     not require it); so are gaps between tensors. Overlapping byte ranges are an error.
   - a tensor of an unknown dtype (F8_E4M3, ...) is accepted by the parser if no weight uses it. */
#ifndef TL_MKBAD_NO_MAIN
#define _XOPEN_SOURCE 700
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#endif
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <dirent.h>

/* ---------------------------------------------------------------- small helpers */

typedef struct mb_buf { char *p; size_t n, cap; } mb_buf;

static void mb_put(mb_buf *b, const void *s, size_t n) {
    if (n > ((size_t)1 << 40)) { fprintf(stderr, "mkbad: bad length\n"); exit(2); }
    if (!b->p || b->n + n + 1 > b->cap) {
        size_t nc = b->cap * 2 + n + 4096;
        char *np = (char *)realloc(b->p, nc);
        if (!np) { fprintf(stderr, "mkbad: out of memory\n"); exit(2); }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void mb_puts(mb_buf *b, const char *s) { mb_put(b, s, strlen(s)); }
static void mb_printf(mb_buf *b, const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= (int)sizeof tmp) { fprintf(stderr, "mkbad: line too long\n"); exit(2); }
    mb_put(b, tmp, (size_t)n);
}

static int mb_read(const char *path, unsigned char **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    long n;
    unsigned char *p;
    *out = NULL;
    *len = 0;
    if (!f) return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) { fclose(f); return -1; }
    p = (unsigned char *)malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); fclose(f); return -1; }
    fclose(f);
    p[n] = 0;
    *out = p;
    *len = (size_t)n;
    return 0;
}

/* write a fresh file (never through a symlink into the fixtures) */
static int mb_write(const char *path, const void *a, size_t na, const void *b, size_t nb) {
    FILE *f;
    int ok;
    unlink(path);
    f = fopen(path, "wb");
    if (!f) return -1;
    ok = fwrite(a, 1, na, f) == na && (nb == 0 || fwrite(b, 1, nb, f) == nb);
    ok = (fclose(f) == 0) && ok;
    return ok ? 0 : -1;
}

static int mb_copy(const char *src, const char *dst) {
    unsigned char *p;
    size_t n;
    int r;
    if (mb_read(src, &p, &n)) return -1;
    r = mb_write(dst, p, n, NULL, 0);
    free(p);
    return r;
}

/* symlink dst -> absolute src (copy where links do not work) */
static int mb_link(const char *src, const char *dst) {
    char abs[4096];
    unlink(dst);
    if (realpath(src, abs) && symlink(abs, dst) == 0) return 0;
    return mb_copy(src, dst);
}

static void mb_path(char *out, size_t cap, const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    if (a + b + 2 > cap) { fprintf(stderr, "mkbad: path too long: %s/%s\n", dir, name); exit(2); }
    memcpy(out, dir, a);
    out[a] = '/';
    memcpy(out + a + 1, name, b + 1);
}

/* remove a case directory (flat: files only) */
static void mb_rmdir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[4096];
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        mb_path(p, sizeof p, dir, e->d_name);
        if (unlink(p) != 0) rmdir(p);
    }
    closedir(d);
    rmdir(dir);
}

/* replace the first occurrence of `old` in a text file (the whole text when old is NULL) */
static int mb_edit(const char *path, const char *old, const char *repl) {
    unsigned char *p;
    size_t n;
    char *at;
    mb_buf b = {0, 0, 0};
    int r;
    if (mb_read(path, &p, &n)) return -1;
    at = old ? strstr((char *)p, old) : NULL;
    if (old && !at) { fprintf(stderr, "mkbad: '%s' not found in %s\n", old, path); free(p); return -1; }
    if (old) {
        mb_put(&b, p, (size_t)(at - (char *)p));
        mb_puts(&b, repl);
        mb_puts(&b, at + strlen(old));
    } else mb_puts(&b, repl);
    r = mb_write(path, b.p, b.n, NULL, 0);
    free(b.p);
    free(p);
    return r;
}

/* set "key": value in a pretty-printed config.json (value NULL removes the key; a missing key is
   added at the top). Values replaced are scalars or one-level objects. */
static int mb_cfg(const char *dir, const char *key, const char *value) {
    char path[4096], pat[256];
    unsigned char *p;
    size_t n;
    char *at, *v, *e;
    mb_buf b = {0, 0, 0};
    int r;
    mb_path(path, sizeof path, dir, "config.json");
    if (mb_read(path, &p, &n)) return -1;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    at = strstr((char *)p, pat);
    if (!at) {
        char *brace = strchr((char *)p, '{');
        if (!brace || !value) { free(p); return value ? -1 : 0; }
        mb_put(&b, p, (size_t)(brace - (char *)p) + 1);
        mb_printf(&b, "\n  \"%s\": %s,", key, value);
        mb_puts(&b, brace + 1);
    } else {
        v = at + strlen(pat);
        while (*v == ' ') v++;
        e = v;
        if (*e == '{' || *e == '[') {
            int depth = 0;
            for (; *e; e++) {
                if (*e == '{' || *e == '[') depth++;
                if ((*e == '}' || *e == ']') && --depth == 0) { e++; break; }
            }
        } else if (*e == '"') {
            e = strchr(e + 1, '"');
            e = e ? e + 1 : v + strlen(v);
        } else
            while (*e && *e != ',' && *e != '\n' && *e != '}') e++;
        if (value) {
            mb_put(&b, p, (size_t)(v - (char *)p));
            mb_puts(&b, value);
            mb_puts(&b, e);
        } else { /* drop the key, its value and one comma */
            char *s = at;
            while (s > (char *)p && (s[-1] == ' ' || s[-1] == '\n')) s--;
            if (*e == ',') e++;
            else if (s > (char *)p && s[-1] == ',') s--;
            mb_put(&b, p, (size_t)(s - (char *)p));
            mb_puts(&b, e);
        }
    }
    r = mb_write(path, b.p, b.n, NULL, 0);
    free(b.p);
    free(p);
    return r;
}

/* ---------------------------------------------------------------- safetensors model */

typedef struct mb_ent {
    char name[200];
    char dtype[32];       /* "" : no dtype key */
    int ndim;             /* -1: no shape key */
    long long shape[10];
    int noff;             /* entries of data_offsets (2 normally; -1: no key) */
    long long off[3];
    const char *raw;      /* non-NULL: the entry's value written verbatim */
} mb_ent;

typedef struct mb_st {
    mb_ent *e;
    int n;
    unsigned char *data;
    size_t ndata;
    char meta[256];       /* verbatim __metadata__ value, "" for none */
    int page_end;         /* pad the header so the file ends on a 4096-byte boundary */
    unsigned rng;
} mb_st;

static void mb_st_free(mb_st *st) {
    free(st->e);
    free(st->data);
    memset(st, 0, sizeof *st);
}

static int mb_st_load(mb_st *st, const char *path) {
    unsigned char *p;
    size_t n, hlen;
    tl__json j;
    char err[TL_ERR_SIZE];
    int k;
    memset(st, 0, sizeof *st);
    st->rng = 12345;
    if (mb_read(path, &p, &n) || n < 8) { free(p); return -1; }
    hlen = (size_t)tl__ld64(p);
    if (hlen > n - 8 || tl__json_parse(&j, (const char *)p + 8, hlen, err) != TL_OK) { free(p); return -1; }
    st->e = (mb_ent *)calloc((size_t)j.t[0].size + 1, sizeof *st->e);
    for (k = tl__json_first(&j, 0); k >= 0; k = j.t[k].next) {
        int v = k + 1, a;
        mb_ent *e;
        if (tl__json_streq(&j, k, "__metadata__")) {
            size_t L = j.t[v].end - j.t[v].start;
            if (L < sizeof st->meta) { memcpy(st->meta, j.src + j.t[v].start, L); st->meta[L] = 0; }
            continue;
        }
        e = &st->e[st->n++];
        if (j.t[k].end - j.t[k].start >= sizeof e->name) { free(p); tl__json_free(&j); return -1; }
        tl__json_unescape(&j, k, e->name);
        a = tl__json_get(&j, v, "dtype");
        if (j.t[a].end - j.t[a].start < sizeof e->dtype) tl__json_unescape(&j, a, e->dtype);
        a = tl__json_get(&j, v, "shape");
        e->ndim = 0;
        for (a = tl__json_first(&j, a); a >= 0 && e->ndim < 10; a = j.t[a].next) tl__json_int(&j, a, -1, (long long)1 << 62, &e->shape[e->ndim++]);
        a = tl__json_get(&j, v, "data_offsets");
        e->noff = 0;
        for (a = tl__json_first(&j, a); a >= 0 && e->noff < 3; a = j.t[a].next) tl__json_int(&j, a, -1, (long long)1 << 62, &e->off[e->noff++]);
    }
    st->data = (unsigned char *)malloc(n - 8 - hlen + 1);
    memcpy(st->data, p + 8 + hlen, n - 8 - hlen);
    st->ndata = n - 8 - hlen;
    tl__json_free(&j);
    free(p);
    return 0;
}

static mb_ent *mb_get(mb_st *st, const char *name) {
    int i;
    for (i = 0; i < st->n; i++)
        if (strcmp(st->e[i].name, name) == 0) return &st->e[i];
    fprintf(stderr, "mkbad: no tensor %s\n", name);
    return NULL;
}

static int mb_del(mb_st *st, const char *name) {
    int i;
    for (i = 0; i < st->n; i++)
        if (strcmp(st->e[i].name, name) == 0) {
            memmove(&st->e[i], &st->e[i + 1], (size_t)(st->n - i - 1) * sizeof *st->e);
            st->n--;
            return 0;
        }
    fprintf(stderr, "mkbad: no tensor %s to delete\n", name);
    return -1;
}

static mb_ent *mb_new(mb_st *st, const char *name) {
    mb_ent *e;
    st->e = (mb_ent *)realloc(st->e, (size_t)(st->n + 1) * sizeof *st->e);
    e = &st->e[st->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->noff = 2;
    return e;
}

static unsigned mb_rand(mb_st *st) {
    st->rng ^= st->rng << 13;
    st->rng ^= st->rng >> 17;
    st->rng ^= st->rng << 5;
    return st->rng;
}

static uint16_t mb_f16(float f) { /* f32 -> f16, round to nearest; small normal values only */
    uint32_t u, sign, man;
    int exp;
    memcpy(&u, &f, 4);
    sign = (u >> 16) & 0x8000u;
    exp = (int)((u >> 23) & 0xff) - 127 + 15;
    man = u & 0x7fffffu;
    if (exp <= 0) return (uint16_t)sign;
    if (exp >= 31) return (uint16_t)(sign | 0x7c00u);
    man = (man + 0x1000u) >> 13;
    if (man == 0x400u) { man = 0; exp++; }
    return (uint16_t)(sign | ((uint32_t)exp << 10) | man);
}

static uint16_t mb_bf16(float f) { /* f32 -> bf16, round to nearest even (finite values) */
    uint32_t u;
    memcpy(&u, &f, 4);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

static int mb_dsize(const char *dt) {
    if (!strcmp(dt, "F32") || !strcmp(dt, "U32") || !strcmp(dt, "I32")) return 4;
    if (!strcmp(dt, "F16") || !strcmp(dt, "BF16") || !strcmp(dt, "I16") || !strcmp(dt, "U16")) return 2;
    if (!strcmp(dt, "F64") || !strcmp(dt, "I64") || !strcmp(dt, "U64")) return 8;
    return 1;
}

/* append a tensor's data (random values around `center` of width `amp`, random bits for
   integer dtypes) and point `name` (created when missing) at it */
static mb_ent *mb_add(mb_st *st, const char *name, const char *dtype, int ndim, long long d0, long long d1, float center, float amp) {
    mb_ent *e = NULL;
    size_t cnt = (size_t)d0 * (size_t)(ndim > 1 ? d1 : 1), i, es = (size_t)mb_dsize(dtype), nb = cnt * es;
    int q;
    for (q = 0; q < st->n; q++)
        if (!strcmp(st->e[q].name, name)) e = &st->e[q];
    if (!e) e = mb_new(st, name);
    snprintf(e->dtype, sizeof e->dtype, "%s", dtype);
    e->ndim = ndim;
    e->shape[0] = d0;
    e->shape[1] = d1;
    e->noff = 2;
    e->raw = NULL;
    st->data = (unsigned char *)realloc(st->data, st->ndata + nb + 1);
    for (i = 0; i < cnt; i++) {
        unsigned char *p = st->data + st->ndata + i * es;
        float f = center + amp * ((float)(mb_rand(st) % 20001) / 10000.0f - 1.0f);
        uint32_t u;
        uint16_t h;
        if (!strcmp(dtype, "F32")) memcpy(&u, &f, 4);
        else if (!strcmp(dtype, "F16")) u = mb_f16(f);
        else if (!strcmp(dtype, "BF16")) u = mb_bf16(f);
        else u = mb_rand(st);
        if (es == 4) { p[0] = (unsigned char)u; p[1] = (unsigned char)(u >> 8); p[2] = (unsigned char)(u >> 16); p[3] = (unsigned char)(u >> 24); }
        else if (es == 2) { h = (uint16_t)u; p[0] = (unsigned char)h; p[1] = (unsigned char)(h >> 8); }
        else memset(p, (int)(u & 0xff), es);
    }
    e->off[0] = (long long)st->ndata;
    e->off[1] = (long long)(st->ndata + nb);
    st->ndata += nb;
    return e;
}

/* MLX affine-quantized linear `mod` [rows x cols], appended */
static void mb_add_q(mb_st *st, const char *mod, int rows, int cols, int bits, int group, const char *sdt) {
    char nm[256];
    snprintf(nm, sizeof nm, "%s.weight", mod);
    mb_add(st, nm, "U32", 2, rows, (long long)cols * bits / 32, 0, 0);
    snprintf(nm, sizeof nm, "%s.scales", mod);
    mb_add(st, nm, sdt, 2, rows, cols / group, 0.02f, 0.01f);
    snprintf(nm, sizeof nm, "%s.biases", mod);
    mb_add(st, nm, sdt, 2, rows, cols / group, -0.05f, 0.02f);
}

static void mb_ent_json(mb_buf *b, const mb_ent *e) {
    int d;
    mb_puts(b, "\"");
    mb_puts(b, e->name);
    mb_puts(b, "\":");
    if (e->raw) { mb_puts(b, e->raw); return; }
    mb_puts(b, "{");
    if (e->dtype[0]) mb_printf(b, "\"dtype\":\"%s\",", e->dtype);
    if (e->ndim >= 0) {
        mb_puts(b, "\"shape\":[");
        for (d = 0; d < e->ndim; d++) mb_printf(b, "%s%lld", d ? "," : "", e->shape[d]);
        mb_puts(b, "],");
    }
    if (e->noff >= 0) {
        mb_puts(b, "\"data_offsets\":[");
        for (d = 0; d < e->noff; d++) mb_printf(b, "%s%lld", d ? "," : "", e->off[d]);
        mb_puts(b, "]");
    }
    if (b->p[b->n - 1] == ',') b->n--;
    mb_puts(b, "}");
}

static void mb_header(const mb_st *st, mb_buf *b) {
    int i;
    mb_puts(b, "{");
    if (st->meta[0]) { mb_puts(b, "\"__metadata__\":"); mb_puts(b, st->meta); }
    for (i = 0; i < st->n; i++) {
        if (i || st->meta[0]) mb_puts(b, ",");
        mb_ent_json(b, &st->e[i]);
    }
    mb_puts(b, "}");
}

/* write header length `hlen` (or the real one when hlen is -1), the header text and the data */
static int mb_save_raw(const char *path, const char *hdr, size_t nh, long long hlen, const unsigned char *data, size_t nd) {
    unsigned char *buf = (unsigned char *)malloc(8 + nh + 1);
    unsigned long long L = hlen < 0 ? (unsigned long long)nh : (unsigned long long)hlen;
    int i, r;
    for (i = 0; i < 8; i++) buf[i] = (unsigned char)(L >> (8 * i));
    memcpy(buf + 8, hdr, nh);
    r = mb_write(path, buf, 8 + nh, data, nd);
    free(buf);
    return r;
}

static int mb_st_save(const mb_st *st, const char *path) {
    mb_buf b = {0, 0, 0};
    int r;
    mb_header(st, &b);
    if (st->page_end)
        while ((8 + b.n + st->ndata) % 4096) mb_puts(&b, " ");
    r = mb_save_raw(path, b.p, b.n, -1, st->data, st->ndata);
    free(b.p);
    return r;
}

/* ---------------------------------------------------------------- case scaffolding */

static const char *mb_fx = "tests/fixtures";

/* a fresh copy of fixture model `model` in dir: config.json copied, weights loaded into st (single
   file models) or linked (sharded ones) */
static int mb_base(const char *model, const char *dir, mb_st *st) {
    char src[4096], dst[4096], mdir[4096];
    const char *files[] = {"config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors",
                           "model-00002-of-00002.safetensors", "tokenizer.json", "tokenizer_config.json",
                           "generation_config.json"};
    int i;
    mb_rmdir(dir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) return -1;
    snprintf(mdir, sizeof mdir, "%s/models/%s", mb_fx, model);
    for (i = 0; i < (int)(sizeof files / sizeof files[0]); i++) {
        mb_path(src, sizeof src, mdir, files[i]);
        mb_path(dst, sizeof dst, dir, files[i]);
        if (access(src, R_OK) != 0) continue;
        if (i <= 1 || i == 5) { if (mb_copy(src, dst)) return -1; }
        else if (mb_link(src, dst)) return -1;
    }
    if (st) {
        mb_path(src, sizeof src, mdir, "model.safetensors");
        if (mb_st_load(st, src)) { fprintf(stderr, "mkbad: cannot read %s\n", src); return -1; }
    }
    return 0;
}

/* write st as dir/model.safetensors and free it */
static int mb_done(mb_st *st, const char *dir) {
    char p[4096];
    int r;
    mb_path(p, sizeof p, dir, "model.safetensors");
    r = mb_st_save(st, p);
    mb_st_free(st);
    return r;
}

/* load one shard of the sharded fixture into st (file 1 or 2) */
static int mb_shard(const char *dir, int which, mb_st *st) {
    char src[4096];
    (void)dir;
    snprintf(src, sizeof src, "%s/models/qwen2-tiny-f32-sharded/model-0000%d-of-00002.safetensors", mb_fx, which);
    return mb_st_load(st, src);
}
static int mb_shard_done(mb_st *st, const char *dir, int which) {
    char p[4096], nm[64];
    int r;
    snprintf(nm, sizeof nm, "model-0000%d-of-00002.safetensors", which);
    mb_path(p, sizeof p, dir, nm);
    r = mb_st_save(st, p);
    mb_st_free(st);
    return r;
}

static int mb_index_edit(const char *dir, const char *old, const char *repl) {
    char p[4096];
    mb_path(p, sizeof p, dir, "model.safetensors.index.json");
    return mb_edit(p, old, repl);
}

/* raw model.safetensors of the tiny MLX fixture, cut or patched at byte level */
static int mb_raw_file(const char *dir, size_t keep, int patch_len, unsigned long long hlen) {
    char src[4096], dst[4096];
    unsigned char *p;
    size_t n;
    int i, r;
    if (mb_base("qwen2-tiny-mlx4", dir, NULL)) return -1;
    snprintf(src, sizeof src, "%s/models/qwen2-tiny-mlx4/model.safetensors", mb_fx);
    if (mb_read(src, &p, &n)) return -1;
    if (keep == (size_t)-2) keep = 8 + (size_t)tl__ld64(p) / 2;  /* half the header */
    if (keep == (size_t)-3) keep = n - 100;                        /* data cut short */
    if (keep > n) keep = n;
    if (patch_len) {
        if (hlen == (unsigned long long)-2) hlen = n + 1;               /* just past the file */
        if (hlen == (unsigned long long)-3) hlen = tl__ld64(p) - 10;    /* cuts the JSON */
        for (i = 0; i < 8; i++) p[i] = (unsigned char)(hlen >> (8 * i));
    }
    mb_path(dst, sizeof dst, dir, "model.safetensors");
    r = mb_write(dst, p, keep, NULL, 0);
    free(p);
    return r;
}

/* a model.safetensors whose header is the given text (data: the fixture's data section) */
static int mb_raw_header(const char *dir, const char *hdr) {
    mb_st st;
    char p[4096];
    int r;
    if (mb_base("qwen2-tiny-mlx4", dir, &st)) return -1;
    mb_path(p, sizeof p, dir, "model.safetensors");
    r = mb_save_raw(p, hdr, strlen(hdr), -1, st.data, st.ndata);
    mb_st_free(&st);
    return r;
}

#define T_MLX "qwen2-tiny-mlx4"
#define T_SH "qwen2-tiny-f32-sharded"
#define L0 "model.layers.0."
#define L1 "model.layers.1."

/* ---------------------------------------------------------------- synthetic models
   Small odd-sized models (dims that are not multiples of the SIMD widths, every quantized bit
   width, group sizes down to 4) with random weights; the file ends on a page boundary, so a
   kernel reading past the last tensor faults. They must load and run. */
typedef struct mb_syn {
    int qwen3, D, I, L, H, KV, HD, V, tied, bits, group;
    const char *wdt;      /* float weight dtype, or the scales dtype when bits > 0 */
} mb_syn;

static int mb_synth(const char *dir, const mb_syn *s) {
    mb_st st;
    mb_buf c = {0, 0, 0};
    char p[4096], mod[200], nm[256];
    int l, q, qd = s->H * s->HD, kvd = s->KV * s->HD;
    const char *vdt = s->wdt; /* norms and biases: the float dtype of the checkpoint */
    mb_rmdir(dir);
    if (mkdir(dir, 0755) != 0) return -1;
    memset(&st, 0, sizeof st);
    st.rng = 777u + (unsigned)s->D * 31u + (unsigned)s->bits;
    st.page_end = 1;
    snprintf(st.meta, sizeof st.meta, "{\"format\":\"%s\"}", s->bits ? "mlx" : "pt");
    mb_printf(&c, "{\n  \"model_type\": \"%s\",\n  \"hidden_size\": %d,\n  \"intermediate_size\": %d,\n", s->qwen3 ? "qwen3" : "qwen2", s->D, s->I);
    mb_printf(&c, "  \"num_hidden_layers\": %d,\n  \"num_attention_heads\": %d,\n  \"num_key_value_heads\": %d,\n", s->L, s->H, s->KV);
    mb_printf(&c, "  \"head_dim\": %d,\n  \"vocab_size\": %d,\n  \"max_position_embeddings\": 64,\n  \"rope_theta\": 10000.0,\n", s->HD, s->V);
    mb_printf(&c, "  \"rms_norm_eps\": 1e-6,\n  \"eos_token_id\": %d,\n  \"tie_word_embeddings\": %s", s->V - 1, s->tied ? "true" : "false");
    if (s->bits) mb_printf(&c, ",\n  \"quantization\": {\"group_size\": %d, \"bits\": %d}", s->group, s->bits);
    mb_puts(&c, "\n}\n");
    mb_path(p, sizeof p, dir, "config.json");
    if (mb_write(p, c.p, c.n, NULL, 0)) return -1;
    free(c.p);
#define MB_LIN(name, rows, cols) \
    do { if (s->bits) mb_add_q(&st, name, rows, cols, s->bits, s->group, s->wdt); \
         else { snprintf(nm, sizeof nm, "%s.weight", name); mb_add(&st, nm, s->wdt, 2, rows, cols, 0, 0.3f); } } while (0)
    MB_LIN("model.embed_tokens", s->V, s->D);
    for (l = 0; l < s->L; l++) {
        static const char *const sfx[7] = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
        for (q = 0; q < 7; q++) {
            int rows = q == 0 ? qd : q < 3 ? kvd : q == 3 ? s->D : q < 6 ? s->I : s->D;
            int cols = q == 3 ? qd : q == 6 ? s->I : s->D;
            snprintf(mod, sizeof mod, "model.layers.%d.%s", l, sfx[q]);
            MB_LIN(mod, rows, cols);
        }
        snprintf(nm, sizeof nm, "model.layers.%d.input_layernorm.weight", l);
        mb_add(&st, nm, vdt, 1, s->D, 0, 1.0f, 0.2f);
        snprintf(nm, sizeof nm, "model.layers.%d.post_attention_layernorm.weight", l);
        mb_add(&st, nm, vdt, 1, s->D, 0, 1.0f, 0.2f);
        if (!s->qwen3) {
            snprintf(nm, sizeof nm, "model.layers.%d.self_attn.q_proj.bias", l); mb_add(&st, nm, vdt, 1, qd, 0, 0, 0.1f);
            snprintf(nm, sizeof nm, "model.layers.%d.self_attn.k_proj.bias", l); mb_add(&st, nm, vdt, 1, kvd, 0, 0, 0.1f);
            snprintf(nm, sizeof nm, "model.layers.%d.self_attn.v_proj.bias", l); mb_add(&st, nm, vdt, 1, kvd, 0, 0, 0.1f);
        } else {
            snprintf(nm, sizeof nm, "model.layers.%d.self_attn.q_norm.weight", l); mb_add(&st, nm, vdt, 1, s->HD, 0, 1.0f, 0.2f);
            snprintf(nm, sizeof nm, "model.layers.%d.self_attn.k_norm.weight", l); mb_add(&st, nm, vdt, 1, s->HD, 0, 1.0f, 0.2f);
        }
    }
    mb_add(&st, "model.norm.weight", vdt, 1, s->D, 0, 1.0f, 0.2f);
    if (!s->tied) MB_LIN("lm_head", s->V, s->D);
#undef MB_LIN
    return mb_done(&st, dir);
}

/* ---------------------------------------------------------------- the cases */

typedef struct mb_case {
    const char *name;
    int (*make)(const char *dir);
    int expect;           /* 0: must load and run; else the TL_ERR_* of tl_model_load */
    const char *msg1, *msg2; /* the error message must contain both (NULL: no check) */
    const char *what;
} mb_case;

/* every case is a function making `dir` */
#define MB_CASE(fn) static int fn(const char *dir)

/* --- whole-file damage */
MB_CASE(mk_no_weights) { return mb_base(T_MLX, dir, NULL); }
MB_CASE(mk_empty_file) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors"); return mb_write(p, "", 0, NULL, 0); }
MB_CASE(mk_5_bytes) { return mb_raw_file(dir, 5, 0, 0); }
MB_CASE(mk_trunc_header) { return mb_raw_file(dir, (size_t)-2, 0, 0); }
MB_CASE(mk_trunc_data) { return mb_raw_file(dir, (size_t)-3, 0, 0); }
MB_CASE(mk_hlen_zero) { return mb_raw_file(dir, (size_t)-1, 1, 0); }
MB_CASE(mk_hlen_huge) { return mb_raw_file(dir, (size_t)-1, 1, ~0ULL); }
MB_CASE(mk_hlen_2g) { return mb_raw_file(dir, (size_t)-1, 1, 1ULL << 31); }
MB_CASE(mk_hlen_past_file) { return mb_raw_file(dir, (size_t)-1, 1, (unsigned long long)-2); }
MB_CASE(mk_hlen_short) { return mb_raw_file(dir, (size_t)-1, 1, (unsigned long long)-3); }
MB_CASE(mk_weights_dir) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors"); return mkdir(p, 0755); }

/* --- header JSON */
MB_CASE(mk_json_syntax) { return mb_raw_header(dir, "{\"model.norm.weight\";{\"dtype\":\"F16\",\"shape\":[448],\"data_offsets\":[0,896]}}"); }
MB_CASE(mk_json_not_object) { return mb_raw_header(dir, "[1,2,3]"); }
MB_CASE(mk_json_garbage) { return mb_raw_header(dir, "\x89PNG\r\n\x1a\n not json at all"); }
MB_CASE(mk_json_ctrl) { return mb_raw_header(dir, "{\"model.norm\x01.weight\":{\"dtype\":\"F16\",\"shape\":[448],\"data_offsets\":[0,896]}}"); }
MB_CASE(mk_json_bad_escape) { return mb_raw_header(dir, "{\"model.norm.weight\\q\":{\"dtype\":\"F16\",\"shape\":[448],\"data_offsets\":[0,896]}}"); }
MB_CASE(mk_json_unterminated) { return mb_raw_header(dir, "{\"model.norm.weight\":{\"dtype\":\"F16\\"); }
MB_CASE(mk_json_deep) {
    mb_buf b = {0, 0, 0};
    int i, r;
    mb_puts(&b, "{\"__metadata__\":");
    for (i = 0; i < 100000; i++) mb_puts(&b, "[");
    for (i = 0; i < 100000; i++) mb_puts(&b, "]");
    mb_puts(&b, "}");
    r = mb_raw_header(dir, b.p);
    free(b.p);
    return r;
}
MB_CASE(mk_json_trailing) { return mb_raw_header(dir, "{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}} x"); }
MB_CASE(mk_entry_not_object) { return mb_raw_header(dir, "{\"model.norm.weight\":5}"); }

/* --- tensor entries */
#define MB_EDIT_BEGIN mb_st st; mb_ent *e; if (mb_base(T_MLX, dir, &st)) return -1; (void)e;
#define MB_EDIT_END return mb_done(&st, dir);
MB_CASE(mk_no_dtype) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->dtype[0] = 0; MB_EDIT_END }
MB_CASE(mk_no_shape) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->ndim = -1; MB_EDIT_END }
MB_CASE(mk_no_offsets) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->noff = -1; MB_EDIT_END }
MB_CASE(mk_three_offsets) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->noff = 3; e->off[2] = e->off[1]; MB_EDIT_END }
MB_CASE(mk_dtype_not_string) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->raw = "{\"dtype\":16,\"shape\":[448],\"data_offsets\":[0,896]}"; MB_EDIT_END }
MB_CASE(mk_shape_not_array) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->raw = "{\"dtype\":\"F16\",\"shape\":448,\"data_offsets\":[0,896]}"; MB_EDIT_END }
MB_CASE(mk_off_outside) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->off[0] = (long long)st.ndata; e->off[1] = (long long)st.ndata + 896; MB_EDIT_END }
MB_CASE(mk_off_reversed) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; { long long t = e->off[0]; e->off[0] = e->off[1]; e->off[1] = t; } MB_EDIT_END }
MB_CASE(mk_off_negative) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->off[0] = -896; e->off[1] = 0; MB_EDIT_END }
MB_CASE(mk_off_float) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->raw = "{\"dtype\":\"F16\",\"shape\":[448],\"data_offsets\":[0.5,896.5]}"; MB_EDIT_END }
MB_CASE(mk_off_huge) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->raw = "{\"dtype\":\"F16\",\"shape\":[448],\"data_offsets\":[18446744073709550720,18446744073709551616]}"; MB_EDIT_END }
MB_CASE(mk_overlap_same) {
    mb_ent *a;
    MB_EDIT_BEGIN
    if (!(e = mb_get(&st, "model.norm.weight")) || !(a = mb_get(&st, L0 "input_layernorm.weight"))) return -1;
    e->off[0] = a->off[0]; e->off[1] = a->off[1];
    MB_EDIT_END
}
MB_CASE(mk_overlap_partial) {
    mb_ent *a;
    MB_EDIT_BEGIN
    if (!(e = mb_get(&st, "model.norm.weight")) || !(a = mb_get(&st, L0 "input_layernorm.weight"))) return -1;
    e->off[0] = a->off[0] + 2; e->off[1] = a->off[1] + 2;
    MB_EDIT_END
}
MB_CASE(mk_overlap_big) { /* the embedding's range covers a norm */
    mb_ent *a;
    MB_EDIT_BEGIN
    if (!(e = mb_get(&st, "model.norm.weight")) || !(a = mb_get(&st, "model.embed_tokens.weight"))) return -1;
    e->off[0] = a->off[0] + 1000; e->off[1] = a->off[0] + 1896;
    MB_EDIT_END
}
MB_CASE(mk_overlap_past_empty) { /* an empty tensor between two overlapping ones must not hide them */
    mb_ent *a;
    long long a0;
    MB_EDIT_BEGIN
    if (!(a = mb_get(&st, L0 "input_layernorm.weight"))) return -1;
    a0 = a->off[0];
    e = mb_new(&st, "junk.empty");
    snprintf(e->dtype, sizeof e->dtype, "F16");
    e->ndim = 1; e->shape[0] = 0; e->off[0] = e->off[1] = a0 + 2;
    if (!(e = mb_get(&st, "model.norm.weight"))) return -1;
    e->off[0] = a0 + 4; e->off[1] = a0 + 4 + 896;
    MB_EDIT_END
}
MB_CASE(mk_duplicate_name) { /* a second "model.norm.weight" with its own bytes */
    MB_EDIT_BEGIN
    e = mb_add(&st, "y", "F16", 1, 448, 0, 1, 0);
    snprintf(e->name, sizeof e->name, "%s", "model.norm.weight");
    MB_EDIT_END
}
MB_CASE(mk_shape_overflow) { MB_EDIT_BEGIN e = mb_new(&st, "junk"); snprintf(e->dtype, sizeof e->dtype, "U8"); e->ndim = 3; e->shape[0] = e->shape[1] = e->shape[2] = 1LL << 40; e->off[0] = e->off[1] = 0; MB_EDIT_END }
MB_CASE(mk_shape_overflow_dtype) { MB_EDIT_BEGIN e = mb_new(&st, "junk"); snprintf(e->dtype, sizeof e->dtype, "F64"); e->ndim = 2; e->shape[0] = 1LL << 31; e->shape[1] = 1LL << 31; e->off[0] = e->off[1] = 0; MB_EDIT_END }
MB_CASE(mk_shape_huge_dim) { MB_EDIT_BEGIN e = mb_new(&st, "junk"); snprintf(e->dtype, sizeof e->dtype, "U8"); e->ndim = 1; e->shape[0] = 1LL << 50; e->off[0] = e->off[1] = 0; MB_EDIT_END }
MB_CASE(mk_shape_1e999) { MB_EDIT_BEGIN e = mb_new(&st, "junk"); e->raw = "{\"dtype\":\"U8\",\"shape\":[1e999],\"data_offsets\":[0,0]}"; MB_EDIT_END }
MB_CASE(mk_shape_negative) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->ndim = 2; e->shape[0] = -1; e->shape[1] = -448; MB_EDIT_END }
MB_CASE(mk_shape_9dims) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; { int d; e->ndim = 9; e->shape[0] = 448; for (d = 1; d < 9; d++) e->shape[d] = 1; } MB_EDIT_END }
MB_CASE(mk_bytes_mismatch) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->shape[0] = 449; MB_EDIT_END }
MB_CASE(mk_bytes_mismatch_dtype) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; snprintf(e->dtype, sizeof e->dtype, "F32"); MB_EDIT_END }
/* --- weights that parse but do not fit the model */
MB_CASE(mk_unknown_dtype_used) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; snprintf(e->dtype, sizeof e->dtype, "F8_E4M3"); MB_EDIT_END }
MB_CASE(mk_norm_dtype_int) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; snprintf(e->dtype, sizeof e->dtype, "I16"); MB_EDIT_END }
MB_CASE(mk_norm_shape) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.norm.weight"))) return -1; e->ndim = 2; e->shape[0] = 224; e->shape[1] = 2; MB_EDIT_END }
MB_CASE(mk_norm_short) { MB_EDIT_BEGIN mb_add(&st, "model.norm.weight", "F16", 1, 447, 0, 1, 0); MB_EDIT_END }
MB_CASE(mk_weight_dtype) { MB_EDIT_BEGIN if (!(e = mb_get(&st, L0 "self_attn.q_proj.weight"))) return -1; snprintf(e->dtype, sizeof e->dtype, "I32"); MB_EDIT_END }
MB_CASE(mk_weight_transposed) { MB_EDIT_BEGIN if (!(e = mb_get(&st, L0 "self_attn.q_proj.weight"))) return -1; e->shape[0] = 56; e->shape[1] = 448; MB_EDIT_END }
MB_CASE(mk_weight_1d) { MB_EDIT_BEGIN if (!(e = mb_get(&st, L0 "self_attn.q_proj.weight"))) return -1; e->ndim = 1; e->shape[0] = 448 * 56; MB_EDIT_END }
MB_CASE(mk_missing_weight) { MB_EDIT_BEGIN if (mb_del(&st, L1 "mlp.down_proj.weight")) return -1; MB_EDIT_END }
MB_CASE(mk_missing_scales) { MB_EDIT_BEGIN if (mb_del(&st, L1 "mlp.down_proj.scales")) return -1; MB_EDIT_END }
MB_CASE(mk_missing_biases) { MB_EDIT_BEGIN if (mb_del(&st, L1 "mlp.down_proj.biases")) return -1; MB_EDIT_END }
MB_CASE(mk_missing_norm) { MB_EDIT_BEGIN if (mb_del(&st, "model.norm.weight")) return -1; MB_EDIT_END }
MB_CASE(mk_missing_bias) { MB_EDIT_BEGIN if (mb_del(&st, L1 "self_attn.k_proj.bias")) return -1; MB_EDIT_END }
MB_CASE(mk_missing_embed) { MB_EDIT_BEGIN if (mb_del(&st, "model.embed_tokens.weight")) return -1; MB_EDIT_END }
MB_CASE(mk_no_tensors) { MB_EDIT_BEGIN st.n = 0; MB_EDIT_END }
MB_CASE(mk_scales_dtype_differ) { MB_EDIT_BEGIN if (!(e = mb_get(&st, L0 "self_attn.q_proj.biases"))) return -1; snprintf(e->dtype, sizeof e->dtype, "BF16"); MB_EDIT_END }
MB_CASE(mk_scales_dtype_int) {
    MB_EDIT_BEGIN
    if (!(e = mb_get(&st, L0 "self_attn.q_proj.biases"))) return -1;
    snprintf(e->dtype, sizeof e->dtype, "U16");
    if (!(e = mb_get(&st, L0 "self_attn.q_proj.scales"))) return -1;
    snprintf(e->dtype, sizeof e->dtype, "U16");
    MB_EDIT_END
}
MB_CASE(mk_scales_rows) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.scales", "F16", 2, 447, 7, 0.02f, 0); mb_add(&st, L0 "self_attn.q_proj.biases", "F16", 2, 447, 7, 0, 0); MB_EDIT_END }
MB_CASE(mk_biases_shape) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.biases", "F16", 2, 448, 14, 0, 0); MB_EDIT_END }
MB_CASE(mk_group_not_dividing) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.scales", "F16", 2, 448, 9, 0.02f, 0); mb_add(&st, L0 "self_attn.q_proj.biases", "F16", 2, 448, 9, 0, 0); MB_EDIT_END }
MB_CASE(mk_group_vs_config) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.scales", "F16", 2, 448, 14, 0.02f, 0); mb_add(&st, L0 "self_attn.q_proj.biases", "F16", 2, 448, 14, 0, 0); MB_EDIT_END }
MB_CASE(mk_bits_7) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.weight", "U32", 2, 448, 98, 0, 0); MB_EDIT_END }
MB_CASE(mk_bits_1) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.weight", "U32", 2, 448, 14, 0, 0); MB_EDIT_END }
MB_CASE(mk_bits_16) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.weight", "U32", 2, 448, 224, 0, 0); MB_EDIT_END }
MB_CASE(mk_bits_64) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.weight", "U32", 2, 448, 896, 0, 0); MB_EDIT_END }
MB_CASE(mk_words_mismatch) { MB_EDIT_BEGIN mb_add(&st, L0 "self_attn.q_proj.weight", "U32", 2, 448, 57, 0, 0); MB_EDIT_END }
MB_CASE(mk_words_zero) { MB_EDIT_BEGIN if (!(e = mb_get(&st, L0 "self_attn.q_proj.weight"))) return -1; e->shape[1] = 0; e->off[1] = e->off[0]; MB_EDIT_END }
MB_CASE(mk_embed_rows_zero) { MB_EDIT_BEGIN if (!(e = mb_get(&st, "model.embed_tokens.weight"))) return -1; e->shape[0] = 0; e->off[1] = e->off[0]; MB_EDIT_END }
MB_CASE(mk_weight_f64) { MB_EDIT_BEGIN if (mb_del(&st, L0 "mlp.up_proj.scales") || mb_del(&st, L0 "mlp.up_proj.biases")) return -1; mb_add(&st, L0 "mlp.up_proj.weight", "F64", 2, 512, 448, 0, 0.1f); MB_EDIT_END }

/* --- config.json */
#define MB_CFG(fn, key, val) MB_CASE(fn) { if (mb_base(T_MLX, dir, NULL)) return -1; { char src[4096], dst[4096]; snprintf(src, sizeof src, "%s/models/" T_MLX "/model.safetensors", mb_fx); mb_path(dst, sizeof dst, dir, "model.safetensors"); if (mb_link(src, dst)) return -1; } return mb_cfg(dir, key, val); }
MB_CFG(mk_cfg_hidden_zero, "hidden_size", "0")
MB_CFG(mk_cfg_hidden_negative, "hidden_size", "-448")
MB_CFG(mk_cfg_hidden_huge, "hidden_size", "4294967744")
MB_CFG(mk_cfg_hidden_1e999, "hidden_size", "1e999")
MB_CFG(mk_cfg_hidden_fraction, "hidden_size", "448.5")
MB_CFG(mk_cfg_hidden_string, "hidden_size", "\"448\"")
MB_CFG(mk_cfg_hidden_missing, "hidden_size", NULL)
MB_CFG(mk_cfg_layers_negative, "num_hidden_layers", "-2")
MB_CFG(mk_cfg_layers_more, "num_hidden_layers", "3")
MB_CFG(mk_cfg_inter_wrong, "intermediate_size", "256")
MB_CFG(mk_cfg_vocab_huge, "vocab_size", "100000000000")
MB_CFG(mk_cfg_vocab_bigger, "vocab_size", "2048")
MB_CFG(mk_cfg_vocab_smaller, "vocab_size", "1000")
MB_CFG(mk_cfg_heads_zero, "num_attention_heads", "0")
MB_CFG(mk_cfg_heads_not_dividing, "num_attention_heads", "5")
MB_CFG(mk_cfg_kv_not_dividing, "num_key_value_heads", "3")
MB_CFG(mk_cfg_kv_more, "num_key_value_heads", "14")
MB_CFG(mk_cfg_head_dim_odd, "head_dim", "63")
MB_CFG(mk_cfg_head_dim_wrong, "head_dim", "32")
MB_CFG(mk_cfg_max_pos_zero, "max_position_embeddings", "0")
MB_CFG(mk_cfg_rope_inf, "rope_theta", "1e999")
MB_CFG(mk_cfg_rope_negative, "rope_theta", "-5")
MB_CFG(mk_cfg_eps_negative, "rms_norm_eps", "-1e-6")
MB_CFG(mk_cfg_eps_string, "rms_norm_eps", "\"tiny\"")
MB_CFG(mk_cfg_bits_7, "quantization", "{\"group_size\": 64, \"bits\": 7}")
MB_CFG(mk_cfg_bits_40, "quantization", "{\"group_size\": 64, \"bits\": 40}")
MB_CFG(mk_cfg_group_zero, "quantization", "{\"group_size\": 0, \"bits\": 4}")
MB_CFG(mk_cfg_group_48, "quantization", "{\"group_size\": 48, \"bits\": 4}")
MB_CFG(mk_cfg_module_float, "quantization", "{\"group_size\": 64, \"bits\": 4, \"model.layers.0.mlp.down_proj\": false}")
MB_CFG(mk_cfg_module_bits, "quantization", "{\"group_size\": 64, \"bits\": 4, \"model.layers.1.mlp.up_proj\": {\"group_size\": 64, \"bits\": 8}}")
MB_CFG(mk_cfg_untied, "tie_word_embeddings", "false")
MB_CFG(mk_cfg_llama, "model_type", "\"llama\"")
MB_CFG(mk_cfg_no_model_type, "model_type", NULL)
MB_CFG(mk_cfg_qwen3_on_qwen2, "model_type", "\"qwen3\"")
MB_CFG(mk_cfg_huge_sizes, "hidden_size", "1048576,\n  \"intermediate_size\": 1048576,\n  \"num_hidden_layers\": 1024,\n  \"num_attention_heads\": 1024,\n  \"num_key_value_heads\": 1024,\n  \"vocab_size\": 16777216,\n  \"x_hidden\": 0")
MB_CASE(mk_cfg_missing) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "config.json"); unlink(p); return 0; }
MB_CASE(mk_cfg_empty) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "config.json"); return mb_edit(p, NULL, ""); }
MB_CASE(mk_cfg_syntax) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "config.json"); return mb_edit(p, "\"hidden_size\": 448,", "\"hidden_size\" 448,"); }
MB_CASE(mk_cfg_array) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "config.json"); return mb_edit(p, NULL, "[{\"model_type\": \"qwen2\"}]"); }
MB_CASE(mk_cfg_is_dir) { char p[4096]; if (mb_base(T_MLX, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "config.json"); unlink(p); return mkdir(p, 0755); }
MB_CASE(mk_sh_index_is_dir) { char p[4096]; if (mb_base(T_SH, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors.index.json"); unlink(p); return mkdir(p, 0755); }
MB_CASE(mk_cfg_truncated) {
    char p[4096];
    unsigned char *t;
    size_t n;
    int r;
    if (mb_base(T_MLX, dir, NULL)) return -1;
    mb_path(p, sizeof p, dir, "config.json");
    if (mb_read(p, &t, &n)) return -1;
    r = mb_write(p, t, n / 2, NULL, 0);
    free(t);
    return r;
}

/* --- sharded checkpoints */
MB_CASE(mk_sh_missing_shard) { char p[4096]; if (mb_base(T_SH, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model-00002-of-00002.safetensors"); return unlink(p); }
MB_CASE(mk_sh_wrong_shard) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"model-00001-of-00002.safetensors\""); }
MB_CASE(mk_sh_unknown_tensor) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"weight_map\": {", "\"weight_map\": {\n    \"model.extra.weight\": \"model-00001-of-00002.safetensors\","); }
MB_CASE(mk_sh_unknown_shard) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"model-00003-of-00002.safetensors\""); }
MB_CASE(mk_sh_empty_map) { char p[4096]; if (mb_base(T_SH, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors.index.json"); return mb_edit(p, NULL, "{\"metadata\": {}, \"weight_map\": {}}"); }
MB_CASE(mk_sh_no_map) { char p[4096]; if (mb_base(T_SH, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors.index.json"); return mb_edit(p, NULL, "{\"metadata\": {\"total_size\": 9188352}}"); }
MB_CASE(mk_sh_map_array) { char p[4096]; if (mb_base(T_SH, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors.index.json"); return mb_edit(p, NULL, "{\"weight_map\": [\"model-00001-of-00002.safetensors\"]}"); }
MB_CASE(mk_sh_value_number) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": 2"); }
MB_CASE(mk_sh_index_syntax) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"weight_map\": {", "\"weight_map\" {"); }
MB_CASE(mk_sh_index_empty) { char p[4096]; if (mb_base(T_SH, dir, NULL)) return -1; mb_path(p, sizeof p, dir, "model.safetensors.index.json"); return mb_edit(p, NULL, ""); }
MB_CASE(mk_sh_dotdot) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"../qwen2-tiny-mlx4/model.safetensors\""); }
MB_CASE(mk_sh_dotdot_only) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"..\""); }
MB_CASE(mk_sh_slash) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"sub/model-00002-of-00002.safetensors\""); }
MB_CASE(mk_sh_absolute) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"/etc/passwd\""); }
MB_CASE(mk_sh_escaped_slash) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"..\\/x.safetensors\""); }
MB_CASE(mk_sh_65_shards) {
    mb_buf b = {0, 0, 0};
    char p[4096];
    int i, r;
    if (mb_base(T_SH, dir, NULL)) return -1;
    mb_puts(&b, "{\"weight_map\": {");
    for (i = 0; i < 65; i++) mb_printf(&b, "%s\"t%d\": \"s%d.safetensors\"", i ? ", " : "", i, i);
    mb_puts(&b, "}}");
    mb_path(p, sizeof p, dir, "model.safetensors.index.json");
    r = mb_edit(p, NULL, b.p);
    free(b.p);
    return r;
}
MB_CASE(mk_sh_trunc_shard) {
    char src[4096], dst[4096];
    unsigned char *p;
    size_t n;
    int r;
    if (mb_base(T_SH, dir, NULL)) return -1;
    snprintf(src, sizeof src, "%s/models/" T_SH "/model-00002-of-00002.safetensors", mb_fx);
    if (mb_read(src, &p, &n)) return -1;
    mb_path(dst, sizeof dst, dir, "model-00002-of-00002.safetensors");
    r = mb_write(dst, p, n - 4096, NULL, 0);
    free(p);
    return r;
}
MB_CASE(mk_sh_dup_across) { /* a tensor of shard 1 also named in shard 2 */
    mb_st st;
    if (mb_base(T_SH, dir, NULL) || mb_shard(dir, 2, &st)) return -1;
    mb_add(&st, "model.layers.0.input_layernorm.weight", "F32", 1, 256, 0, 1, 0);
    return mb_shard_done(&st, dir, 2);
}
MB_CASE(mk_sh_dtype) { mb_st st; mb_ent *e; if (mb_base(T_SH, dir, NULL) || mb_shard(dir, 1, &st)) return -1; if (!(e = mb_get(&st, L0 "mlp.up_proj.weight"))) return -1; snprintf(e->dtype, sizeof e->dtype, "I32"); return mb_shard_done(&st, dir, 1); }
MB_CASE(mk_sh_transposed) { mb_st st; mb_ent *e; if (mb_base(T_SH, dir, NULL) || mb_shard(dir, 1, &st)) return -1; if (!(e = mb_get(&st, L0 "mlp.up_proj.weight"))) return -1; e->shape[0] = 256; e->shape[1] = 512; return mb_shard_done(&st, dir, 1); }
MB_CASE(mk_sh_missing_lm_head) {
    mb_st st;
    if (mb_base(T_SH, dir, NULL) || mb_shard(dir, 2, &st)) return -1;
    if (mb_del(&st, "lm_head.weight")) return -1;
    if (mb_shard_done(&st, dir, 2)) return -1;
    return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\",", "");
}
MB_CASE(mk_sh_shard_is_index) { if (mb_base(T_SH, dir, NULL)) return -1; return mb_index_edit(dir, "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"", "\"lm_head.weight\": \"config.json\""); }

/* --- valid files that must load (and run) */
MB_CASE(ok_copy) { MB_EDIT_BEGIN MB_EDIT_END }
MB_CASE(ok_reversed_order) { /* header order unrelated to data order: valid safetensors */
    int i;
    MB_EDIT_BEGIN
    for (i = 0; i < st.n / 2; i++) { mb_ent t = st.e[i]; st.e[i] = st.e[st.n - 1 - i]; st.e[st.n - 1 - i] = t; }
    MB_EDIT_END
}
MB_CASE(ok_moved_and_gap) { /* a tensor moved to the end: a gap is left, data order != header order */
    MB_EDIT_BEGIN
    mb_add(&st, "model.norm.weight", "F16", 1, 448, 0, 1, 0.1f);
    MB_EDIT_END
}
MB_CASE(ok_unknown_dtype_unused) { MB_EDIT_BEGIN e = mb_new(&st, "extra.fp8"); snprintf(e->dtype, sizeof e->dtype, "F8_E4M3"); e->ndim = 1; e->shape[0] = 3; e->off[0] = e->off[1] = 0; MB_EDIT_END }
MB_CASE(ok_empty_tensor) { MB_EDIT_BEGIN e = mb_new(&st, "extra.empty"); snprintf(e->dtype, sizeof e->dtype, "F32"); e->ndim = 2; e->shape[0] = 0; e->shape[1] = 7; e->off[0] = e->off[1] = 16; MB_EDIT_END }
MB_CASE(ok_padded_header) { MB_EDIT_BEGIN st.page_end = 1; MB_EDIT_END }
MB_CASE(ok_no_metadata) { MB_EDIT_BEGIN st.meta[0] = 0; MB_EDIT_END }
MB_CASE(ok_tokenizer_bigger) { /* tiny model (1024 rows) + the full Qwen2 tokenizer (151646 ids) */
    char src[4096], dst[4096];
    if (mb_base(T_MLX, dir, NULL)) return -1;
    snprintf(src, sizeof src, "%s/models/" T_MLX "/model.safetensors", mb_fx);
    mb_path(dst, sizeof dst, dir, "model.safetensors");
    if (mb_link(src, dst)) return -1;
    snprintf(src, sizeof src, "%s/qwen2-tokenizer/tokenizer.json", mb_fx);
    mb_path(dst, sizeof dst, dir, "tokenizer.json");
    if (mb_link(src, dst)) return -1;
    snprintf(src, sizeof src, "%s/qwen2-tokenizer/tokenizer_config.json", mb_fx);
    mb_path(dst, sizeof dst, dir, "tokenizer_config.json");
    return mb_link(src, dst);
}
MB_CASE(ok_odd_quant) { /* per-layer 3/5/6/2/8-bit, groups 8..448, data at the end of the file */
    MB_EDIT_BEGIN
    st.page_end = 1;
    mb_add_q(&st, L0 "self_attn.q_proj", 448, 448, 3, 448, "F16");
    mb_add_q(&st, L0 "mlp.gate_proj", 512, 448, 5, 64, "F16");
    mb_add_q(&st, L0 "mlp.down_proj", 448, 512, 6, 128, "F16");
    mb_add_q(&st, L1 "mlp.up_proj", 512, 448, 2, 16, "F16");
    mb_add_q(&st, L1 "self_attn.k_proj", 64, 448, 8, 8, "F16");
    if (mb_done(&st, dir)) return -1;
    return mb_cfg(dir, "quantization", "{\"group_size\": 64, \"bits\": 4, "
                  "\"model.layers.0.self_attn.q_proj\": {\"group_size\": 448, \"bits\": 3}, "
                  "\"model.layers.0.mlp.gate_proj\": {\"group_size\": 64, \"bits\": 5}, "
                  "\"model.layers.0.mlp.down_proj\": {\"group_size\": 128, \"bits\": 6}, "
                  "\"model.layers.1.mlp.up_proj\": {\"group_size\": 16, \"bits\": 2}, "
                  "\"model.layers.1.self_attn.k_proj\": {\"group_size\": 8, \"bits\": 8}}");
}
MB_CASE(ok_inferred_quant) { /* no quantization in config.json: bits and group from the shapes */
    char src[4096], dst[4096];
    if (mb_base(T_MLX, dir, NULL)) return -1;
    snprintf(src, sizeof src, "%s/models/" T_MLX "/model.safetensors", mb_fx);
    mb_path(dst, sizeof dst, dir, "model.safetensors");
    if (mb_link(src, dst) || mb_cfg(dir, "quantization", NULL)) return -1;
    return mb_cfg(dir, "quantization_config", NULL);
}
MB_CASE(ok_lm_head_extra) { /* tied, but an lm_head copy is present: it is ignored */
    MB_EDIT_BEGIN
    e = mb_add(&st, "lm_head.weight", "F16", 2, 1024, 448, 0, 0.1f);
    MB_EDIT_END
}
static const mb_syn syn_f32 = {0, 24, 40, 2, 3, 1, 8, 37, 1, 0, 0, "F32"};
static const mb_syn syn_f16 = {0, 20, 36, 1, 2, 2, 10, 33, 0, 0, 0, "F16"};
static const mb_syn syn_bf16 = {1, 40, 72, 2, 5, 1, 6, 50, 0, 0, 0, "BF16"};
static const mb_syn syn_q4 = {0, 24, 40, 2, 3, 1, 8, 37, 1, 4, 8, "F16"};
static const mb_syn syn_q8 = {1, 24, 36, 1, 4, 2, 8, 41, 0, 8, 4, "BF16"};
static const mb_syn syn_q2 = {0, 48, 80, 1, 4, 1, 12, 29, 1, 2, 16, "F32"};
static const mb_syn syn_q3 = {0, 32, 96, 1, 2, 1, 16, 19, 0, 3, 32, "F16"};
static const mb_syn syn_q5 = {1, 32, 64, 1, 2, 1, 16, 23, 1, 5, 32, "BF16"};
static const mb_syn syn_q6 = {0, 64, 96, 1, 4, 2, 16, 17, 0, 6, 32, "F16"};
MB_CASE(ok_syn_f32) { return mb_synth(dir, &syn_f32); }
MB_CASE(ok_syn_f16) { return mb_synth(dir, &syn_f16); }
MB_CASE(ok_syn_bf16_qwen3) { return mb_synth(dir, &syn_bf16); }
MB_CASE(ok_syn_q4_g8) { return mb_synth(dir, &syn_q4); }
MB_CASE(ok_syn_q8_g4_qwen3) { return mb_synth(dir, &syn_q8); }
MB_CASE(ok_syn_q2_g16) { return mb_synth(dir, &syn_q2); }
MB_CASE(ok_syn_q3_g32) { return mb_synth(dir, &syn_q3); }
MB_CASE(ok_syn_q5_g32_qwen3) { return mb_synth(dir, &syn_q5); }
MB_CASE(ok_syn_q6_g32) { return mb_synth(dir, &syn_q6); }

#define F TL_ERR_FORMAT
#define U TL_ERR_UNSUPPORTED
static const mb_case mb_cases[] = {
    {"no_weights", mk_no_weights, TL_ERR_IO, "no model.safetensors", NULL, "directory without weights"},
    {"empty_file", mk_empty_file, F, "model.safetensors", "empty", "0-byte model.safetensors"},
    {"5_bytes", mk_5_bytes, F, "model.safetensors", "truncated", "file shorter than the length field"},
    {"trunc_header", mk_trunc_header, F, "model.safetensors", "larger than the file", "file cut inside the header"},
    {"trunc_data", mk_trunc_data, F, "model.safetensors", "outside the data", "file cut inside the data"},
    {"hlen_zero", mk_hlen_zero, F, "model.safetensors", "header length 0", "header length 0"},
    {"hlen_huge", mk_hlen_huge, F, "model.safetensors", "header length", "header length 2^64-1"},
    {"hlen_2g", mk_hlen_2g, F, "model.safetensors", "header length", "header length 2 GiB"},
    {"hlen_past_file", mk_hlen_past_file, F, "model.safetensors", "larger than the file", "header length 1 past the file"},
    {"hlen_short", mk_hlen_short, F, "model.safetensors", "bad header", "header length cuts the JSON"},
    {"weights_dir", mk_weights_dir, TL_ERR_IO, "model.safetensors", "not a regular file", "model.safetensors is a directory"},
    {"json_syntax", mk_json_syntax, F, "model.safetensors", "expected ':'", "invalid JSON header"},
    {"json_not_object", mk_json_not_object, F, "model.safetensors", "not a JSON object", "header is an array"},
    {"json_garbage", mk_json_garbage, F, "model.safetensors", "bad header", "binary garbage header"},
    {"json_ctrl", mk_json_ctrl, F, "model.safetensors", "control character", "control byte in a name"},
    {"json_bad_escape", mk_json_bad_escape, F, "model.safetensors", "bad escape", "invalid escape"},
    {"json_unterminated", mk_json_unterminated, F, "model.safetensors", "unterminated string", "string ends in a backslash"},
    {"json_deep", mk_json_deep, F, "model.safetensors", "nested too deeply", "100000 nested arrays"},
    {"json_trailing", mk_json_trailing, F, "model.safetensors", "trailing data", "text after the header object"},
    {"entry_not_object", mk_entry_not_object, F, "model.safetensors", "not an object", "tensor entry is a number"},
    {"no_dtype", mk_no_dtype, F, "model.norm.weight", "dtype", "tensor without dtype"},
    {"no_shape", mk_no_shape, F, "model.norm.weight", "shape", "tensor without shape"},
    {"no_offsets", mk_no_offsets, F, "model.norm.weight", "data_offsets", "tensor without data_offsets"},
    {"three_offsets", mk_three_offsets, F, "model.norm.weight", "data_offsets", "data_offsets of 3 numbers"},
    {"dtype_not_string", mk_dtype_not_string, F, "model.norm.weight", "dtype", "dtype is a number"},
    {"shape_not_array", mk_shape_not_array, F, "model.norm.weight", "shape", "shape is a number"},
    {"off_outside", mk_off_outside, F, "model.norm.weight", "outside the data section", "data_offsets past the file"},
    {"off_reversed", mk_off_reversed, F, "model.norm.weight", "data_offsets", "data_offsets end before begin"},
    {"off_negative", mk_off_negative, F, "model.norm.weight", "data_offsets", "negative data_offsets"},
    {"off_float", mk_off_float, F, "model.norm.weight", "data_offsets", "fractional data_offsets"},
    {"off_huge", mk_off_huge, F, "model.norm.weight", "data_offsets", "data_offsets near 2^64"},
    {"overlap_same", mk_overlap_same, F, "overlap", "model.norm.weight", "two tensors share bytes"},
    {"overlap_partial", mk_overlap_partial, F, "overlap", "model.norm.weight", "two tensors overlap by 894 bytes"},
    {"overlap_inside", mk_overlap_big, F, "overlap", "model.embed_tokens.weight", "a tensor inside another"},
    {"overlap_past_empty", mk_overlap_past_empty, F, "overlap", "model.norm.weight", "overlap with an empty tensor in between"},
    {"duplicate_name", mk_duplicate_name, F, "duplicate tensor name", "model.norm.weight", "one name twice in the header"},
    {"shape_overflow", mk_shape_overflow, F, "junk", "overflows", "shape product over 2^64"},
    {"shape_overflow_bytes", mk_shape_overflow_dtype, F, "junk", "do not match", "shape x dtype size over 2^64"},
    {"shape_huge_dim", mk_shape_huge_dim, F, "junk", "bad shape", "a dimension of 2^50"},
    {"shape_1e999", mk_shape_1e999, F, "junk", "bad shape", "a dimension of 1e999"},
    {"shape_negative", mk_shape_negative, F, "model.norm.weight", "bad shape", "negative dimensions"},
    {"shape_9dims", mk_shape_9dims, F, "model.norm.weight", "8 dimensions", "9 dimensions"},
    {"bytes_mismatch", mk_bytes_mismatch, F, "model.norm.weight", "do not match", "byte length != shape x dtype"},
    {"bytes_mismatch_dtype", mk_bytes_mismatch_dtype, F, "model.norm.weight", "do not match", "F16 bytes labelled F32"},
    {"unknown_dtype_used", mk_unknown_dtype_used, U, "model.norm.weight", "dtype", "a needed tensor in an unknown dtype"},
    {"norm_dtype_int", mk_norm_dtype_int, U, "model.norm.weight", "I16", "norm weight in I16"},
    {"norm_shape", mk_norm_shape, F, "model.norm.weight", "wrong shape", "norm weight [224, 2]"},
    {"norm_short", mk_norm_short, F, "model.norm.weight", "wrong shape", "norm weight [447]"},
    {"weight_dtype", mk_weight_dtype, F, "q_proj.weight", "U32", "quantized weight in I32"},
    {"weight_transposed", mk_weight_transposed, F, "q_proj.weight", "U32", "quantized weight [56, 448]"},
    {"weight_1d", mk_weight_1d, F, "q_proj.weight", "1 dims", "quantized weight 1-D"},
    {"missing_weight", mk_missing_weight, F, "missing tensor", "model.layers.1.mlp.down_proj.weight", "a weight missing"},
    {"missing_scales", mk_missing_scales, F, "missing tensor", "model.layers.1.mlp.down_proj.scales", "the scales of a quantized weight missing"},
    {"missing_biases", mk_missing_biases, F, "missing tensor", "model.layers.1.mlp.down_proj.biases", "the biases of a quantized weight missing"},
    {"missing_norm", mk_missing_norm, F, "missing tensor", "model.norm.weight", "final norm missing"},
    {"missing_bias", mk_missing_bias, F, "missing tensor", "model.layers.1.self_attn.k_proj.bias", "k_proj bias missing"},
    {"missing_embed", mk_missing_embed, F, "missing tensor", "model.embed_tokens.weight", "embedding missing"},
    {"no_tensors", mk_no_tensors, F, "missing tensor", "model.embed_tokens.weight", "header with no tensors"},
    {"scales_dtype_differ", mk_scales_dtype_differ, F, "q_proj.biases", "dtype", "biases BF16, scales F16"},
    {"scales_dtype_int", mk_scales_dtype_int, U, "q_proj.scales", "U16", "scales in U16"},
    {"scales_rows", mk_scales_rows, F, "q_proj.scales", "[448", "scales with 447 rows"},
    {"biases_shape", mk_biases_shape, F, "q_proj.biases", "shape", "biases shape != scales shape"},
    {"group_not_dividing", mk_group_not_dividing, F, "q_proj.scales", "group", "9 groups for 448 columns"},
    {"group_vs_config", mk_group_vs_config, F, "q_proj", "group 32 but config.json says 4-bit group 64", "group 32 stored, 64 in config"},
    {"bits_7", mk_bits_7, U, "q_proj.weight", "7-bit", "7-bit rows"},
    {"bits_1", mk_bits_1, U, "q_proj.weight", "1-bit", "1-bit rows"},
    {"bits_16", mk_bits_16, U, "q_proj.weight", "16-bit", "16-bit rows"},
    {"bits_64", mk_bits_64, F, "q_proj.weight", "words per row", "64 bits a value"},
    {"words_mismatch", mk_words_mismatch, F, "q_proj.weight", "words per row", "57 words for 448 values"},
    {"words_zero", mk_words_zero, F, "q_proj.weight", "U32", "0 words a row"},
    {"embed_rows_zero", mk_embed_rows_zero, F, "model.embed_tokens.weight", "[1024", "embedding with 0 rows"},
    {"weight_f64", mk_weight_f64, U, "up_proj.weight", "F64", "an F64 weight"},
    {"cfg_hidden_zero", mk_cfg_hidden_zero, F, "config.json", "hidden_size", "hidden_size 0"},
    {"cfg_hidden_negative", mk_cfg_hidden_negative, F, "config.json", "hidden_size", "hidden_size -448"},
    {"cfg_hidden_huge", mk_cfg_hidden_huge, F, "config.json", "hidden_size", "hidden_size 2^32+448"},
    {"cfg_hidden_1e999", mk_cfg_hidden_1e999, F, "config.json", "hidden_size", "hidden_size 1e999"},
    {"cfg_hidden_fraction", mk_cfg_hidden_fraction, F, "config.json", "hidden_size", "hidden_size 448.5"},
    {"cfg_hidden_string", mk_cfg_hidden_string, F, "config.json", "hidden_size", "hidden_size \"448\""},
    {"cfg_hidden_missing", mk_cfg_hidden_missing, F, "config.json", "missing \"hidden_size\"", "no hidden_size"},
    {"cfg_layers_negative", mk_cfg_layers_negative, F, "config.json", "num_hidden_layers", "num_hidden_layers -2"},
    {"cfg_layers_more", mk_cfg_layers_more, F, "missing tensor", "model.layers.2.", "3 layers in config, 2 in the file"},
    {"cfg_inter_wrong", mk_cfg_inter_wrong, F, "gate_proj", "256", "intermediate_size != the weights"},
    {"cfg_vocab_huge", mk_cfg_vocab_huge, F, "config.json", "vocab_size", "vocab_size 1e11"},
    {"cfg_vocab_bigger", mk_cfg_vocab_bigger, F, "model.embed_tokens.weight", "2048", "vocab_size bigger than the embedding"},
    {"cfg_vocab_smaller", mk_cfg_vocab_smaller, F, "model.embed_tokens.weight", "1000", "vocab_size smaller than the embedding"},
    {"cfg_heads_zero", mk_cfg_heads_zero, F, "config.json", "num_attention_heads", "0 heads"},
    {"cfg_heads_not_dividing", mk_cfg_heads_not_dividing, F, "config.json", "not a multiple of num_attention_heads", "5 heads for hidden 448"},
    {"cfg_kv_not_dividing", mk_cfg_kv_not_dividing, F, "config.json", "num_key_value_heads", "3 kv heads for 7 heads"},
    {"cfg_kv_more", mk_cfg_kv_more, F, "config.json", "num_key_value_heads", "14 kv heads for 7 heads"},
    {"cfg_head_dim_odd", mk_cfg_head_dim_odd, F, "config.json", "head_dim", "head_dim 63"},
    {"cfg_head_dim_wrong", mk_cfg_head_dim_wrong, F, "q_proj", "224", "head_dim that does not fit the weights"},
    {"cfg_max_pos_zero", mk_cfg_max_pos_zero, F, "config.json", "max_position_embeddings", "max_position_embeddings 0"},
    {"cfg_rope_inf", mk_cfg_rope_inf, F, "config.json", "rope_theta", "rope_theta 1e999"},
    {"cfg_rope_negative", mk_cfg_rope_negative, F, "config.json", "rope_theta", "rope_theta -5"},
    {"cfg_eps_negative", mk_cfg_eps_negative, F, "config.json", "rms_norm_eps", "rms_norm_eps < 0"},
    {"cfg_eps_string", mk_cfg_eps_string, F, "config.json", "rms_norm_eps", "rms_norm_eps a string"},
    {"cfg_bits_7", mk_cfg_bits_7, F, "config.json says 7-bit", "model.embed_tokens", "config says 7 bits, file has 4"},
    {"cfg_bits_40", mk_cfg_bits_40, F, "config.json", "quantization.bits", "quantization bits 40"},
    {"cfg_group_zero", mk_cfg_group_zero, F, "config.json", "quantization.group_size", "group_size 0"},
    {"cfg_group_48", mk_cfg_group_48, F, "config.json says 4-bit group 48", "model.embed_tokens", "group 48 (does not divide 448)"},
    {"cfg_module_float", mk_cfg_module_float, F, "model.layers.0.mlp.down_proj", "in float", "config keeps a quantized layer in float"},
    {"cfg_module_bits", mk_cfg_module_bits, F, "model.layers.1.mlp.up_proj", "8-bit", "config's per-layer bits != the file"},
    {"cfg_untied", mk_cfg_untied, F, "missing tensor", "lm_head.weight", "untied without lm_head"},
    {"cfg_llama", mk_cfg_llama, U, "config.json", "llama", "another architecture"},
    {"cfg_no_model_type", mk_cfg_no_model_type, U, "config.json", "model_type", "no model_type"},
    {"cfg_qwen3_on_qwen2", mk_cfg_qwen3_on_qwen2, F, "missing tensor", "q_norm", "qwen3 config on qwen2 weights"},
    {"cfg_huge_sizes", mk_cfg_huge_sizes, F, "model.embed_tokens.weight", "16777216", "every size at its limit (must fail fast, no huge allocation)"},
    {"cfg_missing", mk_cfg_missing, TL_ERR_IO, "config.json", "cannot open", "no config.json"},
    {"cfg_empty", mk_cfg_empty, F, "config.json", "JSON", "empty config.json"},
    {"cfg_syntax", mk_cfg_syntax, F, "config.json", "expected ':'", "invalid JSON"},
    {"cfg_array", mk_cfg_array, F, "config.json", "not a JSON object", "config is an array"},
    {"cfg_is_dir", mk_cfg_is_dir, TL_ERR_IO, "config.json", "read error", "config.json is a directory"},
    {"sh_index_is_dir", mk_sh_index_is_dir, TL_ERR_IO, "index.json", "read error", "the index is a directory"},
    {"cfg_truncated", mk_cfg_truncated, F, "config.json", "JSON", "config cut in half"},
    {"sh_missing_shard", mk_sh_missing_shard, TL_ERR_IO, "model-00002-of-00002.safetensors", "cannot open", "a shard missing"},
    {"sh_wrong_shard", mk_sh_wrong_shard, F, "lm_head.weight", "model-00001-of-00002.safetensors", "index names the wrong shard"},
    {"sh_unknown_tensor", mk_sh_unknown_tensor, F, "model.extra.weight", "not in shard", "index lists a tensor no shard has"},
    {"sh_unknown_shard", mk_sh_unknown_shard, TL_ERR_IO, "model-00003-of-00002.safetensors", "cannot open", "index names a shard that does not exist"},
    {"sh_empty_map", mk_sh_empty_map, F, "index.json", "weight_map is empty", "index lists no tensors"},
    {"sh_no_map", mk_sh_no_map, F, "index.json", "weight_map", "index without weight_map"},
    {"sh_map_array", mk_sh_map_array, F, "index.json", "weight_map", "weight_map is an array"},
    {"sh_value_number", mk_sh_value_number, F, "index.json", "file names", "a shard name is a number"},
    {"sh_index_syntax", mk_sh_index_syntax, F, "index.json", "expected ':'", "invalid index JSON"},
    {"sh_index_empty", mk_sh_index_empty, F, "index.json", "JSON", "empty index"},
    {"sh_dotdot", mk_sh_dotdot, F, "index.json", "not a plain file name", "shard ../x"},
    {"sh_dotdot_only", mk_sh_dotdot_only, F, "index.json", "not a plain file name", "shard .."},
    {"sh_slash", mk_sh_slash, F, "index.json", "not a plain file name", "shard sub/x"},
    {"sh_absolute", mk_sh_absolute, F, "index.json", "not a plain file name", "shard /etc/passwd"},
    {"sh_escaped_slash", mk_sh_escaped_slash, F, "index.json", "not a plain file name", "shard ..\\/x (JSON escape)"},
    {"sh_65_shards", mk_sh_65_shards, U, "index.json", "64 shards", "65 shards"},
    {"sh_trunc_shard", mk_sh_trunc_shard, F, "model-00002-of-00002.safetensors", "outside the data section", "a shard cut short"},
    {"sh_dup_across", mk_sh_dup_across, F, "duplicate tensor name", "model.layers.0.input_layernorm.weight", "one tensor in two shards"},
    {"sh_dtype", mk_sh_dtype, U, "up_proj.weight", "I32", "a float weight in I32"},
    {"sh_transposed", mk_sh_transposed, F, "up_proj.weight", "wrong shape", "a float weight transposed"},
    {"sh_missing_lm_head", mk_sh_missing_lm_head, F, "missing tensor", "lm_head.weight", "untied model without lm_head"},
    {"sh_shard_is_config", mk_sh_shard_is_index, F, "config.json", "header length", "a shard that is not safetensors"},
    {"ok_copy", ok_copy, 0, NULL, NULL, "the fixture rewritten by the generator"},
    {"ok_reversed_order", ok_reversed_order, 0, NULL, NULL, "header order != data order (valid)"},
    {"ok_moved_and_gap", ok_moved_and_gap, 0, NULL, NULL, "a gap between tensors (valid)"},
    {"ok_unknown_dtype_unused", ok_unknown_dtype_unused, 0, NULL, NULL, "an unused F8 tensor (valid)"},
    {"ok_empty_tensor", ok_empty_tensor, 0, NULL, NULL, "an extra [0, 7] tensor (valid)"},
    {"ok_padded_header", ok_padded_header, 0, NULL, NULL, "header padded with spaces (valid)"},
    {"ok_no_metadata", ok_no_metadata, 0, NULL, NULL, "no __metadata__ (valid)"},
    {"ok_tokenizer_bigger", ok_tokenizer_bigger, 0, NULL, NULL, "tokenizer vocabulary > embedding rows: ids past 1024 must be refused at run time"},
    {"ok_odd_quant", ok_odd_quant, 0, NULL, NULL, "3/5/6/2/8-bit layers, groups 8..448, at the end of the file"},
    {"ok_inferred_quant", ok_inferred_quant, 0, NULL, NULL, "no quantization in config.json (inferred)"},
    {"ok_lm_head_extra", ok_lm_head_extra, 0, NULL, NULL, "tied with a spare lm_head"},
    {"ok_syn_f32", ok_syn_f32, 0, NULL, NULL, "synthetic F32 D=24 hd=8 V=37"},
    {"ok_syn_f16", ok_syn_f16, 0, NULL, NULL, "synthetic F16 D=20 hd=10 untied"},
    {"ok_syn_bf16_qwen3", ok_syn_bf16_qwen3, 0, NULL, NULL, "synthetic BF16 qwen3 D=40 hd=6"},
    {"ok_syn_q4_g8", ok_syn_q4_g8, 0, NULL, NULL, "synthetic 4-bit group 8"},
    {"ok_syn_q8_g4_qwen3", ok_syn_q8_g4_qwen3, 0, NULL, NULL, "synthetic 8-bit group 4 qwen3"},
    {"ok_syn_q2_g16", ok_syn_q2_g16, 0, NULL, NULL, "synthetic 2-bit group 16, F32 scales"},
    {"ok_syn_q3_g32", ok_syn_q3_g32, 0, NULL, NULL, "synthetic 3-bit group 32"},
    {"ok_syn_q5_g32_qwen3", ok_syn_q5_g32_qwen3, 0, NULL, NULL, "synthetic 5-bit group 32 qwen3"},
    {"ok_syn_q6_g32", ok_syn_q6_g32, 0, NULL, NULL, "synthetic 6-bit group 32"},
};
#undef F
#undef U
#define MB_NCASES ((int)(sizeof mb_cases / sizeof mb_cases[0]))

static const char *mb_code_name(int code) {
    switch (code) {
    case TL_OK: return "ok";
    case TL_ERR_IO: return "TL_ERR_IO";
    case TL_ERR_FORMAT: return "TL_ERR_FORMAT";
    case TL_ERR_NOMEM: return "TL_ERR_NOMEM";
    case TL_ERR_RANGE: return "TL_ERR_RANGE";
    case TL_ERR_ARG: return "TL_ERR_ARG";
    case TL_ERR_UNSUPPORTED: return "TL_ERR_UNSUPPORTED";
    default: return "?";
    }
}

/* make case i in OUTDIR/NAME; 0 on success */
static int mb_make(int i, const char *outdir, char *dir, size_t cap) {
    snprintf(dir, cap, "%s/%s", outdir, mb_cases[i].name);
    return mb_cases[i].make(dir);
}

#ifndef TL_MKBAD_NO_MAIN
int main(int argc, char **argv) {
    int i, bad = 0;
    char dir[4096];
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUTDIR [FIXTURES]\nwrites the malformed checkpoints of tests/test_malformed.c into OUTDIR/NAME\n", argv[0]);
        return 2;
    }
    if (argc > 2) mb_fx = argv[2];
    if (mkdir(argv[1], 0755) != 0 && errno != EEXIST) { fprintf(stderr, "%s: cannot create\n", argv[1]); return 1; }
    for (i = 0; i < MB_NCASES; i++) {
        if (mb_make(i, argv[1], dir, sizeof dir)) { fprintf(stderr, "%s: could not be made\n", dir); bad = 1; continue; }
        printf("%s\t%s\t%s\n", dir, mb_code_name(mb_cases[i].expect), mb_cases[i].what);
    }
    return bad;
}
#endif
