/* tinyllm.h - v0.1.0 - public domain / MIT - run Qwen2/Qwen3 chat models from C

   One file, STB-style. Do this:
       #define TINYLLM_IMPLEMENTATION
   before you include this file in *one* C or C++ file to create the implementation.

   QUICK START
       #define TINYLLM_IMPLEMENTATION
       #include "tinyllm.h"
       #include <stdio.h>

       static int on_token(void *user, int id) {           // called for every new token
           tl_detok *d = (tl_detok *)user; char buf[64];
           size_t n = tl_detok_push(d, id, buf, sizeof buf); // only whole UTF-8 characters
           fwrite(buf, 1, n, stdout); fflush(stdout);
           return 0;                                       // non-zero stops generation
       }
       int main(void) {
           tl_model m; tl_tokenizer tok; tl_session s; tl_detok d; tl_gen_params gp;
           int ids[4096], n;
           if (tl_model_load(&m, "Qwen2-0.5B-Instruct-MLX") != TL_OK) { puts(m.err); return 1; }
           if (tl_tokenizer_load(&tok, "Qwen2-0.5B-Instruct-MLX") != TL_OK) { puts(tok.err); return 1; }
           n = tl_chat_encode_user(&tok, NULL, "Why is the sky blue?", ids, 4096);
           if (n < 0 || tl_session_init(&s, &m, 0) != TL_OK) return 1;
           tl_detok_init(&d, &tok, 0); tl_gen_params_default(&gp);
           tl_generate(&s, ids, n, &gp, on_token, &d);  // prefill + greedy decode, KV cache
           tl_session_free(&s); tl_tokenizer_free(&tok); tl_model_free(&m);
           return 0;
       }
   Build: cc -O3 -march=native -fopenmp main.c -lm      (-fopenmp and -march=native optional)

   WHAT IT DOES
       - maps safetensors checkpoints (one file or shards + model.safetensors.index.json) read-only;
         weights are never copied: kernels read F32/F16/BF16 and MLX affine-quantized U32 weights
         (2,3,4,5,6,8 bits, any group size, per-layer overrides) straight from the mapping;
       - the Qwen2 / Qwen2.5 / Qwen3 forward pass in f32 activations, a KV cache, greedy and
         top-k/top-p/min-p sampling;
       - the byte-level BPE tokenizer of tokenizer.json (exact Hugging Face ids), the ChatML template,
         a streaming detokenizer.

   ERRORS
       Every function that can fail returns TL_OK (0) or a negative TL_ERR_* code and writes a one-line
       message into the `err` field of the struct it was given (model.err, tok.err, session.err).
       Nothing aborts the host program; bad files, bad ids and out-of-range requests are reported.

   OPTIONS (#define before including the implementation)
       TL_MALLOC(sz) / TL_REALLOC(p,sz) / TL_FREE(p)   allocator (default malloc/realloc/free)
       TL_ASSERT(x)        internal invariant checks (default assert); never used for input validation
       TLDEF               linkage of the API (default extern; #define TL_STATIC for static)
       TL_NO_SIMD          force the scalar reference kernels even when AVX2/AVX-512/NEON is enabled
       _OPENMP             (set by -fopenmp) parallel kernels; the thread count is tl_session.nthreads

   LIMITS
       safetensors header <= 256 MiB, <= 1,000,000 tensors, <= 64 shards; tensors of <= 8 dims;
       hidden/intermediate sizes <= 1<<20, vocabulary <= 1<<24, context <= max_position_embeddings.
       Files are checked for size at open: a file truncated *while mapped* can still raise SIGBUS on
       POSIX systems (the kernel's rule for mappings); do not rewrite checkpoints that are in use.

   VERSION HISTORY
       0.1.0  (2026-11-27) first release: Qwen2/Qwen3 loader, kernels, tokenizer, generation.
*/
#ifndef TINYLLM_H
#define TINYLLM_H

#include <stddef.h>
#include <stdint.h>

#ifndef TLDEF
#ifdef TL_STATIC
#define TLDEF static
#else
#ifdef __cplusplus
#define TLDEF extern "C"
#else
#define TLDEF extern
#endif
#endif
#endif

#define TL_VERSION "0.1.0"

/* status codes: 0 is success, every failure is negative */
enum {
    TL_OK = 0,
    TL_ERR_IO = -1,          /* missing/unreadable file */
    TL_ERR_FORMAT = -2,      /* malformed file (safetensors, JSON, tokenizer) */
    TL_ERR_NOMEM = -3,       /* allocation failed */
    TL_ERR_RANGE = -4,       /* id, length or position out of range (e.g. prompt longer than context) */
    TL_ERR_ARG = -5,         /* bad argument from the caller */
    TL_ERR_UNSUPPORTED = -6  /* valid but unsupported (architecture, dtype, bit width) */
};

#define TL_ERR_SIZE 320

/* tensor dtypes as stored in safetensors */
enum { TL_DT_UNKNOWN = 0, TL_DT_F32, TL_DT_F16, TL_DT_BF16, TL_DT_U32, TL_DT_I32, TL_DT_F64,
       TL_DT_I64, TL_DT_U8, TL_DT_I8, TL_DT_I16, TL_DT_U16, TL_DT_BOOL, TL_DT_U64 };

typedef struct tl_tensor {
    const char *name;            /* NUL-terminated, owned by the tl_safetensors */
    int dtype;                   /* TL_DT_* */
    int ndim;
    int64_t shape[8];
    const unsigned char *data;   /* inside the mapping; may be unaligned */
    size_t nbytes;
    int file;                    /* index of the shard it lives in */
} tl_tensor;

typedef struct tl_mapped {
    void *base;
    size_t size;
    void *handle;                /* Win32 mapping handle; unused on POSIX */
} tl_mapped;

#define TL_MAX_SHARDS 64

/* a set of mapped safetensors files seen as one name -> tensor table */
typedef struct tl_safetensors {
    tl_mapped files[TL_MAX_SHARDS];
    int nfiles;
    tl_tensor *tensors;          /* sorted by name */
    int ntensors;
    char *names;                 /* storage of the names */
    size_t mapped_bytes;
    char err[TL_ERR_SIZE];
} tl_safetensors;

/* open one .safetensors file, or a directory (model.safetensors or the shards of
   model.safetensors.index.json) */
TLDEF int tl_st_open(tl_safetensors *st, const char *path);
TLDEF const tl_tensor *tl_st_find(const tl_safetensors *st, const char *name);
TLDEF void tl_st_close(tl_safetensors *st);
TLDEF const char *tl_dtype_name(int dtype);

/* architecture */
enum { TL_ARCH_QWEN2 = 1, TL_ARCH_QWEN3 = 2 };

typedef struct tl_config {
    int arch;                    /* TL_ARCH_* from model_type */
    int hidden, inter, layers, heads, kv_heads, head_dim, vocab, max_pos;
    float rope_theta, rms_eps;
    int tied;                    /* tie_word_embeddings */
    int eos[8], n_eos;           /* stop ids: config + generation_config (+ Qwen's 151643/151645) */
    int q_bits, q_group;         /* default MLX quantization (0 when none) */
} tl_config;

/* a weight matrix [rows=out][cols=in] viewed in its stored format */
enum { TL_W_F32 = 1, TL_W_F16, TL_W_BF16, TL_W_Q };
typedef struct tl_weight {
    int kind;                        /* TL_W_* */
    int rows, cols;
    const unsigned char *w;          /* row-major, may be unaligned */
    size_t row_bytes;                /* bytes of one row of w */
    int bits, group;                 /* TL_W_Q: bits per value, values per scale/bias group */
    int sdtype;                      /* TL_W_Q: dtype of scales/biases (TL_DT_F16/BF16/F32) */
    const unsigned char *scales, *biases;  /* TL_W_Q: [rows][cols/group] */
} tl_weight;

typedef struct tl_layer {
    const float *attn_norm, *ffn_norm;   /* f32 copies of the small 1-D tensors */
    const float *bq, *bk, *bv;           /* q/k/v biases (Qwen2), NULL otherwise */
    const float *q_norm, *k_norm;        /* per-head RMSNorm weights (Qwen3), NULL otherwise */
    tl_weight wq, wk, wv, wo, gate, up, down;
} tl_layer;

typedef struct tl_model {
    tl_config cfg;
    tl_safetensors st;
    tl_weight embed, lm_head;            /* lm_head aliases embed when tied */
    tl_layer *layer;
    const float *norm;
    float *vecs;                         /* storage of the f32 1-D tensors */
    size_t weight_bytes;                 /* bytes of weights one token reads */
    char desc[128];                      /* e.g. "qwen2 MLX 4-bit g64" */
    char err[TL_ERR_SIZE];
} tl_model;

TLDEF int tl_model_load(tl_model *m, const char *dir);
TLDEF void tl_model_free(tl_model *m);

/* A session: the KV cache, scratch buffers and the token history of one conversation. */
typedef struct tl_session {
    const tl_model *m;
    int ctx;                     /* capacity in tokens */
    int n_past;                  /* tokens whose K/V are in the cache */
    int nthreads;                /* 0: OpenMP default */
    int batch;                   /* tokens per forward chunk */
    int *tokens;                 /* history [ctx] */
    float *kc, *vc;              /* [layers][ctx][kv_heads*head_dim] */
    int stop;                    /* why the last generation stopped: TL_STOP_* */
    float *x, *xb, *xb2, *q, *hb, *hb2, *logits, *work;
    char err[TL_ERR_SIZE];
} tl_session;

enum { TL_STOP_MAX = 1, TL_STOP_EOS, TL_STOP_USER, TL_STOP_CTX };

/* ctx 0 (or more than max_position_embeddings): max_position_embeddings. The KV cache is one
   allocation that is never cleared, so only the positions used become resident memory. */
TLDEF int tl_session_init(tl_session *s, const tl_model *m, int ctx);
TLDEF void tl_session_reset(tl_session *s);
TLDEF void tl_session_free(tl_session *s);

/* Run tokens[0..n) at positions pos..pos+n-1 (their K/V land in the cache; positions >= pos are
   forgotten first). logits: NULL, or [vocab] for the last token, or [n][vocab] when all_logits. */
TLDEF int tl_forward(tl_session *s, const int *tokens, int n, int pos, float *logits, int all_logits);

/* sampling; temperature 0 is greedy argmax. Filters apply in the order
   top-k, then softmax with temperature, then top-p, then min-p; then one draw. */
typedef struct tl_gen_params {
    int max_new;                 /* tokens to generate at most (default 256) */
    float temp;                  /* 0: greedy (default) */
    int top_k;                   /* 0: off */
    float top_p;                 /* 1: off */
    float min_p;                 /* 0: off */
    uint64_t seed;
    int ignore_eos;
} tl_gen_params;

TLDEF void tl_gen_params_default(tl_gen_params *p);
TLDEF int tl_argmax(const float *x, int n);
/* draw one token; rng is the caller's state (seed it with any value). work: NULL or scratch of
   n * TL_SAMPLE_WORK bytes (saves an allocation per call). */
#define TL_SAMPLE_WORK 8
TLDEF int tl_sample(const float *logits, int n, const tl_gen_params *p, uint64_t *rng, void *work);
/* the candidate set tl_sample draws from: ids and normalised probabilities (capacity n each),
   best first; returns the count or a negative TL_ERR_* */
TLDEF int tl_sample_filter(const float *logits, int n, const tl_gen_params *p, int *ids, float *probs);
TLDEF uint64_t tl_rng_next(uint64_t *state);

/* callback for each generated token; return non-zero to stop */
typedef int (*tl_token_fn)(void *user, int token);

