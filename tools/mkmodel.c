/* tl-mkmodel: write a random-weight Qwen2/Qwen3 checkpoint folder with the exact
 * config.json, tensor names, shapes, dtypes and file layout of the real Hugging Face
 * (bf16) or MLX (affine 4/8-bit) checkpoints. For load / speed / memory tests of
 * tinyllm.h at real model sizes without downloading weights.
 *
 *   cc -std=c99 -O2 -o tl-mkmodel tools/mkmodel.c
 *   tl-mkmodel --preset qwen2-0.5b|qwen2-1.5b|qwen2-7b|qwen3-0.6b
 *              --format mlx4|mlx8|bf16 [--group N] [--seed N]
 *              [--tokenizer DIR] [--shard-mb N] OUT_DIR
 *
 * Layout (matches the reference folders in shared/models):
 *  - bf16: HF order (embed, per layer: norms, q/k/v(+bias, +q_norm/k_norm), o, mlp, norm,
 *    lm_head), every tensor BF16, header {"__metadata__":{"format":"pt"},...} padded with
 *    spaces to a multiple of 8.
 *  - mlx4/mlx8: parameters sorted by name (as Python sorted()), each linear / embedding
 *    expanded to X.weight U32 [out, in*bits/32], X.scales, X.biases [out, in/group];
 *    scales/biases/norms/q,k,v biases F16 (qwen2) or BF16 (qwen3); header
 *    {"__metadata__":{"format":"mlx"},...} without padding.
 *  - Sharded as model-0000K-of-0000N.safetensors + model.safetensors.index.json when the
 *    total exceeds the shard limit (default 4000 MB for bf16, 2000 MB for mlx; tensors are
 *    never split), else one model.safetensors.
 * Values (deterministic for a given --seed): bf16 weights ~N(0, 0.02); packed words are
 * random bits; scales +-[0.5,1.5)*0.0693/2^bits with random sign (4-bit: 0.0022..0.0065,
 * 8-bit: 16x smaller) so dequantized weights have std ~0.02; biases -(2^bits-1)/2*scale
 * (+-0.25 scale jitter) so they are centred; norms 1.0+-0.05; q/k/v biases ~N(0, 0.02).
 * Exit status: 0 ok, 1 I/O error, 2 bad usage.
 */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <direct.h>
#define MKDIR(p) _mkdir(p)
#else
#include <sys/stat.h>
#include <sys/types.h>
#define MKDIR(p) mkdir((p), 0755)
#endif

/* ---------------------------------------------------------------- utilities */

static void die(const char *fmt, ...) {
    va_list ap;
    fputs("tl-mkmodel: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory (%lu bytes)", (unsigned long)n);
    return p;
}

typedef struct {
    char *p;
    size_t len, cap;
} Str;

static void sb_printf(Str *s, const char *fmt, ...) {
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) die("formatting error");
    if (s->len + (size_t)n + 1 > s->cap) {
        size_t nc = s->cap ? s->cap : 4096;
        char *np;
        while (nc < s->len + (size_t)n + 1) nc *= 2;
        np = (char *)realloc(s->p, nc);
        if (!np) die("out of memory");
        s->p = np;
        s->cap = nc;
    }
    va_start(ap, fmt);
    vsnprintf(s->p + s->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->len += (size_t)n;
}

static char *path_join(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *p = (char *)xmalloc(a + b + 2);
    memcpy(p, dir, a);
    if (a && dir[a - 1] != '/') p[a++] = '/';
    memcpy(p + a, name, b + 1);
    return p;
}

static void write_all(FILE *f, const void *buf, size_t n, const char *path) {
    if (n && fwrite(buf, 1, n, f) != n) die("write failed: %s: %s", path, strerror(errno));
}

static void close_file(FILE *f, const char *path) {
    if (fclose(f) != 0) die("write failed: %s: %s", path, strerror(errno));
}

static void write_text_file(const char *dir, const char *name, const Str *s) {
    char *path = path_join(dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot create %s: %s", path, strerror(errno));
    write_all(f, s->p, s->len, path);
    close_file(f, path);
    free(path);
}

/* mkdir -p */
static void make_dirs(const char *dir) {
    size_t n = strlen(dir), i;
    char *p = (char *)xmalloc(n + 1);
    memcpy(p, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (MKDIR(p) != 0 && errno != EEXIST) die("cannot create directory %s: %s", p, strerror(errno));
            p[i] = c;
        }
    }
    free(p);
}

/* returns 0 if src does not exist and !required */
static int copy_file(const char *srcdir, const char *dstdir, const char *name, int required, unsigned char *buf, size_t bufsz) {
    char *src = path_join(srcdir, name), *dst;
    FILE *in = fopen(src, "rb"), *out;
    size_t n;
    if (!in) {
        if (required) die("cannot open %s: %s", src, strerror(errno));
        free(src);
        return 0;
    }
    dst = path_join(dstdir, name);
    out = fopen(dst, "wb");
    if (!out) die("cannot create %s: %s", dst, strerror(errno));
    while ((n = fread(buf, 1, bufsz, in)) > 0) write_all(out, buf, n, dst);
    if (ferror(in)) die("read failed: %s", src);
    fclose(in);
    close_file(out, dst);
    free(src);
    free(dst);
    return 1;
}

/* --------------------------------------------------------------- numerics */

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* xoshiro256+ : fast bulk stream */
typedef struct {
    uint64_t s[4];
} Rng;

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(Rng *r) {
    uint64_t *s = r->s;
    uint64_t res = s[0] + s[3], t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

static void rng_seed(Rng *r, uint64_t seed) {
    uint64_t x = seed;
    int i;
    for (i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static double rng_unif(Rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }

static uint64_t hash_str(const char *s, uint64_t h) {
    while (*s) h = (h ^ (unsigned char)*s++) * 0x100000001B3ull;
    return h;
}

static uint16_t f32_to_bf16(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    if ((x & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((x >> 16) | 0x40);
    x += 0x7fffu + ((x >> 16) & 1u);
    return (uint16_t)(x >> 16);
}

static float bf16_to_f32(uint16_t h) {
    uint32_t x = (uint32_t)h << 16;
    float f;
    memcpy(&f, &x, 4);
    return f;
}

static uint16_t f32_to_f16(float f) {
    uint32_t x, sign, m, h;
    int e;
    memcpy(&x, &f, 4);
    sign = (x >> 16) & 0x8000u;
    m = x & 0x7fffffu;
    if (((x >> 23) & 0xff) == 0xff) return (uint16_t)(sign | 0x7c00u | (m ? 0x200u : 0u));
    e = (int)((x >> 23) & 0xff) - 127 + 15;
    if (e >= 31) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        int shift;
        uint32_t rem, half;
        if (e < -10) return (uint16_t)sign;
        m |= 0x800000u;
        shift = 14 - e;
        h = m >> shift;
        rem = m & ((1u << shift) - 1u);
        half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1u))) h++;
        return (uint16_t)(sign | h);
    }
    h = ((uint32_t)e << 10) | (m >> 13);
    m &= 0x1fffu;
    if (m > 0x1000u || (m == 0x1000u && (h & 1u))) h++;
    return (uint16_t)(sign | h);
}

static float f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1f, m = h & 0x3ffu, x;
    float f;
    if (e == 0) {
        f = (float)m * (1.0f / 16777216.0f);
        return sign ? -f : f;
    }
    if (e == 31) x = sign | 0x7f800000u | (m << 13);
    else x = sign | ((e + 112u) << 23) | (m << 13);
    memcpy(&f, &x, 4);
    return f;
}

/* 65536 bf16 samples of N(0, 0.02), indexed by 16 random bits */
static uint16_t g_normtab[65536];

static void init_normtab(uint64_t seed) {
    Rng r;
    int i, k;
    rng_seed(&r, seed ^ 0x5eed7ab1e5ull);
    for (i = 0; i < 65536; i++) {
        double s = -6.0;
        for (k = 0; k < 12; k++) s += rng_unif(&r);
        g_normtab[i] = f32_to_bf16((float)(0.02 * s));
    }
}