/* KV-cached generation: appends the prompt to the session's history (only tokens past the
   common prefix with the cached history are computed), then decodes. Returns the number of
   generated tokens, or a negative TL_ERR_*. */
TLDEF int tl_generate(tl_session *s, const int *prompt, int n, const tl_gen_params *p,
                      tl_token_fn fn, void *user);
/* the tiny-llm book's simple_generate: every step re-runs the whole sequence from position 0 */
TLDEF int tl_simple_generate(tl_session *s, const int *prompt, int n, const tl_gen_params *p,
                             tl_token_fn fn, void *user);
TLDEF int tl_is_eos(const tl_model *m, int token);

/*@TOKENIZER_API@*/

#endif /* TINYLLM_H */

/* ============================================================================================ */
#ifdef TINYLLM_IMPLEMENTATION
#ifndef TINYLLM_IMPLEMENTATION_DONE
#define TINYLLM_IMPLEMENTATION_DONE

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <math.h>
#include <limits.h>
#include <float.h>

#ifndef TL_MALLOC
#define TL_MALLOC(sz) malloc(sz)
#define TL_REALLOC(p, sz) realloc(p, sz)
#define TL_FREE(p) free(p)
#endif
#ifndef TL_ASSERT
#include <assert.h>
#define TL_ASSERT(x) assert(x)
#endif

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#else
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

#if !defined(TL_NO_SIMD)
#if defined(__AVX512F__) && defined(__AVX512BW__)
#define TL_AVX512 1
#endif
#if defined(__AVX2__) && defined(__FMA__)
#define TL_AVX2 1
#endif
#if defined(__ARM_NEON) || defined(__ARM_NEON__)
#define TL_NEON 1
#endif
#endif
#if defined(TL_AVX512) || defined(TL_AVX2)
#include <immintrin.h>
#endif
#if defined(TL_NEON)
#include <arm_neon.h>
#endif

/* ============================================================================================
   1. errors, allocation, small utilities
   ============================================================================================ */