/* ----------------------------------------------------------------- model */

enum { DT_BF16, DT_F16, DT_U32 };
static const char *dt_name[] = {"BF16", "F16", "U32"};
static const int dt_size[] = {2, 2, 4};

enum { P_LINEAR, P_NORM, P_BIAS };                           /* parameter kinds */
enum { K_NORMAL, K_PACKED, K_SCALES, K_QBIASES, K_ONE, K_SMALL }; /* value generators */

typedef struct {
    char name[112];
    int kind;
    long long rows, cols; /* cols == 0: 1-d */
} Param;

typedef struct {
    char name[120];
    int dtype, gen, ndim;
    long long shape[2];
    uint64_t nbytes, seed, seed2, off;
    int shard;
} Tensor;

typedef struct {
    const char *name, *model_type;
    int hidden, inter, layers, heads, kv, head_dim, vocab, tied, qk_norm, qkv_bias;
    int max_pos, sliding_window; /* sliding_window 0: null */
    const char *rope_theta, *tf_version;
} Preset;

static const Preset presets[] = {
    {"qwen2-0.5b", "qwen2", 896, 4864, 24, 14, 2, 64, 151936, 1, 0, 1, 32768, 32768, "1000000.0", "4.40.1"},
    {"qwen2-1.5b", "qwen2", 1536, 8960, 28, 12, 2, 128, 151936, 1, 0, 1, 32768, 32768, "1000000.0", "4.40.1"},
    {"qwen2-7b", "qwen2", 3584, 18944, 28, 28, 4, 128, 152064, 0, 0, 1, 32768, 131072, "1000000.0", "4.41.2"},
    {"qwen3-0.6b", "qwen3", 1024, 3072, 28, 16, 8, 128, 151936, 1, 1, 0, 40960, 0, "1000000", "4.51.0"},
};

static Param *g_params;
static int g_nparams, g_capparams;

static void add_param(int kind, long long rows, long long cols, const char *fmt, ...) {
    va_list ap;
    Param *p;
    if (g_nparams == g_capparams) {
        g_capparams = g_capparams ? g_capparams * 2 : 256;
        g_params = (Param *)realloc(g_params, (size_t)g_capparams * sizeof(Param));
        if (!g_params) die("out of memory");
    }
    p = &g_params[g_nparams++];
    va_start(ap, fmt);
    vsnprintf(p->name, sizeof p->name, fmt, ap);
    va_end(ap);
    p->kind = kind;
    p->rows = rows;
    p->cols = cols;
}

static void build_params(const Preset *P) {
    long long H = P->hidden, I = P->inter, hd = P->head_dim;
    long long qd = (long long)P->heads * hd, kvd = (long long)P->kv * hd;
    int l;
    add_param(P_LINEAR, P->vocab, H, "model.embed_tokens.weight");
    for (l = 0; l < P->layers; l++) {
        add_param(P_NORM, H, 0, "model.layers.%d.input_layernorm.weight", l);
        add_param(P_NORM, H, 0, "model.layers.%d.post_attention_layernorm.weight", l);
        add_param(P_LINEAR, qd, H, "model.layers.%d.self_attn.q_proj.weight", l);
        if (P->qkv_bias) add_param(P_BIAS, qd, 0, "model.layers.%d.self_attn.q_proj.bias", l);
        add_param(P_LINEAR, kvd, H, "model.layers.%d.self_attn.k_proj.weight", l);
        if (P->qkv_bias) add_param(P_BIAS, kvd, 0, "model.layers.%d.self_attn.k_proj.bias", l);
        add_param(P_LINEAR, kvd, H, "model.layers.%d.self_attn.v_proj.weight", l);
        if (P->qkv_bias) add_param(P_BIAS, kvd, 0, "model.layers.%d.self_attn.v_proj.bias", l);
        if (P->qk_norm) {
            add_param(P_NORM, hd, 0, "model.layers.%d.self_attn.q_norm.weight", l);
            add_param(P_NORM, hd, 0, "model.layers.%d.self_attn.k_norm.weight", l);
        }
        add_param(P_LINEAR, H, qd, "model.layers.%d.self_attn.o_proj.weight", l);
        add_param(P_LINEAR, I, H, "model.layers.%d.mlp.gate_proj.weight", l);
        add_param(P_LINEAR, I, H, "model.layers.%d.mlp.up_proj.weight", l);
        add_param(P_LINEAR, H, I, "model.layers.%d.mlp.down_proj.weight", l);
    }
    add_param(P_NORM, H, 0, "model.norm.weight");
    if (!P->tied) add_param(P_LINEAR, P->vocab, H, "lm_head.weight");
}