static int tl__fail(char *err, int code, const char *fmt, ...) {
    va_list ap;
    if (err) {
        va_start(ap, fmt);
        vsnprintf(err, TL_ERR_SIZE, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* overflow-checked a*b for sizes */
static int tl__mul_ok(size_t a, size_t b, size_t *out) {
    if (a != 0 && b > (size_t)-1 / a) return 0;
    *out = a * b;
    return 1;
}

static void *tl__calloc(size_t n, size_t sz) {
    size_t tot;
    void *p;
    if (!tl__mul_ok(n, sz, &tot)) return NULL;
    p = TL_MALLOC(tot ? tot : 1);
    if (p) memset(p, 0, tot ? tot : 1);
    return p;
}

static char *tl__strndup(const char *s, size_t n) {
    char *p = (char *)TL_MALLOC(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* path join into a caller buffer; 0 when it does not fit */
static int tl__join(char *out, size_t cap, const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    int slash = a > 0 && dir[a - 1] != '/' && dir[a - 1] != '\\';
    if (a + (size_t)slash + b + 1 > cap) return 0;
    memcpy(out, dir, a);
    if (slash) out[a++] = '/';
    memcpy(out + a, name, b + 1);
    return 1;
}

/* unaligned little-endian loads (safetensors is little-endian; MLX data can start anywhere) */
static uint16_t tl__ld16(const unsigned char *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t tl__ld32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint64_t tl__ld64(const unsigned char *p) {
    return (uint64_t)tl__ld32(p) | ((uint64_t)tl__ld32(p + 4) << 32);
}
static float tl__ldf32(const unsigned char *p) {
    uint32_t u = tl__ld32(p);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static float tl__bf16_to_f32(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static float tl__f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff, u;
    float f;
    if (exp == 0) {
        if (man == 0) u = sign;
        else { /* subnormal: normalise */
            exp = 127 - 15 + 1;
            while (!(man & 0x400)) { man <<= 1; exp--; }
            u = sign | (exp << 23) | ((man & 0x3ff) << 13);
        }
    } else if (exp == 31) u = sign | 0x7f800000u | (man << 13);
    else u = sign | ((exp + 127 - 15) << 23) | (man << 13);
    memcpy(&f, &u, 4);
    return f;
}

static uint16_t tl__f32_to_bf16(float f) { /* round to nearest even */
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);
    u += 0x7fff + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

/* read one element of a float tensor of dtype dt */
static float tl__ldf(const unsigned char *p, int dt, size_t i) {
    switch (dt) {
    case TL_DT_F32: return tl__ldf32(p + 4 * i);
    case TL_DT_F16: return tl__f16_to_f32(tl__ld16(p + 2 * i));
    case TL_DT_BF16: return tl__bf16_to_f32(tl__ld16(p + 2 * i));
    default: return 0.0f;
    }
}

static int tl__dtype_size(int dt) {
    switch (dt) {
    case TL_DT_F64: case TL_DT_I64: case TL_DT_U64: return 8;
    case TL_DT_F32: case TL_DT_U32: case TL_DT_I32: return 4;
    case TL_DT_F16: case TL_DT_BF16: case TL_DT_I16: case TL_DT_U16: return 2;
    case TL_DT_U8: case TL_DT_I8: case TL_DT_BOOL: return 1;
    default: return 0;
    }
}

TLDEF const char *tl_dtype_name(int dt) {
    static const char *const names[] = {"?", "F32", "F16", "BF16", "U32", "I32", "F64",
                                        "I64", "U8", "I8", "I16", "U16", "BOOL", "U64"};
    return (dt >= 0 && dt <= TL_DT_U64) ? names[dt] : "?";
}

/* read a whole (small) file; NUL-terminated */
static int tl__read_file(const char *path, char **out, size_t *len, size_t maxlen, char *err) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    *out = NULL;
    if (!f) return tl__fail(err, TL_ERR_IO, "%s: cannot open", path);
    for (;;) {
        size_t got;
        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536 * 2;
            char *nb;
            if (ncap > maxlen + 65536 * 2) ncap = maxlen + 65536 * 2;
            if (n + 65536 + 1 > ncap) { TL_FREE(buf); fclose(f); return tl__fail(err, TL_ERR_FORMAT, "%s: file too large (over %lu bytes)", path, (unsigned long)maxlen); }
            nb = (char *)TL_REALLOC(buf, ncap);
            if (!nb) { TL_FREE(buf); fclose(f); return tl__fail(err, TL_ERR_NOMEM, "%s: out of memory", path); }
            buf = nb; cap = ncap;
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
        if (n > maxlen) { TL_FREE(buf); fclose(f); return tl__fail(err, TL_ERR_FORMAT, "%s: file too large (over %lu bytes)", path, (unsigned long)maxlen); }
        if (got < 65536) break;
    }
    if (ferror(f)) { TL_FREE(buf); fclose(f); return tl__fail(err, TL_ERR_IO, "%s: read error", path); }
    fclose(f);
    buf[n] = 0;
    *out = buf;
    if (len) *len = n;
    return TL_OK;
}

static int tl__file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fclose(f);
    return 1;
}

/* ============================================================================================
   2. files: mmap, JSON, safetensors, config.json
   ============================================================================================ */

/* ---- mmap: read-only views; weights are never copied ---- */
static int tl__map(tl_mapped *mf, const char *path, char *err) {
    memset(mf, 0, sizeof *mf);
#if defined(_WIN32)
    {
        HANDLE fh = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        LARGE_INTEGER sz;
        HANDLE mh;
        if (fh == INVALID_HANDLE_VALUE) return tl__fail(err, TL_ERR_IO, "%s: cannot open", path);
        if (!GetFileSizeEx(fh, &sz)) { CloseHandle(fh); return tl__fail(err, TL_ERR_IO, "%s: cannot stat", path); }
        if (sz.QuadPart == 0) { CloseHandle(fh); return tl__fail(err, TL_ERR_FORMAT, "%s: empty file", path); }
        if ((unsigned long long)sz.QuadPart > (size_t)-1) { CloseHandle(fh); return tl__fail(err, TL_ERR_FORMAT, "%s: too large", path); }
        mh = CreateFileMappingA(fh, NULL, PAGE_READONLY, 0, 0, NULL);
        CloseHandle(fh);
        if (!mh) return tl__fail(err, TL_ERR_IO, "%s: cannot map", path);
        mf->base = MapViewOfFile(mh, FILE_MAP_READ, 0, 0, 0);
        if (!mf->base) { CloseHandle(mh); return tl__fail(err, TL_ERR_IO, "%s: cannot map", path); }
        mf->handle = mh;
        mf->size = (size_t)sz.QuadPart;
    }
#else
    {
        struct stat sb;
        void *p;
        int fd = open(path, O_RDONLY);
        if (fd < 0) return tl__fail(err, TL_ERR_IO, "%s: cannot open", path);
        if (fstat(fd, &sb) != 0) { close(fd); return tl__fail(err, TL_ERR_IO, "%s: cannot stat", path); }
        if (!S_ISREG(sb.st_mode)) { close(fd); return tl__fail(err, TL_ERR_IO, "%s: not a regular file", path); }
        if (sb.st_size <= 0) { close(fd); return tl__fail(err, TL_ERR_FORMAT, "%s: empty file", path); }
        if ((unsigned long long)sb.st_size > (size_t)-1) { close(fd); return tl__fail(err, TL_ERR_FORMAT, "%s: too large", path); }
        p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
        close(fd);
        if (p == MAP_FAILED) return tl__fail(err, TL_ERR_IO, "%s: cannot map", path);
        mf->base = p;
        mf->size = (size_t)sb.st_size;
    }
#endif
    return TL_OK;
}

static void tl__unmap(tl_mapped *mf) {
    if (!mf->base) return;
#if defined(_WIN32)
    UnmapViewOfFile(mf->base);
    if (mf->handle) CloseHandle((HANDLE)mf->handle);
#else
    munmap(mf->base, mf->size);
#endif
    memset(mf, 0, sizeof *mf);
}

/* ---- JSON: a validating parser into a flat token array ----
   Containers are followed by their children; t[i].next is the index of the next sibling (or -1).
   Object children are keys, each key followed by its value (key index + 1). Strings keep their
   raw (escaped) span; tl__json_str unescapes on demand. */
enum { TL__J_OBJ = 1, TL__J_ARR, TL__J_STR, TL__J_NUM, TL__J_TRUE, TL__J_FALSE, TL__J_NULL };

typedef struct tl__jtok {
    int type;
    int size;         /* children (objects: number of keys) */
    int next;         /* next sibling, -1 at the end */
    size_t start, end; /* raw span; strings: without the quotes */
} tl__jtok;

typedef struct tl__json {
    tl__jtok *t;
    int n, cap;
    const char *src;
    size_t len;
} tl__json;

#define TL__JSON_MAX_DEPTH 64

static void tl__json_free(tl__json *j) {
    TL_FREE(j->t);
    memset(j, 0, sizeof *j);
}

static int tl__json_new(tl__json *j, int type, size_t start) {
    if (j->n == j->cap) {
        int ncap = j->cap ? j->cap * 2 : 256;
        tl__jtok *nt;
        if (j->cap > INT_MAX / 4) return -1;
        nt = (tl__jtok *)TL_REALLOC(j->t, (size_t)ncap * sizeof *nt);
        if (!nt) return -1;
        j->t = nt;
        j->cap = ncap;
    }
    j->t[j->n].type = type;
    j->t[j->n].size = 0;
    j->t[j->n].next = -1;
    j->t[j->n].start = start;
    j->t[j->n].end = start;
    return j->n++;
}

static size_t tl__json_ws(const char *s, size_t i, size_t n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

static int tl__hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* parse one value at *pi; returns its token index or a negative error */
static int tl__json_value(tl__json *j, size_t *pi, int depth, char *err) {
    const char *s = j->src;
    size_t n = j->len, i = tl__json_ws(s, *pi, n);
    int tok;
    if (depth > TL__JSON_MAX_DEPTH) return tl__fail(err, TL_ERR_FORMAT, "JSON nested too deeply at byte %lu", (unsigned long)i);
    if (i >= n) return tl__fail(err, TL_ERR_FORMAT, "JSON ends early at byte %lu", (unsigned long)i);
    if (s[i] == '{' || s[i] == '[') {
        int isobj = s[i] == '{', prev = -1;
        char close = isobj ? '}' : ']';
        tok = tl__json_new(j, isobj ? TL__J_OBJ : TL__J_ARR, i);
        if (tok < 0) return tl__fail(err, TL_ERR_NOMEM, "JSON: out of memory");
        i = tl__json_ws(s, i + 1, n);
        if (i < n && s[i] == close) { i++; goto done_container; }
        for (;;) {
            int child;
            size_t ci;
            i = tl__json_ws(s, i, n);
            ci = i;
            if (isobj) {
                int val;
                if (i >= n || s[i] != '"') return tl__fail(err, TL_ERR_FORMAT, "JSON: expected a string key at byte %lu", (unsigned long)i);
                child = tl__json_value(j, &ci, depth + 1, err);
                if (child < 0) return child;
                i = tl__json_ws(s, ci, n);
                if (i >= n || s[i] != ':') return tl__fail(err, TL_ERR_FORMAT, "JSON: expected ':' at byte %lu", (unsigned long)i);
                i++;
                val = tl__json_value(j, &i, depth + 1, err);
                if (val < 0) return val;
            } else {
                child = tl__json_value(j, &ci, depth + 1, err);
                if (child < 0) return child;
                i = ci;
            }
            if (prev >= 0) j->t[prev].next = child;
            prev = child;
            if (j->t[tok].size == INT_MAX) return tl__fail(err, TL_ERR_FORMAT, "JSON: too many elements");
            j->t[tok].size++;
            i = tl__json_ws(s, i, n);
            if (i < n && s[i] == ',') { i++; continue; }
            if (i < n && s[i] == close) { i++; break; }
            return tl__fail(err, TL_ERR_FORMAT, "JSON: expected ',' or '%c' at byte %lu", close, (unsigned long)i);
        }
    done_container:
        j->t[tok].end = i;
        *pi = i;
        return tok;
    }
    if (s[i] == '"') {
        size_t k = i + 1;
        tok = tl__json_new(j, TL__J_STR, k);
        if (tok < 0) return tl__fail(err, TL_ERR_NOMEM, "JSON: out of memory");
        while (k < n && s[k] != '"') {
            unsigned char c = (unsigned char)s[k];
            if (c < 0x20) return tl__fail(err, TL_ERR_FORMAT, "JSON: control character in string at byte %lu", (unsigned long)k);
            if (c == '\\') {
                if (k + 1 >= n) break;
                c = (unsigned char)s[k + 1];
                if (c == 'u') {
                    int q;
                    if (k + 6 > n) return tl__fail(err, TL_ERR_FORMAT, "JSON: bad \\u escape at byte %lu", (unsigned long)k);
                    for (q = 2; q < 6; q++)
                        if (tl__hexval(s[k + q]) < 0) return tl__fail(err, TL_ERR_FORMAT, "JSON: bad \\u escape at byte %lu", (unsigned long)k);
                    k += 6;
                    continue;
                }
                if (!strchr("\"\\/bfnrt", c) || c == 0) return tl__fail(err, TL_ERR_FORMAT, "JSON: bad escape at byte %lu", (unsigned long)k);
                k += 2;
                continue;
            }
            k++;
        }
        if (k >= n) return tl__fail(err, TL_ERR_FORMAT, "JSON: unterminated string at byte %lu", (unsigned long)i);
        j->t[tok].end = k;
        *pi = k + 1;
        return tok;
    }
    if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
        size_t k = i;
        if (s[k] == '-') k++;
        if (k >= n || !(s[k] >= '0' && s[k] <= '9')) return tl__fail(err, TL_ERR_FORMAT, "JSON: bad number at byte %lu", (unsigned long)i);
        if (s[k] == '0') k++;
        else while (k < n && s[k] >= '0' && s[k] <= '9') k++;
        if (k < n && s[k] == '.') {
            k++;
            if (k >= n || !(s[k] >= '0' && s[k] <= '9')) return tl__fail(err, TL_ERR_FORMAT, "JSON: bad number at byte %lu", (unsigned long)i);
            while (k < n && s[k] >= '0' && s[k] <= '9') k++;
        }
        if (k < n && (s[k] == 'e' || s[k] == 'E')) {
            k++;
            if (k < n && (s[k] == '+' || s[k] == '-')) k++;
            if (k >= n || !(s[k] >= '0' && s[k] <= '9')) return tl__fail(err, TL_ERR_FORMAT, "JSON: bad number at byte %lu", (unsigned long)i);
            while (k < n && s[k] >= '0' && s[k] <= '9') k++;
        }
        tok = tl__json_new(j, TL__J_NUM, i);
        if (tok < 0) return tl__fail(err, TL_ERR_NOMEM, "JSON: out of memory");
        j->t[tok].end = k;
        *pi = k;
        return tok;
    }
    {
        static const char *const lits[3] = {"true", "false", "null"};
        static const int types[3] = {TL__J_TRUE, TL__J_FALSE, TL__J_NULL};
        int q;
        for (q = 0; q < 3; q++) {
            size_t L = strlen(lits[q]);
            if (n - i >= L && memcmp(s + i, lits[q], L) == 0) {
                tok = tl__json_new(j, types[q], i);
                if (tok < 0) return tl__fail(err, TL_ERR_NOMEM, "JSON: out of memory");
                j->t[tok].end = i + L;
                *pi = i + L;
                return tok;
            }
        }
    }
    return tl__fail(err, TL_ERR_FORMAT, "JSON: unexpected character at byte %lu", (unsigned long)i);
}

/* parse s[0..n); the whole input must be one value */
static int tl__json_parse(tl__json *j, const char *s, size_t n, char *err) {
    size_t i = 0;
    int r;
    memset(j, 0, sizeof *j);
    j->src = s;
    j->len = n;
    r = tl__json_value(j, &i, 0, err);
    if (r < 0) { tl__json_free(j); return r; }
    i = tl__json_ws(s, i, n);
    if (i != n) { tl__json_free(j); return tl__fail(err, TL_ERR_FORMAT, "JSON: trailing data at byte %lu", (unsigned long)i); }
    return TL_OK;
}

/* first child of a container, or -1 */
static int tl__json_first(const tl__json *j, int i) { return (i >= 0 && j->t[i].size > 0) ? i + 1 : -1; }

/* decode the string token i into out (capacity >= raw length + 1); returns the byte length.
   \u escapes become UTF-8; lone surrogates become U+FFFD. */
static size_t tl__json_unescape(const tl__json *j, int i, char *out) {
    const char *s = j->src;
    size_t k = j->t[i].start, e = j->t[i].end, o = 0;
    while (k < e) {
        unsigned c = (unsigned char)s[k];
        if (c != '\\') { out[o++] = (char)c; k++; continue; }
        c = (unsigned char)s[k + 1];
        k += 2;
        switch (c) {
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            int q;
            for (q = 0; q < 4; q++) cp = cp * 16 + (unsigned)tl__hexval(s[k + q]);
            k += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && k + 6 <= e && s[k] == '\\' && s[k + 1] == 'u') {
                unsigned lo = 0;
                for (q = 0; q < 4; q++) lo = lo * 16 + (unsigned)tl__hexval(s[k + 2 + q]);
                if (lo >= 0xDC00 && lo < 0xE000) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); k += 6; }
            }
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
            if (cp < 0x80) out[o++] = (char)cp;
            else if (cp < 0x800) { out[o++] = (char)(0xC0 | (cp >> 6)); out[o++] = (char)(0x80 | (cp & 63)); }
            else if (cp < 0x10000) { out[o++] = (char)(0xE0 | (cp >> 12)); out[o++] = (char)(0x80 | ((cp >> 6) & 63)); out[o++] = (char)(0x80 | (cp & 63)); }
            else { out[o++] = (char)(0xF0 | (cp >> 18)); out[o++] = (char)(0x80 | ((cp >> 12) & 63)); out[o++] = (char)(0x80 | ((cp >> 6) & 63)); out[o++] = (char)(0x80 | (cp & 63)); }
            break;
        }
        default: out[o++] = (char)c; break; /* " \ / */
        }
    }
    out[o] = 0;
    return o;
}

/* unescaped copy (TL_MALLOC'd, NUL-terminated) of string token i; NULL if not a string or no memory */
static char *tl__json_strdup(const tl__json *j, int i, size_t *len) {
    char *out;
    size_t n;
    if (i < 0 || j->t[i].type != TL__J_STR) return NULL;
    out = (char *)TL_MALLOC(j->t[i].end - j->t[i].start + 1);
    if (!out) return NULL;
    n = tl__json_unescape(j, i, out);
    if (len) *len = n;
    return out;
}

/* does string token i equal s (after unescaping)? */
static int tl__json_streq(const tl__json *j, int i, const char *s) {
    size_t L = strlen(s), raw;
    char buf[256];
    if (i < 0 || j->t[i].type != TL__J_STR) return 0;
    raw = j->t[i].end - j->t[i].start;
    if (raw >= sizeof buf) return 0;
    if (memchr(j->src + j->t[i].start, '\\', raw) == NULL)
        return raw == L && memcmp(j->src + j->t[i].start, s, L) == 0;
    return tl__json_unescape(j, i, buf) == L && memcmp(buf, s, L) == 0;
}

/* value of key in object obj, or -1 */
static int tl__json_get(const tl__json *j, int obj, const char *key) {
    int k;
    if (obj < 0 || j->t[obj].type != TL__J_OBJ) return -1;
    for (k = tl__json_first(j, obj); k >= 0; k = j->t[k].next)
        if (tl__json_streq(j, k, key)) return k + 1;
    return -1;
}

static int tl__json_num(const tl__json *j, int i, double *out) {
    char buf[64];
    size_t L;
    if (i < 0 || j->t[i].type != TL__J_NUM) return 0;
    L = j->t[i].end - j->t[i].start;
    if (L >= sizeof buf) return 0;
    memcpy(buf, j->src + j->t[i].start, L);
    buf[L] = 0;
    *out = strtod(buf, NULL);
    return 1;
}

/* integer value within [lo, hi] */
static int tl__json_int(const tl__json *j, int i, long long lo, long long hi, long long *out) {
    double d;
    if (!tl__json_num(j, i, &d)) return 0;
    if (d != floor(d) || d < (double)lo || d > (double)hi) return 0;
    *out = (long long)d;
    return 1;
}

/* ---- safetensors: 8-byte LE header length, JSON header, data section ---- */
#define TL__ST_MAX_HEADER (256u << 20)
#define TL__ST_MAX_TENSORS 1000000

static int tl__dtype_parse(const tl__json *j, int i) {
    static const char *const names[] = {"F32", "F16", "BF16", "U32", "I32", "F64", "I64", "U8", "I8", "I16", "U16", "BOOL", "U64"};
    static const int codes[] = {TL_DT_F32, TL_DT_F16, TL_DT_BF16, TL_DT_U32, TL_DT_I32, TL_DT_F64, TL_DT_I64, TL_DT_U8, TL_DT_I8, TL_DT_I16, TL_DT_U16, TL_DT_BOOL, TL_DT_U64};
    int q;
    for (q = 0; q < (int)(sizeof codes / sizeof codes[0]); q++)
        if (tl__json_streq(j, i, names[q])) return codes[q];
    return TL_DT_UNKNOWN;
}

static int tl__st_cmp_name(const void *a, const void *b) {
    return strcmp(((const tl_tensor *)a)->name, ((const tl_tensor *)b)->name);
}

typedef struct { const tl_tensor *t; } tl__st_span;
static int tl__st_cmp_off(const void *a, const void *b) {
    const tl_tensor *x = ((const tl__st_span *)a)->t, *y = ((const tl__st_span *)b)->t;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    if (x->data != y->data) return x->data < y->data ? -1 : 1;
    return 0;
}

/* parse the header of mapped file `fi` and append its tensors; names go to a growing arena */
static int tl__st_parse(tl_safetensors *st, int fi, const char *path, int *cap, size_t *names_len, size_t *names_cap) {
    const unsigned char *base = (const unsigned char *)st->files[fi].base;
    size_t size = st->files[fi].size, data_size;
    uint64_t hlen;
    tl__json j;
    int r, k;
    char *err = st->err;
    if (size < 8) return tl__fail(err, TL_ERR_FORMAT, "%s: truncated (%lu bytes, no safetensors header)", path, (unsigned long)size);
    hlen = tl__ld64(base);
    if (hlen < 2 || hlen > TL__ST_MAX_HEADER) return tl__fail(err, TL_ERR_FORMAT, "%s: header length %llu is not sane", path, (unsigned long long)hlen);
    if (hlen > size - 8) return tl__fail(err, TL_ERR_FORMAT, "%s: header length %llu is larger than the file (%lu bytes): truncated?", path, (unsigned long long)hlen, (unsigned long)size);
    data_size = size - 8 - (size_t)hlen;
    r = tl__json_parse(&j, (const char *)base + 8, (size_t)hlen, err);
    if (r != TL_OK) {
        char msg[TL_ERR_SIZE];
        memcpy(msg, err, TL_ERR_SIZE);
        return tl__fail(err, r, "%s: bad header: %s", path, msg);
    }
    if (j.t[0].type != TL__J_OBJ) { tl__json_free(&j); return tl__fail(err, TL_ERR_FORMAT, "%s: header is not a JSON object", path); }
    for (k = tl__json_first(&j, 0); k >= 0; k = j.t[k].next) {
        int v = k + 1, dt, sh, off, d;
        tl_tensor *t;
        size_t nlen, elems = 1, nbytes;
        long long b, e;
        if (tl__json_streq(&j, k, "__metadata__")) continue;
        if (j.t[v].type != TL__J_OBJ) { r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor entry is not an object", path); goto fail; }
        if (st->ntensors >= TL__ST_MAX_TENSORS) { r = tl__fail(err, TL_ERR_FORMAT, "%s: too many tensors", path); goto fail; }
        if (st->ntensors == *cap) {
            int ncap = *cap ? *cap * 2 : 512;
            tl_tensor *nt = (tl_tensor *)TL_REALLOC(st->tensors, (size_t)ncap * sizeof *nt);
            if (!nt) { r = tl__fail(err, TL_ERR_NOMEM, "%s: out of memory", path); goto fail; }
            st->tensors = nt;
            *cap = ncap;
        }
        t = &st->tensors[st->ntensors];
        memset(t, 0, sizeof *t);
        /* name into the arena (stored as an offset until the arena stops moving) */
        nlen = j.t[k].end - j.t[k].start;
        if (*names_len + nlen + 1 > *names_cap) {
            size_t ncap = (*names_cap ? *names_cap * 2 : 65536) + nlen + 1;
            char *nn = (char *)TL_REALLOC(st->names, ncap);
            if (!nn) { r = tl__fail(err, TL_ERR_NOMEM, "%s: out of memory", path); goto fail; }
            st->names = nn;
            *names_cap = ncap;
        }
        nlen = tl__json_unescape(&j, k, st->names + *names_len);
        t->name = (const char *)(uintptr_t)(*names_len); /* offset, fixed up later */
        *names_len += nlen + 1;
        dt = tl__json_get(&j, v, "dtype");
        sh = tl__json_get(&j, v, "shape");
        off = tl__json_get(&j, v, "data_offsets");
        if (dt < 0 || j.t[dt].type != TL__J_STR || sh < 0 || j.t[sh].type != TL__J_ARR || off < 0 || j.t[off].type != TL__J_ARR || j.t[off].size != 2) {
            r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor '%s' lacks a valid dtype, shape or data_offsets", path, st->names + (uintptr_t)t->name);
            goto fail;
        }
        t->dtype = tl__dtype_parse(&j, dt);
        if (j.t[sh].size > 8) { r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor '%s' has more than 8 dimensions", path, st->names + (uintptr_t)t->name); goto fail; }
        t->ndim = j.t[sh].size;
        for (d = 0, e = tl__json_first(&j, sh); e >= 0; e = j.t[e].next, d++) {
            long long dim;
            if (!tl__json_int(&j, (int)e, 0, (long long)1 << 48, &dim)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor '%s' has a bad shape", path, st->names + (uintptr_t)t->name); goto fail; }
            t->shape[d] = dim;
            if (!tl__mul_ok(elems, (size_t)dim, &elems)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor '%s': shape product overflows", path, st->names + (uintptr_t)t->name); goto fail; }
        }
        e = tl__json_first(&j, off);
        if (!tl__json_int(&j, (int)e, 0, (long long)1 << 62, &b) || !tl__json_int(&j, j.t[e].next, 0, (long long)1 << 62, &e) || b > e || (unsigned long long)e > data_size) {
            r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor '%s': data_offsets outside the data section (%lu bytes): truncated file?", path, st->names + (uintptr_t)t->name, (unsigned long)data_size);
            goto fail;
        }
        if (t->dtype != TL_DT_UNKNOWN) {
            if (!tl__mul_ok(elems, (size_t)tl__dtype_size(t->dtype), &nbytes) || nbytes != (size_t)(e - b)) {
                r = tl__fail(err, TL_ERR_FORMAT, "%s: tensor '%s': %llu bytes do not match shape x %s", path, st->names + (uintptr_t)t->name, (unsigned long long)(e - b), tl_dtype_name(t->dtype));
                goto fail;
            }
        }
        t->data = base + 8 + hlen + b;
        t->nbytes = (size_t)(e - b);
        t->file = fi;
        st->ntensors++;
    }
    tl__json_free(&j);
    return TL_OK;
fail:
    tl__json_free(&j);
    return r;
}

/* sort by name, reject duplicates and overlapping data */
static int tl__st_finish(tl_safetensors *st) {
    int i;
    tl__st_span *sp;
    for (i = 0; i < st->ntensors; i++) st->tensors[i].name = st->names + (uintptr_t)st->tensors[i].name;
    if (st->ntensors > 1) qsort(st->tensors, (size_t)st->ntensors, sizeof *st->tensors, tl__st_cmp_name);
    for (i = 1; i < st->ntensors; i++)
        if (strcmp(st->tensors[i - 1].name, st->tensors[i].name) == 0)
            return tl__fail(st->err, TL_ERR_FORMAT, "duplicate tensor name '%s'", st->tensors[i].name);
    sp = (tl__st_span *)tl__calloc((size_t)st->ntensors + 1, sizeof *sp);
    if (!sp) return tl__fail(st->err, TL_ERR_NOMEM, "out of memory");
    for (i = 0; i < st->ntensors; i++) sp[i].t = &st->tensors[i];
    if (st->ntensors > 1) qsort(sp, (size_t)st->ntensors, sizeof *sp, tl__st_cmp_off);
    for (i = 1; i < st->ntensors; i++) {
        const tl_tensor *a = sp[i - 1].t, *b = sp[i].t;
        if (a->file == b->file && a->nbytes && b->nbytes && a->data + a->nbytes > b->data) {
            int r = tl__fail(st->err, TL_ERR_FORMAT, "tensors '%s' and '%s' overlap", a->name, b->name);
            TL_FREE(sp);
            return r;
        }
    }
    TL_FREE(sp);
    return TL_OK;
}

TLDEF void tl_st_close(tl_safetensors *st) {
    int i;
    for (i = 0; i < st->nfiles; i++) tl__unmap(&st->files[i]);
    TL_FREE(st->tensors);
    TL_FREE(st->names);
    st->tensors = NULL;
    st->names = NULL;
    st->ntensors = st->nfiles = 0;
}

/* a shard name from the index must be a plain file name: no directories, no "..". */
static int tl__plain_name(const char *s) {
    if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) return 0;
    for (; *s; s++)
        if (*s == '/' || *s == '\\' || *s == ':') return 0;
    return 1;
}

static int tl__st_open_index(tl_safetensors *st, const char *dir, const char *ipath, int *cap, size_t *nl, size_t *nc) {
    char *txt = NULL, path[4096];
    size_t len;
    tl__json j;
    int r, wm, k, f;
    char *shard[TL_MAX_SHARDS];
    int nshard = 0;
    r = tl__read_file(ipath, &txt, &len, 64u << 20, st->err);
    if (r) return r;
    r = tl__json_parse(&j, txt, len, st->err);
    if (r) {
        char msg[TL_ERR_SIZE];
        memcpy(msg, st->err, TL_ERR_SIZE);
        TL_FREE(txt);
        return tl__fail(st->err, r, "%s: %s", ipath, msg);
    }
    wm = tl__json_get(&j, 0, "weight_map");
    if (wm < 0 || j.t[wm].type != TL__J_OBJ) { r = tl__fail(st->err, TL_ERR_FORMAT, "%s: no weight_map object", ipath); goto done; }
    /* collect the distinct shard names in order of appearance */
    for (k = tl__json_first(&j, wm); k >= 0; k = j.t[k].next) {
        int v = k + 1, dup = 0, q;
        char *nm;
        if (j.t[v].type != TL__J_STR) { r = tl__fail(st->err, TL_ERR_FORMAT, "%s: weight_map values must be file names", ipath); goto done; }
        for (q = 0; q < nshard && !dup; q++) dup = tl__json_streq(&j, v, shard[q]);
        if (dup) continue;
        if (nshard == TL_MAX_SHARDS) { r = tl__fail(st->err, TL_ERR_UNSUPPORTED, "%s: more than %d shards", ipath, TL_MAX_SHARDS); goto done; }
        nm = tl__json_strdup(&j, v, NULL);
        if (!nm) { r = tl__fail(st->err, TL_ERR_NOMEM, "out of memory"); goto done; }
        shard[nshard++] = nm;
        if (!tl__plain_name(nm)) { r = tl__fail(st->err, TL_ERR_FORMAT, "%s: shard name '%s' is not a plain file name", ipath, nm); goto done; }
    }
    if (nshard == 0) { r = tl__fail(st->err, TL_ERR_FORMAT, "%s: weight_map is empty", ipath); goto done; }
    for (f = 0; f < nshard; f++) {
        if (!tl__join(path, sizeof path, dir, shard[f])) { r = tl__fail(st->err, TL_ERR_ARG, "path too long"); goto done; }
        r = tl__map(&st->files[f], path, st->err);
        if (r) goto done;
        st->nfiles = f + 1;
        st->mapped_bytes += st->files[f].size;
        r = tl__st_parse(st, f, path, cap, nl, nc);
        if (r) goto done;
    }
    r = tl__st_finish(st);
    if (r) goto done;
    /* every tensor of the index must be in the shard the index names */
    for (k = tl__json_first(&j, wm); k >= 0; k = j.t[k].next) {
        char *nm = tl__json_strdup(&j, k, NULL);
        const tl_tensor *t;
        if (!nm) { r = tl__fail(st->err, TL_ERR_NOMEM, "out of memory"); goto done; }
        t = tl_st_find(st, nm);
        if (!t || !tl__json_streq(&j, k + 1, shard[t->file])) {
            char want[256];
            size_t wl = j.t[k + 1].end - j.t[k + 1].start;
            if (wl > sizeof want - 1) wl = sizeof want - 1;
            memcpy(want, j.src + j.t[k + 1].start, wl);
            want[wl] = 0;
            r = tl__fail(st->err, TL_ERR_FORMAT, "%s: tensor '%s' is not in shard '%s'%s", ipath, nm, want, t ? " (it is in another shard)" : "");
            TL_FREE(nm);
            goto done;
        }
        TL_FREE(nm);
    }
done:
    for (f = 0; f < nshard; f++) TL_FREE(shard[f]);
    tl__json_free(&j);
    TL_FREE(txt);
    return r;
}

TLDEF int tl_st_open(tl_safetensors *st, const char *path) {
    char buf[4096];
    int r, cap = 0;
    size_t nl = 0, nc = 0;
    memset(st, 0, sizeof *st);
    if (!path) return tl__fail(st->err, TL_ERR_ARG, "no path given");
    if (tl__join(buf, sizeof buf, path, "model.safetensors.index.json") && tl__file_exists(buf)) {
        r = tl__st_open_index(st, path, buf, &cap, &nl, &nc);
    } else {
        const char *file = path;
        if (tl__join(buf, sizeof buf, path, "model.safetensors") && tl__file_exists(buf)) file = buf;
        else {
            size_t L = strlen(path);
            if (L < 12 || strcmp(path + L - 12, ".safetensors") != 0) {
                r = tl__fail(st->err, TL_ERR_IO, "%s: no model.safetensors or model.safetensors.index.json found", path);
                tl_st_close(st);
                return r;
            }
        }
        r = tl__map(&st->files[0], file, st->err);
        if (!r) {
            st->nfiles = 1;
            st->mapped_bytes = st->files[0].size;
            r = tl__st_parse(st, 0, file, &cap, &nl, &nc);
            if (!r) r = tl__st_finish(st);
        }
    }
    if (r) {
        char msg[TL_ERR_SIZE];
        memcpy(msg, st->err, TL_ERR_SIZE);
        tl_st_close(st);
        memcpy(st->err, msg, TL_ERR_SIZE);
    }
    return r;
}

TLDEF const tl_tensor *tl_st_find(const tl_safetensors *st, const char *name) {
    int lo = 0, hi = st->ntensors - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, c = strcmp(st->tensors[mid].name, name);
        if (c == 0) return &st->tensors[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}

/* ---- config.json (+ generation_config.json) ---- */
static int tl__cfg_int(const tl__json *j, const char *key, long long lo, long long hi, int required, int *out, char *err, const char *path) {
    int i = tl__json_get(j, 0, key);
    long long v;
    if (i < 0 || j->t[i].type == TL__J_NULL) {
        if (required) return tl__fail(err, TL_ERR_FORMAT, "%s: missing \"%s\"", path, key);
        return TL_OK;
    }
    if (!tl__json_int(j, i, lo, hi, &v)) return tl__fail(err, TL_ERR_FORMAT, "%s: \"%s\" must be an integer in [%lld, %lld]", path, key, lo, hi);
    *out = (int)v;
    return TL_OK;
}

static void tl__add_eos(tl_config *c, long long id) {
    int q;
    if (id < 0 || id >= c->vocab) return;
    for (q = 0; q < c->n_eos; q++)
        if (c->eos[q] == (int)id) return;
    if (c->n_eos < 8) c->eos[c->n_eos++] = (int)id;
}

static void tl__read_eos(tl_config *c, const tl__json *j) {
    int i = tl__json_get(j, 0, "eos_token_id"), e;
    long long v;
    if (i < 0) return;
    if (j->t[i].type == TL__J_ARR) {
        for (e = tl__json_first(j, i); e >= 0; e = j->t[e].next)
            if (tl__json_int(j, e, 0, INT_MAX, &v)) tl__add_eos(c, v);
    } else if (tl__json_int(j, i, 0, INT_MAX, &v)) tl__add_eos(c, v);
}

static int tl__config_load(tl_config *c, const char *dir, char *err, tl__json *keep, char **keep_txt) {
    char path[4096], *txt = NULL;
    size_t len;
    tl__json j;
    int r, i;
    double d;
    memset(c, 0, sizeof *c);
    if (!tl__join(path, sizeof path, dir, "config.json")) return tl__fail(err, TL_ERR_ARG, "path too long");
    if ((r = tl__read_file(path, &txt, &len, 16u << 20, err)) != TL_OK) return r;
    if ((r = tl__json_parse(&j, txt, len, err)) != TL_OK) {
        char msg[TL_ERR_SIZE];
        memcpy(msg, err, TL_ERR_SIZE);
        TL_FREE(txt);
        return tl__fail(err, r, "%s: %s", path, msg);
    }
    r = TL_OK;
    if (j.t[0].type != TL__J_OBJ) { r = tl__fail(err, TL_ERR_FORMAT, "%s: not a JSON object", path); goto done; }
    i = tl__json_get(&j, 0, "model_type");
    if (tl__json_streq(&j, i, "qwen2")) c->arch = TL_ARCH_QWEN2;
    else if (tl__json_streq(&j, i, "qwen3")) c->arch = TL_ARCH_QWEN3;
    else {
        char mt[64] = "(missing)";
        if (i >= 0 && j.t[i].type == TL__J_STR && j.t[i].end - j.t[i].start < sizeof mt) tl__json_unescape(&j, i, mt);
        r = tl__fail(err, TL_ERR_UNSUPPORTED, "%s: model_type '%s' is not supported (qwen2 and qwen3 are)", path, mt);
        goto done;
    }
    if ((r = tl__cfg_int(&j, "hidden_size", 1, 1 << 20, 1, &c->hidden, err, path)) ||
        (r = tl__cfg_int(&j, "intermediate_size", 1, 1 << 20, 1, &c->inter, err, path)) ||
        (r = tl__cfg_int(&j, "num_hidden_layers", 1, 1024, 1, &c->layers, err, path)) ||
        (r = tl__cfg_int(&j, "num_attention_heads", 1, 1024, 1, &c->heads, err, path)) ||
        (r = tl__cfg_int(&j, "vocab_size", 1, 1 << 24, 1, &c->vocab, err, path)))
        goto done;
    c->kv_heads = c->heads;
    c->max_pos = 32768;
    if ((r = tl__cfg_int(&j, "num_key_value_heads", 1, 1024, 0, &c->kv_heads, err, path)) ||
        (r = tl__cfg_int(&j, "max_position_embeddings", 1, 1 << 24, 0, &c->max_pos, err, path)))
        goto done;
    if (c->heads % c->kv_heads) { r = tl__fail(err, TL_ERR_FORMAT, "%s: num_attention_heads (%d) is not a multiple of num_key_value_heads (%d)", path, c->heads, c->kv_heads); goto done; }
    c->head_dim = 0;
    if ((r = tl__cfg_int(&j, "head_dim", 2, 4096, 0, &c->head_dim, err, path))) goto done;
    if (!c->head_dim) {
        if (c->hidden % c->heads) { r = tl__fail(err, TL_ERR_FORMAT, "%s: hidden_size (%d) is not a multiple of num_attention_heads (%d)", path, c->hidden, c->heads); goto done; }
        c->head_dim = c->hidden / c->heads;
    }
    if (c->head_dim % 2) { r = tl__fail(err, TL_ERR_FORMAT, "%s: head_dim %d must be even for RoPE", path, c->head_dim); goto done; }
    if ((long long)c->heads * c->head_dim > (1 << 20)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: heads x head_dim too large", path); goto done; }
    c->rope_theta = 10000.0f;
    c->rms_eps = 1e-6f;
    if ((i = tl__json_get(&j, 0, "rope_theta")) >= 0) {
        if (!tl__json_num(&j, i, &d) || !(d > 1.0 && d < 1e12)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: bad rope_theta", path); goto done; }
        c->rope_theta = (float)d;
    }
    if ((i = tl__json_get(&j, 0, "rms_norm_eps")) >= 0) {
        if (!tl__json_num(&j, i, &d) || !(d > 0 && d < 1)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: bad rms_norm_eps", path); goto done; }
        c->rms_eps = (float)d;
    }
    i = tl__json_get(&j, 0, "tie_word_embeddings");
    c->tied = (i >= 0) ? j.t[i].type == TL__J_TRUE : (c->arch == TL_ARCH_QWEN2 ? 0 : 1);
    i = tl__json_get(&j, 0, "quantization");
    if (i >= 0 && j.t[i].type == TL__J_OBJ) {
        {
            long long v;
            int g = tl__json_get(&j, i, "group_size"), b = tl__json_get(&j, i, "bits");
            if (g >= 0) { if (!tl__json_int(&j, g, 1, 1 << 20, &v)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: bad quantization.group_size", path); goto done; } c->q_group = (int)v; }
            if (b >= 0) { if (!tl__json_int(&j, b, 1, 32, &v)) { r = tl__fail(err, TL_ERR_FORMAT, "%s: bad quantization.bits", path); goto done; } c->q_bits = (int)v; }
        }
    }
    tl__read_eos(c, &j);
    *keep = j; /* the caller reads per-module quantization overrides from it, then frees */
    *keep_txt = txt;
    txt = NULL;
    /* generation_config.json adds stop ids (Qwen2-Instruct lists 151645 and 151643) */
    if (tl__join(path, sizeof path, dir, "generation_config.json") && tl__read_file(path, &txt, &len, 1u << 20, NULL) == TL_OK) {
        if (tl__json_parse(&j, txt, len, NULL) == TL_OK) {
            tl__read_eos(c, &j);
            tl__json_free(&j);
        }
        TL_FREE(txt);
    }
    /* Qwen's chat models end a turn with <|im_end|> and text with <|endoftext|> */
    tl__add_eos(c, 151645);
    tl__add_eos(c, 151643);
    return TL_OK;
done:
    tl__json_free(&j);
    TL_FREE(txt);
    return r;
}


/* config's quantization entry for one module: 1 and bits/group when listed as an object,
   2 when listed as false (kept in float), 0 when not listed */
static int tl__cfg_qentry(const tl__json *j, const char *module, int *bits, int *group) {
    int q = tl__json_get(j, 0, "quantization"), e, b, g;
    long long v;
    if (q < 0) return 0;
    e = tl__json_get(j, q, module);
    if (e < 0) return 0;
    if (j->t[e].type == TL__J_FALSE) return 2;
    if (j->t[e].type != TL__J_OBJ) return 0;
    b = tl__json_get(j, e, "bits");
    g = tl__json_get(j, e, "group_size");
    *bits = tl__json_int(j, b, 1, 32, &v) ? (int)v : -1;
    *group = tl__json_int(j, g, 1, 1 << 20, &v) ? (int)v : -1;
    return 1;
}
/* ============================================================================================
   3. kernels
   Scalar reference versions; each hot kernel reads weights in their stored format.
   ============================================================================================ */

/* value j of a packed row: MLX rows are little-endian bitstreams, j at bits [j*bits, (j+1)*bits) */
static unsigned tl__qget(const unsigned char *row, int bits, int j) {
    size_t bit = (size_t)j * (size_t)bits;
    size_t by = bit >> 3;
    int sh = (int)(bit & 7);
    unsigned v = (unsigned)row[by] >> sh;
    if (sh + bits > 8) v |= (unsigned)row[by + 1] << (8 - sh);
    return v & ((1u << bits) - 1u);
}

/* row r of W dequantized to f32 (embedding lookup) */
static void tl__row_f32(const tl_weight *W, int r, float *out) {
    const unsigned char *row = W->w + (size_t)r * W->row_bytes;
    int c;
    switch (W->kind) {
    case TL_W_F32: for (c = 0; c < W->cols; c++) out[c] = tl__ldf32(row + 4 * (size_t)c); break;
    case TL_W_F16: for (c = 0; c < W->cols; c++) out[c] = tl__f16_to_f32(tl__ld16(row + 2 * (size_t)c)); break;
    case TL_W_BF16: for (c = 0; c < W->cols; c++) out[c] = tl__bf16_to_f32(tl__ld16(row + 2 * (size_t)c)); break;
    default: {
        int ng = W->cols / W->group, g;
        size_t sidx = (size_t)r * (size_t)ng;
        for (g = 0; g < ng; g++) {
            float s = tl__ldf(W->scales, W->sdtype, sidx + (size_t)g), b = tl__ldf(W->biases, W->sdtype, sidx + (size_t)g);
            for (c = g * W->group; c < (g + 1) * W->group; c++) out[c] = (float)tl__qget(row, W->bits, c) * s + b;
        }
    }
    }
}

/* dot(W[r], x): the scalar reference of every matmul */
static float tl__dot_ref(const tl_weight *W, int r, const float *x) {
    const unsigned char *row = W->w + (size_t)r * W->row_bytes;
    float acc = 0.0f;
    int c;
    switch (W->kind) {
    case TL_W_F32: for (c = 0; c < W->cols; c++) acc += tl__ldf32(row + 4 * (size_t)c) * x[c]; break;
    case TL_W_F16: for (c = 0; c < W->cols; c++) acc += tl__f16_to_f32(tl__ld16(row + 2 * (size_t)c)) * x[c]; break;
    case TL_W_BF16: for (c = 0; c < W->cols; c++) acc += tl__bf16_to_f32(tl__ld16(row + 2 * (size_t)c)) * x[c]; break;
    default: {
        /* sum_j (q_j s + b) x_j = s * sum_j q_j x_j + b * sum_j x_j, per group */
        int ng = W->cols / W->group, g;
        size_t sidx = (size_t)r * (size_t)ng;
        for (g = 0; g < ng; g++) {
            float s = tl__ldf(W->scales, W->sdtype, sidx + (size_t)g), b = tl__ldf(W->biases, W->sdtype, sidx + (size_t)g);
            float qx = 0.0f, xs = 0.0f;
            for (c = g * W->group; c < (g + 1) * W->group; c++) {
                qx += (float)tl__qget(row, W->bits, c) * x[c];
                xs += x[c];
            }
            acc += s * qx + b * xs;
        }
    }
    }
    return acc;
}

/* Y[t*ldy + r] = W[r] . X[t*cols], t < n, all rows; threads split the rows, so every output
   element is computed by one thread in a fixed order: results do not depend on the thread count */
static void tl__matmul(float *Y, int ldy, const float *X, int n, const tl_weight *W, int nthreads) {
    int r;
    (void)nthreads;
#ifdef _OPENMP
    if (nthreads <= 0) nthreads = omp_get_max_threads();
#pragma omp parallel for num_threads(nthreads) schedule(static) if ((long long)W->rows * W->cols * n > 32768)
#endif
    for (r = 0; r < W->rows; r++) {
        int t;
        for (t = 0; t < n; t++) Y[(size_t)t * ldy + r] = tl__dot_ref(W, r, X + (size_t)t * W->cols);
    }
}

static void tl__rmsnorm(float *o, const float *x, const float *w, int n, float eps) {
    float ss = 0.0f, inv;
    int i;
    for (i = 0; i < n; i++) ss += x[i] * x[i];
    inv = 1.0f / sqrtf(ss / (float)n + eps);
    for (i = 0; i < n; i++) o[i] = x[i] * inv * w[i];
}

/* RoPE, split-half (NeoX) form: pairs (i, i + hd/2) rotate by pos * theta^(-2i/hd) */
static void tl__rope(float *v, int nheads, int hd, const float *cs) {
    int h, i, half = hd / 2;
    for (h = 0; h < nheads; h++) {
        float *p = v + (size_t)h * hd;
        for (i = 0; i < half; i++) {
            float c = cs[2 * i], s = cs[2 * i + 1], a = p[i], b = p[i + half];
            p[i] = a * c - b * s;
            p[i + half] = a * s + b * c;
        }
    }
}

/* cos/sin table of one position (double precision angles: positions reach 32768) */
static void tl__rope_cs(float *cs, int hd, int pos, float theta) {
    int i, half = hd / 2;
    for (i = 0; i < half; i++) {
        double ang = (double)pos * pow((double)theta, -2.0 * i / hd);
        cs[2 * i] = (float)cos(ang);
        cs[2 * i + 1] = (float)sin(ang);
    }
}

/* one query head against keys 0..npos-1, online softmax: scores, softmax and the weighted sum
   of V in one pass over the cache */
static void tl__attn_head(float *out, const float *q, const float *kc, const float *vc, int npos, int stride, int hd, float scale) {
    float m = -FLT_MAX, sum = 0.0f;
    int s, i;
    for (i = 0; i < hd; i++) out[i] = 0.0f;
    for (s = 0; s < npos; s++) {
        const float *k = kc + (size_t)s * stride, *v = vc + (size_t)s * stride;
        float sc = 0.0f, w;
        for (i = 0; i < hd; i++) sc += q[i] * k[i];
        sc *= scale;
        if (sc > m) {
            float f = expf(m - sc);
            sum *= f;
            for (i = 0; i < hd; i++) out[i] *= f;
            m = sc;
        }
        w = expf(sc - m);
        sum += w;
        for (i = 0; i < hd; i++) out[i] += w * v[i];
    }
    for (i = 0; i < hd; i++) out[i] /= sum;
}

static void tl__silu_mul(float *a, const float *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) a[i] = a[i] / (1.0f + expf(-a[i])) * b[i];
}

static void tl__add(float *a, const float *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) a[i] += b[i];
}

/* ============================================================================================
   4. model: binding tensors to the Qwen2/Qwen3 graph, the forward pass
   ============================================================================================ */

static int tl__shape_is(const tl_tensor *t, int ndim, int64_t a, int64_t b) {
    return t->ndim == ndim && t->shape[0] == a && (ndim < 2 || t->shape[1] == b);
}

/* bind module `mod` (e.g. "model.layers.3.mlp.up_proj") as a [rows x cols] matrix: a float
   X.weight, or MLX affine X.weight U32 + X.scales + X.biases, bits/group from the shapes,
   checked against config.json's quantization entries */
static int tl__bind_linear(tl_model *m, const tl__json *cj, const char *mod, int rows, int cols, tl_weight *W) {
    char name[256];
    const tl_tensor *w, *s, *b;
    int qb = 0, qg = 0, ent;
    memset(W, 0, sizeof *W);
    snprintf(name, sizeof name, "%s.weight", mod);
    w = tl_st_find(&m->st, name);
    if (!w) return tl__fail(m->err, TL_ERR_FORMAT, "missing tensor '%s' (expected [%d, %d])", name, rows, cols);
    snprintf(name, sizeof name, "%s.scales", mod);
    s = tl_st_find(&m->st, name);
    W->rows = rows;
    W->cols = cols;
    W->w = w->data;
    ent = tl__cfg_qentry(cj, mod, &qb, &qg);
    if (!s) {
        int dt = w->dtype;
        if (ent == 1) return tl__fail(m->err, TL_ERR_FORMAT, "config.json quantizes '%s' but it has no scales", mod);
        if (dt != TL_DT_F32 && dt != TL_DT_F16 && dt != TL_DT_BF16)
            return tl__fail(m->err, TL_ERR_UNSUPPORTED, "tensor '%s.weight' has dtype %s (F32, F16, BF16, or U32 with scales expected)", mod, tl_dtype_name(dt));
        if (!tl__shape_is(w, 2, rows, cols))
            return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s.weight' has the wrong shape (expected [%d, %d])", mod, rows, cols);
        W->kind = dt == TL_DT_F32 ? TL_W_F32 : dt == TL_DT_F16 ? TL_W_F16 : TL_W_BF16;
        W->row_bytes = (size_t)cols * (size_t)tl__dtype_size(dt);
        return TL_OK;
    }
    snprintf(name, sizeof name, "%s.biases", mod);
    b = tl_st_find(&m->st, name);
    if (!b) return tl__fail(m->err, TL_ERR_FORMAT, "missing tensor '%s' (quantized '%s' has scales)", name, mod);
    if (ent == 2) return tl__fail(m->err, TL_ERR_FORMAT, "config.json keeps '%s' in float but it has scales", mod);
    if (w->dtype != TL_DT_U32 || w->ndim != 2 || w->shape[0] != rows || w->shape[1] <= 0)
        return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s.weight' must be U32 [%d, cols*bits/32] (it is %s with %d dims)", mod, rows, tl_dtype_name(w->dtype), w->ndim);
    if ((w->shape[1] * 32) % cols) return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s.weight': %lld words per row do not hold %d values of a whole number of bits", mod, (long long)w->shape[1], cols);
    W->bits = (int)(w->shape[1] * 32 / cols);
    if (W->bits != 2 && W->bits != 3 && W->bits != 4 && W->bits != 5 && W->bits != 6 && W->bits != 8)
        return tl__fail(m->err, TL_ERR_UNSUPPORTED, "tensor '%s.weight': %d-bit quantization is not supported (2,3,4,5,6,8 are)", mod, W->bits);
    if (s->ndim != 2 || s->shape[0] != rows || s->shape[1] <= 0 || cols % s->shape[1])
        return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s.scales' must be [%d, %d/group]", mod, rows, cols);
    W->group = (int)(cols / s->shape[1]);
    if (!tl__shape_is(b, 2, s->shape[0], s->shape[1]) || b->dtype != s->dtype)
        return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s.biases' must match '%s.scales' in shape and dtype", mod, mod);
    if (s->dtype != TL_DT_F16 && s->dtype != TL_DT_BF16 && s->dtype != TL_DT_F32)
        return tl__fail(m->err, TL_ERR_UNSUPPORTED, "tensor '%s.scales' has dtype %s (F16, BF16 or F32 expected)", mod, tl_dtype_name(s->dtype));
    if (ent == 0 && m->cfg.q_bits) { qb = m->cfg.q_bits; qg = m->cfg.q_group; }
    if ((ent == 1 || m->cfg.q_bits) && (qb != W->bits || qg != W->group))
        return tl__fail(m->err, TL_ERR_FORMAT, "'%s' is stored as %d-bit group %d but config.json says %d-bit group %d", mod, W->bits, W->group, qb, qg);
    W->kind = TL_W_Q;
    W->row_bytes = (size_t)w->shape[1] * 4;
    W->sdtype = s->dtype;
    W->scales = s->data;
    W->biases = b->data;
    return TL_OK;
}

static size_t tl__weight_bytes(const tl_weight *W) {
    size_t n = (size_t)W->rows * W->row_bytes;
    if (W->kind == TL_W_Q) n += 2 * (size_t)W->rows * (size_t)(W->cols / W->group) * (size_t)tl__dtype_size(W->sdtype);
    return n;
}

/* a 1-D float tensor (norm weight, bias) copied to f32: tiny, and read many times per token */
static int tl__bind_vec(tl_model *m, const char *name, int n, float **dst, float **arena) {
    const tl_tensor *t = tl_st_find(&m->st, name);
    int i;
    if (!t) return tl__fail(m->err, TL_ERR_FORMAT, "missing tensor '%s' (expected [%d])", name, n);
    if (t->dtype != TL_DT_F32 && t->dtype != TL_DT_F16 && t->dtype != TL_DT_BF16)
        return tl__fail(m->err, TL_ERR_UNSUPPORTED, "tensor '%s' has dtype %s (F32, F16 or BF16 expected)", name, tl_dtype_name(t->dtype));
    if (!tl__shape_is(t, 1, n, 0)) return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s' has the wrong shape (expected [%d])", name, n);
    for (i = 0; i < n; i++) (*arena)[i] = tl__ldf(t->data, t->dtype, (size_t)i);
    *dst = *arena;
    *arena += n;
    return TL_OK;
}

TLDEF void tl_model_free(tl_model *m) {
    tl_st_close(&m->st);
    TL_FREE(m->layer);
    TL_FREE(m->vecs);
    m->layer = NULL;
    m->vecs = NULL;
}

TLDEF int tl_model_load(tl_model *m, const char *dir) {
    tl_config *c = &m->cfg;
    tl__json cj;
    char *ctxt = NULL, mod[128], nm[160];
    float *arena;
    size_t nvec;
    int r, l, D, hd, qd, kvd;
    memset(m, 0, sizeof *m);
    if (!dir) return tl__fail(m->err, TL_ERR_ARG, "no model directory given");
    memset(&cj, 0, sizeof cj);
    if ((r = tl__config_load(c, dir, m->err, &cj, &ctxt)) != TL_OK) return r;
    if ((r = tl_st_open(&m->st, dir)) != TL_OK) {
        memcpy(m->err, m->st.err, TL_ERR_SIZE);
        goto fail;
    }
    D = c->hidden; hd = c->head_dim; qd = c->heads * hd; kvd = c->kv_heads * hd;
    m->layer = (tl_layer *)tl__calloc((size_t)c->layers, sizeof *m->layer);
    nvec = (size_t)D * (2 * (size_t)c->layers + 1) + (size_t)c->layers * ((size_t)qd + 2 * (size_t)kvd + 2 * (size_t)hd);
    m->vecs = (float *)tl__calloc(nvec, sizeof(float));
    if (!m->layer || !m->vecs) { r = tl__fail(m->err, TL_ERR_NOMEM, "out of memory"); goto fail; }
    arena = m->vecs;
    if ((r = tl__bind_linear(m, &cj, "model.embed_tokens", c->vocab, D, &m->embed))) goto fail;
    if (c->tied) {
        if (tl_st_find(&m->st, "lm_head.weight") && !tl_st_find(&m->st, "lm_head.scales")) {
            /* some exports keep a copy even when tied: use it, it is the same matrix */
        }
        m->lm_head = m->embed;
    } else if ((r = tl__bind_linear(m, &cj, "lm_head", c->vocab, D, &m->lm_head))) goto fail;
    if ((r = tl__bind_vec(m, "model.norm.weight", D, (float **)&m->norm, &arena))) goto fail;
    m->weight_bytes = tl__weight_bytes(&m->lm_head);
    for (l = 0; l < c->layers; l++) {
        tl_layer *L = &m->layer[l];
        struct { const char *suffix; tl_weight *w; int rows, cols; } lin[7];
        int q;
        lin[0].suffix = "self_attn.q_proj"; lin[0].w = &L->wq; lin[0].rows = qd; lin[0].cols = D;
        lin[1].suffix = "self_attn.k_proj"; lin[1].w = &L->wk; lin[1].rows = kvd; lin[1].cols = D;
        lin[2].suffix = "self_attn.v_proj"; lin[2].w = &L->wv; lin[2].rows = kvd; lin[2].cols = D;
        lin[3].suffix = "self_attn.o_proj"; lin[3].w = &L->wo; lin[3].rows = D; lin[3].cols = qd;
        lin[4].suffix = "mlp.gate_proj"; lin[4].w = &L->gate; lin[4].rows = c->inter; lin[4].cols = D;
        lin[5].suffix = "mlp.up_proj"; lin[5].w = &L->up; lin[5].rows = c->inter; lin[5].cols = D;
        lin[6].suffix = "mlp.down_proj"; lin[6].w = &L->down; lin[6].rows = D; lin[6].cols = c->inter;
        for (q = 0; q < 7; q++) {
            snprintf(mod, sizeof mod, "model.layers.%d.%s", l, lin[q].suffix);
            if ((r = tl__bind_linear(m, &cj, mod, lin[q].rows, lin[q].cols, lin[q].w))) goto fail;
            m->weight_bytes += tl__weight_bytes(lin[q].w);
        }
#define TL__VEC(field, fmt, n) \
        snprintf(nm, sizeof nm, "model.layers.%d." fmt, l); \
        if ((r = tl__bind_vec(m, nm, n, (float **)&L->field, &arena))) goto fail;
        TL__VEC(attn_norm, "input_layernorm.weight", D)
        TL__VEC(ffn_norm, "post_attention_layernorm.weight", D)
        if (c->arch == TL_ARCH_QWEN2) {
            TL__VEC(bq, "self_attn.q_proj.bias", qd)
            TL__VEC(bk, "self_attn.k_proj.bias", kvd)
            TL__VEC(bv, "self_attn.v_proj.bias", kvd)
        } else {
            TL__VEC(q_norm, "self_attn.q_norm.weight", hd)
            TL__VEC(k_norm, "self_attn.k_norm.weight", hd)
        }
#undef TL__VEC
    }
    snprintf(m->desc, sizeof m->desc, "%s, %s", c->arch == TL_ARCH_QWEN3 ? "qwen3" : "qwen2",
             m->embed.kind == TL_W_Q ? "MLX affine" : m->embed.kind == TL_W_BF16 ? "BF16" : m->embed.kind == TL_W_F16 ? "F16" : "F32");
    if (m->layer[0].down.kind == TL_W_Q || m->embed.kind == TL_W_Q) {
        const tl_weight *qw = m->embed.kind == TL_W_Q ? &m->embed : &m->layer[0].down;
        size_t L = strlen(m->desc);
        snprintf(m->desc + L, sizeof m->desc - L, " %d-bit g%d%s", qw->bits, qw->group, c->q_bits ? "" : " (inferred)");
    }
    tl__json_free(&cj);
    TL_FREE(ctxt);
    return TL_OK;
fail:
    tl__json_free(&cj);
    TL_FREE(ctxt);
    {
        char msg[TL_ERR_SIZE];
        memcpy(msg, m->err, TL_ERR_SIZE);
        tl_model_free(m);
        snprintf(m->err, TL_ERR_SIZE, "%s: %s", dir, msg);
    }
    return r;
}

/* ---- sessions ---- */
TLDEF void tl_session_free(tl_session *s) {
    TL_FREE(s->tokens); TL_FREE(s->kc); TL_FREE(s->vc); TL_FREE(s->x); TL_FREE(s->xb); TL_FREE(s->xb2);
    TL_FREE(s->q); TL_FREE(s->hb); TL_FREE(s->hb2); TL_FREE(s->logits); TL_FREE(s->work);
    memset(s, 0, sizeof *s);
}

TLDEF void tl_session_reset(tl_session *s) { s->n_past = 0; }

TLDEF int tl_session_init(tl_session *s, const tl_model *m, int ctx) {
    const tl_config *c = &m->cfg;
    size_t kvn, B, qd = (size_t)c->heads * c->head_dim, big;
    memset(s, 0, sizeof *s);
    if (ctx < 0) return tl__fail(s->err, TL_ERR_ARG, "context %d is negative", ctx);
    if (ctx == 0 || ctx > c->max_pos) ctx = c->max_pos;
    s->m = m;
    s->ctx = ctx;
    s->batch = 64;
    B = (size_t)s->batch;
    big = qd > (size_t)c->hidden ? qd : (size_t)c->hidden;
    if (!tl__mul_ok((size_t)c->layers * (size_t)ctx, (size_t)c->kv_heads * c->head_dim, &kvn) || !tl__mul_ok(kvn, sizeof(float), &kvn))
        return tl__fail(s->err, TL_ERR_NOMEM, "KV cache too large");
    /* the cache is not cleared: a position is always written before it is read, and untouched
       pages of a large allocation cost no memory */
    s->kc = (float *)TL_MALLOC(kvn);
    s->vc = (float *)TL_MALLOC(kvn);
    s->tokens = (int *)tl__calloc((size_t)ctx, sizeof(int));
    s->x = (float *)tl__calloc(B * c->hidden, sizeof(float));
    s->xb = (float *)tl__calloc(B * big, sizeof(float));
    s->xb2 = (float *)tl__calloc(B * big, sizeof(float));
    s->q = (float *)tl__calloc(B * qd, sizeof(float));
    s->hb = (float *)tl__calloc(B * c->inter, sizeof(float));
    s->hb2 = (float *)tl__calloc(B * c->inter, sizeof(float));
    s->logits = (float *)tl__calloc((size_t)c->vocab, sizeof(float));
    s->work = (float *)tl__calloc((size_t)c->vocab * 2 + (size_t)c->head_dim * 2, sizeof(float)); /* sampler candidates or RoPE table */
    if (!s->kc || !s->vc || !s->tokens || !s->x || !s->xb || !s->xb2 || !s->q || !s->hb || !s->hb2 || !s->logits || !s->work) {
        tl_session_free(s);
        return tl__fail(s->err, TL_ERR_NOMEM, "out of memory for a %d-token session", ctx);
    }
    return TL_OK;
}

/* ---- the forward pass of n tokens at positions pos..pos+n-1 (n <= batch) ---- */
static void tl__forward_chunk(tl_session *s, const int *tok, int n, int pos) {
    const tl_model *m = s->m;
    const tl_config *c = &m->cfg;
    int D = c->hidden, hd = c->head_dim, qd = c->heads * hd, kvd = c->kv_heads * hd, I = c->inter;
    int l, t, nt = s->nthreads, group = c->heads / c->kv_heads;
    float *x = s->x, *xb = s->xb, *xb2 = s->xb2, *q = s->q, *cs = s->work;
    float scale = 1.0f / sqrtf((float)hd);
    for (t = 0; t < n; t++) tl__row_f32(&m->embed, tok[t], x + (size_t)t * D);
    for (l = 0; l < c->layers; l++) {
        const tl_layer *L = &m->layer[l];
        float *kc = s->kc + (size_t)l * s->ctx * kvd, *vc = s->vc + (size_t)l * s->ctx * kvd;
        float *k = kc + (size_t)pos * kvd, *v = vc + (size_t)pos * kvd;
        int th;
        /* attention block: K and V go straight into the cache */
        for (t = 0; t < n; t++) tl__rmsnorm(xb + (size_t)t * D, x + (size_t)t * D, L->attn_norm, D, c->rms_eps);
        tl__matmul(q, qd, xb, n, &L->wq, nt);
        tl__matmul(k, kvd, xb, n, &L->wk, nt);
        tl__matmul(v, kvd, xb, n, &L->wv, nt);
        for (t = 0; t < n; t++) {
            float *qt = q + (size_t)t * qd, *kt = k + (size_t)t * kvd;
            int h;
            if (L->bq) {
                tl__add(qt, L->bq, (size_t)qd);
                tl__add(kt, L->bk, (size_t)kvd);
                tl__add(v + (size_t)t * kvd, L->bv, (size_t)kvd);
            }
            if (L->q_norm) { /* Qwen3: RMSNorm per head before RoPE */
                for (h = 0; h < c->heads; h++) tl__rmsnorm(qt + (size_t)h * hd, qt + (size_t)h * hd, L->q_norm, hd, c->rms_eps);
                for (h = 0; h < c->kv_heads; h++) tl__rmsnorm(kt + (size_t)h * hd, kt + (size_t)h * hd, L->k_norm, hd, c->rms_eps);
            }
            tl__rope_cs(cs, hd, pos + t, c->rope_theta);
            tl__rope(qt, c->heads, hd, cs);
            tl__rope(kt, c->kv_heads, hd, cs);
        }
        /* causal grouped-query attention: query head h reads kv head h / (heads / kv_heads) */
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt > 0 ? nt : omp_get_max_threads()) schedule(dynamic, 1) if (n * c->heads > 1)
#endif
        for (th = 0; th < n * c->heads; th++) {
            int tt = th / c->heads, h = th % c->heads, kh = h / group;
            tl__attn_head(xb2 + (size_t)tt * qd + (size_t)h * hd, q + (size_t)tt * qd + (size_t)h * hd,
                          kc + (size_t)kh * hd, vc + (size_t)kh * hd, pos + tt + 1, kvd, hd, scale);
        }
        tl__matmul(xb, D, xb2, n, &L->wo, nt);
        tl__add(x, xb, (size_t)n * D);
        /* MLP block: down(silu(gate(x)) * up(x)) */
        for (t = 0; t < n; t++) tl__rmsnorm(xb + (size_t)t * D, x + (size_t)t * D, L->ffn_norm, D, c->rms_eps);
        tl__matmul(s->hb, I, xb, n, &L->gate, nt);
        tl__matmul(s->hb2, I, xb, n, &L->up, nt);
        tl__silu_mul(s->hb, s->hb2, (size_t)n * I);
        tl__matmul(xb, D, s->hb, n, &L->down, nt);
        tl__add(x, xb, (size_t)n * D);
    }
}

TLDEF int tl_forward(tl_session *s, const int *tokens, int n, int pos, float *logits, int all_logits) {
    const tl_model *m = s->m;
    int c0, t, V;
    if (!m) return tl__fail(s->err, TL_ERR_ARG, "session is not initialised");
    V = m->cfg.vocab;
    if (n <= 0 || !tokens) return tl__fail(s->err, TL_ERR_ARG, "no tokens to run");
    if (pos < 0 || pos > s->n_past) return tl__fail(s->err, TL_ERR_RANGE, "position %d is past the %d cached tokens", pos, s->n_past);
    if (n > s->ctx - pos) return tl__fail(s->err, TL_ERR_RANGE, "%d tokens at position %d do not fit the context of %d tokens", n, pos, s->ctx);
    for (t = 0; t < n; t++)
        if (tokens[t] < 0 || tokens[t] >= V) return tl__fail(s->err, TL_ERR_RANGE, "token id %d is out of range [0, %d)", tokens[t], V);
    s->n_past = pos;
    for (c0 = 0; c0 < n; c0 += s->batch) {
        int nb = n - c0 < s->batch ? n - c0 : s->batch, D = m->cfg.hidden;
        tl__forward_chunk(s, tokens + c0, nb, pos + c0);
        memcpy(s->tokens + pos + c0, tokens + c0, (size_t)nb * sizeof(int));
        s->n_past = pos + c0 + nb;
        if (logits && (all_logits || c0 + nb == n)) {
            int first = all_logits ? 0 : nb - 1;
            for (t = first; t < nb; t++) tl__rmsnorm(s->xb + (size_t)(t - first) * D, s->x + (size_t)t * D, m->norm, D, m->cfg.rms_eps);
            tl__matmul(all_logits ? logits + (size_t)c0 * V : logits, V, s->xb, nb - first, &m->lm_head, s->nthreads);
        }
    }
    return TL_OK;
}

/*@TOKENIZER@*/
/* ============================================================================================
   6. generation and sampling
   ============================================================================================ */

TLDEF void tl_gen_params_default(tl_gen_params *p) {
    memset(p, 0, sizeof *p);
    p->max_new = 256;
    p->top_p = 1.0f;
    p->seed = 0x2545F4914F6CDD1DULL;
}

TLDEF int tl_argmax(const float *x, int n) {
    int i, best = 0;
    for (i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* splitmix64: portable, so a seed gives the same text on every machine */
TLDEF uint64_t tl_rng_next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

typedef struct { float v; int i; } tl__cand;
static int tl__cand_cmp(const void *a, const void *b) {
    const tl__cand *x = (const tl__cand *)a, *y = (const tl__cand *)b;
    if (x->v != y->v) return x->v > y->v ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The candidate set of one draw: top-k, then softmax(logits / temp), then top-p (the smallest
   prefix whose probability reaches top_p), then min-p (probability >= min_p * the best one).
   Tokens below e^-40 of the best are dropped before sorting: they cannot change a float draw.
   cand: scratch of n entries. Returns the count; cand[0..count) holds ids and unnormalised
   weights, best first. */
static int tl__sample_set(const float *logits, int n, const tl_gen_params *p, tl__cand *cand) {
    int i, nc = 0, best = tl_argmax(logits, n);
    float mx = logits[best], temp = p->temp > 0.0f ? p->temp : 1.0f;
    double sum = 0.0, cum;
    for (i = 0; i < n; i++)
        if ((logits[i] - mx) / temp > -40.0f) { cand[nc].v = logits[i]; cand[nc].i = i; nc++; }
    qsort(cand, (size_t)nc, sizeof *cand, tl__cand_cmp);
    if (p->top_k > 0 && p->top_k < nc) nc = p->top_k;
    for (i = 0; i < nc; i++) {
        cand[i].v = (float)exp((double)(cand[i].v - mx) / temp);
        sum += cand[i].v;
    }
    if (p->top_p > 0.0f && p->top_p < 1.0f) {
        cum = 0.0;
        for (i = 0; i < nc; i++) {
            cum += cand[i].v / sum;
            if (cum >= p->top_p) { nc = i + 1; break; }
        }
    }
    if (p->min_p > 0.0f)
        for (i = 1; i < nc; i++)
            if (cand[i].v < p->min_p * cand[0].v) { nc = i; break; }
    return nc;
}

TLDEF int tl_sample_filter(const float *logits, int n, const tl_gen_params *p, int *ids, float *probs) {
    tl__cand *cand;
    int nc, i;
    double sum = 0.0;
    if (n <= 0 || !logits || !p || !ids || !probs) return TL_ERR_ARG;
    cand = (tl__cand *)TL_MALLOC((size_t)n * sizeof *cand);
    if (!cand) return TL_ERR_NOMEM;
    nc = tl__sample_set(logits, n, p, cand);
    for (i = 0; i < nc; i++) sum += cand[i].v;
    for (i = 0; i < nc; i++) { ids[i] = cand[i].i; probs[i] = (float)(cand[i].v / sum); }
    TL_FREE(cand);
    return nc;
}

TLDEF int tl_sample(const float *logits, int n, const tl_gen_params *p, uint64_t *rng, void *work) {
    tl__cand *cand = (tl__cand *)work;
    int i, nc, best;
    double sum = 0.0, u, cum = 0.0;
    if (n <= 0 || !logits) return -1;
    best = tl_argmax(logits, n);
    if (!p || p->temp <= 0.0f || p->top_k == 1) return best; /* greedy */
    if (!cand) cand = (tl__cand *)TL_MALLOC((size_t)n * sizeof *cand);
    if (!cand) return best;
    nc = tl__sample_set(logits, n, p, cand);
    for (i = 0; i < nc; i++) sum += cand[i].v;
    u = (double)(tl_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0) * sum; /* [0, sum) */
    best = cand[nc - 1].i;
    for (i = 0; i < nc; i++) {
        cum += cand[i].v;
        if (u < cum) { best = cand[i].i; break; }
    }
    if (cand != (tl__cand *)work) TL_FREE(cand);
    return best;
}

TLDEF int tl_is_eos(const tl_model *m, int token) {
    int q;
    for (q = 0; q < m->cfg.n_eos; q++)
        if (m->cfg.eos[q] == token) return 1;
    return 0;
}

/* KV-cached generation: prefill what the cache does not already hold, then one token a step */
TLDEF int tl_generate(tl_session *s, const int *prompt, int n, const tl_gen_params *p, tl_token_fn fn, void *user) {
    tl_gen_params def;
    uint64_t rng;
    int common = 0, r, gen = 0;
    if (!p) { tl_gen_params_default(&def); p = &def; }
    rng = p->seed;
    if (!s->m) return tl__fail(s->err, TL_ERR_ARG, "session is not initialised");
    if (n <= 0 || !prompt) return tl__fail(s->err, TL_ERR_ARG, "empty prompt");
    if (n > s->ctx) return tl__fail(s->err, TL_ERR_RANGE, "prompt of %d tokens is longer than the context (%d tokens)", n, s->ctx);
    while (common < s->n_past && common < n && s->tokens[common] == prompt[common]) common++;
    if (common == n) common--; /* the last prompt token must run to give logits */
    if ((r = tl_forward(s, prompt + common, n - common, common, s->logits, 0)) != TL_OK) return r;
    s->stop = TL_STOP_MAX;
    while (gen < p->max_new) {
        int tok = tl_sample(s->logits, s->m->cfg.vocab, p, &rng, s->work);
        if (!p->ignore_eos && tl_is_eos(s->m, tok)) { s->stop = TL_STOP_EOS; break; }
        gen++;
        if (fn && fn(user, tok)) { s->stop = TL_STOP_USER; break; }
        if (gen >= p->max_new) break;
        if (s->n_past >= s->ctx) { s->stop = TL_STOP_CTX; break; }
        if ((r = tl_forward(s, &tok, 1, s->n_past, s->logits, 0)) != TL_OK) return r;
    }
    return gen;
}

/* the tiny-llm book's simple_generate: no reuse, each step runs the whole sequence again */
TLDEF int tl_simple_generate(tl_session *s, const int *prompt, int n, const tl_gen_params *p, tl_token_fn fn, void *user) {
    tl_gen_params def;
    uint64_t rng;
    int *seq, len = n, r, gen = 0;
    if (!p) { tl_gen_params_default(&def); p = &def; }
    rng = p->seed;
    if (!s->m) return tl__fail(s->err, TL_ERR_ARG, "session is not initialised");
    if (n <= 0 || !prompt) return tl__fail(s->err, TL_ERR_ARG, "empty prompt");
    if (n > s->ctx) return tl__fail(s->err, TL_ERR_RANGE, "prompt of %d tokens is longer than the context (%d tokens)", n, s->ctx);
    seq = (int *)tl__calloc((size_t)s->ctx, sizeof(int));
    if (!seq) return tl__fail(s->err, TL_ERR_NOMEM, "out of memory");
    memcpy(seq, prompt, (size_t)n * sizeof(int));
    s->stop = TL_STOP_MAX;
    while (gen < p->max_new) {
        int tok;
        if ((r = tl_forward(s, seq, len, 0, s->logits, 0)) != TL_OK) { TL_FREE(seq); return r; }
        tok = tl_sample(s->logits, s->m->cfg.vocab, p, &rng, s->work);
        if (!p->ignore_eos && tl_is_eos(s->m, tok)) { s->stop = TL_STOP_EOS; break; }
        gen++;
        if (fn && fn(user, tok)) { s->stop = TL_STOP_USER; break; }
        if (len >= s->ctx) { s->stop = TL_STOP_CTX; break; }
        seq[len++] = tok;
    }
    TL_FREE(seq);
    return gen;
}


#endif /* TINYLLM_IMPLEMENTATION_DONE */
#endif /* TINYLLM_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
This software is available under 2 licenses -- choose whichever you prefer.
------------------------------------------------------------------------------
ALTERNATIVE A - MIT License
Copyright (c) 2026 the tinyllm.h authors
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions: The above copyright notice and this
permission notice shall be included in all copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
------------------------------------------------------------------------------
ALTERNATIVE B - Public Domain (www.unlicense.org)
This is free and unencumbered software released into the public domain. Anyone is free to copy,
modify, publish, use, compile, sell, or distribute this software, either in source code form or as
a compiled binary, for any purpose, commercial or non-commercial, and by any means.
------------------------------------------------------------------------------
*/