static int cmp_param(const void *a, const void *b) { return strcmp(((const Param *)a)->name, ((const Param *)b)->name); }

static Tensor *g_t;
static int g_nt, g_capt;

static Tensor *add_tensor(const char *name, const char *suffix, int dtype, int gen, long long r, long long c,
                          uint64_t seed) {
    Tensor *t;
    if (g_nt == g_capt) {
        g_capt = g_capt ? g_capt * 2 : 512;
        g_t = (Tensor *)realloc(g_t, (size_t)g_capt * sizeof(Tensor));
        if (!g_t) die("out of memory");
    }
    t = &g_t[g_nt++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s%s", name, suffix);
    t->dtype = dtype;
    t->gen = gen;
    t->ndim = c ? 2 : 1;
    t->shape[0] = r;
    t->shape[1] = c;
    t->nbytes = (uint64_t)r * (uint64_t)(c ? c : 1) * (uint64_t)dt_size[dtype];
    t->seed = hash_str(t->name, seed * 0x9E3779B97F4A7C15ull + 0xCBF29CE484222325ull);
    return t;
}

static void build_tensors(int mlx, int bits, int group, int sdt, uint64_t seed) {
    int i;
    if (mlx) qsort(g_params, (size_t)g_nparams, sizeof(Param), cmp_param);
    for (i = 0; i < g_nparams; i++) {
        const Param *p = &g_params[i];
        if (!mlx) {
            int gen = p->kind == P_LINEAR ? K_NORMAL : p->kind == P_NORM ? K_ONE : K_SMALL;
            add_tensor(p->name, "", DT_BF16, gen, p->rows, p->cols, seed);
        } else if (p->kind == P_LINEAR) {
            char base[112];
            size_t n = strlen(p->name) - strlen(".weight");
            uint64_t sseed;
            memcpy(base, p->name, n);
            base[n] = '\0';
            add_tensor(base, ".weight", DT_U32, K_PACKED, p->rows, p->cols * bits / 32, seed);
            sseed = add_tensor(base, ".scales", sdt, K_SCALES, p->rows, p->cols / group, seed)->seed;
            /* biases are derived from the scales (add_tensor may move g_t: no pointers kept) */
            add_tensor(base, ".biases", sdt, K_QBIASES, p->rows, p->cols / group, seed)->seed2 = sseed;
        } else {
            add_tensor(p->name, "", sdt, p->kind == P_NORM ? K_ONE : K_SMALL, p->rows, 0, seed);
        }
    }
}

/* ------------------------------------------------------------ generation */

#define BUFSZ (16u << 20)

static void put16(unsigned char *dst, uint16_t h) {
    dst[0] = (unsigned char)(h & 0xff);
    dst[1] = (unsigned char)(h >> 8);
}

static void store(unsigned char *dst, int dtype, float v) {
    put16(dst, dtype == DT_BF16 ? f32_to_bf16(v) : f32_to_f16(v));
}

/* Quantization scales and biases come from tables indexed by random bits: index i (13
 * bits) picks scale +-[0.5,1.5)*base (bit 0: sign), and (i << 3 | j) picks the matching
 * bias -(mid + jitter_j) * scale_i (computed from the stored, rounded scale), so that the
 * biases tensor regenerates the same index stream as its scales tensor. */
static uint16_t g_stab[1 << 13], g_btab[1 << 16];

static void init_qtabs(int dtype, int bits) {
    double base = 0.02 * 3.4641016151377544 / (double)(1 << bits); /* dequantized std ~0.02 */
    float mid = (float)((1 << bits) - 1) * 0.5f;
    int i, j;
    for (i = 0; i < (1 << 13); i++) {
        float mag = (float)(base * (0.5 + ((double)(i >> 1) + 0.5) / 4096.0)), s;
        g_stab[i] = dtype == DT_BF16 ? f32_to_bf16((i & 1) ? -mag : mag) : f32_to_f16((i & 1) ? -mag : mag);
        s = dtype == DT_BF16 ? bf16_to_f32(g_stab[i]) : f16_to_f32(g_stab[i]);
        for (j = 0; j < 8; j++) {
            float b = -(mid + ((float)j - 3.5f) * (1.0f / 14.0f)) * s;
            g_btab[(i << 3) | j] = dtype == DT_BF16 ? f32_to_bf16(b) : f32_to_f16(b);
        }
    }
}


static void write_tensor(const Tensor *t, FILE *f, const char *path, unsigned char *buf) {
    Rng r, r2;
    uint64_t left = t->nbytes;
    rng_seed(&r, t->gen == K_QBIASES ? t->seed2 : t->seed);
    rng_seed(&r2, t->seed ^ 0xA5A5A5A5A5A5A5A5ull);
    while (left) {
        size_t n = left < BUFSZ ? (size_t)left : BUFSZ, i;
        switch (t->gen) {
        case K_PACKED: /* any bit pattern is a valid quantized value; two streams for ILP */
            for (i = 0; i + 16 <= n; i += 16) {
                uint64_t x = rng_next(&r), y = rng_next(&r2);
                memcpy(buf + i, &x, 8);
                memcpy(buf + i + 8, &y, 8);
            }
            for (; i < n; i += 4) {
                uint32_t x = (uint32_t)rng_next(&r);
                memcpy(buf + i, &x, 4);
            }
            break;
        case K_NORMAL: /* BF16 N(0, 0.02) */
            for (i = 0; i + 8 <= n; i += 8) {
                uint64_t x = rng_next(&r);
                size_t k;
                for (k = 0; k < 4; k++) put16(buf + i + 2 * k, g_normtab[(x >> (16 * k)) & 0xffff]);
            }
            for (; i < n; i += 2) put16(buf + i, g_normtab[rng_next(&r) & 0xffff]);
            break;
        case K_SCALES: /* 4 elements per random word, 16 bits each */
        case K_QBIASES: {
            const uint16_t *tab = t->gen == K_SCALES ? g_stab : g_btab;
            int sh = t->gen == K_SCALES ? 3 : 0;
            for (i = 0; i < n; i += 8) {
                uint64_t x = rng_next(&r);
                size_t k;
                for (k = 0; k < 4 && i + 2 * k < n; k++) put16(buf + i + 2 * k, tab[((x >> (16 * k)) & 0xffff) >> sh]);
            }
            break;
        }
        case K_ONE:
            for (i = 0; i < n; i += 2) store(buf + i, t->dtype, (float)(1.0 + 0.1 * (rng_unif(&r) - 0.5)));
            break;
        default: /* K_SMALL */
            for (i = 0; i < n; i += 2) store(buf + i, t->dtype, bf16_to_f32(g_normtab[rng_next(&r) & 0xffff]));
            break;
        }
        write_all(f, buf, n, path);
        left -= n;
    }
}

static void shard_name(char *dst, size_t cap, int k, int n) {
    if (n == 1) snprintf(dst, cap, "model.safetensors");
    else snprintf(dst, cap, "model-%05d-of-%05d.safetensors", k + 1, n);
}

/* ------------------------------------------------------------- json files */

static void write_config(const char *dir, const Preset *P, int mlx, int bits, int group) {
    Str s = {0, 0, 0};
    int q3 = P->qk_norm;
    sb_printf(&s, "{\n  \"architectures\": [\n    \"%s\"\n  ],\n", q3 ? "Qwen3ForCausalLM" : "Qwen2ForCausalLM");
    if (q3) sb_printf(&s, "  \"attention_bias\": false,\n");
    sb_printf(&s, "  \"attention_dropout\": 0.0,\n  \"bos_token_id\": 151643,\n  \"eos_token_id\": 151645,\n");
    if (q3) sb_printf(&s, "  \"head_dim\": %d,\n", P->head_dim);
    sb_printf(&s, "  \"hidden_act\": \"silu\",\n  \"hidden_size\": %d,\n  \"initializer_range\": 0.02,\n", P->hidden);
    sb_printf(&s, "  \"intermediate_size\": %d,\n  \"max_position_embeddings\": %d,\n", P->inter, P->max_pos);
    sb_printf(&s, "  \"max_window_layers\": %d,\n  \"model_type\": \"%s\",\n", P->layers, P->model_type);
    sb_printf(&s, "  \"num_attention_heads\": %d,\n  \"num_hidden_layers\": %d,\n", P->heads, P->layers);
    sb_printf(&s, "  \"num_key_value_heads\": %d,\n  \"rms_norm_eps\": 1e-06,\n", P->kv);
    if (q3) sb_printf(&s, "  \"rope_scaling\": null,\n");
    sb_printf(&s, "  \"rope_theta\": %s,\n", P->rope_theta);
    if (P->sliding_window) sb_printf(&s, "  \"sliding_window\": %d,\n", P->sliding_window);
    else sb_printf(&s, "  \"sliding_window\": null,\n");
    sb_printf(&s, "  \"tie_word_embeddings\": %s,\n  \"torch_dtype\": \"bfloat16\",\n", P->tied ? "true" : "false");
    sb_printf(&s, "  \"transformers_version\": \"%s\",\n  \"use_cache\": true,\n", P->tf_version);
    sb_printf(&s, "  \"use_sliding_window\": false,\n  \"vocab_size\": %d", P->vocab);
    if (mlx) {
        sb_printf(&s, ",\n  \"quantization\": {\n    \"group_size\": %d,\n    \"bits\": %d\n  }", group, bits);
        sb_printf(&s, ",\n  \"quantization_config\": {\n    \"group_size\": %d,\n    \"bits\": %d\n  }", group, bits);
    }
    sb_printf(&s, "\n}");
    write_text_file(dir, "config.json", &s);
    free(s.p);

    s.p = NULL;
    s.len = s.cap = 0;
    if (q3)
        sb_printf(&s, "{\n  \"bos_token_id\": 151643,\n  \"do_sample\": true,\n  \"eos_token_id\": [\n    151645,\n"
                      "    151643\n  ],\n  \"pad_token_id\": 151643,\n  \"temperature\": 0.6,\n  \"top_k\": 20,\n"
                      "  \"top_p\": 0.95,\n  \"transformers_version\": \"4.51.0\"\n}\n");
    else
        sb_printf(&s, "{\n  \"bos_token_id\": 151643,\n  \"pad_token_id\": 151643,\n  \"do_sample\": true,\n"
                      "  \"eos_token_id\": [\n    151645,\n    151643\n  ],\n  \"repetition_penalty\": 1.05,\n"
                      "  \"temperature\": 0.7,\n  \"top_p\": 0.8,\n  \"top_k\": 20,\n"
                      "  \"transformers_version\": \"4.37.0\"\n}\n");
    write_text_file(dir, "generation_config.json", &s);
    free(s.p);
}

static int cmp_tensor_name(const void *a, const void *b) {
    return strcmp((*(const Tensor *const *)a)->name, (*(const Tensor *const *)b)->name);
}

static void write_index(const char *dir, int nshards, uint64_t total) {
    Str s = {0, 0, 0};
    Tensor **v = (Tensor **)xmalloc((size_t)g_nt * sizeof(Tensor *));
    char fn[64];
    int i;
    for (i = 0; i < g_nt; i++) v[i] = &g_t[i];
    qsort(v, (size_t)g_nt, sizeof(Tensor *), cmp_tensor_name);
    sb_printf(&s, "{\n  \"metadata\": {\n    \"total_size\": %llu\n  },\n  \"weight_map\": {\n",
              (unsigned long long)total);
    for (i = 0; i < g_nt; i++) {
        shard_name(fn, sizeof fn, v[i]->shard, nshards);
        sb_printf(&s, "    \"%s\": \"%s\"%s\n", v[i]->name, fn, i + 1 < g_nt ? "," : "");
    }
    sb_printf(&s, "  }\n}");
    write_text_file(dir, "model.safetensors.index.json", &s);
    free(s.p);
    free(v);
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *f) {
    fputs("usage: tl-mkmodel --preset qwen2-0.5b|qwen2-1.5b|qwen2-7b|qwen3-0.6b --format mlx4|mlx8|bf16\n"
          "                  [--group N] [--seed N] [--tokenizer DIR] [--shard-mb N] OUT_DIR\n"
          "Writes a random-weight checkpoint folder with the real config.json, tensor names, shapes,\n"
          "dtypes and file layout (HF bf16, or MLX affine-quantized, group 64 by default).\n"
          "  --group N      MLX quantization group size: 32, 64 or 128 (default 64)\n"
          "  --seed N       random seed (default 1)\n"
          "  --tokenizer D  copy tokenizer.json, tokenizer_config.json (+ vocab.json, merges.txt) from D\n"
          "  --shard-mb N   shard limit in MB (default 4000 for bf16, 2000 for mlx); one file if it fits\n",
          f);
}

static void bad(const char *msg, const char *arg) {
    fprintf(stderr, "tl-mkmodel: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    usage(stderr);
    exit(2);
}

static unsigned long long parse_num(const char *s, const char *flag) {
    char *end;
    unsigned long long v;
    if (!s || !*s || *s == '-') bad("bad number for", flag);
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || *end) bad("bad number for", flag);
    return v;
}

int main(int argc, char **argv) {
    const Preset *P = NULL;
    const char *fmt = NULL, *tokdir = NULL, *out = NULL;
    unsigned long long seed = 1, shard_mb = 0;
    int group = 64, mlx = 0, bits = 16, sdt, i, nshards, k;
    uint64_t limit, total = 0, cur = 0;
    unsigned char *buf;
    char fn[64];

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--preset") || !strcmp(a, "--format") || !strcmp(a, "--group") ||
                   !strcmp(a, "--seed") || !strcmp(a, "--tokenizer") || !strcmp(a, "--shard-mb")) {
            const char *v;
            if (i + 1 >= argc) bad("missing value for", a);
            v = argv[++i];
            if (!strcmp(a, "--preset")) {
                size_t j;
                P = NULL;
                for (j = 0; j < sizeof presets / sizeof presets[0]; j++)
                    if (!strcmp(v, presets[j].name)) P = &presets[j];
                if (!P) bad("unknown preset", v);
            } else if (!strcmp(a, "--format")) {
                if (strcmp(v, "mlx4") && strcmp(v, "mlx8") && strcmp(v, "bf16")) bad("unknown format", v);
                fmt = v;
            } else if (!strcmp(a, "--group")) {
                unsigned long long g = parse_num(v, a);
                if (g != 32 && g != 64 && g != 128) bad("--group must be 32, 64 or 128", v);
                group = (int)g;
            } else if (!strcmp(a, "--seed")) {
                seed = parse_num(v, a);
            } else if (!strcmp(a, "--shard-mb")) {
                shard_mb = parse_num(v, a);
                if (shard_mb == 0 || shard_mb > 1000000000ull) bad("bad value for", a);
            } else {
                tokdir = v;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            bad("unknown option", a);
        } else {
            if (out) bad("more than one OUT_DIR", a);
            out = a;
        }
    }
    if (!P) bad("--preset is required", NULL);
    if (!fmt) bad("--format is required", NULL);
    if (!out) bad("OUT_DIR is required", NULL);
    if (!strcmp(fmt, "mlx4")) {
        mlx = 1;
        bits = 4;
    } else if (!strcmp(fmt, "mlx8")) {
        mlx = 1;
        bits = 8;
    }
    if (mlx && (P->hidden % group || P->inter % group || (P->heads * P->head_dim) % group))
        bad("--group does not divide the model's input dimensions", NULL);
    sdt = P->qk_norm ? DT_BF16 : DT_F16; /* real Qwen3 MLX checkpoints use BF16, Qwen2 F16 */
    limit = (uint64_t)(shard_mb ? shard_mb : mlx ? 2000u : 4000u) * 1000000ull;

    if (tokdir) { /* fail before writing gigabytes */
        char *tp = path_join(tokdir, "tokenizer.json");
        FILE *tf = fopen(tp, "rb");
        if (!tf) die("cannot open %s: %s", tp, strerror(errno));
        fclose(tf);
        free(tp);
    }
    init_normtab(seed);
    init_qtabs(sdt, bits);
    build_params(P);
    build_tensors(mlx, bits, group, sdt, seed);

    /* shard assignment: sequential, a new shard when the next tensor would overflow */
    for (i = 0; i < g_nt; i++) total += g_t[i].nbytes;
    nshards = 1;
    if (total > limit) {
        for (i = 0; i < g_nt; i++) {
            if (cur > 0 && cur + g_t[i].nbytes > limit) {
                nshards++;
                cur = 0;
            }
            g_t[i].shard = nshards - 1;
            g_t[i].off = cur;
            cur += g_t[i].nbytes;
        }
    } else {
        for (i = 0; i < g_nt; i++) {
            g_t[i].off = cur;
            cur += g_t[i].nbytes;
        }
    }

    make_dirs(out);
    buf = (unsigned char *)xmalloc(BUFSZ);
    for (k = 0; k < nshards; k++) {
        Str h = {0, 0, 0};
        unsigned char len8[8];
        uint64_t hl, bytes = 0;
        char *path;
        FILE *f;
        int j;
        sb_printf(&h, "{\"__metadata__\":{\"format\":\"%s\"}", mlx ? "mlx" : "pt");
        for (i = 0; i < g_nt; i++) {
            const Tensor *t = &g_t[i];
            if (t->shard != k) continue;
            sb_printf(&h, ",\"%s\":{\"dtype\":\"%s\",\"shape\":[%lld", t->name, dt_name[t->dtype], t->shape[0]);
            if (t->ndim == 2) sb_printf(&h, ",%lld", t->shape[1]);
            sb_printf(&h, "],\"data_offsets\":[%llu,%llu]}", (unsigned long long)t->off,
                      (unsigned long long)(t->off + t->nbytes));
        }
        sb_printf(&h, "}");
        if (!mlx)
            while (h.len % 8) sb_printf(&h, " ");
        hl = h.len;
        for (j = 0; j < 8; j++) len8[j] = (unsigned char)(hl >> (8 * j));
        shard_name(fn, sizeof fn, k, nshards);
        path = path_join(out, fn);
        f = fopen(path, "wb");
        if (!f) die("cannot create %s: %s", path, strerror(errno));
        write_all(f, len8, 8, path);
        write_all(f, h.p, h.len, path);
        for (i = 0; i < g_nt; i++) {
            if (g_t[i].shard != k) continue;
            write_tensor(&g_t[i], f, path, buf);
            bytes += g_t[i].nbytes;
        }
        close_file(f, path);
        printf("%s: %.1f MB\n", path, (double)(bytes + 8 + hl) / 1e6);
        free(path);
        free(h.p);
    }
    if (nshards > 1) write_index(out, nshards, total);
    write_config(out, P, mlx, bits, group);
    if (tokdir) {
        copy_file(tokdir, out, "tokenizer.json", 1, buf, BUFSZ);
        copy_file(tokdir, out, "tokenizer_config.json", 1, buf, BUFSZ);
        copy_file(tokdir, out, "vocab.json", 0, buf, BUFSZ);
        copy_file(tokdir, out, "merges.txt", 0, buf, BUFSZ);
    }
    printf("%s %s: %d tensors, %.1f MB of weights in %d file%s\n", P->name, fmt, g_nt, (double)total / 1e6,
           nshards, nshards > 1 ? "s" : "");
    free(buf);
    free(g_t);
    free(g_params);
    return 0;
}
