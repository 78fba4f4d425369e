/* tinyllm.h - v0.3.8 - public domain / MIT - run Qwen2/Qwen3 chat models from C

   One file, STB-style. Do this:
       #define TINYLLM_IMPLEMENTATION
   before you include this file in *one* C or C++ file to create the implementation.

   QUICK START
       #define TINYLLM_IMPLEMENTATION
       #include "tinyllm.h"
       #include <stdio.h>

       static int on_token(void *user, int id) {           // called for every new token
           tl_detok *d = (tl_detok *)user; char buf[TL_DETOK_MAX];
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
       - SPEED: in AVX2 and AVX-512 builds, MLX 4/8-bit matmuls (group % 64 == 0) take each
         token's activations rounded to int16 per group (2^-16 of the group's largest value) and
         compute the weight products exactly in integers (vpdpwssd with AVX512-VNNI or AVX-VNNI,
         else pmaddwd); logits move by ~3e-3 at most on the test models. Chunks of tokens
         (prefill) go through GEMMs with the rows in vector lanes (weights repacked per 32 rows,
         AVX2: 16, into L2-resident panels, never kept): int16 for MLX 4/8-bit, f32 FMAs for
         BF16/F16/F32 weights, or where the CPU has AVX512-BF16, vdpbf16ps for BF16 with
         activations split into bf16 hi + lo (f32-level accuracy).
         tl_session.exact = 1 keeps every matmul in the f32 kernels (max error 7.5e-5).
         tl_session.int8 = 1: int8 activations, faster still, approximate (~0.8).
         tl_session.bf16_act = 1: BF16 weights meet x rounded to bf16 alone (as llama.cpp's
         BF16 path), prompts ~1.5x faster on AVX512-BF16 CPUs, approximate (~0.2).
         Results never depend on the thread count. On the exact and int8 paths a token gives the
         same bits alone or inside a prompt; on the default path the GEMM sums in another order
         than the one-token kernel (differences ~1e-6 relative), so the KV-cached loop and the
         book's re-run-everything loop agree except at exact near-ties.
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
       safetensors: header <= 100,000,000 bytes (as the reference library), <= 1,000,000 tensors,
       <= 64 shards (plain file names: no '/', '\', ':' or ".."), tensors of <= 8 dims, each
       dimension <= 2^48. data_offsets must lie inside the file and tensors must not overlap;
       header order, gaps between tensors and unused tensors of unknown dtypes are accepted.
       JSON: nesting <= 64 levels; config.json <= 16 MiB, model.safetensors.index.json <= 64 MiB;
       parsing needs up to ~24 bytes of memory per input byte (e.g. a header of 0,0,0,...).
       config.json: hidden/intermediate sizes <= 1<<20, layers and heads <= 1024, head_dim <= 4096,
       heads x head_dim <= 1<<20, vocabulary <= 1<<24 (the embedding must have exactly vocab
       rows), max_position_embeddings <= 1<<24. MLX quantization: 2,3,4,5,6,8 bits, the group
       dividing the row. Tokenizer: < 1<<24 ids, tokens of <= TL_TOKEN_MAX_BYTES bytes.
       Context: a session holds at most max_position_embeddings tokens (tl_session_init clamps);
       tl_forward/tl_generate refuse ids outside [0, vocab) and prompts past the context.
       Memory: the loader allocates in proportion to what the files hold, never to sizes a file
       merely claims; a session allocates its KV cache for the whole context up front (pages
       never written cost nothing on systems that overcommit).
       Files are checked for size at open: a file truncated *while mapped* can still raise SIGBUS on
       POSIX systems (the kernel's rule for mappings); do not rewrite checkpoints that are in use.

   VERSION HISTORY
       0.3.8  (2026-12-02) short prompts: the int16 GEMM's panels hold the weights as bytes
              (widened in the microkernel), built with register-only transposes (so are the BF16
              and f32 panels); its microkernels fetch the next task's rows a slice per block; a
              task's tokens are shared evenly among microkernel calls; the panels' transposed
              scales no longer pass through scratch read back a value at a time. Against 0.3.7
              in the same minutes: 8-token prompts 2.0x, 16 2.5x, 128 1.2x; BF16 16 tokens 1.56x,
              128 1.15x; AVX2 builds take 2-8 tokens through the decode kernels (2 tokens 3.4x, 8
              1.48x). 2-32-token prompts now 1.1-1.7x llama.cpp's rate (it led 8-16 by 1.7-2x).
       0.3.7  (2026-12-02) prompts of 2-6 tokens (a chat turn's new tokens) take the decode
              kernels, two tokens per pass over the weights, instead of the GEMM, whose
              repacking of every weight only long prompts repay: 2 tokens 185-235 tok/s against
              73-75 (AVX-512 builds; each token's bits those it gets alone).
       0.3.6  (2026-12-01) attention: K cache in tiles of 16 keys, scores 16 keys per vector
              with no horizontal sums; a prompt's tokens reach attention 16 at a time per kv
              head (each block's K/V in L1 for all of them, each token's result bit-identical
              to its own); NEON takes the multi-head kernels too. 4096-token prefill
              1.07-1.37x 0.3.5's (AVX2 1.02-1.16x; harness: attention 1.4-1.6x).
       0.3.5  (2026-12-01) attention (AVX-512 and AVX2): P.V loads a value row once for up to 4
              heads (AVX2: 2), the scores a key vector once for a pair of heads; no prefetch
              where a kv head's cache fits L2: 4096-token prefill 1.12-1.29x 0.3.4's (AVX2
              1.05-1.25x); decode after 4096 tokens is memory-bound and unchanged.
       0.3.4  (2026-12-01) AVX-512 decode for MLX 4/8-bit weights reads a whole cache line of
              each of its 8 rows per step (two 64-value blocks): alone, the 7B gate and down
              matrices stream 1-6% and 2-25% faster than with 0.3.3's kernel (slow minutes);
              end to end the same within this VM's noise. Its scales and biases go from the
              mapping straight into s*d (no f32 copy read back through store forwarding).
              tl_session.bf16_act (--bf16-act): bf16 activations for BF16 weights, BF16 prefill
              1.3-1.6x. tl-bench prints decode's weight bytes/s against a plain read of them.
       0.3.3  (2026-12-01) AVX2 builds: int16 GEMM for prompts (pmaddwd, or vpdpwssd with
              AVX-VNNI) and the int16 quantizer in vectors: MLX 4-bit prefill 2.3-2.7x 0.3.2's.
              f32 GEMMs with rows in lanes for BF16/F16/F32 prompts (BF16 prefill 1.4-1.7x
              where AVX512-BF16 is missing); AVX-512 CPUs without VNNI take the 16-lane int16
              kernels (vpmaddwd + vpaddd).
       0.3.2  (2026-12-01) prefill: panels issue their weight and scale misses together and
              prefetch ahead, x quantized and SiLU run on all threads, residual adds in
              vectors: MLX 4-bit prefill 2.1-2.7x 0.2.0's, BF16 1.5-2.2x. AVX2 builds: int16
              decode for MLX 4/8-bit weights, 3.9x the f32 kernels' decode.
       0.3.1  (2026-11-28) guided (contiguous) row scheduling and deeper prefetch in the matmuls,
              16-key score blocks in attention: MLX 4-bit decode 1.2-1.5x 0.2.0's.
       0.3.0  (2026-11-28) prefill GEMMs with outputs in vector lanes (int16 for MLX 4/8-bit, bf16
              hi + lo for BF16), BF16 decode through vdpbf16ps, 128-token chunks.
       0.2.0  (2026-11-28) int16-activation matmuls for MLX 4/8-bit weights (AVX512-VNNI) as the
              default, tl_session.exact; KV cache laid out per kv head; dynamic thread scheduling.
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

#define TL_VERSION "0.3.8"

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
    int nthreads;                /* threads (the caller's among them); 0 (default): the physical cores
                                    this process may run on. May be changed between calls. */
    int cpu;                     /* kernel set, TL_CPU_*: 0 (TL_CPU_AUTO, default): $TL_CPU if set, else
                                    the best this CPU runs (tl_cpu_best). A set this CPU or build lacks:
                                    tl_forward fails with TL_ERR_UNSUPPORTED. May be changed between calls. */
    const void *kern;            /* (internal) the kernel set of the last tl_forward */
    struct tl__pool *pool;       /* (internal) the worker threads, made by the first tl_forward */
    int pool_req;                /* (internal) the nthreads the pool was made for */
    int batch;                   /* tokens per forward chunk */
    int *tokens;                 /* history [ctx] */
    int kv_type;                 /* TL_KV_F32 or TL_KV_F16 (tl_session_init_ex) */
    int int8;                    /* 0 (default): the paths `exact` describes. 1: MLX 4/8-bit weights
                                    (group % 32 == 0) meet int8-quantized activations (per group), faster
                                    on CPUs with integer dot products (AVX-VNNI/AVX512-VNNI); approximate:
                                    logits moved by up to ~0.8 on the test models. May be changed
                                    between calls. */
    int exact;                   /* 0 (default): MLX 4/8-bit weights (group % 64 == 0) meet int16-quantized
                                    activations in AVX2 and AVX-512 builds (exact integer dots of the
                                    weights with x rounded to 2^-16 of its group's largest value: logits
                                    move by ~3e-3 at most on the test models, decode and prefill are much
                                    faster), BF16 weights split x into bf16 hi + lo where the CPU has
                                    AVX512-BF16. 1: f32 kernels everywhere. May be changed between calls. */
    int bf16_act;                /* 0 (default). 1: BF16 weights meet x rounded to bf16 alone (one product
                                    per pair, as llama.cpp's BF16 path computes) where the CPU has
                                    AVX512-BF16 (elsewhere nothing changes): prefill ~1.5x faster;
                                    approximate: logits moved by up to ~0.2 on the test models. Ignored
                                    when exact is set. May be changed between calls. */
    void *kc, *vc;               /* [layers][kv_heads][ctx rounded up to 64][head_dim] elements of
                                    kv_type: each head's keys contiguous, so attention streams them;
                                    K in tiles of 16 keys x head_dim, values of 16 keys side by side */
    int stop;                    /* why the last generation stopped: TL_STOP_* */
    float *x, *xb, *xb2, *q, *hb, *hb2, *logits, *work;
    float *kbuf, *vbuf, *rope;   /* K/V of the chunk before the cache, RoPE cos/sin per token */
    float *ws;                   /* kernel workspace: X in kernel order + one slice per thread */
    size_t ws_cap, ws_thread;
    char err[TL_ERR_SIZE];
} tl_session;

enum { TL_STOP_MAX = 1, TL_STOP_EOS, TL_STOP_USER, TL_STOP_CTX };

/* Kernel sets. One build holds every set its target can have (x86-64: all of the x86 ones; AArch64:
   NEON) and picks the best the CPU and OS support at run time; tl_session.cpu or TL_CPU=NAME in the
   environment choose another (to compare, or to test). */
enum { TL_CPU_AUTO = 0, TL_CPU_REF, TL_CPU_AVX2, TL_CPU_AVXVNNI, TL_CPU_AVX512, TL_CPU_AVX512VNNI, TL_CPU_AVX512BF16,
       TL_CPU_NEON, TL_CPU_COUNT };
TLDEF const char *tl_cpu_name(int cpu);      /* "auto", "ref", "avx2", "avxvnni", "avx512", "avx512vnni", "avx512bf16", "neon" */
TLDEF int tl_cpu_parse(const char *name);    /* the TL_CPU_* of a name, -1 if none */
TLDEF int tl_cpu_supported(int cpu);         /* 1: compiled in, and this CPU and OS run it */
TLDEF int tl_cpu_best(void);                 /* the fastest supported set */
/* the set that runs for a requested one (TL_CPU_AUTO: $TL_CPU, else the best), or TL_ERR_ARG /
   TL_ERR_UNSUPPORTED with a message in err (TL_ERR_SIZE bytes, or NULL) */
TLDEF int tl_cpu_resolve(int cpu, char *err);

/* ctx 0 (or more than max_position_embeddings): max_position_embeddings. The KV cache is one
   allocation that is never cleared, so only the positions used become resident memory. */
TLDEF int tl_session_init(tl_session *s, const tl_model *m, int ctx);
/* the same with a KV cache type: TL_KV_F32 (tl_session_init's), or TL_KV_F16 (half the memory;
   keys/values rounded to half precision) */
#define TL_KV_F32 0
#define TL_KV_F16 1
TLDEF int tl_session_init_ex(tl_session *s, const tl_model *m, int ctx, int kv_type);
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

/* ============================================================================================
   5. tokenizer: byte-level BPE (exact Hugging Face ids), streaming detokenizer, chat templates
   ============================================================================================

   tl_tokenizer_load reads DIR/tokenizer.json (else DIR/vocab.json + DIR/merges.txt) and
   DIR/tokenizer_config.json (eos_token, chat_template, added tokens of the vocab.json form).
   Encoding follows Hugging Face `tokenizers` for Qwen2/Qwen3: added tokens are split out first
   (exact match, leftmost, longest first), the rest is NFC-normalized, split with the Qwen2
   pre-tokenizer regex, mapped to GPT-2 byte-level symbols and merged by BPE rank.

   Text is UTF-8. Invalid UTF-8 never fails: each maximal invalid subsequence (as in Python's
   bytes.decode("utf-8", "replace")) is encoded as U+FFFD (bytes EF BF BD), which is what a
   Hugging Face tokenizer sees when given the same bytes decoded with errors="replace".

   Threads: tl_encode (and the tl_chat_* functions that call it) update a bounded word cache in the
   tokenizer (about 3 MB, allocated on first use), so calls on one tl_tokenizer must not overlap
   unless every overlapping call passes TL_ENCODE_NO_CACHE. Decoding only reads the tokenizer (it
   writes tok.err only on failure). Each tl_detok is single-stream state; many may share one
   tokenizer.

   Supported: model.type "BPE" with byte-level symbols, the NFC normalizer (or none) and the
   Qwen2 Split regex (Qwen2, Qwen2.5, Qwen3 and their MLX conversions); anything else fails with
   TL_ERR_UNSUPPORTED rather than giving wrong ids. The lstrip/rstrip/single_word/normalized
   options of added tokens are not applied (all false in Qwen files). Chat templates: messages
   only (no tools, no tool_calls of assistant messages). */

#define TL_TOKEN_MAX_BYTES 1024  /* the loader rejects tokens longer than this (Qwen: 128) */
#define TL_DETOK_MAX 4096        /* a buffer this large always holds one tl_detok_push/flush */

/* chat template families (tl_tokenizer.chat) */
enum {
    TL_CHAT_QWEN2 = 1,  /* ChatML; default system "You are a helpful assistant." */
    TL_CHAT_QWEN25,     /* ChatML; default system "You are Qwen, created by Alibaba Cloud. ..." */
    TL_CHAT_QWEN3,      /* ChatML; no default system; <think> handling, enable_thinking */
    TL_CHAT_CHATML      /* ChatML without a default system message */
};

/* tl_encode flags */
enum {
    TL_ENCODE_NO_SPECIAL = 1, /* special added tokens in the text stay plain text
                                 (HF split_special_tokens=True); non-special ones (<think>) match */
    TL_ENCODE_NO_CACHE = 2    /* do not read or update the word cache: the call only reads *t */
};
/* tl_decode / tl_detok flags */
enum { TL_DECODE_SKIP_SPECIAL = 1 }; /* drop added tokens marked special (<|im_end|>...) */
/* tl_chat_* flags */
enum {
    TL_CHAT_NO_THINKING = 1,  /* Qwen3 enable_thinking=False: the prompt ends in an empty think block */
    TL_CHAT_NO_GEN_PROMPT = 2 /* add_generation_prompt=False */
};

typedef struct tl__tokdata tl__tokdata;

typedef struct tl_tokenizer {
    int n_vocab;          /* ids are 0..n_vocab-1 (model vocab + added tokens); compare with the
                             embedding rows, which may be more (Qwen2: 151646 vs 151936) */
    int eos_id;           /* tokenizer_config eos_token, -1 when unknown */
    int im_start_id, im_end_id, endoftext_id; /* -1 when absent */
    int chat;             /* TL_CHAT_*, recognised from chat_template; may be changed by the caller */
    int chat_guessed;     /* 1: chat_template missing or not recognised, TL_CHAT_QWEN2 assumed */
    int max_token_bytes;  /* longest decoded token */
    tl__tokdata *d;       /* internal */
    char err[TL_ERR_SIZE];
} tl_tokenizer;

TLDEF int tl_tokenizer_load(tl_tokenizer *t, const char *dir);
TLDEF void tl_tokenizer_free(tl_tokenizer *t);
TLDEF int tl_vocab_size(const tl_tokenizer *t);

/* Encode text[0..len) (UTF-8, may contain NULs). Writes at most cap ids; returns the total number
   of ids (more than cap: only cap were written; ids may be NULL when cap is 0) or a negative
   TL_ERR_*. flags: TL_ENCODE_*. */
TLDEF int tl_encode(tl_tokenizer *t, const char *text, size_t len, int *ids, int cap, int flags);

/* Decode ids to UTF-8 like HF decode (errors="replace": invalid byte sequences become U+FFFD).
   Ids that are not tokens (negative, >= n_vocab, holes) are skipped, as HF does. Like snprintf:
   returns the full length (or a negative TL_ERR_*), writes at most cap - 1 bytes (cut at a
   character boundary) and a NUL when cap > 0. flags: TL_DECODE_SKIP_SPECIAL. */
TLDEF int tl_decode(tl_tokenizer *t, const int *ids, int n, char *out, size_t cap, int flags);

/* raw bytes of one token (a NUL follows them; the token itself may contain NULs and partial
   UTF-8); NULL if id is not a token */
TLDEF const char *tl_token_bytes(const tl_tokenizer *t, int id, int *len);
/* id of the added token whose content is s (e.g. "<|im_end|>"), or -1 */
TLDEF int tl_special_id(const tl_tokenizer *t, const char *s);
/* 1 if id is an added token marked special */
TLDEF int tl_is_special(const tl_tokenizer *t, int id);

/* Streaming detokenizer: feed generated ids one at a time; only whole UTF-8 characters come out
   (an incomplete one waits for the next token), so the concatenated output equals tl_decode of
   all ids once tl_detok_flush has run. One push or flush writes at most 3 * (max_token_bytes + 3)
   <= TL_DETOK_MAX bytes: `char buf[TL_DETOK_MAX]` always suffices (with a smaller cap the output
   is cut at a character boundary and the rest is lost). Invalid ids write nothing. */
typedef struct tl_detok {
    const tl_tokenizer *t;
    int flags;                   /* TL_DECODE_SKIP_SPECIAL */
    int npend;                   /* bytes of an incomplete character held back */
    unsigned char pend[4];
} tl_detok;

TLDEF void tl_detok_init(tl_detok *d, const tl_tokenizer *t, int flags);
TLDEF size_t tl_detok_push(tl_detok *d, int id, char *out, size_t cap);
/* end of stream: a dangling incomplete character becomes U+FFFD (as HF decode would give) */
TLDEF size_t tl_detok_flush(tl_detok *d, char *out, size_t cap);

/* Chat prompts exactly as HF apply_chat_template(messages, add_generation_prompt=True) renders
   them for the tokenizer's family (tl_tokenizer.chat). Roles: system, user, assistant, tool. */
typedef struct tl_chat_msg { const char *role, *content; } tl_chat_msg;

/* Render to out like snprintf: returns the full length or a negative TL_ERR_*; out may be NULL
   with cap 0 to measure. flags: TL_CHAT_*. Message text is inserted verbatim, as the templates
   do: "<|im_end|>" inside a message becomes that special token when the prompt is encoded. */
TLDEF int tl_chat_format(tl_tokenizer *t, const tl_chat_msg *msgs, int n, int flags, char *out, size_t cap);
/* render and encode (special tokens parsed, as apply_chat_template(tokenize=True)); returns the
   number of ids like tl_encode */
TLDEF int tl_chat_encode(tl_tokenizer *t, const tl_chat_msg *msgs, int n, int flags, int *ids, int cap);
/* one user turn, with an optional system message (NULL: the family's default, if any) */
TLDEF int tl_chat_encode_user(tl_tokenizer *t, const char *system, const char *user, int *ids, int cap);

#endif /* TINYLLM_H */

/* ============================================================================================ */
#ifdef TINYLLM_IMPLEMENTATION
#if !defined(TINYLLM_IMPLEMENTATION_DONE) || defined(TL__IN_PASS)
#ifndef TL__IN_PASS /* sections 1-3a: once (the kernel passes below include this file again) */
#define TINYLLM_IMPLEMENTATION_DONE

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <math.h>
#include <limits.h>
#include <float.h>
#include <locale.h>

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

/* The kernel sets compiled in (section 3b): on x86-64 with GCC >= 8, Clang >= 8 or MSVC, every
   x86 set, each compiled for its ISA through target attributes whatever the build's flags, one
   picked at run time; on AArch64 NEON (baseline there). Elsewhere, with TL_NO_SIMD, and with
   compilers without target attributes (tcc), the scalar references alone. */
#if !defined(TL_NO_SIMD) && (defined(__x86_64__) || defined(_M_X64)) && !defined(__TINYC__) && \
    (defined(_MSC_VER) || (defined(__clang__) && __clang_major__ >= 8) || (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 8))
#define TL__X86 1
/* the newer sets need newer compilers: AVX-VNNI intrinsics came with GCC 11 and Clang 12 (Apple 13) */
#if defined(_MSC_VER) || (defined(__clang__) && __clang_major__ >= (defined(__apple_build_version__) ? 13 : 12)) || (!defined(__clang__) && __GNUC__ >= 11)
#define TL__X86_AVXVNNI 1
#endif
#if defined(_MSC_VER) || (defined(__clang__) && __clang_major__ >= 9) || (!defined(__clang__) && __GNUC__ >= 10)
#define TL__X86_BF16 1
#endif
#endif
#if !defined(TL_NO_SIMD) && defined(__aarch64__) && (defined(__ARM_NEON) || defined(__ARM_NEON__)) && !defined(__ARM_BIG_ENDIAN) /* lanes are LE */
#define TL__ARM 1
#endif
#ifdef TL__X86
/* g++ 12.0-12.2 warns inside its own AVX-512 headers (GCC bug 105593) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif
#endif
#ifdef TL__ARM
#include <arm_neon.h>
#endif
#if defined(__APPLE__) && defined(TL__X86)
#include <sys/sysctl.h>
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
    static const char *const names[] = {"unknown", "F32", "F16", "BF16", "U32", "I32", "F64",
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

/* ---- thread pool: persistent workers, fork/join -------------------------------------------------
   tl__pool_for publishes a job by storing a new generation word (sequence << 9 | threads) that the
   workers spin on for TL__SPIN pauses, then sleep on (a futex on Linux, else a condition variable;
   the publisher makes the wake-up call only when someone sleeps). Items are claimed from a counter
   tagged with that word, and a job is over when all its items are done, not when every worker has
   checked in: a worker the OS has descheduled holds up only the range it claimed, so an
   oversubscribed machine keeps (at least) the caller's own speed on GUIDED and DYNAMIC jobs.
   A worker that wakes up late reads the job's fields (atomically: the caller may be writing the
   next job's) and drops them unless the counter still carries its job's tag; the caller stores
   that tag before the fields, as a seqlock writer would.
   Not reentrant: one thread calls tl__pool_for at a time, never from inside a job. */

typedef void (*tl__pfn)(void *ctx, int i0, int i1, int tid); /* run items [i0, i1) on thread tid (0 = caller) */
enum { TL__SCHED_STATIC = 0, TL__SCHED_GUIDED = 1, TL__SCHED_DYNAMIC = 2 };
typedef struct tl__pool tl__pool;

#define TL__POOL_MAX 256 /* threads: a job's thread count takes 9 bits of the generation word */
/* Tuning value: pauses before a waiter sleeps, 50-100 us at 25-50 ns a pause (Zen 4, Skylake+).
   4x after a wake-up call: the other side needs a futex wake-up (~27 us in a KVM guest) before it
   can answer, and if both sides always slept first they would stay in that lock-step forever. */
#define TL__SPIN 2000

/* atomics: GCC/Clang builtins, or MSVC on x86/x64 (volatile accesses are acquire/release there and
   Interlocked* full barriers); anything else runs every job on the calling thread */
#if defined(__GNUC__) || defined(__clang__)
#if __GCC_ATOMIC_INT_LOCK_FREE == 2 && __GCC_ATOMIC_LLONG_LOCK_FREE == 2
#define TL__POOL_THREADS 1
#define TL__V
#define TL__LD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define TL__ST(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define TL__LDSC(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define TL__STSC(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define TL__ADD(x, v) __atomic_fetch_add(&(x), (v), __ATOMIC_SEQ_CST) /* the old value */
#define TL__CAS64(x, e, d) __atomic_compare_exchange_n(&(x), &(e), (d), 1, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
typedef int tl__a32; /* futex words are 32-bit ints */
#endif
#elif defined(_MSC_VER) && (defined(_M_IX86) || defined(_M_X64))
#define TL__POOL_THREADS 1
#define TL__V volatile
#define TL__LD(x) (x)
#define TL__ST(x, v) ((x) = (v))
#define TL__LDSC(x) (x)
#define TL__STSC(x, v) InterlockedExchange(&(x), (v))
#define TL__ADD(x, v) InterlockedExchangeAdd(&(x), (v))
#define TL__CAS64(x, e, d) tl__cas64(&(x), &(e), (d))
typedef long tl__a32;
#endif

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TL__PAUSE() __builtin_ia32_pause()
#elif defined(__GNUC__) && defined(__aarch64__)
#define TL__PAUSE() __asm__ __volatile__("yield")
#elif defined(_MSC_VER)
#define TL__PAUSE() YieldProcessor()
#else
#define TL__PAUSE() ((void)0)
#endif

#if !defined(_WIN32) /* (windows.h: above) */
#if defined(__linux__)
#include <sched.h>
#elif defined(__APPLE__)
#include <sys/types.h>
#include <sys/sysctl.h>
#endif
#endif
#if defined(TL__POOL_THREADS) && !defined(_WIN32)
#include <pthread.h>
/* Linux: a futex, not glibc's condvar, whose broadcast waits until the waiters it woke have left:
   one the OS descheduled there would stall the publisher. TL__POOL_NO_FUTEX: tests of the condvar. */
#if defined(__linux__) && !defined(TL__POOL_NO_FUTEX) && \
    (!defined(__cplusplus) || defined(_GNU_SOURCE) || defined(_DEFAULT_SOURCE) || defined(_BSD_SOURCE))
#define TL__FUTEX 1
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#if !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_BSD_SOURCE)
long syscall(long number, ...); /* which <unistd.h> leaves out under a strict -std=c99 */
#endif
#endif
#endif

#ifdef TL__POOL_THREADS
typedef struct {
    tl__pool *p;
    int tid;
#ifdef _WIN32
    HANDLE th;
#else
    pthread_t th;
#endif
} tl__worker;
typedef struct { tl__pfn fn; void *ctx; int n, sched, chunk, nt, tag; } tl__job;
#endif

struct tl__pool {
    int size; /* threads, the caller included */
#ifdef TL__POOL_THREADS
    tl__worker *w; /* size - 1 of them, after the struct */
#if defined(_WIN32)
    SRWLOCK mu;
    CONDITION_VARIABLE cv;
#elif !defined(TL__FUTEX)
    pthread_mutex_t mu;
    pthread_cond_t cv;
#endif
    char pad0[64]; /* own cache lines: workers spin on gen while claims hammer next */
    TL__V tl__a32 gen; /* sequence << 9 | the job's threads; 0 threads: quit */
    tl__pfn TL__V fn;
    void *TL__V ctx;
    TL__V tl__a32 n, sched, chunk;
    char pad1[64];
    TL__V int64_t next; /* gen << 32 | first unclaimed item */
    char pad2[64];
    TL__V tl__a32 ndone, done; /* items finished; gen of the last job finished */
    TL__V tl__a32 sleepers, waiting; /* workers asleep on gen; the caller asleep on done */
    char pad3[64];
#endif
};

#ifdef TL__POOL_THREADS
#if defined(_MSC_VER) && !defined(__clang__)
static int tl__cas64(volatile int64_t *a, int64_t *e, int64_t d) {
    int64_t o = InterlockedCompareExchange64(a, d, *e);
    if (o == *e) return 1;
    *e = o;
    return 0;
}
#endif

/* sleep while *a == v (spurious returns allowed) / wake all sleepers of a */
#if defined(TL__FUTEX)
static void tl__sleep(tl__pool *p, TL__V tl__a32 *a, tl__a32 v) { (void)p; syscall(SYS_futex, a, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0); }
static void tl__wake(tl__pool *p, TL__V tl__a32 *a) { (void)p; syscall(SYS_futex, a, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0); }
#elif defined(_WIN32)
static void tl__sleep(tl__pool *p, TL__V tl__a32 *a, tl__a32 v) {
    AcquireSRWLockExclusive(&p->mu);
    if (TL__LDSC(*a) == v) SleepConditionVariableSRW(&p->cv, &p->mu, INFINITE, 0);
    ReleaseSRWLockExclusive(&p->mu);
}
static void tl__wake(tl__pool *p, TL__V tl__a32 *a) {
    (void)a; /* one condvar for both words: a stray wake-up only costs a re-check */
    AcquireSRWLockExclusive(&p->mu);
    WakeAllConditionVariable(&p->cv);
    ReleaseSRWLockExclusive(&p->mu);
}
#else
static void tl__sleep(tl__pool *p, TL__V tl__a32 *a, tl__a32 v) {
    pthread_mutex_lock(&p->mu);
    if (TL__LDSC(*a) == v) pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
}
static void tl__wake(tl__pool *p, TL__V tl__a32 *a) {
    (void)a; /* one condvar for both words: a stray wake-up only costs a re-check */
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}
#endif

/* Returns *a once it differs from v. Sleepers are counted in *ns before the last check (seq_cst on
   both sides, Dekker-style), so a waker that reads *ns == 0 knows nobody can miss its store. */
static tl__a32 tl__await(tl__pool *p, TL__V tl__a32 *a, tl__a32 v, TL__V tl__a32 *ns, int spin) {
    tl__a32 x;
    int i;
    for (i = 0; i < spin; i++) {
        if ((x = TL__LD(*a)) != v) return x;
        TL__PAUSE();
    }
    for (;;) {
        TL__ADD(*ns, 1);
        if (TL__LDSC(*a) == v) tl__sleep(p, a, v);
        TL__ADD(*ns, -1);
        if ((x = TL__LD(*a)) != v) return x;
    }
}
/* Stores v in *a and wakes its sleepers, if any; returns 1 when it had to. */
static int tl__post(tl__pool *p, TL__V tl__a32 *a, tl__a32 v, TL__V tl__a32 *ns) {
    TL__STSC(*a, v);
    if (!TL__LDSC(*ns)) return 0;
    tl__wake(p, a);
    return 1;
}

/* Counts len finished items of job j; whoever finishes its last ones tells the caller.
   Returns 0, or 1 for the last ones, 2 if the caller slept. */
static int tl__finish(tl__pool *p, const tl__job *j, int len) {
    if (TL__ADD(p->ndone, len) + len != j->n) return 0;
    return 1 + tl__post(p, &p->done, j->tag, &p->waiting);
}

/* Thread tid's share of job j: nothing if the counter carries another job's tag (j was read late).
   Returns 1 if it woke the caller. */
static int tl__run(tl__pool *p, const tl__job *j, int tid) {
    int64_t c = TL__LD(p->next);
    int i0, len, rem, f;
    if ((c >> 32) != j->tag) return 0;
    if (j->sched == TL__SCHED_STATIC) {
        i0 = (int)((int64_t)tid * j->n / j->nt);
        len = (int)((int64_t)(tid + 1) * j->n / j->nt) - i0; /* >= 1: nt <= n */
        j->fn(j->ctx, i0, i0 + len, tid);
        return tl__finish(p, j, len) > 1;
    }
    for (;;) {
        do { /* a CAS, not fetch_add: a late worker must not move a newer job's counter */
            if ((c >> 32) != j->tag) return 0;
            i0 = (int)(c & 0xffffffff);
            if ((rem = j->n - i0) <= 0) return 0;
            len = j->sched == TL__SCHED_GUIDED && rem / j->nt > j->chunk ? rem / j->nt : j->chunk;
            if (len > rem) len = rem;
        } while (!TL__CAS64(p->next, c, c + len));
        j->fn(j->ctx, i0, i0 + len, tid);
        if ((f = tl__finish(p, j, len)) != 0) return f > 1;
        c = TL__LD(p->next);
    }
}

static void tl__work(tl__worker *w) {
    tl__pool *p = w->p;
    tl__job j;
    tl__a32 seen = 0;
    int spin = TL__SPIN;
    for (;;) {
        seen = tl__await(p, &p->gen, seen, &p->sleepers, spin);
        spin = TL__SPIN;
        if ((j.nt = (int)(seen & 511)) == 0) return;
        if (w->tid >= j.nt) continue; /* not in this job, and not waited for */
        j.tag = (int)seen;
        j.fn = TL__LD(p->fn);
        j.ctx = TL__LD(p->ctx);
        j.n = (int)TL__LD(p->n);
        j.sched = (int)TL__LD(p->sched);
        j.chunk = (int)TL__LD(p->chunk);
        if (tl__run(p, &j, w->tid)) spin = 4 * TL__SPIN;
    }
}
#ifdef _WIN32
static DWORD WINAPI tl__thread(LPVOID w) { tl__work((tl__worker *)w); return 0; }
#else
static void *tl__thread(void *w) { tl__work((tl__worker *)w); return NULL; }
#endif

static tl__a32 tl__nextgen(tl__pool *p, int nt) {
    tl__a32 seq = ((TL__LD(p->gen) >> 9) + 1) & 0x3fffff; /* 22 bits: the word stays positive */
    return (seq ? seq : 1) << 9 | nt; /* never 0, a worker's first `seen` */
}
/* Stops and joins workers 1..k, then frees p. */
static void tl__pool_stop(tl__pool *p, int k) {
    int i;
    if (k > 0) {
        TL__STSC(p->gen, tl__nextgen(p, 0));
        tl__wake(p, &p->gen);
    }
    for (i = 0; i < k; i++) {
#ifdef _WIN32
        WaitForSingleObject(p->w[i].th, INFINITE);
        CloseHandle(p->w[i].th);
#else
        pthread_join(p->w[i].th, NULL);
#endif
    }
#if !defined(_WIN32) && !defined(TL__FUTEX)
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
#endif
    TL_FREE(p);
}
#endif /* TL__POOL_THREADS */

/* Linux: marks the CPUs of a list like "0-3,8,10-11" in set[TL__MAXCPU]; returns how many it listed. */
#if defined(__linux__)
#define TL__MAXCPU 4096
static int tl__cpulist(FILE *f, unsigned char *set) {
    int a, b, c, n = 0;
    while (fscanf(f, "%d", &a) == 1) {
        b = a;
        if ((c = getc(f)) == '-') {
            if (fscanf(f, "%d", &b) != 1) break;
            c = getc(f);
        }
        for (; a >= 0 && a <= b && a < TL__MAXCPU; a++) set[a] = 1, n++;
        if (c != ',') break;
    }
    return n;
}
#endif

static int tl__ncores(void) {
    int n = 0;
#if defined(__linux__)
    unsigned char cpu[TL__MAXCPU], sib[TL__MAXCPU];
    char path[96];
    FILE *f;
    int i, k = 0;
    memset(cpu, 0, sizeof cpu);
    memset(sib, 0, sizeof sib);
#ifdef CPU_ISSET
    {
        cpu_set_t s;
        if (sched_getaffinity(0, sizeof s, &s) == 0)
            for (i = 0; i < CPU_SETSIZE && i < TL__MAXCPU; i++)
                if (CPU_ISSET(i, &s)) cpu[i] = 1, n++;
    }
#endif
    if (!n && (f = fopen("/proc/self/status", "r")) != NULL) { /* no CPU_ISSET without _GNU_SOURCE */
        char key[64];
        while (fscanf(f, "%63s", key) == 1)
            if (!strcmp(key, "Cpus_allowed_list:")) { n = tl__cpulist(f, cpu); break; }
        fclose(f);
    }
    for (i = 0; i < TL__MAXCPU && k >= 0; i++) { /* each sibling set counted at its first allowed CPU */
        if (!cpu[i] || sib[i]) continue;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list", i);
        if ((f = fopen(path, "r")) == NULL) { k = -1; break; }
        if (tl__cpulist(f, sib) <= 0) k = -1;
        fclose(f);
        sib[i] = 1;
        if (k >= 0) k++;
    }
    if (k > 0) n = k; /* else /sys was unreadable: logical CPUs */
#elif defined(__APPLE__)
    size_t len = sizeof n;
    if (sysctlbyname("hw.physicalcpu", &n, &len, NULL, 0) != 0) n = 1;
#elif defined(_WIN32)
    DWORD len = 0, i;
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *b;
    GetLogicalProcessorInformation(NULL, &len);
    if (len && (b = (SYSTEM_LOGICAL_PROCESSOR_INFORMATION *)TL_MALLOC(len)) != NULL) {
        if (GetLogicalProcessorInformation(b, &len))
            for (i = 0; i < len / sizeof *b; i++) n += b[i].Relationship == RelationProcessorCore;
        TL_FREE(b);
    }
#elif defined(_SC_NPROCESSORS_ONLN)
    n = (int)sysconf(_SC_NPROCESSORS_ONLN);
#endif
    return n < 1 ? 1 : n > TL__POOL_MAX ? TL__POOL_MAX : n;
}

static int tl__pool_size(const tl__pool *p) { return p ? p->size : 1; }

static int tl__pool_init(tl__pool **out, int nthreads) {
    int size = nthreads > 0 ? nthreads : tl__ncores();
    tl__pool *p;
    *out = NULL;
#ifdef TL__POOL_THREADS
    if (size > TL__POOL_MAX) size = TL__POOL_MAX;
#else
    size = 1;
#endif
#ifdef TL__POOL_THREADS
    p = (tl__pool *)TL_MALLOC(sizeof *p + (size_t)(size - 1) * sizeof(tl__worker));
#else
    p = (tl__pool *)TL_MALLOC(sizeof *p);
#endif
    if (!p) return -3;
    memset(p, 0, sizeof *p);
    p->size = size;
#ifdef TL__POOL_THREADS
    {
        int i;
        p->w = (tl__worker *)(void *)(p + 1);
#if defined(_WIN32)
        InitializeSRWLock(&p->mu);
        InitializeConditionVariable(&p->cv);
#elif !defined(TL__FUTEX)
        if (pthread_mutex_init(&p->mu, NULL) != 0) { TL_FREE(p); return -3; }
        if (pthread_cond_init(&p->cv, NULL) != 0) { pthread_mutex_destroy(&p->mu); TL_FREE(p); return -3; }
#endif
        for (i = 0; i < size - 1; i++) {
            p->w[i].p = p;
            p->w[i].tid = i + 1;
#ifdef _WIN32
            p->w[i].th = CreateThread(NULL, 0, tl__thread, &p->w[i], 0, NULL);
            if (!p->w[i].th) { tl__pool_stop(p, i); return -3; }
#else
            if (pthread_create(&p->w[i].th, NULL, tl__thread, &p->w[i]) != 0) { tl__pool_stop(p, i); return -3; }
#endif
        }
    }
#endif
    *out = p;
    return 0;
}

static void tl__pool_free(tl__pool *p) {
    if (!p) return;
#ifdef TL__POOL_THREADS
    tl__pool_stop(p, p->size - 1);
#else
    TL_FREE(p);
#endif
}

static void tl__pool_for(tl__pool *p, int nt, int n, int sched, int chunk, tl__pfn fn, void *ctx) {
#ifdef TL__POOL_THREADS
    tl__job j;
    tl__a32 prev;
    int woke;
    if (!p) nt = 1;
    else if (nt <= 0 || nt > p->size) nt = p->size;
    if (nt > n) nt = n;
    if (nt <= 1) { fn(ctx, 0, n < 0 ? 0 : n, 0); return; }
    j.fn = fn, j.ctx = ctx, j.n = n, j.sched = sched, j.chunk = chunk < 1 ? 1 : chunk, j.nt = nt;
    j.tag = (int)tl__nextgen(p, nt);
    TL__ST(p->next, (int64_t)j.tag << 32); /* first: a late worker reads the fields, then checks this */
    TL__ST(p->ndone, 0);
    TL__ST(p->fn, fn);
    TL__ST(p->ctx, ctx);
    TL__ST(p->n, n);
    TL__ST(p->sched, sched);
    TL__ST(p->chunk, j.chunk);
    prev = TL__LD(p->done);
    woke = tl__post(p, &p->gen, j.tag, &p->sleepers);
    tl__run(p, &j, 0);
    tl__await(p, &p->done, prev, &p->waiting, woke ? 4 * TL__SPIN : TL__SPIN);
#else
    (void)p, (void)nt, (void)sched, (void)chunk;
    fn(ctx, 0, n < 0 ? 0 : n, 0);
#endif
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
                if (k + 1 >= n) return tl__fail(err, TL_ERR_FORMAT, "JSON: unterminated string at byte %lu", (unsigned long)i);
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
    if (memchr(j->src + j->t[i].start, '\\', raw) == NULL)
        return raw == L && memcmp(j->src + j->t[i].start, s, L) == 0;
    if (raw >= sizeof buf) return 0; /* escaped and long: not one of the names looked up */
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
    { /* strtod reads the C locale's '.' only if the host program did not setlocale() otherwise */
        const struct lconv *lc = localeconv();
        char *dot = strchr(buf, '.');
        if (dot && lc && lc->decimal_point && lc->decimal_point[0] && !lc->decimal_point[1]) *dot = lc->decimal_point[0];
    }
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
#define TL__ST_MAX_HEADER 100000000u /* as the reference safetensors library */
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
static int tl__st_finish(tl_safetensors *st, const char *path) {
    int i, n;
    tl__st_span *sp;
    for (i = 0; i < st->ntensors; i++) st->tensors[i].name = st->names + (uintptr_t)st->tensors[i].name;
    if (st->ntensors > 1) qsort(st->tensors, (size_t)st->ntensors, sizeof *st->tensors, tl__st_cmp_name);
    for (i = 1; i < st->ntensors; i++)
        if (strcmp(st->tensors[i - 1].name, st->tensors[i].name) == 0)
            return tl__fail(st->err, TL_ERR_FORMAT, "%s: duplicate tensor name '%s'", path, st->tensors[i].name);
    /* sorted by (file, start), non-empty ranges overlap iff some neighbours do; empty tensors
       are left out (they hold no bytes, and would hide the overlap of their neighbours) */
    sp = (tl__st_span *)tl__calloc((size_t)st->ntensors + 1, sizeof *sp);
    if (!sp) return tl__fail(st->err, TL_ERR_NOMEM, "out of memory");
    for (i = 0, n = 0; i < st->ntensors; i++)
        if (st->tensors[i].nbytes) sp[n++].t = &st->tensors[i];
    if (n > 1) qsort(sp, (size_t)n, sizeof *sp, tl__st_cmp_off);
    for (i = 1; i < n; i++) {
        const tl_tensor *a = sp[i - 1].t, *b = sp[i].t;
        if (a->file == b->file && a->data + a->nbytes > b->data) {
            int r = tl__fail(st->err, TL_ERR_FORMAT, "%s: tensors '%s' and '%s' overlap", path, a->name, b->name);
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
    r = tl__st_finish(st, dir);
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
            if (!r) r = tl__st_finish(st, file);
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
    c->tied = i >= 0 && j.t[i].type == TL__J_TRUE; /* transformers' default is untied */
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
   Every kernel has a scalar reference (tl__*_ref, always compiled: the TL_NO_SIMD build runs
   them and tests/test_kernels.c checks the SIMD versions against them). The SIMD versions are
   written once over a small vector layer (tl__v: AVX-512 16 lanes, AVX2 8, NEON 4); only weight
   unpacking and exp are per ISA. Weights are read as stored: a block of 4 rows is unpacked
   (dequantized to f32, in L1/L2) once and applied to every token of the chunk by register-
   blocked microkernels, so quantized weights are streamed once per chunk.
   Determinism: an output element is always computed by one thread, by the same sequence of
   operations whatever the thread count or the number of tokens in the chunk (decode and
   prefill share the microkernels' per-element order), so logits do not depend on either.
   ============================================================================================ */

#if defined(__GNUC__) || defined(__clang__)
#define TL__MAYBE_UNUSED __attribute__((unused)) /* references kept for tests in SIMD builds */
#define TL__NOINLINE __attribute__((noinline))   /* kernels keep their own register allocation */
#define TL__INLINE inline __attribute__((always_inline)) /* small kernels called per vector in loops */
#define TL__PREFETCH(p) __builtin_prefetch(p)
#else
#define TL__MAYBE_UNUSED
#define TL__NOINLINE
#define TL__INLINE
#define TL__PREFETCH(p) ((void)0)
#endif

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

/* Y[t*ldy + r] = W[r] . X[t*cols], t < n, all rows (reference: one dot per element) */
/* the matmul kernels' work for the pool: what a row loop needs (each kernel uses its part) */
typedef struct tl__mjob {
    float *Y; int ldy; const tl_weight *W;                   /* one matrix, */
    float *const *Ys; const int *ldys; const tl_weight *const *Ws; int nw, nrbv[4]; /* or nw of them */
    const float *X; int n, K, Kp, G, ng, nblk, np, flag;
    const unsigned char *xq; const float *fa, *fb;          /* prepared activations and tables */
    const uint32_t *xh, *xl;
    size_t xst;
    float *ws; size_t ws_thread;                             /* per-thread scratch: tl__tws */
} tl__mjob;
/* this thread's part (wst floats) of the kernels' per-thread scratch ws */
static float *tl__tws(float *ws, size_t wst, int tid) { return ws + (size_t)tid * wst; }

static void tl__matmul_ref_rows(void *job, int r0, int r1, int tid) {
    const tl__mjob *j = (const tl__mjob *)job;
    int r, t;
    (void)tid;
    for (r = r0; r < r1; r++)
        for (t = 0; t < j->n; t++) j->Y[(size_t)t * j->ldy + r] = tl__dot_ref(j->W, r, j->X + (size_t)t * j->W->cols);
}
TL__MAYBE_UNUSED static void tl__matmul_ref(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp) {
    tl__mjob j;
    memset(&j, 0, sizeof j);
    j.Y = Y; j.ldy = ldy; j.X = X; j.n = n; j.W = W;
    tl__pool_for(tp, (long long)W->rows * W->cols * n > 32768 ? 0 : 1, W->rows, TL__SCHED_STATIC, 1, tl__matmul_ref_rows, &j);
}

TL__MAYBE_UNUSED static void tl__rmsnorm_ref(float *o, const float *x, const float *w, int n, float eps) {
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

/* f32 -> f16 bits, round to nearest even (the half-precision KV cache) */
static uint16_t tl__f32_to_f16(float f) {
    uint32_t u, sign, a;
    memcpy(&u, &f, 4);
    sign = (u >> 16) & 0x8000u;
    a = u & 0x7fffffffu;
    if (a > 0x7f800000u) return (uint16_t)(sign | 0x7e00u);        /* NaN */
    if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u);       /* rounds to >= 65520: inf */
    if (a < 0x38800000u) {                                          /* f16 subnormal or zero */
        float v;
        memcpy(&v, &a, 4);
        v = v * 16777216.0f;                                        /* units of 2^-24, exact */
        return (uint16_t)(sign | (uint32_t)lrintf(v));              /* lrintf: nearest even */
    }
    a += 0xfffu + ((a >> 13) & 1u);                                 /* round the 13 dropped bits */
    return (uint16_t)(sign | ((a - 0x38000000u) >> 13));
}

/* the K/V cache holds f32 or f16 (kv16) elements; a row is kv_heads*head_dim of them */
static float tl__kv_get(const void *base, int kv16, size_t i) {
    if (kv16) return tl__f16_to_f32(((const uint16_t *)base)[i]);
    return ((const float *)base)[i];
}

TL__MAYBE_UNUSED static void tl__kv_put_ref(void *dst, int kv16, const float *src, int n) {
    int i;
    if (!kv16) { memcpy(dst, src, (size_t)n * sizeof(float)); return; }
    for (i = 0; i < n; i++) ((uint16_t *)dst)[i] = tl__f32_to_f16(src[i]);
}

/* The K cache of a kv head holds keys in tiles of 16: value i of key s is element
   ((s/16)*hd + i)*16 + s%16, the 16 keys' values side by side, so that attention computes the
   scores of 16 keys in one vector with no horizontal sums. V rows stay as computed ([s][hd]).
   A head's slice has room for its capacity rounded up to 64 keys (a whole attention block). */
static size_t tl__kt_idx(int s, int i, int hd) { return ((size_t)(s >> 4) * (size_t)hd + (size_t)i) * 16 + (size_t)(s & 15); }
#define TL__ABLK 64                        /* keys per attention block (tl__kv_slots) */
#define TL__ATB 16                         /* prompt tokens per attention task */
static size_t tl__kv_slots(int ctx) { return ((size_t)ctx + TL__ABLK - 1) / TL__ABLK * TL__ABLK; }
TL__MAYBE_UNUSED static size_t tl__attn_ws(int T, int G, int hd) { return (size_t)2 * TL__ABLK * (size_t)hd + (size_t)G * TL__ABLK + (size_t)2 * T * G; }
static void tl__kt_put(void *kc, int kv16, int s, const float *k, int hd) {
    int i;
    for (i = 0; i < hd; i++) {
        size_t o = tl__kt_idx(s, i, hd);
        if (kv16) ((uint16_t *)kc)[o] = tl__f32_to_f16(k[i]);
        else ((float *)kc)[o] = k[i];
    }
}

/* one query head against keys 0..npos-1 of the cache, online softmax: scores, softmax and the
   weighted sum of V in one pass (reference) */
static void tl__attn_head_ref(float *out, const float *q, const void *kc, const void *vc, int kv16, int npos, int hd, float scale) {
    float m = -FLT_MAX, sum = 0.0f;
    int s, i;
    for (i = 0; i < hd; i++) out[i] = 0.0f;
    for (s = 0; s < npos; s++) {
        float sc = 0.0f, w;
        for (i = 0; i < hd; i++) sc += q[i] * tl__kv_get(kc, kv16, tl__kt_idx(s, i, hd));
        sc *= scale;
        if (sc > m) {
            float f = expf(m - sc);
            sum *= f;
            for (i = 0; i < hd; i++) out[i] *= f;
            m = sc;
        }
        w = expf(sc - m);
        sum += w;
        for (i = 0; i < hd; i++) out[i] += w * tl__kv_get(vc, kv16, (size_t)s * hd + i);
    }
    for (i = 0; i < hd; i++) out[i] /= sum;
}

/* causal grouped-query attention of T tokens against one kv head: token t's G query heads
   (q + t*qs, [G][hd]) see keys 0..npos0+t-1; out is laid out as q */
static void tl__attn_ref(float *out, const float *q, size_t qs, int T, int G, const void *kc, const void *vc, int kv16, int npos0, int hd, float scale, float *ws) {
    int t, g;
    (void)ws;
    for (t = 0; t < T; t++)
        for (g = 0; g < G; g++)
            tl__attn_head_ref(out + t * qs + (size_t)g * hd, q + t * qs + (size_t)g * hd, kc, vc, kv16, npos0 + t, hd, scale);
}

TL__MAYBE_UNUSED static void tl__silu_mul_ref(float *a, const float *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) a[i] = a[i] / (1.0f + expf(-a[i])) * b[i];
}

TL__MAYBE_UNUSED static void tl__add_ref(float *a, const float *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) a[i] += b[i];
}


/* Row loops over weights use schedule(guided): each thread first takes a long contiguous run
   of rows (about 1/nthreads of them), then ever shorter ones, so cores that run at different
   speeds still finish together. Long runs matter: the hardware prefetchers and DRAM pages
   follow one stream per thread, and with rows dealt out in small interleaved chunks two threads
   read 29-36 GB/s of a 44-48 GB/s machine (guided: 40-46). Each output is still computed by
   one thread in a fixed order. */


/* ---- int8 activations for MLX 4/8-bit weights (tl_session.int8) ----
   X is quantized once per matmul, per token and weight group: x_q = round(x / d) in [-127, 127],
   d = max|x| / 127, and the f32 sum of the group's x. Then per group
       sum_j (q_j s + b) x_j  ~=  s d sum_j q_j x_q_j  +  b sum_j x_j
   with the integer dot exact (u8 q times s8 x_q). Only x is rounded (relative error ~ 1/254 per
   value, averaging out over a row), so logits move by ~1e-2: an approximation, opt-in.
   Kernel order of x_q: 8-bit as stored; 4-bit blocks of 32 hold the 16 even values, then the 16
   odd ones, so the low and the high nibbles of 16 packed bytes meet their x without shuffles.
   Per token: K int8, then ng f32 d, then ng f32 sums; tl__i8_stride bytes apart. */
static int tl__i8ok(const tl_weight *W) { return W->kind == TL_W_Q && (W->bits == 4 || W->bits == 8) && W->group % 32 == 0; }
static size_t tl__i8_stride(int K, int ng) { return ((size_t)K + 8 * (size_t)ng + 63) / 64 * 64; }

/* one token's x (K values, groups of G) to dst; perm: the 4-bit kernel order */
static void tl__i8_quant(unsigned char *dst, const float *x, int K, int G, int perm) {
    int ng = K / G, g, j;
    signed char *q = (signed char *)dst;
    float *dv = (float *)(void *)(dst + K), *xs = dv + ng;
    for (g = 0; g < ng; g++) {
        const float *xg = x + (size_t)g * G;
        float amax = 0.0f, id;
        int32_t sum = 0;
        int bad = 0; /* a NaN or infinity: q = 0 and d = NaN, so the group's result is NaN */
        for (j = 0; j < G; j++) { float a = fabsf(xg[j]); if (a > amax) amax = a; else if (a != a) bad = 1; }
        bad |= amax > FLT_MAX;
        id = amax > 0.0f && !bad ? 127.0f / amax : 0.0f;
        for (j = 0; j < G; j++) {
            float v = bad ? 0.0f : xg[j] * id; /* (casting NaN to int is undefined) */
            int c = g * G + j, qi, at;
            v = v > 127.0f ? 127.0f : v < -127.0f ? -127.0f : v;
            qi = (int)(v < 0.0f ? v - 0.5f : v + 0.5f); /* round half away from zero */
            at = perm ? (c & ~31) + ((c & 1) << 4) + ((c & 31) >> 1) : c;
            q[at] = (signed char)qi;
            sum += qi;
        }
        dv[g] = bad ? (float)NAN : amax / 127.0f;
        xs[g] = dv[g] * (float)sum;
    }
}

/* reference: row r of W against one quantized token (kernel-order x_q) */
static float tl__dot_i8_ref(const tl_weight *W, int r, const unsigned char *xq) {
    const unsigned char *row = W->w + (size_t)r * W->row_bytes;
    int K = W->cols, G = W->group, ng = K / G, g, c, perm = W->bits == 4;
    const signed char *q = (const signed char *)xq;
    const float *dv = (const float *)(const void *)(xq + K), *xs = dv + ng;
    float acc = 0.0f, b = 0.0f;
    size_t sidx = (size_t)r * (size_t)ng;
    for (g = 0; g < ng; g++) {
        int32_t isum = 0;
        for (c = g * G; c < (g + 1) * G; c++) {
            int at = perm ? (c & ~31) + ((c & 1) << 4) + ((c & 31) >> 1) : c;
            isum += (int32_t)tl__qget(row, W->bits, c) * q[at];
        }
        acc += tl__ldf(W->scales, W->sdtype, sidx + (size_t)g) * dv[g] * (float)isum;
    }
    for (g = 0; g < ng; g++) b += tl__ldf(W->biases, W->sdtype, sidx + (size_t)g) * xs[g];
    return acc + b;
}

/* Y[t*ldy + r] = W[r] . X[t] through int8 activations (reference); xq: n * tl__i8_stride bytes */
static void tl__matmul_i8_ref_rows(void *job, int r0, int r1, int tid) {
    const tl__mjob *j = (const tl__mjob *)job;
    int r, u;
    (void)tid;
    for (r = r0; r < r1; r++)
        for (u = 0; u < j->n; u++) j->Y[(size_t)u * j->ldy + r] = tl__dot_i8_ref(j->W, r, j->xq + (size_t)u * j->xst);
}
TL__MAYBE_UNUSED static void tl__matmul_i8_ref(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, unsigned char *xq) {
    int K = W->cols, G = W->group, t;
    size_t st = tl__i8_stride(K, K / G);
    tl__mjob j;
    for (t = 0; t < n; t++) tl__i8_quant(xq + (size_t)t * st, X + (size_t)t * K, K, G, W->bits == 4);
    memset(&j, 0, sizeof j);
    j.Y = Y; j.ldy = ldy; j.n = n; j.W = W; j.xq = xq; j.xst = st;
    tl__pool_for(tp, (long long)W->rows * K * n >= (1 << 20) ? 0 : 1, W->rows, TL__SCHED_STATIC, 1, tl__matmul_i8_ref_rows, &j);
}


/* ---- int16 activations for MLX 4/8-bit weights (the default in AVX2 and AVX-512 builds) ----
   Each token's x is quantized per weight group: d = max|x| / 32767, q = round(x / d), so the
   product W.x~ of the weights with the dequantized x~ is computed exactly in integers per
   64-value block (vpdpwssd: 32 multiply-adds per instruction, twice the f32 FMA rate; without
   AVX512-VNNI vpmaddwd + vpaddd, 9% slower in prefill on the development machine) and
   scaled once per block: y = sum_b s*d * isum_b + sum_g b_g * d_g * sum(q in g). x~ differs
   from x by at most 2^-16 of its group's largest value, far inside the 1e-2 logit tolerance;
   tl_session.exact = 1 selects the f32 kernels instead. Per token: K int16 (4-bit: every 64
   values as [32 even | 32 odd], the order a byte's two nibbles unpack in), then per 64-value
   block its group's d, then per block d*sum(q); tl__q16_stride bytes apart. */
TL__MAYBE_UNUSED static int tl__q16ok(const tl_weight *W) { return W->kind == TL_W_Q && (W->bits == 4 || W->bits == 8) && W->group % 64 == 0 && W->group <= 1024; }
static size_t tl__q16_stride(int K) { return ((size_t)K * 2 + 8 * (size_t)(K / 64) + 63) / 64 * 64; }
static int tl__q16_at(int c, int perm) { return perm ? (c & ~63) + ((c & 1) << 5) + ((c & 63) >> 1) : c; }

static void tl__q16_quant(unsigned char *dst, const float *x, int K, int G, int perm) {
    int ng = K / G, nb = G / 64, g, j;
    int16_t *q = (int16_t *)(void *)dst;
    float *dv = (float *)(void *)(dst + 2 * (size_t)K), *xs = dv + K / 64;
    for (g = 0; g < ng; g++) {
        const float *xg = x + (size_t)g * G;
        float amax = 0.0f, id, d;
        int32_t sum = 0;
        int bad = 0; /* a NaN or infinity: q = 0 and d = NaN, so the group's result is NaN */
        for (j = 0; j < G; j++) { float a = fabsf(xg[j]); if (a > amax) amax = a; else if (a != a) bad = 1; }
        bad |= amax > FLT_MAX;
        id = amax > 0.0f && !bad ? 32767.0f / amax : 0.0f;
        d = bad ? (float)NAN : amax / 32767.0f;
        for (j = 0; j < G; j++) {
            float v = bad ? 0.0f : xg[j] * id; /* (casting NaN to int is undefined) */
            int qi;
            v = v > 32767.0f ? 32767.0f : v < -32767.0f ? -32767.0f : v;
            qi = (int)(v < 0.0f ? v - 0.5f : v + 0.5f); /* round half away from zero */
            q[tl__q16_at(g * G + j, perm)] = (int16_t)qi;
            sum += qi;
            if (j % 64 == 63) { dv[g * nb + j / 64] = d; xs[g * nb + j / 64] = d * (float)sum; sum = 0; }
        }
    }
}

/* reference: row r of W against one quantized token */
TL__MAYBE_UNUSED static float tl__dot_q16_ref(const tl_weight *W, int r, const unsigned char *xq) {
    const unsigned char *row = W->w + (size_t)r * W->row_bytes;
    int K = W->cols, G = W->group, ng = K / G, c, b, perm = W->bits == 4;
    const int16_t *q = (const int16_t *)(const void *)xq;
    const float *dv = (const float *)(const void *)(xq + 2 * (size_t)K), *xs = dv + K / 64;
    float acc = 0.0f, bias = 0.0f;
    size_t sidx = (size_t)r * (size_t)ng;
    for (b = 0; b < K / 64; b++) {
        int64_t isum = 0;
        size_t g = sidx + (size_t)(b * 64 / G);
        for (c = b * 64; c < b * 64 + 64; c++) isum += (int64_t)tl__qget(row, W->bits, c) * q[tl__q16_at(c, perm)];
        acc += tl__ldf(W->scales, W->sdtype, g) * dv[b] * (float)isum;
        bias += tl__ldf(W->biases, W->sdtype, g) * xs[b];
    }
    return acc + bias;
}
TL__MAYBE_UNUSED static void tl__matmul_q16_ref(float *Y, int ldy, const float *X, int n, const tl_weight *W, unsigned char *xq) {
    int K = W->cols, G = W->group, r, t;
    size_t st = tl__q16_stride(K);
    for (t = 0; t < n; t++) tl__q16_quant(xq + (size_t)t * st, X + (size_t)t * K, K, G, W->bits == 4);
    for (r = 0; r < W->rows; r++)
        for (t = 0; t < n; t++) Y[(size_t)t * ldy + r] = tl__dot_q16_ref(W, r, xq + (size_t)t * st);
}

/* ---- 3b. the SIMD kernel sets ----
   The SIMD kernels below are written once over a vector layer and compiled once per kernel set:
   this file includes itself (TL__SELF) with TL__IN_PASS defined, the set's ISA macros (TL_AVX2,
   TL_AVX512, TL__F16C, TL__AVXVNNI, TL__VNNI512, TL__BF16, TL__VBMI: what the code may use, never
   the compiler's __AVX2__ and co., which follow -march) and a target attribute over the whole
   pass, so one plain build holds every set. Each name the pass defines gets the set's suffix
   (tl__matmul_simd -> tl__matmul_simd_avx2) through the list below; each pass ends with its
   table (a tl__kset), and the dispatcher (3c) picks one per forward call. */
typedef void (*tl__mm_fn)(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t wst);
typedef void (*tl__mmn_fn)(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t wst);
typedef struct tl__kset {
    const char *name;
    int id, vl;                                    /* TL_CPU_*, f32 lanes per vector */
    int q16_few;                                   /* int16 path: up to this many tokens through the decode kernels */
    size_t (*ws_thread)(const tl_config *c);       /* scratch floats per thread */
    tl__mm_fn matmul;                              /* f32 kernels, any weight format (exact) */
    tl__mm_fn matmul_i8;                           /* tl_session.int8 */
    tl__mm_fn matmul_q16;                          /* int16 activations, tl__q16ok weights; NULL: none */
    tl__mmn_fn matmul_q16n;                        /* the same for nw matrices at once */
    void (*q16_quant)(unsigned char *dst, const float *x, int K, int G, int perm);
    void (*bf16_gemm)(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t wst, int hi_only);
    int (*bgok)(const tl_weight *W);               /* bf16_gemm takes W; NULL: no bf16_gemm */
    tl__mmn_fn f32_gemm;                           /* float weights, chunks of >= 2 tokens; NULL: none */
    int (*fgok)(const tl_weight *W);
    void (*attn)(float *out, const float *q, size_t qs, int T, int G, const void *kc, const void *vc, int kv16, int npos0, int hd, float scale, float *ws);
    void (*rmsnorm)(float *o, const float *x, const float *w, int n, float eps);
    void (*add)(float *a, const float *b, size_t n);
    void (*silu_mul)(float *a, const float *b, size_t n);
    void (*kv_put)(void *dst, int kv16, const float *src, int n);
} tl__kset;

#if defined(TL_SELF_INCLUDE)
#define TL__SELF TL_SELF_INCLUDE
#elif defined(__FILE_NAME__)
#define TL__SELF __FILE_NAME__           /* this file's own name: found first, beside itself */
#else
#define TL__SELF "tinyllm.h"
#endif
#define TL__PN(n) TL__PN_(n, TL__SFX)
#define TL__PN_(n, s) TL__PN__(n, s)
#define TL__PN__(n, s) n##s
#define tl__vexp TL__PN(tl__vexp)
#define tl__vsum8 TL__PN(tl__vsum8)
#define tl__vhmax8 TL__PN(tl__vhmax8)
#define tl__perm4 TL__PN(tl__perm4)
#define tl__unpack_q4 TL__PN(tl__unpack_q4)
#define tl__unpack_q8 TL__PN(tl__unpack_q8)
#define tl__unpack_bf16 TL__PN(tl__unpack_bf16)
#define tl__unpack_f16 TL__PN(tl__unpack_f16)
#define tl__ld16_ps TL__PN(tl__ld16_ps)
#define tl__vld_f16 TL__PN(tl__vld_f16)
#define tl__vst_f16 TL__PN(tl__vst_f16)
#define tl__q4v TL__PN(tl__q4v)
#define tl__q8v TL__PN(tl__q8v)
#define tl__wv TL__PN(tl__wv)
#define tl__unpack_qgen TL__PN(tl__unpack_qgen)
#define tl__load_sb TL__PN(tl__load_sb)
#define tl__unpack_row TL__PN(tl__unpack_row)
#define tl__mk4x1 TL__PN(tl__mk4x1)
#define tl__mk4xT TL__PN(tl__mk4xT)
#define tl__out4 TL__PN(tl__out4)
#define tl__dec4_q4 TL__PN(tl__dec4_q4)
#define tl__dec4 TL__PN(tl__dec4)
#define tl__ws_thread TL__PN(tl__ws_thread)
#define tl__matmul_simd TL__PN(tl__matmul_simd)
#define tl__matmul_simd_rows TL__PN(tl__matmul_simd_rows)
#define tl__rmsnorm_simd TL__PN(tl__rmsnorm_simd)
#define tl__add_simd TL__PN(tl__add_simd)
#define tl__silu_mul_simd TL__PN(tl__silu_mul_simd)
#define tl__kv_put_simd TL__PN(tl__kv_put_simd)
#define tl__kv_f32 TL__PN(tl__kv_f32)
#define tl__qk_1 TL__PN(tl__qk_1)
#define tl__qk_2 TL__PN(tl__qk_2)
#define tl__pv_1 TL__PN(tl__pv_1)
#define tl__pv_2 TL__PN(tl__pv_2)
#define tl__qk_3 TL__PN(tl__qk_3)
#define tl__qk_4 TL__PN(tl__qk_4)
#define tl__pv_3 TL__PN(tl__pv_3)
#define tl__pv_4 TL__PN(tl__pv_4)
#define tl__softmax_block TL__PN(tl__softmax_block)
#define tl__attn_simd TL__PN(tl__attn_simd)
#define tl__dp4_madd TL__PN(tl__dp4_madd)
#define tl__dp8_madd TL__PN(tl__dp8_madd)
#define tl__w4 TL__PN(tl__w4)
#define tl__w8 TL__PN(tl__w8)
#define tl__hsum8 TL__PN(tl__hsum8)
#define tl__i8mk4_1 TL__PN(tl__i8mk4_1)
#define tl__i8mk4_T TL__PN(tl__i8mk4_T)
#define tl__i8mk8_1 TL__PN(tl__i8mk8_1)
#define tl__i8mk8_T TL__PN(tl__i8mk8_T)
#define tl__matmul_i8 TL__PN(tl__matmul_i8)
#define tl__matmul_i8_rows TL__PN(tl__matmul_i8_rows)
#define tl__rows16 TL__PN(tl__rows16)
#define tl__pf16 TL__PN(tl__pf16)
#define tl__pf_sb TL__PN(tl__pf_sb)
#define tl__pf_rows TL__PN(tl__pf_rows)
#define tl__pf_task TL__PN(tl__pf_task)
#define tl__pf_step TL__PN(tl__pf_step)
#define tl__f32g_1 TL__PN(tl__f32g_1)
#define tl__f32g_2 TL__PN(tl__f32g_2)
#define tl__f32g_3 TL__PN(tl__f32g_3)
#define tl__f32g_4 TL__PN(tl__f32g_4)
#define tl__f32g_5 TL__PN(tl__f32g_5)
#define tl__f32g_6 TL__PN(tl__f32g_6)
#define tl__f32g_fn TL__PN(tl__f32g_fn)
#define tl__f32g_fns TL__PN(tl__f32g_fns)
#define tl__gjob TL__PN(tl__gjob)
#define tl__gemm TL__PN(tl__gemm)
#define tl__gemm_prep TL__PN(tl__gemm_prep)
#define tl__gemm_tasks TL__PN(tl__gemm_tasks)
#define tl__gemm_nt TL__PN(tl__gemm_nt)
#define tl__gemm_out TL__PN(tl__gemm_out)
#define tl__q16_quant_simd TL__PN(tl__q16_quant_simd)
#define tl__q16g_run TL__PN(tl__q16g_run)
#define tl__q16g_prep TL__PN(tl__q16g_prep)
#define tl__q16_gemm TL__PN(tl__q16_gemm)
#define tl__q16mk_4 TL__PN(tl__q16mk_4)
#define tl__q16mk_8 TL__PN(tl__q16mk_8)
#define tl__q16mp_4 TL__PN(tl__q16mp_4)
#define tl__q16mp_8 TL__PN(tl__q16mp_8)
#define tl__tr4x4_32 TL__PN(tl__tr4x4_32)
#define tl__q16_panel_sb TL__PN(tl__q16_panel_sb)
#define tl__q16_panel TL__PN(tl__q16_panel)
#define tl__q16g_1 TL__PN(tl__q16g_1)
#define tl__q16g_2 TL__PN(tl__q16g_2)
#define tl__q16g_3 TL__PN(tl__q16g_3)
#define tl__q16g_4 TL__PN(tl__q16g_4)
#define tl__q16g_5 TL__PN(tl__q16g_5)
#define tl__q16g_6 TL__PN(tl__q16g_6)
#define tl__q16g_fn TL__PN(tl__q16g_fn)
#define tl__masks32 TL__PN(tl__masks32)
#define tl__matmul_q16n TL__PN(tl__matmul_q16n)
#define tl__q16n_rows TL__PN(tl__q16n_rows)
#define tl__q16dn_rows TL__PN(tl__q16dn_rows)
#define tl__matmul_q16 TL__PN(tl__matmul_q16)
#define tl__bgok TL__PN(tl__bgok)
#define tl__bf_split TL__PN(tl__bf_split)
#define tl__bgk_1 TL__PN(tl__bgk_1)
#define tl__bgk_2 TL__PN(tl__bgk_2)
#define tl__bgk_3 TL__PN(tl__bgk_3)
#define tl__bgk_4 TL__PN(tl__bgk_4)
#define tl__bhk_1 TL__PN(tl__bhk_1)
#define tl__bhk_2 TL__PN(tl__bhk_2)
#define tl__bhk_3 TL__PN(tl__bhk_3)
#define tl__bhk_4 TL__PN(tl__bhk_4)
#define tl__bhk_5 TL__PN(tl__bhk_5)
#define tl__bhk_6 TL__PN(tl__bhk_6)
#define tl__bhk_7 TL__PN(tl__bhk_7)
#define tl__bhk_8 TL__PN(tl__bhk_8)
#define tl__bgk_fn TL__PN(tl__bgk_fn)
#define tl__bf_panel TL__PN(tl__bf_panel)
#define tl__bgv_8 TL__PN(tl__bgv_8)
#define tl__bhv_8 TL__PN(tl__bhv_8)
#define tl__bf16_gemv TL__PN(tl__bf16_gemv)
#define tl__bf16_gemv_rows TL__PN(tl__bf16_gemv_rows)
#define tl__bgk_prep TL__PN(tl__bgk_prep)
#define tl__bgk_run TL__PN(tl__bgk_run)
#define tl__bf16_gemm TL__PN(tl__bf16_gemm)
#define tl__fgok TL__PN(tl__fgok)
#define tl__f32_panel TL__PN(tl__f32_panel)
#define tl__f32_panels TL__PN(tl__f32_panels)
#define tl__tr8x8_32 TL__PN(tl__tr8x8_32)
#define tl__q16d_rows TL__PN(tl__q16d_rows)
#define tl__q16d_panel TL__PN(tl__q16d_panel)
#define tl__q16d_panel_sb TL__PN(tl__q16d_panel_sb)
#define tl__q16dg_1 TL__PN(tl__q16dg_1)
#define tl__q16dg_2 TL__PN(tl__q16dg_2)
#define tl__q16dg_3 TL__PN(tl__q16dg_3)
#define tl__q16dg_4 TL__PN(tl__q16dg_4)
#define tl__q16dg_5 TL__PN(tl__q16dg_5)
#define tl__q16dg_6 TL__PN(tl__q16dg_6)
#define tl__q16dg_fn TL__PN(tl__q16dg_fn)
#define tl__f32g_run TL__PN(tl__f32g_run)
#define tl__f32_gemm TL__PN(tl__f32_gemm)
#endif /* !TL__IN_PASS: sections 1-3a */

#ifdef TL__IN_PASS /* ---- one kernel set: the text below is compiled once per set (3b) ---- */
/* ---- the vector layer ---- */
#if defined(TL_AVX512) || defined(TL_AVX2) || defined(TL_NEON)
#define TL__SIMD 1
#endif

#if defined(TL_AVX512)
#define TL__VL 16
#define TL__MT 6                           /* tokens per microkernel (4 rows x 6 = 24 accumulators) */
#define tl__v __m512
#define tl__vzero() _mm512_setzero_ps()
#define tl__vld(p) _mm512_loadu_ps(p)
#define tl__vst(p, v) _mm512_storeu_ps(p, v)
#define tl__vset1(x) _mm512_set1_ps(x)
#define tl__vfma(a, b, c) _mm512_fmadd_ps(a, b, c)
#define tl__vmul(a, b) _mm512_mul_ps(a, b)
#define tl__vadd(a, b) _mm512_add_ps(a, b)
#define tl__vsum(v) _mm512_reduce_add_ps(v)
#define tl__vmax(a, b) _mm512_max_ps(a, b)
#define tl__vhmax(v) _mm512_reduce_max_ps(v)
static TL__INLINE tl__v tl__vexp(tl__v x) { /* Cephes expf: 2^n * p(r), |rel err| < 2e-7 */
    __m512 n, r, p;
    __m512i e;
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.3f));
    n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    p = _mm512_fmadd_ps(_mm512_set1_ps(1.9875691500e-4f), r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(e));
}
#elif defined(TL_AVX2)
#define TL__VL 8
#define TL__MT 2                           /* 16 ymm registers: 4 rows x 2 tokens */
#define tl__v __m256
#define tl__vzero() _mm256_setzero_ps()
#define tl__vld(p) _mm256_loadu_ps(p)
#define tl__vst(p, v) _mm256_storeu_ps(p, v)
#define tl__vset1(x) _mm256_set1_ps(x)
#define tl__vfma(a, b, c) _mm256_fmadd_ps(a, b, c)
#define tl__vmul(a, b) _mm256_mul_ps(a, b)
#define tl__vadd(a, b) _mm256_add_ps(a, b)
#define tl__vmax(a, b) _mm256_max_ps(a, b)
/* the 8 lanes reduced by OP (halves, then pairs, then the last two) */
#define TL__RED8(name, OP, OPS) static float name(tl__v v) { \
    __m128 s = OP(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)); \
    s = OP(s, _mm_movehl_ps(s, s)); \
    s = OPS(s, _mm_shuffle_ps(s, s, 1)); \
    return _mm_cvtss_f32(s); \
}
TL__RED8(tl__vsum8, _mm_add_ps, _mm_add_ss)
TL__RED8(tl__vhmax8, _mm_max_ps, _mm_max_ss)
#define tl__vsum(v) tl__vsum8(v)
#define tl__vhmax(v) tl__vhmax8(v)
static TL__INLINE tl__v tl__vexp(tl__v x) {
    __m256 n, r, p;
    __m256i e;
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.3f));
    n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    p = _mm256_fmadd_ps(_mm256_set1_ps(1.9875691500e-4f), r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}
#elif defined(TL_NEON)
#define TL__VL 4
#define TL__MT 6                           /* 32 q registers */
#define tl__v float32x4_t
#define tl__vzero() vdupq_n_f32(0.0f)
#define tl__vld(p) vld1q_f32(p)
#define tl__vst(p, v) vst1q_f32(p, v)
#define tl__vset1(x) vdupq_n_f32(x)
#define tl__vfma(a, b, c) vfmaq_f32(c, a, b)
#define tl__vmul(a, b) vmulq_f32(a, b)
#define tl__vadd(a, b) vaddq_f32(a, b)
#define tl__vsum(v) vaddvq_f32(v)
#define tl__vmax(a, b) vmaxq_f32(a, b)
#define tl__vhmax(v) vmaxvq_f32(v)
static TL__INLINE tl__v tl__vexp(tl__v x) {
    float32x4_t n, r, p;
    int32x4_t e;
    x = vminq_f32(vmaxq_f32(x, vdupq_n_f32(-87.3f)), vdupq_n_f32(88.3f));
    n = vrndnq_f32(vmulq_f32(x, vdupq_n_f32(1.44269504f)));
    r = vfmsq_f32(x, n, vdupq_n_f32(0.693359375f));
    r = vfmsq_f32(r, n, vdupq_n_f32(-2.12194440e-4f));
    p = vfmaq_f32(vdupq_n_f32(1.3981999507e-3f), vdupq_n_f32(1.9875691500e-4f), r);
    p = vfmaq_f32(vdupq_n_f32(8.3334519073e-3f), p, r);
    p = vfmaq_f32(vdupq_n_f32(4.1665795894e-2f), p, r);
    p = vfmaq_f32(vdupq_n_f32(1.6666665459e-1f), p, r);
    p = vfmaq_f32(vdupq_n_f32(5.0000001201e-1f), p, r);
    p = vfmaq_f32(vaddq_f32(r, vdupq_n_f32(1.0f)), p, vmulq_f32(r, r));
    e = vshlq_n_s32(vaddq_s32(vcvtq_s32_f32(n), vdupq_n_s32(127)), 23);
    return vmulq_f32(p, vreinterpretq_f32_s32(e));
}
#endif

#ifdef TL__SIMD
#define TL__RUP(k) (((k) + TL__VL - 1) / TL__VL * TL__VL)

/* 4-bit rows are unpacked low nibbles first: in every block of 32 values, the 16 even ones,
   then the 16 odd ones, so a byte feeds two vectors without shuffles; X is permuted alike */
static int tl__perm4(const tl_weight *W) { return W->kind == TL_W_Q && W->bits == 4 && W->group % 32 == 0; }

/* ---- unpack one group of a quantized row to f32 w = q*s + b (per ISA) ---- */
/* the last n % VL halves of a row: through a zero-padded copy, so they convert as a vector */
#define TL__TAIL16(fn) if (j < n) { \
        unsigned char t_[2 * TL__VL]; float f_[TL__VL]; \
        memset(t_, 0, sizeof t_); memcpy(t_, p + 2 * (size_t)j, 2 * (size_t)(n - j)); \
        fn(f_, t_, TL__VL); memcpy(d + j, f_, sizeof(float) * (size_t)(n - j)); }
#if defined(TL_AVX512)
static void tl__unpack_q4(float *d, const unsigned char *p, int n, float s, float b) {
    __m512 S = _mm512_set1_ps(s), B = _mm512_set1_ps(b);
    int j;
    for (j = 0; j < n; j += 32, p += 16, d += 32) {
        __m512i v = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)p));
        _mm512_storeu_ps(d, _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_and_si512(v, _mm512_set1_epi32(15))), S, B));
        _mm512_storeu_ps(d + 16, _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_srli_epi32(v, 4)), S, B));
    }
}
static void tl__unpack_q8(float *d, const unsigned char *p, int n, float s, float b) {
    __m512 S = _mm512_set1_ps(s), B = _mm512_set1_ps(b);
    int j;
    for (j = 0; j < n; j += 16)
        _mm512_storeu_ps(d + j, _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)(p + j)))), S, B));
}
/* 16 at a time through masked loads and stores: the tail needs no copy (this converts the
   scales and biases of every row block of a decode matvec) */
#define TL__M16(n, j) ((__mmask16)((n) - (j) >= 16 ? 0xffff : (1u << ((n) - (j))) - 1u))
static void tl__unpack_bf16(float *d, const unsigned char *p, int n) {
    int j;
    for (j = 0; j < n; j += 16)
        _mm512_mask_storeu_ps(d + j, TL__M16(n, j), _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(TL__M16(n, j), p + 2 * (size_t)j)), 16)));
}
static void tl__unpack_f16(float *d, const unsigned char *p, int n) {
    int j;
    for (j = 0; j < n; j += 16) _mm512_mask_storeu_ps(d + j, TL__M16(n, j), _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(TL__M16(n, j), p + 2 * (size_t)j)));
}
/* 16 values of dtype dt (F16, BF16, F32) at p as f32, lanes outside m zero and not read */
static __m512 tl__ld16_ps(const unsigned char *p, int dt, __mmask16 m) {
    if (dt == TL_DT_F16) return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
    if (dt == TL_DT_BF16) return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, p)), 16));
    return _mm512_maskz_loadu_ps(m, p);
}
#define TL__HAVE_F16C 1
static tl__v tl__vld_f16(const uint16_t *p) { return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)p)); }
static void tl__vst_f16(uint16_t *p, tl__v v) { _mm256_storeu_si256((__m256i *)(void *)p, _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
#elif defined(TL_AVX2)
static void tl__unpack_q4(float *d, const unsigned char *p, int n, float s, float b) {
    __m256 S = _mm256_set1_ps(s), B = _mm256_set1_ps(b);
    __m256i m = _mm256_set1_epi32(15);
    int j;
    for (j = 0; j < n; j += 32, p += 16, d += 32) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m256i v0 = _mm256_cvtepu8_epi32(x), v1 = _mm256_cvtepu8_epi32(_mm_srli_si128(x, 8));
        _mm256_storeu_ps(d, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_and_si256(v0, m)), S, B));
        _mm256_storeu_ps(d + 8, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_and_si256(v1, m)), S, B));
        _mm256_storeu_ps(d + 16, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(v0, 4)), S, B));
        _mm256_storeu_ps(d + 24, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(v1, 4)), S, B));
    }
}
static void tl__unpack_q8(float *d, const unsigned char *p, int n, float s, float b) {
    __m256 S = _mm256_set1_ps(s), B = _mm256_set1_ps(b);
    int j;
    for (j = 0; j < n; j += 8)
        _mm256_storeu_ps(d + j, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(p + j)))), S, B));
}
static void tl__unpack_bf16(float *d, const unsigned char *p, int n) {
    int j;
    for (j = 0; j + 8 <= n; j += 8)
        _mm256_storeu_ps(d + j, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(p + 2 * (size_t)j))), 16)));
    TL__TAIL16(tl__unpack_bf16)
}
static void tl__unpack_f16(float *d, const unsigned char *p, int n) {
    int j = 0;
#ifdef TL__F16C
    for (; j + 8 <= n; j += 8) _mm256_storeu_ps(d + j, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(p + 2 * (size_t)j))));
    TL__TAIL16(tl__unpack_f16)
#else
    for (; j < n; j++) d[j] = tl__f16_to_f32(tl__ld16(p + 2 * (size_t)j));
#endif
}
#ifdef TL__F16C
#define TL__HAVE_F16C 1
static tl__v tl__vld_f16(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)p)); }
static void tl__vst_f16(uint16_t *p, tl__v v) { _mm_storeu_si128((__m128i *)(void *)p, _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
#endif
#elif defined(TL_NEON)
static void tl__unpack_q4(float *d, const unsigned char *p, int n, float s, float b) {
    float32x4_t S = vdupq_n_f32(s), B = vdupq_n_f32(b);
    int j, h;
    for (j = 0; j < n; j += 32, p += 16, d += 32) {
        uint8x16_t x = vld1q_u8(p), nb[2];
        nb[0] = vandq_u8(x, vdupq_n_u8(15));
        nb[1] = vshrq_n_u8(x, 4);
        for (h = 0; h < 2; h++) {
            uint16x8_t lo = vmovl_u8(vget_low_u8(nb[h])), hi = vmovl_u8(vget_high_u8(nb[h]));
            float *o = d + 16 * h;
            vst1q_f32(o, vfmaq_f32(B, vcvtq_f32_u32(vmovl_u16(vget_low_u16(lo))), S));
            vst1q_f32(o + 4, vfmaq_f32(B, vcvtq_f32_u32(vmovl_u16(vget_high_u16(lo))), S));
            vst1q_f32(o + 8, vfmaq_f32(B, vcvtq_f32_u32(vmovl_u16(vget_low_u16(hi))), S));
            vst1q_f32(o + 12, vfmaq_f32(B, vcvtq_f32_u32(vmovl_u16(vget_high_u16(hi))), S));
        }
    }
}
static void tl__unpack_q8(float *d, const unsigned char *p, int n, float s, float b) {
    float32x4_t S = vdupq_n_f32(s), B = vdupq_n_f32(b);
    int j;
    for (j = 0; j < n; j += 8) {
        uint16x8_t w = vmovl_u8(vld1_u8(p + j));
        vst1q_f32(d + j, vfmaq_f32(B, vcvtq_f32_u32(vmovl_u16(vget_low_u16(w))), S));
        vst1q_f32(d + j + 4, vfmaq_f32(B, vcvtq_f32_u32(vmovl_u16(vget_high_u16(w))), S));
    }
}
static void tl__unpack_bf16(float *d, const unsigned char *p, int n) {
    int j;
    for (j = 0; j + 4 <= n; j += 4) vst1q_f32(d + j, vreinterpretq_f32_u32(vshll_n_u16(vreinterpret_u16_u8(vld1_u8(p + 2 * (size_t)j)), 16)));
    TL__TAIL16(tl__unpack_bf16)
}
static void tl__unpack_f16(float *d, const unsigned char *p, int n) {
    int j;
    for (j = 0; j + 4 <= n; j += 4) vst1q_f32(d + j, vcvt_f32_f16(vreinterpret_f16_u8(vld1_u8(p + 2 * (size_t)j))));
    TL__TAIL16(tl__unpack_f16)
}
#define TL__HAVE_F16C 1
static tl__v tl__vld_f16(const uint16_t *p) { return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(p))); }
static void tl__vst_f16(uint16_t *p, tl__v v) { vst1_u16(p, vreinterpret_u16_f16(vcvt_f16_f32(v))); }
#endif

/* fused decode loaders: 32 4-bit values (16 bytes) or 16 8-bit values as 32/VL or 16/VL
   vectors of q in kernel order, and VL stored floats as f32 */
#if defined(TL_AVX512)
static void tl__q4v(const unsigned char *p, tl__v *q) {
    __m512i v = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)p));
    q[0] = _mm512_cvtepi32_ps(_mm512_and_si512(v, _mm512_set1_epi32(15)));
    q[1] = _mm512_cvtepi32_ps(_mm512_srli_epi32(v, 4));
}
static void tl__q8v(const unsigned char *p, tl__v *q) { q[0] = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)p))); }
static tl__v tl__wv(int kind, const unsigned char *p) {
    if (kind == TL_W_BF16) return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(const void *)p)), 16));
    if (kind == TL_W_F16) return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)p));
    return _mm512_loadu_ps((const float *)(const void *)p);
}
#elif defined(TL_AVX2)
static void tl__q4v(const unsigned char *p, tl__v *q) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m256i v0 = _mm256_cvtepu8_epi32(x), v1 = _mm256_cvtepu8_epi32(_mm_srli_si128(x, 8)), m = _mm256_set1_epi32(15);
    q[0] = _mm256_cvtepi32_ps(_mm256_and_si256(v0, m));
    q[1] = _mm256_cvtepi32_ps(_mm256_and_si256(v1, m));
    q[2] = _mm256_cvtepi32_ps(_mm256_srli_epi32(v0, 4));
    q[3] = _mm256_cvtepi32_ps(_mm256_srli_epi32(v1, 4));
}
static void tl__q8v(const unsigned char *p, tl__v *q) {
    q[0] = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)p)));
    q[1] = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(p + 8))));
}
static tl__v tl__wv(int kind, const unsigned char *p) {
    if (kind == TL_W_BF16) return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)p)), 16));
#ifdef TL__F16C
    if (kind == TL_W_F16) return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)p));
#endif
    return _mm256_loadu_ps((const float *)(const void *)p);
}
#elif defined(TL_NEON)
static void tl__q4v(const unsigned char *p, tl__v *q) {
    uint8x16_t x = vld1q_u8(p), lo = vandq_u8(x, vdupq_n_u8(15)), hi = vshrq_n_u8(x, 4);
    uint16x8_t a = vmovl_u8(vget_low_u8(lo)), b = vmovl_u8(vget_high_u8(lo)), c = vmovl_u8(vget_low_u8(hi)), d = vmovl_u8(vget_high_u8(hi));
    q[0] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(a))); q[1] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(a)));
    q[2] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(b))); q[3] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(b)));
    q[4] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(c))); q[5] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(c)));
    q[6] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(d))); q[7] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(d)));
}
static void tl__q8v(const unsigned char *p, tl__v *q) {
    uint8x16_t x = vld1q_u8(p);
    uint16x8_t a = vmovl_u8(vget_low_u8(x)), b = vmovl_u8(vget_high_u8(x));
    q[0] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(a))); q[1] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(a)));
    q[2] = vcvtq_f32_u32(vmovl_u16(vget_low_u16(b))); q[3] = vcvtq_f32_u32(vmovl_u16(vget_high_u16(b)));
}
static tl__v tl__wv(int kind, const unsigned char *p) {
    if (kind == TL_W_BF16) return vreinterpretq_f32_u32(vshll_n_u16(vreinterpret_u16_u8(vld1_u8(p)), 16));
    if (kind == TL_W_F16) return vcvt_f32_f16(vreinterpret_f16_u8(vld1_u8(p)));
    return vld1q_f32((const float *)(const void *)p);
}
#endif

/* any bit width (2..8), 8 values at a time: 8 values of b bits are exactly b bytes */
static void tl__unpack_qgen(float *d, const unsigned char *p, int bits, int j0, int n, float s, float b) {
    unsigned mask = (1u << bits) - 1u;
    int j, i;
    if ((j0 | n) & 7) {
        for (j = 0; j < n; j++) d[j] = (float)tl__qget(p, bits, j0 + j) * s + b;
        return;
    }
    p += (size_t)(j0 / 8) * (size_t)bits;
    for (j = 0; j < n; j += 8, p += bits) {
        uint64_t u = 0;
        for (i = 0; i < bits; i++) u |= (uint64_t)p[i] << (8 * i);
        for (i = 0; i < 8; i++) d[j + i] = (float)(unsigned)((u >> (i * bits)) & mask) * s + b;
    }
}

/* scales and biases of row r as f32 (sc, bi: cols/group each) */
static void tl__load_sb(const tl_weight *W, int r, float *sc, float *bi, int nrows) {
    int ng = W->cols / W->group * nrows, es = tl__dtype_size(W->sdtype);
    size_t o = (size_t)r * (size_t)(W->cols / W->group) * (size_t)es;
    if (W->sdtype == TL_DT_F16) { tl__unpack_f16(sc, W->scales + o, ng); tl__unpack_f16(bi, W->biases + o, ng); }
    else if (W->sdtype == TL_DT_BF16) { tl__unpack_bf16(sc, W->scales + o, ng); tl__unpack_bf16(bi, W->biases + o, ng); }
    else { memcpy(sc, W->scales + o, (size_t)ng * 4); memcpy(bi, W->biases + o, (size_t)ng * 4); }
}

/* row r of W as f32 in kernel order (4-bit: permuted), zero-padded to TL__RUP(cols);
   sb: 2*cols floats of scratch */
static void tl__unpack_row(float *d, const tl_weight *W, int r, float *sb) {
    const unsigned char *row = W->w + (size_t)r * W->row_bytes;
    int K = W->cols, j;
    switch (W->kind) {
    case TL_W_F32: memcpy(d, row, (size_t)K * sizeof(float)); break;
    case TL_W_F16: tl__unpack_f16(d, row, K); break;
    case TL_W_BF16: tl__unpack_bf16(d, row, K); break;
    default: {
        int G = W->group, ng = K / G, g;
        float *sc = sb, *bi = sb + ng;
        tl__load_sb(W, r, sc, bi, 1);
        for (g = 0; g < ng; g++) {
            float s = sc[g], b = bi[g];
            if (W->bits == 4 && G % 32 == 0) tl__unpack_q4(d + (size_t)g * G, row + (size_t)g * G / 2, G, s, b);
            else if (W->bits == 8 && G % 8 == 0) tl__unpack_q8(d + (size_t)g * G, row + (size_t)g * G, G, s, b);
            else tl__unpack_qgen(d + (size_t)g * G, row, W->bits, g * G, G, s, b);
        }
    }
    }
    for (j = K; j < TL__RUP(K); j++) d[j] = 0.0f;
}

/* keep a loaded vector in a register: else compilers fold its load into each of the 4 FMAs
   that use it, and the microkernel becomes load-bound */
#if defined(__GNUC__) && (defined(TL_AVX512) || defined(TL_AVX2))
#define TL__PIN(v) __asm__("" : "+v"(v))
#elif defined(__GNUC__) && defined(TL_NEON)
#define TL__PIN(v) __asm__("" : "+w"(v))
#else
#define TL__PIN(v) (void)0
#endif

/* ---- microkernels: Y[t][r] = tile[r] . X[t] for 4 tile rows; one vector accumulator per
   output element, k ascending, then one horizontal sum: the same for every tile shape ---- */
#define TL__MK_DECL(t) tl__v a0##t = tl__vzero(), a1##t = tl__vzero(), a2##t = tl__vzero(), a3##t = tl__vzero();
#define TL__MK_FMA(t) { tl__v xv = tl__vld(x + (size_t)(t) * ldx + k); TL__PIN(xv); \
    a0##t = tl__vfma(w0, xv, a0##t); a1##t = tl__vfma(w1, xv, a1##t); a2##t = tl__vfma(w2, xv, a2##t); a3##t = tl__vfma(w3, xv, a3##t); }
#define TL__MK_OUT(t) { float *y = Y + (size_t)(t) * ldy; \
    y[0] = tl__vsum(a0##t); if (nr > 1) y[1] = tl__vsum(a1##t); if (nr > 2) y[2] = tl__vsum(a2##t); if (nr > 3) y[3] = tl__vsum(a3##t); }
#define TL__MK_W() tl__v w0 = tl__vld(w + k), w1 = tl__vld(w + ldw + k), w2 = tl__vld(w + 2 * (size_t)ldw + k), w3 = tl__vld(w + 3 * (size_t)ldw + k);

static void tl__mk4x1(float *Y, int ldy, const float *x, int ldx, const float *w, int ldw, int Kp, int nr) {
    int k;
    TL__MK_DECL(0)
    (void)ldx;
    for (k = 0; k < Kp; k += TL__VL) {
        TL__MK_W()
        TL__MK_FMA(0)
    }
    TL__MK_OUT(0)
}

#if TL__MT == 6
static void tl__mk4xT(float *Y, int ldy, const float *x, int ldx, const float *w, int ldw, int Kp, int nr) {
    int k;
    TL__MK_DECL(0) TL__MK_DECL(1) TL__MK_DECL(2) TL__MK_DECL(3) TL__MK_DECL(4) TL__MK_DECL(5)
    for (k = 0; k < Kp; k += TL__VL) {
        TL__MK_W()
        TL__MK_FMA(0) TL__MK_FMA(1) TL__MK_FMA(2) TL__MK_FMA(3) TL__MK_FMA(4) TL__MK_FMA(5)
    }
    TL__MK_OUT(0) TL__MK_OUT(1) TL__MK_OUT(2) TL__MK_OUT(3) TL__MK_OUT(4) TL__MK_OUT(5)
}
#else
static void tl__mk4xT(float *Y, int ldy, const float *x, int ldx, const float *w, int ldw, int Kp, int nr) {
    int k;
    TL__MK_DECL(0) TL__MK_DECL(1)
    for (k = 0; k < Kp; k += TL__VL) {
        TL__MK_W()
        TL__MK_FMA(0) TL__MK_FMA(1)
    }
    TL__MK_OUT(0) TL__MK_OUT(1)
}
#endif

/* decode (one token): 4 rows straight from the stored weights, no tile; the same per-element
   operations as unpack + microkernel (w = q*s + b rounded to f32, then acc += w*x in k order),
   so a token gives the same logits alone or in a chunk. Returns 0 when the format has no
   fused path (the caller unpacks). */
#define TL__DEC_ROWS(X) X(0) X(1) X(2) X(3)
/* the first nr of 4 row sums */
static void tl__out4(float *y, int nr, tl__v a0, tl__v a1, tl__v a2, tl__v a3) {
    y[0] = tl__vsum(a0);
    if (nr > 1) y[1] = tl__vsum(a1);
    if (nr > 2) y[2] = tl__vsum(a2);
    if (nr > 3) y[3] = tl__vsum(a3);
}
#if defined(TL_AVX512)
/* 4-bit decode, AVX-512: per row and group a 16-entry table T[q] = q*s + b (the very rounding
   of unpacking), looked up with vpermps, which reads only the low 4 bits of each index: one
   shuffle and one FMA per 16 weights instead of convert + 2 FMAs, and no mask for low nibbles.
   sb: 8 * cols/group floats of scratch. */
static void tl__dec4_q4(float *y, const float *x, const tl_weight *W, int r0, int nr, float *sb) {
    const __m512 iota = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    int K = W->cols, G = W->group, ng = K / G, g, k, i;
    const unsigned char *p0, *p1, *p2, *p3;
    const float *s0 = sb, *s1 = sb + ng, *s2 = sb + 2 * ng, *s3 = sb + 3 * ng;
    const float *b0 = sb + 4 * ng, *b1 = b0 + ng, *b2 = b0 + 2 * ng, *b3 = b0 + 3 * ng;
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (i = 0; i < 4; i++) {
        size_t r = (size_t)(i < nr ? r0 + i : r0);
        tl__load_sb(W, (int)r, sb + (size_t)i * ng, sb + (size_t)(4 + i) * ng, 1);
    }
    p0 = W->w + (size_t)r0 * W->row_bytes;
    p1 = nr > 1 ? p0 + W->row_bytes : p0;
    p2 = nr > 2 ? p0 + 2 * W->row_bytes : p0;
    p3 = nr > 3 ? p0 + 3 * W->row_bytes : p0;
    for (g = 0; g < ng; g++) {
        __m512 T0 = _mm512_fmadd_ps(iota, _mm512_set1_ps(s0[g]), _mm512_set1_ps(b0[g]));
        __m512 T1 = _mm512_fmadd_ps(iota, _mm512_set1_ps(s1[g]), _mm512_set1_ps(b1[g]));
        __m512 T2 = _mm512_fmadd_ps(iota, _mm512_set1_ps(s2[g]), _mm512_set1_ps(b2[g]));
        __m512 T3 = _mm512_fmadd_ps(iota, _mm512_set1_ps(s3[g]), _mm512_set1_ps(b3[g]));
        for (k = 0; k < G; k += 32, x += 32, p0 += 16, p1 += 16, p2 += 16, p3 += 16) {
            __m512 x0 = _mm512_loadu_ps(x), x1 = _mm512_loadu_ps(x + 16);
#define TL__DEC_LUT(r) { __m512i v = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)p##r)); \
                a##r = _mm512_fmadd_ps(_mm512_permutexvar_ps(v, T##r), x0, a##r); \
                a##r = _mm512_fmadd_ps(_mm512_permutexvar_ps(_mm512_srli_epi32(v, 4), T##r), x1, a##r); }
            TL__DEC_ROWS(TL__DEC_LUT)
#undef TL__DEC_LUT
        }
    }
    tl__out4(y, nr, a0, a1, a2, a3);
}
#endif
static int tl__dec4(float *y, const float *x, const tl_weight *W, int r0, int nr, float *sb) {
    const unsigned char *p0, *p1, *p2, *p3;
    int K = W->cols, k, i;
    tl__v a0 = tl__vzero(), a1 = tl__vzero(), a2 = tl__vzero(), a3 = tl__vzero();
    size_t rb = W->row_bytes;
    p0 = W->w + (size_t)r0 * rb;
    p1 = nr > 1 ? p0 + rb : p0;
    p2 = nr > 2 ? p0 + 2 * rb : p0;
    p3 = nr > 3 ? p0 + 3 * rb : p0;
    if (W->kind == TL_W_Q) {
        int G = W->group, ng = K / G, g, bits = W->bits, blk;
        float *sc = sb, *bi = sb + 4 * (size_t)ng;
#if defined(TL_AVX512)
        if (bits == 4 && G % 32 == 0) { tl__dec4_q4(y, x, W, r0, nr, sb); return 1; }
#endif
        if (bits == 4 && G % 32 == 0) blk = 32;
        else if (bits == 8 && G % 16 == 0) blk = 16;
        else return 0;
        if (nr == 4) tl__load_sb(W, r0, sc, bi, 4);
        else for (i = 0; i < 4; i++) tl__load_sb(W, i < nr ? r0 + i : r0, sc + (size_t)i * ng, bi + (size_t)i * ng, 1);
        for (g = 0; g < ng; g++) {
            tl__v S0 = tl__vset1(sc[g]), S1 = tl__vset1(sc[ng + g]), S2 = tl__vset1(sc[2 * ng + g]), S3 = tl__vset1(sc[3 * ng + g]);
            tl__v B0 = tl__vset1(bi[g]), B1 = tl__vset1(bi[ng + g]), B2 = tl__vset1(bi[2 * ng + g]), B3 = tl__vset1(bi[3 * ng + g]);
#define TL__DEC_Q(r) LOAD(p##r + off, q); for (i = 0; i < NQ; i++) a##r = tl__vfma(tl__vfma(q[i], S##r, B##r), xv[i], a##r);
#define TL__DEC_GROUP for (k = g * G; k < (g + 1) * G; k += NQ * TL__VL) { \
                tl__v q[NQ], xv[NQ]; \
                size_t off = (size_t)k * bits / 8; \
                for (i = 0; i < NQ; i++) xv[i] = tl__vld(x + k + i * TL__VL); \
                TL__DEC_ROWS(TL__DEC_Q) }
            if (blk == 32) {
#define NQ (32 / TL__VL)
#define LOAD tl__q4v
                TL__DEC_GROUP
#undef NQ
#undef LOAD
            } else {
#define NQ (16 / TL__VL)
#define LOAD tl__q8v
                TL__DEC_GROUP
#undef NQ
#undef LOAD
            }
#undef TL__DEC_GROUP
#undef TL__DEC_Q
        }
    } else {
        size_t es = W->kind == TL_W_F32 ? 4 : 2;
#if defined(TL_AVX2) && !defined(TL__F16C)
        if (W->kind == TL_W_F16) return 0;
#endif
        if (K % TL__VL) return 0;
        for (k = 0; k < K; k += TL__VL) {
            tl__v xv = tl__vld(x + k);
            TL__PIN(xv);
#if defined(TL_AVX512) || defined(TL_AVX2)
            if ((k * es) % 64 == 0 && r0 + 12 <= W->rows) { /* the block after next: 4 rows' streams */
                _mm_prefetch((const char *)(p0 + 8 * rb + (size_t)k * es), _MM_HINT_T0);
                _mm_prefetch((const char *)(p1 + 8 * rb + (size_t)k * es), _MM_HINT_T0);
                _mm_prefetch((const char *)(p2 + 8 * rb + (size_t)k * es), _MM_HINT_T0);
                _mm_prefetch((const char *)(p3 + 8 * rb + (size_t)k * es), _MM_HINT_T0);
            }
#endif
#define TL__DEC_F(r) a##r = tl__vfma(tl__wv(W->kind, p##r + (size_t)k * es), xv, a##r);
            TL__DEC_ROWS(TL__DEC_F)
#undef TL__DEC_F
        }
    }
    tl__out4(y, nr, a0, a1, a2, a3);
    return 1;
}

/* floats of workspace one thread needs for a matmul tile or an attention task */
static size_t tl__ws_thread(const tl_config *c) {
    size_t K = (size_t)TL__RUP(c->inter > c->hidden ? c->inter : c->hidden), qd = (size_t)c->heads * c->head_dim;
    size_t t = 34 * TL__RUP(K > qd ? K : qd) + 64, a = tl__attn_ws(TL__ATB, c->heads / c->kv_heads, c->head_dim) + 64;
    return t > a ? t : a;
}

/* Y[t*ldy + r] = W[r] . X[t*cols]: threads take blocks of 4 rows; each block is unpacked once
   and applied to all n tokens. ws: n*TL__RUP(cols) + nthreads*tl__ws_thread floats. */
static void tl__matmul_simd_rows(void *job, int rb0, int rb1, int tid) {
    const tl__mjob *j = (const tl__mjob *)job;
    const tl_weight *W = j->W;
    const float *xp = j->fa;
    float *Y = j->Y, *ws = j->ws;
    int ldy = j->ldy, n = j->n, K = j->K, Kp = j->Kp, direct = j->flag, rb;
    size_t ws_thread = j->ws_thread;
    for (rb = rb0; rb < rb1; rb++) {
        int r0 = rb * 4, nr = W->rows - r0 < 4 ? W->rows - r0 : 4, i, tt;
        const float *w;
        int ldw = Kp;
        float *tile = tl__tws(ws, ws_thread, tid);
        if (n == 1 && tl__dec4(Y + r0, xp, W, r0, nr, tile)) continue;
        if (direct && nr == 4) { w = (const float *)(const void *)(W->w + (size_t)r0 * W->row_bytes); ldw = K; }
        else {
            for (i = 0; i < 4; i++) {
                if (i < nr) tl__unpack_row(tile + (size_t)i * Kp, W, r0 + i, tile + 4 * (size_t)Kp);
                else memset(tile + (size_t)i * Kp, 0, (size_t)Kp * sizeof(float));
            }
            w = tile;
        }
        for (tt = 0; tt + TL__MT <= n; tt += TL__MT) tl__mk4xT(Y + (size_t)tt * ldy + r0, ldy, xp + (size_t)tt * Kp, Kp, w, ldw, Kp, nr);
        for (; tt < n; tt++) tl__mk4x1(Y + (size_t)tt * ldy + r0, ldy, xp + (size_t)tt * Kp, Kp, w, ldw, Kp, nr);
    }
}
static void tl__matmul_simd(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t ws_thread) {
    int K = W->cols, Kp = TL__RUP(K), nrb = (W->rows + 3) / 4, t;
    float *xp = ws;
    tl__mjob j;
    int direct = W->kind == TL_W_F32 && K == Kp;
    for (t = 0; t < n; t++) { /* X in kernel order, zero-padded */
        const float *src = X + (size_t)t * K;
        float *d = xp + (size_t)t * Kp;
        int j, i;
        if (tl__perm4(W))
            for (j = 0; j < K; j += 32)
                for (i = 0; i < 16; i++) { d[j + i] = src[j + 2 * i]; d[j + 16 + i] = src[j + 2 * i + 1]; }
        else memcpy(d, src, (size_t)K * sizeof(float));
        for (j = K; j < Kp; j++) d[j] = 0.0f;
    }
    memset(&j, 0, sizeof j);
    j.Y = Y; j.ldy = ldy; j.W = W; j.fa = xp; j.n = n; j.K = K; j.Kp = Kp; j.flag = direct;
    j.ws = ws + (size_t)n * Kp; j.ws_thread = ws_thread;
    tl__pool_for(tp, (long long)W->rows * K * n >= (1 << 18) ? 0 : 1, nrb, TL__SCHED_GUIDED, 1, tl__matmul_simd_rows, &j);
}

static void tl__rmsnorm_simd(float *o, const float *x, const float *w, int n, float eps) {
    tl__v acc = tl__vzero(), sv;
    float ss, inv;
    int i = 0;
    for (; i + TL__VL <= n; i += TL__VL) { tl__v v = tl__vld(x + i); acc = tl__vfma(v, v, acc); }
    ss = tl__vsum(acc);
    for (; i < n; i++) ss += x[i] * x[i];
    inv = 1.0f / sqrtf(ss / (float)n + eps);
    sv = tl__vset1(inv);
    for (i = 0; i + TL__VL <= n; i += TL__VL) tl__vst(o + i, tl__vmul(tl__vmul(tl__vld(x + i), sv), tl__vld(w + i)));
    for (; i < n; i++) o[i] = x[i] * inv * w[i];
}

/* a += b: compilers at -O2 leave the plain loop scalar (a and b may alias) */
static void tl__add_simd(float *a, const float *b, size_t n) {
    size_t i = 0;
    for (; i + TL__VL <= n; i += TL__VL) tl__vst(a + i, tl__vadd(tl__vld(a + i), tl__vld(b + i)));
    for (; i < n; i++) a[i] += b[i];
}

static void tl__silu_mul_simd(float *a, const float *b, size_t n) {
    size_t i = 0;
    tl__v one = tl__vset1(1.0f);
    for (; i + TL__VL <= n; i += TL__VL) {
        tl__v x = tl__vld(a + i), e = tl__vexp(tl__vmul(x, tl__vset1(-1.0f)));
        tl__v r = tl__vmul(x, tl__vld(b + i));
        /* x / (1 + e^-x) * b: one exact division per lane keeps it within an ulp or two */
#if defined(TL_AVX512)
        r = _mm512_div_ps(r, _mm512_add_ps(one, e));
#elif defined(TL_AVX2)
        r = _mm256_div_ps(r, _mm256_add_ps(one, e));
#else
        r = vdivq_f32(r, vaddq_f32(one, e));
#endif
        tl__vst(a + i, r);
    }
    for (; i < n; i++) a[i] = a[i] / (1.0f + expf(-a[i])) * b[i];
}

static void tl__kv_put_simd(void *dst, int kv16, const float *src, int n) {
#ifdef TL__HAVE_F16C
    int i = 0;
    if (kv16) {
        uint16_t *d = (uint16_t *)dst;
        for (; i + TL__VL <= n; i += TL__VL) tl__vst_f16(d + i, tl__vld(src + i));
        for (; i < n; i++) d[i] = tl__f32_to_f16(src[i]);
        return;
    }
#endif
    tl__kv_put_ref(dst, kv16, src, n);
}

/* n elements from element e0 of a K or V cache slice as f32 (f16 cache: converted into buf) */
static const float *tl__kv_f32(const void *c, int kv16, size_t e0, size_t n, float *buf) {
    size_t i;
    if (!kv16) return (const float *)c + e0;
#ifdef TL__HAVE_F16C
    for (i = 0; i < n; i += TL__VL) tl__vst(buf + i, tl__vld_f16((const uint16_t *)c + e0 + i));
#else
    for (i = 0; i < n; i++) buf[i] = tl__f16_to_f32(((const uint16_t *)c)[e0 + i]);
#endif
    return buf;
}

/* Attention in blocks of 64 keys: for each block the scores of every query head of the group
   (keys in vector lanes, from the tiled K cache), block-wise softmax rescaling, then P.V. A
   kernel call serves up to TL__AH query heads: a K tile vector or a V row is loaded once for all
   of them, and each head has 4 vectors of independent FMA chains (AVX2: 16 registers, 2 heads).
   Prompts pass T tokens at once: each block's K and V stay in L1 for all of them, and every token
   still computes exactly what it computes alone (same blocks, same order). */
#if defined(TL_AVX2) && !defined(TL_AVX512)
#define TL__AH 2
#else
#define TL__AH 4
#endif
/* keep loaded vectors in registers: gcc folds a load into every FMA that uses it, loading again */
#if defined(__GNUC__) && defined(TL_AVX512)
#define TL__INREG4(a, b, c, d) __asm__("" : "+v"(a), "+v"(b), "+v"(c), "+v"(d));
#elif defined(__GNUC__) && defined(TL_AVX2)
#define TL__INREG4(a, b, c, d) __asm__("" : "+x"(a), "+x"(b), "+x"(c), "+x"(d));
#elif defined(__GNUC__) && defined(TL_NEON)
#define TL__INREG4(a, b, c, d) __asm__("" : "+w"(a), "+w"(b), "+w"(c), "+w"(d));
#else
#define TL__INREG4(a, b, c, d)
#endif
#define TL__AH1(X) X(0)
#define TL__AH2(X) X(0) X(1)
#define TL__AH3(X) X(0) X(1) X(2)
#define TL__AH4(X) X(0) X(1) X(2) X(3)
/* scores of keys j..j+4*TL__VL-1 of a block (K: its tiles) for H heads: sg[h*TL__ABLK + j..] */
#define TL__QK_Z(h) tl__v a##h##0 = tl__vzero(), a##h##1 = a##h##0, a##h##2 = a##h##0, a##h##3 = a##h##0;
#define TL__QK_F(h) { tl__v q_ = tl__vset1(q[(h) * hd + d]); a##h##0 = tl__vfma(q_, k0, a##h##0); \
    a##h##1 = tl__vfma(q_, k1, a##h##1); a##h##2 = tl__vfma(q_, k2, a##h##2); a##h##3 = tl__vfma(q_, k3, a##h##3); }
#define TL__QK_ST(h) tl__vst(sg + (h) * TL__ABLK, tl__vmul(a##h##0, sv)); tl__vst(sg + (h) * TL__ABLK + TL__VL, tl__vmul(a##h##1, sv)); \
    tl__vst(sg + (h) * TL__ABLK + 2 * TL__VL, tl__vmul(a##h##2, sv)); tl__vst(sg + (h) * TL__ABLK + 3 * TL__VL, tl__vmul(a##h##3, sv));
#define TL__QK_P(v) (K + (size_t)((j + (v) * TL__VL) >> 4) * hd * 16 + ((j + (v) * TL__VL) & 15))
#define TL__QK_KERNEL(name, HS) \
static void name(float *sg, const float *q, const float *K, int j, int hd, float scale) { \
    const float *p0 = TL__QK_P(0), *p1 = TL__QK_P(1), *p2 = TL__QK_P(2), *p3 = TL__QK_P(3); \
    tl__v sv = tl__vset1(scale); \
    int d; \
    HS(TL__QK_Z) \
    for (d = 0; d < hd; d++) { \
        tl__v k0 = tl__vld(p0 + d * 16), k1 = tl__vld(p1 + d * 16), k2 = tl__vld(p2 + d * 16), k3 = tl__vld(p3 + d * 16); \
        TL__INREG4(k0, k1, k2, k3) \
        HS(TL__QK_F) \
    } \
    sg += j; \
    HS(TL__QK_ST) \
}
/* P.V of a block for H heads, 4 output vectors each (og: [H][hd], sg: probabilities) */
#define TL__PV_LD(h) tl__v o##h##0 = tl__vld(og + (h) * hd), o##h##1 = tl__vld(og + (h) * hd + TL__VL), \
    o##h##2 = tl__vld(og + (h) * hd + 2 * TL__VL), o##h##3 = tl__vld(og + (h) * hd + 3 * TL__VL);
#define TL__PV_FMA(h) { tl__v p_ = tl__vset1(sg[(h) * TL__ABLK + j]); o##h##0 = tl__vfma(p_, v0, o##h##0); \
    o##h##1 = tl__vfma(p_, v1, o##h##1); o##h##2 = tl__vfma(p_, v2, o##h##2); o##h##3 = tl__vfma(p_, v3, o##h##3); }
#define TL__PV_ST(h) tl__vst(og + (h) * hd, o##h##0); tl__vst(og + (h) * hd + TL__VL, o##h##1); \
    tl__vst(og + (h) * hd + 2 * TL__VL, o##h##2); tl__vst(og + (h) * hd + 3 * TL__VL, o##h##3);
#define TL__PV_KERNEL(name, HS) \
static void name(float *og, const float *sg, const float *V, int nb, int hd) { \
    int j; \
    HS(TL__PV_LD) \
    for (j = 0; j < nb; j++, V += hd) { \
        tl__v v0 = tl__vld(V), v1 = tl__vld(V + TL__VL), v2 = tl__vld(V + 2 * TL__VL), v3 = tl__vld(V + 3 * TL__VL); \
        TL__INREG4(v0, v1, v2, v3) \
        HS(TL__PV_FMA) \
    } \
    HS(TL__PV_ST) \
}
TL__QK_KERNEL(tl__qk_1, TL__AH1)
TL__QK_KERNEL(tl__qk_2, TL__AH2)
TL__PV_KERNEL(tl__pv_1, TL__AH1)
TL__PV_KERNEL(tl__pv_2, TL__AH2)
#if TL__AH == 4
TL__QK_KERNEL(tl__qk_3, TL__AH3)
TL__QK_KERNEL(tl__qk_4, TL__AH4)
TL__PV_KERNEL(tl__pv_3, TL__AH3)
TL__PV_KERNEL(tl__pv_4, TL__AH4)
#define TL__QKFNS {0, tl__qk_1, tl__qk_2, tl__qk_3, tl__qk_4}
#define TL__PVFNS {0, tl__pv_1, tl__pv_2, tl__pv_3, tl__pv_4}
#else
#define TL__QKFNS {0, tl__qk_1, tl__qk_2}
#define TL__PVFNS {0, tl__pv_1, tl__pv_2}
#endif
/* one block's softmax step for one head: sg holds nb scores (nbp = nb rounded up to TL__VL);
   they become exp(s - m) with m the running max, the sum and the output rescaled to it */
static void tl__softmax_block(float *sg, int nb, float *mx, float *sum, float *og, int hd) {
    int j, nbp = (nb + TL__VL - 1) / TL__VL * TL__VL;
    float m = *mx, corr, l;
    tl__v mv = tl__vset1(m), lv = tl__vzero();
    for (j = 0; j + TL__VL <= nb; j += TL__VL) mv = tl__vmax(mv, tl__vld(sg + j));
    m = tl__vhmax(mv);
    for (; j < nb; j++) if (sg[j] > m) m = sg[j];
    for (j = nb; j < nbp; j++) sg[j] = -FLT_MAX;
    corr = m == *mx ? 1.0f : expf(*mx - m); /* (the max rarely moves after the first blocks) */
    *mx = m;
    for (j = 0; j < nbp; j += TL__VL) tl__vst(sg + j, tl__vexp(tl__vadd(tl__vld(sg + j), tl__vset1(-m))));
    for (j = 0; j + TL__VL <= nb; j += TL__VL) lv = tl__vadd(lv, tl__vld(sg + j));
    l = tl__vsum(lv);
    for (; j < nb; j++) l += sg[j];
    *sum = *sum * corr + l;
    if (corr != 1.0f)
        for (j = 0; j < hd; j += TL__VL) tl__vst(og + j, tl__vmul(tl__vld(og + j), tl__vset1(corr)));
}
/* T tokens against one kv head, as tl__attn_ref (hd % TL__VL == 0). ws: tl__attn_ws floats */
static void tl__attn_simd(float *out, const float *q, size_t qs, int T, int G, const void *kc, const void *vc, int kv16, int npos0, int hd, float scale, float *ws) {
    static void (*const qkf[TL__AH + 1])(float *, const float *, const float *, int, int, float) = TL__QKFNS;
    static void (*const pvf[TL__AH + 1])(float *, const float *, const float *, int, int) = TL__PVFNS;
    float *kb = ws, *vb = kb + (size_t)TL__ABLK * hd, *sc = vb + (size_t)TL__ABLK * hd, *mx = sc + (size_t)G * TL__ABLK, *sum = mx + (size_t)T * G;
    int npos = npos0 + T - 1, s0, t, g, j, c, nv = hd / TL__VL;
    size_t es = kv16 ? 2 : 4, i;
    /* prefetching costs ~12% where the kv head's cache fits in L2 (and saves ~8% from memory) */
    int pf = (size_t)npos * (size_t)hd * es * 2u > ((size_t)1 << 19);
    for (i = 0; i < (size_t)T * G; i++) { mx[i] = -FLT_MAX; sum[i] = 0.0f; }
    for (t = 0; t < T; t++)
        for (j = 0; j < G * hd; j++) out[t * qs + (size_t)j] = 0.0f;
    for (s0 = 0; s0 < npos; s0 += TL__ABLK) {
        int nbl = npos - s0 < TL__ABLK ? npos - s0 : TL__ABLK; /* keys of the block the last token sees */
        const float *K = tl__kv_f32(kc, kv16, (size_t)s0 * hd, (size_t)(nbl + 15) / 16 * 16 * hd, kb);
        const float *V = tl__kv_f32(vc, kv16, (size_t)s0 * hd, (size_t)nbl * hd, vb);
        /* the next block's keys and values, prefetched a share after each head's softmax by the
           first token that sees this block: at long context the cache streams from memory */
        size_t nl = s0 + TL__ABLK < npos && pf ? (size_t)(npos - s0 - TL__ABLK < TL__ABLK ? npos - s0 - TL__ABLK : TL__ABLK) * hd * es / 64 : 0;
        const char *kn = (const char *)kc + (size_t)(s0 + TL__ABLK) * hd * es, *vn = (const char *)vc + (size_t)(s0 + TL__ABLK) * hd * es;
        for (t = s0 + 1 > npos0 ? s0 + 1 - npos0 : 0; t < T; t++, nl = 0) { /* the tokens that see the block */
            const float *qt = q + t * qs;
            float *ot = out + t * qs;
            int nb = npos0 + t - s0 < TL__ABLK ? npos0 + t - s0 : TL__ABLK;
            for (g = 0; g < G; g += TL__AH)
                for (j = 0; j < nb; j += 4 * TL__VL) /* (lanes past nb: any value, masked below) */
                    qkf[G - g < TL__AH ? G - g : TL__AH](sc + (size_t)g * TL__ABLK, qt + (size_t)g * hd, K, j, hd, scale);
            for (g = 0; g < G; g++) {
                tl__softmax_block(sc + (size_t)g * TL__ABLK, nb, mx + (size_t)t * G + g, sum + (size_t)t * G + g, ot + (size_t)g * hd, hd);
                for (i = nl * g / G; i < nl * (g + 1) / G; i++) { TL__PREFETCH(kn + i * 64); TL__PREFETCH(vn + i * 64); }
            }
            if (nv % 4 == 0) {
                for (c = 0; c < nv; c += 4)
                    for (g = 0; g < G; g += TL__AH)
                        pvf[G - g < TL__AH ? G - g : TL__AH](ot + (size_t)g * hd + c * TL__VL, sc + (size_t)g * TL__ABLK, V + c * TL__VL, nb, hd);
            } else {
                for (g = 0; g < G; g++)
                    for (c = 0; c < nv; c++) {
                        const float *sg = sc + (size_t)g * TL__ABLK, *vj = V + c * TL__VL;
                        tl__v o = tl__vld(ot + (size_t)g * hd + c * TL__VL);
                        for (j = 0; j < nb; j++, vj += hd) o = tl__vfma(tl__vset1(sg[j]), tl__vld(vj), o);
                        tl__vst(ot + (size_t)g * hd + c * TL__VL, o);
                    }
            }
        }
    }
    for (t = 0; t < T; t++)
        for (g = 0; g < G; g++) {
            float *og = out + t * qs + (size_t)g * hd;
            tl__v inv = tl__vset1(1.0f / sum[(size_t)t * G + g]);
            for (c = 0; c < nv; c++) tl__vst(og + c * TL__VL, tl__vmul(tl__vld(og + c * TL__VL), inv));
        }
}
#endif /* TL__SIMD */
/* x86 (AVX2 and up): 256-bit integer dots, u8 weights times s8 x into s32 lanes */
#if defined(TL_AVX2)
#define TL__I8_SIMD 1
#if defined(TL__VNNI512)
#define tl__dp4(a, u, s) _mm256_dpbusd_epi32(a, u, s)
#define tl__dp8(a, u, s) _mm256_dpbusd_epi32(a, u, s)
#elif defined(TL__AVXVNNI)
#define tl__dp4(a, u, s) _mm256_dpbusd_avx_epi32(a, u, s)
#define tl__dp8(a, u, s) _mm256_dpbusd_avx_epi32(a, u, s)
#else
/* u8 x s8 pairs to s16 (no saturation for u <= 15: |pair| <= 3810), then pairs of s16 to s32 */
static __m256i tl__dp4_madd(__m256i a, __m256i u, __m256i s) { return _mm256_add_epi32(a, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1))); }
/* 8-bit: u = 16 hi + lo, each nibble through maddubs without saturation */
static __m256i tl__dp8_madd(__m256i a, __m256i u, __m256i s) {
    __m256i m = _mm256_set1_epi8(15);
    __m256i lo = _mm256_maddubs_epi16(_mm256_and_si256(u, m), s), hi = _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(u, 4), m), s);
    return _mm256_add_epi32(a, _mm256_add_epi32(_mm256_madd_epi16(lo, _mm256_set1_epi16(1)), _mm256_madd_epi16(hi, _mm256_set1_epi16(16))));
}
#define tl__dp4(a, u, s) tl__dp4_madd(a, u, s)
#define tl__dp8(a, u, s) tl__dp8_madd(a, u, s)
#endif
/* 32 weights of a row: 4-bit (16 bytes) as [16 low nibbles | 16 high nibbles], 8-bit as stored */
static __m256i tl__w4(const unsigned char *p) {
    __m256i w = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p));
    return _mm256_and_si256(_mm256_srlv_epi64(w, _mm256_set_epi64x(4, 4, 0, 0)), _mm256_set1_epi8(15));
}
static __m256i tl__w8(const unsigned char *p) { return _mm256_loadu_si256((const __m256i *)(const void *)p); }
static float tl__hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}
#if defined(TL_AVX512)
#define TL__I8T 3                          /* tokens per microkernel: 8 x 3 + 5 of 32 ymm registers */
#else
#define TL__I8T 1
#endif
#define TL__I8TB 32                        /* tokens per block of a row block: s*d and bias tables */

/* microkernel: 4 rows (pr) x T tokens (xq, xst bytes apart). Per row and token: s32 lanes over
   a group, then one f32 FMA with the group's s*d (sd[(r*ng + g)*TL__I8TB + t]); the horizontal
   sum and the bias part bt[r*TL__I8TB + t] last. The same per-element operations for every T. */
#define TL__I8_R4(X, t) X(0, t) X(1, t) X(2, t) X(3, t)
#define TL__I8_DECL(r, t) __m256i i##r##t = _mm256_setzero_si256(); __m256 f##r##t = _mm256_setzero_ps();
#define TL__I8_DP(r, t) i##r##t = TL__I8DP(i##r##t, w##r, xv);
#define TL__I8_FL(r, t) f##r##t = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i##r##t), _mm256_set1_ps(sd[((size_t)(r) * ng + g) * TL__I8TB + (t)]), f##r##t); \
    i##r##t = _mm256_setzero_si256();
#define TL__I8_OUT(r, t) if ((r) < nr) Y[(size_t)(t) * ldy + (r)] = tl__hsum8(f##r##t) + bt[(r) * TL__I8TB + (t)];
#define TL__I8_DECL_T(t) TL__I8_R4(TL__I8_DECL, t)
#define TL__I8_DP_T(t) { __m256i xv = _mm256_loadu_si256((const __m256i *)(const void *)(xq + (size_t)(t) * xst + k)); TL__I8_R4(TL__I8_DP, t) }
#define TL__I8_FL_T(t) TL__I8_R4(TL__I8_FL, t)
#define TL__I8_OUT_T(t) TL__I8_R4(TL__I8_OUT, t)
#define TL__I8_TOK1(X) X(0)
#define TL__I8_TOK3(X) X(0) X(1) X(2)
#define TL__I8_KERNEL(name, TOKS, BITS, LOADW) \
static void name(float *Y, int ldy, const unsigned char *xq, size_t xst, const unsigned char *const *pr, const float *sd, const float *bt, int K, int G, int nr) { \
    int g, k, ng = K / G; \
    TOKS(TL__I8_DECL_T) \
    for (g = 0; g < ng; g++) { \
        for (k = g * G; k < (g + 1) * G; k += 32) { \
            size_t o = (size_t)k * BITS / 8; \
            __m256i w0 = LOADW(pr[0] + o), w1 = LOADW(pr[1] + o), w2 = LOADW(pr[2] + o), w3 = LOADW(pr[3] + o); \
            TOKS(TL__I8_DP_T) \
        } \
        TOKS(TL__I8_FL_T) \
    } \
    TOKS(TL__I8_OUT_T) \
}
#define TL__I8DP tl__dp4
TL__I8_KERNEL(tl__i8mk4_1, TL__I8_TOK1, 4, tl__w4)
#if TL__I8T == 3
TL__I8_KERNEL(tl__i8mk4_T, TL__I8_TOK3, 4, tl__w4)
#endif
#undef TL__I8DP
#define TL__I8DP tl__dp8
TL__I8_KERNEL(tl__i8mk8_1, TL__I8_TOK1, 8, tl__w8)
#if TL__I8T == 3
TL__I8_KERNEL(tl__i8mk8_T, TL__I8_TOK3, 8, tl__w8)
#endif
#undef TL__I8DP
#endif /* TL_AVX2 */

/* Y[t*ldy + r] = W[r] . X[t*cols] through int8 activations (tl__i8ok(W)): X quantized once into
   ws, then threads take blocks of 4 rows, each applied to all n tokens, TL__I8T at a time.
   ws: as tl__matmul's. */
#ifdef TL__I8_SIMD
static void tl__matmul_i8_rows(void *job, int rb0, int rb1, int tid) {
    const tl__mjob *jb = (const tl__mjob *)job;
    const tl_weight *W = jb->W;
    const unsigned char *xq = jb->xq;
    const float *dvT = jb->fa, *xsT = jb->fb;
    float *Y = jb->Y, *ws = jb->ws;
    int ldy = jb->ldy, n = jb->n, K = jb->K, G = jb->G, ng = jb->ng, np = jb->np, rb;
    size_t st = jb->xst, ws_thread = jb->ws_thread;
    for (rb = rb0; rb < rb1; rb++) {
        int r0 = rb * 4, nr = W->rows - r0 < 4 ? W->rows - r0 : 4, i, j, gg, T, t0, tt;
        float *sc = tl__tws(ws, ws_thread, tid);
        float *bi = sc + 4 * (size_t)ng, *sd = bi + 4 * (size_t)ng, *bt = sd + 4 * TL__I8TB * (size_t)ng;
        const unsigned char *pr[4];
        if (nr == 4) tl__load_sb(W, r0, sc, bi, 4);
        else for (i = 0; i < 4; i++) tl__load_sb(W, i < nr ? r0 + i : r0, sc + (size_t)i * ng, bi + (size_t)i * ng, 1);
        for (i = 0; i < 4; i++) pr[i] = W->w + (size_t)(i < nr ? r0 + i : r0) * W->row_bytes;
        for (t0 = 0; t0 < n; t0 += TL__I8TB - TL__I8TB % TL__I8T) {
            int nb = n - t0 < TL__I8TB - TL__I8TB % TL__I8T ? n - t0 : TL__I8TB - TL__I8TB % TL__I8T;
            /* s*d per (row, group, token) and the bias parts per (row, token), 8 tokens a vector */
            for (i = 0; i < 4; i++) {
                for (gg = 0; gg < ng; gg++) {
                    __m256 S = _mm256_set1_ps(sc[(size_t)i * ng + gg]);
                    for (j = 0; j < nb; j += 8)
                        _mm256_storeu_ps(sd + ((size_t)i * ng + gg) * TL__I8TB + j, _mm256_mul_ps(S, _mm256_loadu_ps(dvT + (size_t)gg * np + t0 + j)));
                }
                for (j = 0; j < nb; j += 8) {
                    __m256 a = _mm256_setzero_ps();
                    for (gg = 0; gg < ng; gg++) a = _mm256_fmadd_ps(_mm256_set1_ps(bi[(size_t)i * ng + gg]), _mm256_loadu_ps(xsT + (size_t)gg * np + t0 + j), a);
                    _mm256_storeu_ps(bt + i * TL__I8TB + j, a);
                }
            }
            for (tt = 0; tt < nb; tt += T) {
                const unsigned char *xt = xq + (size_t)(t0 + tt) * st;
                float *yt = Y + (size_t)(t0 + tt) * ldy + r0;
                T = nb - tt >= TL__I8T ? TL__I8T : 1;
#if TL__I8T == 3
                if (T == 3) {
                    if (W->bits == 4) tl__i8mk4_T(yt, ldy, xt, st, pr, sd + tt, bt + tt, K, G, nr);
                    else tl__i8mk8_T(yt, ldy, xt, st, pr, sd + tt, bt + tt, K, G, nr);
                    continue;
                }
#endif
                if (W->bits == 4) tl__i8mk4_1(yt, ldy, xt, st, pr, sd + tt, bt + tt, K, G, nr);
                else tl__i8mk8_1(yt, ldy, xt, st, pr, sd + tt, bt + tt, K, G, nr);
            }
        }
    }
}
#endif
static void tl__matmul_i8(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t ws_thread) {
#ifndef TL__I8_SIMD
    (void)ws_thread;
    tl__matmul_i8_ref(Y, ldy, X, n, W, tp, (unsigned char *)ws);
#else
    int K = W->cols, G = W->group, ng = K / G, nrb = (W->rows + 3) / 4, t, g, np = (n + 7) / 8 * 8 + TL__I8TB;
    size_t st = tl__i8_stride(K, ng);
    unsigned char *xq = (unsigned char *)ws;
    float *dvT, *xsT;
    tl__mjob jb;
    for (t = 0; t < n; t++) tl__i8_quant(xq + (size_t)t * st, X + (size_t)t * K, K, G, W->bits == 4);
    /* d and the sums token-minor ([g][t], zero-padded): the tables below are vectors over tokens */
    dvT = ws + ((size_t)n * st + 63) / 64 * 16;
    xsT = dvT + (size_t)ng * np;
    for (g = 0; g < ng; g++)
        for (t = 0; t < np; t++) {
            const float *dv = t < n ? (const float *)(const void *)(xq + (size_t)t * st + K) : NULL;
            dvT[(size_t)g * np + t] = dv ? dv[g] : 0.0f;
            xsT[(size_t)g * np + t] = dv ? dv[ng + g] : 0.0f;
        }
    memset(&jb, 0, sizeof jb);
    jb.Y = Y; jb.ldy = ldy; jb.W = W; jb.n = n; jb.K = K; jb.G = G; jb.ng = ng; jb.np = np;
    jb.xq = xq; jb.fa = dvT; jb.fb = xsT; jb.xst = st;
    jb.ws = xsT + ((size_t)ng * np + 15) / 16 * 16; jb.ws_thread = ws_thread;
    tl__pool_for(tp, (long long)W->rows * K * n >= (1 << 18) ? 0 : 1, nrb, TL__SCHED_GUIDED, 1, tl__matmul_i8_rows, &jb);
#endif
}
/* ---- shared by the x86 kernel sets (AVX-512, AVX2): prefetching, the GEMM driver, the f32
   GEMM's microkernel, the int16 GEMM ---- */
#if defined(TL_AVX512) || defined(TL_AVX2)
/* the 16 row pointers of a panel at rows r0..r0+15 (past the end: the last row again) */
TL__MAYBE_UNUSED static void tl__rows16(const unsigned char **pr, const unsigned char *base, size_t rb, int r0, int rows) {
    int i;
    for (i = 0; i < 16; i++) pr[i] = base + (size_t)(r0 + i < rows ? r0 + i : rows - 1) * rb;
}
/* prefetches shared by the GEMM panels and the decode kernels: lines [c0, c1) of 16 rows into L1; the
   scales and biases of rows r0..r0+nr-1 (clipped to the matrix) into L1, or L2 (l2) */
TL__MAYBE_UNUSED static void tl__pf16(const unsigned char *const *pr, int c0, int c1) {
    int i, c;
    for (c = c0; c < c1; c++)
        for (i = 0; i < 16; i++) _mm_prefetch((const char *)(pr[i] + (size_t)c * 64), _MM_HINT_T0);
}
TL__MAYBE_UNUSED static void tl__pf_sb(const tl_weight *W, size_t sbr, int r0, int nr, int l2) { /* sbr: bytes per row */
    size_t o, e;
    if (r0 >= W->rows) return;
    e = (size_t)(W->rows - r0 < nr ? W->rows - r0 : nr) * sbr;
    for (o = 0; o < e; o += 64) {
        const char *ps = (const char *)(W->scales + (size_t)r0 * sbr + o), *pb = (const char *)(W->biases + (size_t)r0 * sbr + o);
        if (l2) { _mm_prefetch(ps, _MM_HINT_T1); _mm_prefetch(pb, _MM_HINT_T1); }
        else { _mm_prefetch(ps, _MM_HINT_T0); _mm_prefetch(pb, _MM_HINT_T0); }
    }
}
/* The weight rows of a GEMM's next task (the same thread's, mostly: guided schedule), fetched
   into L2 a slice per group of tokens while this task computes: repacking them into panels then
   reads cache, not memory (it stalled on memory for most of its ~14% of prefill) */
typedef struct tl__pf_rows { const unsigned char *p; size_t n, o, step; } tl__pf_rows;
TL__MAYBE_UNUSED static tl__pf_rows tl__pf_task(const tl_weight *W, int r0, int nr, int nsteps) {
    tl__pf_rows f;
    memset(&f, 0, sizeof f);
    if (W->kind == TL_W_Q) /* scales and biases first: a few lines */
        tl__pf_sb(W, (size_t)(W->cols / W->group) * (size_t)tl__dtype_size(W->sdtype), r0, nr, 1);
    f.p = W->w + (size_t)r0 * W->row_bytes;
    f.n = (size_t)nr * W->row_bytes;
    f.step = ((f.n + (size_t)nsteps - 1) / (size_t)nsteps + 63) / 64 * 64;
    return f;
}
TL__MAYBE_UNUSED static void tl__pf_step(tl__pf_rows *f) {
    size_t e = f->o + f->step < f->n ? f->o + f->step : f->n;
    for (; f->o < e; f->o += 64) _mm_prefetch((const char *)(f->p + f->o), _MM_HINT_T1);
}
/* microkernels for 1..6 tokens: X(t) for each */
#define TL__GT1(X) X(0)
#define TL__GT2(X) X(0) X(1)
#define TL__GT3(X) X(0) X(1) X(2)
#define TL__GT4(X) X(0) X(1) X(2) X(3)
#define TL__GT5(X) X(0) X(1) X(2) X(3) X(4)
#define TL__GT6(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define TL__GT7(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6)
#define TL__GT8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
/* the f32 GEMMs' microkernel (AVX-512 and AVX2 builds alike, TL__VL lanes): two panels of
   TL__VL rows, P[k*TL__VL + i], against nt <= 6 tokens' x (one every K floats) with a broadcast
   x, 12 sums in flight; the sums to acc[t*2*TL__VL + i] */
#define TL__FT 6
#define TL__FG_DECL(t) tl__v f0##t = tl__vzero(), f1##t = f0##t; const float *x##t = X + (size_t)(t) * (size_t)K;
#define TL__FG_DP(t) { tl__v xb_ = tl__vset1(x##t[k]); f0##t = tl__vfma(w0, xb_, f0##t); f1##t = tl__vfma(w1, xb_, f1##t); }
#define TL__FG_OUT(t) tl__vst(acc + (t) * 2 * TL__VL, f0##t); tl__vst(acc + (t) * 2 * TL__VL + TL__VL, f1##t);
#define TL__FG_KERNEL(name, TOKS) \
TL__NOINLINE static void name(float *acc, const float *X, const float *P0, const float *P1, int K) { \
    int k; \
    TOKS(TL__FG_DECL) \
    for (k = 0; k < K; k++) { \
        tl__v w0 = tl__vld(P0 + (size_t)k * TL__VL), w1 = tl__vld(P1 + (size_t)k * TL__VL); \
        TOKS(TL__FG_DP) \
    } \
    TOKS(TL__FG_OUT) \
}
TL__FG_KERNEL(tl__f32g_1, TL__GT1)
TL__FG_KERNEL(tl__f32g_2, TL__GT2)
TL__FG_KERNEL(tl__f32g_3, TL__GT3)
TL__FG_KERNEL(tl__f32g_4, TL__GT4)
TL__FG_KERNEL(tl__f32g_5, TL__GT5)
TL__FG_KERNEL(tl__f32g_6, TL__GT6)
typedef void (*tl__f32g_fn)(float *, const float *, const float *, const float *, int);
static const tl__f32g_fn tl__f32g_fns[TL__FT + 1] = {0, tl__f32g_1, tl__f32g_2, tl__f32g_3, tl__f32g_4, tl__f32g_5, tl__f32g_6};
/* The driver all the GEMMs share, tasks of rpt rows (AVX-512: 32 in two vectors, AVX2: 16). All
   threads first prepare the tokens' activations (prep, optional: a serial pass here was ~2% of
   prefill, the other thread spinning through it), then take tasks (guided: long runs of rows per
   thread) and run them (run: panels, then the microkernel over the tokens), one thread per
   output element. While a task runs, the next task's rows are prefetched into L2, a slice per
   microkernel call (tl__pf_step). */
typedef struct tl__gjob {
    int nw, n, K, rpt, tpg, spc, ntv[4], ntask; /* rows per task, tokens per microkernel call, prefetch steps per call (0: 1) */
    float *const *Ys;
    const int *ldys;
    const float *X;
    const tl_weight *const *Ws;
    void *xa, *xb;                     /* prepared activations (each GEMM's own layout), */
    size_t xst;                        /* one token's stride in them */
    float *ws;                         /* per-thread scratch: tl__tws(ws, ws_thread, tid) */
    size_t ws_thread;
    void (*prep)(const struct tl__gjob *j, int t);
    void (*run)(const struct tl__gjob *j, const tl_weight *W, int wi, int r0, int nr, tl__pf_rows *pf, float *sc);
} tl__gjob;
static void tl__gemm_prep(void *job, int t0, int t1, int tid) {
    const tl__gjob *j = (const tl__gjob *)job;
    int t;
    (void)tid;
    for (t = t0; t < t1; t++) j->prep(j, t);
}
static void tl__gemm_tasks(void *job, int i0, int i1, int tid) {
    const tl__gjob *j = (const tl__gjob *)job;
    int i, rpt = j->rpt;
    for (i = i0; i < i1; i++) {
            int wi = 0, task = i, r0, ns = (j->n + j->tpg - 1) / j->tpg * (j->spc ? j->spc : 1);
            const tl_weight *W, *V;
            tl__pf_rows pf;
            while (task >= j->ntv[wi]) task -= j->ntv[wi++];
            W = j->Ws[wi];
            r0 = task * rpt;
            memset(&pf, 0, sizeof pf);
            if (task + 1 < j->ntv[wi]) pf = tl__pf_task(W, r0 + rpt, W->rows - r0 - rpt < rpt ? W->rows - r0 - rpt : rpt, ns);
            else if (wi + 1 < j->nw) { V = j->Ws[wi + 1]; pf = tl__pf_task(V, 0, V->rows < rpt ? V->rows : rpt, ns); }
            j->run(j, W, wi, r0, W->rows - r0 < rpt ? W->rows - r0 : rpt, &pf, tl__tws(j->ws, j->ws_thread, tid));
    }
}
static void tl__gemm(tl__gjob *j, tl__pool *tp) {
    int t, rpt = j->rpt, nt;
    for (t = 0; t < j->nw; t++) { j->ntv[t] = (j->Ws[t]->rows + rpt - 1) / rpt; j->ntask += j->ntv[t]; }
    nt = j->ntask > 1 ? 0 : 1;
    if (j->prep) tl__pool_for(tp, nt, j->n, TL__SCHED_STATIC, 1, tl__gemm_prep, j);
    tl__pool_for(tp, nt, j->ntask, TL__SCHED_GUIDED, 1, tl__gemm_tasks, j);
}
/* tokens for the next microkernel call when left remain, at most max per call: as many calls
   as max allows, the tokens spread evenly over them (8 tokens as 4+4, not 6+2: 1.1x) */
static int tl__gemm_nt(int left, int max) {
    int calls = (left + max - 1) / max;
    return (left + calls - 1) / calls;
}
/* nt tokens' sums of a task (acc[t*rpt + i]) to their rows of Y */
static void tl__gemm_out(const tl__gjob *j, int wi, int r0, int nr, int t0, int nt, const float *acc) {
    int t;
    for (t = 0; t < nt; t++) memcpy(j->Ys[wi] + (size_t)(t0 + t) * j->ldys[wi] + r0, acc + (size_t)j->rpt * t, sizeof(float) * (size_t)nr);
}
/* The int16 GEMM of both kernel sets (per set: tl__q16_quant_simd, tl__q16g_run with its panels
   and microkernels): all threads quantize the tokens (natural order) into ws, then tasks of
   2*TL__VL rows, TL__GT tokens per microkernel call. ws: X quantized in front, then per thread
   scratch. */
#if defined(TL_AVX512) || defined(TL__AVXVNNI)
#define TL__GT 6 /* AVX-512: 24 sums in 32 registers; AVX-VNNI: 12 + 2 weights + x in 16 (6 > 5 > 4 tokens by ~4% each) */
#else
#define TL__GT 4 /* AVX2: pmaddwd needs a register for each product: 4, 5 and 6 tokens measured alike */
#endif
static void tl__q16_quant_simd(unsigned char *dst, const float *x, int K, int G, int perm);
static void tl__q16g_run(const tl__gjob *j, const tl_weight *W, int wi, int r0, int nr, tl__pf_rows *pf, float *sc);
static void tl__q16g_prep(const tl__gjob *j, int t) {
    tl__q16_quant_simd((unsigned char *)j->xa + (size_t)t * j->xst, j->X + (size_t)t * j->K, j->K, j->Ws[0]->group, 0);
}
static void tl__q16_gemm(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t ws_thread) {
    tl__gjob j;
    memset(&j, 0, sizeof j);
    j.nw = nw; j.n = n; j.K = Ws[0]->cols; j.rpt = 2 * TL__VL; j.tpg = TL__GT;
    j.Ys = Ys; j.ldys = ldys; j.X = X; j.Ws = Ws;
    j.xa = ws; j.xst = tl__q16_stride(j.K);
    j.ws = ws + ((size_t)n * j.xst + 63) / 64 * 16 + 32; j.ws_thread = ws_thread;
    j.prep = tl__q16g_prep; j.run = tl__q16g_run;
    j.spc = j.K / 64; /* the microkernels fetch the next task's rows a slice per 64-value block */
    tl__gemm(&j, tp);
}
#endif

#if defined(TL_AVX512)
#define TL__Q16 1
/* a += the pairwise s16 products of w and x in 16 s32 lanes: one vpdpwssd with AVX512-VNNI,
   else vpmaddwd + vpaddd (AVX-512 CPUs before Cascade Lake); TL__DPW in expressions */
#ifdef TL__VNNI512
#define TL__DPW(a, w, x) _mm512_dpwssd_epi32((a), (w), (x))
#else
#define TL__DPW(a, w, x) _mm512_add_epi32((a), _mm512_madd_epi16((w), (x)))
#endif
#if defined(__GNUC__) && !defined(__clang__) && defined(TL__VNNI512) /* gcc copies the sums around the builtin */
#define TL__DPWSSD(a, w, x) __asm__("vpdpwssd %2, %1, %0" : "+v"(a) : "v"(w), "v"(x))
#elif defined(__GNUC__) && !defined(__clang__)
#define TL__DPWSSD(a, w, x) { __m512i m_ = _mm512_madd_epi16((w), (x)); __asm__("vpaddd %1, %0, %0" : "+v"(a) : "v"(m_)); }
#else
#define TL__DPWSSD(a, w, x) ((a) = TL__DPW((a), (w), (x)))
#endif
/* tl__q16_quant, 64 values at a time: the same roundings (x * id once, then +-0.5 and
   truncation), so the bytes are those of the scalar version */
static void tl__q16_quant_simd(unsigned char *dst, const float *x, int K, int G, int perm) {
    static const short ev[32] = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60, 62};
    static const short od[32] = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57, 59, 61, 63};
    const __m512i iev = _mm512_loadu_si512((const void *)ev), iod = _mm512_loadu_si512((const void *)od);
    const __m512 lim = _mm512_set1_ps(32767.0f), half = _mm512_set1_ps(0.5f);
    int ng = K / G, nb = G / 64, g, j, i;
    int16_t *q = (int16_t *)(void *)dst;
    float *dv = (float *)(void *)(dst + 2 * (size_t)K), *xs = dv + K / 64;
    for (g = 0; g < ng; g++) {
        const float *xg = x + (size_t)g * G;
        __m512 am = _mm512_setzero_ps();
        __mmask16 nf = 0;
        float amax, id, d;
        for (j = 0; j < G; j += 16) {
            __m512 a = _mm512_abs_ps(_mm512_loadu_ps(xg + j));
            am = _mm512_max_ps(am, a);
            nf |= _mm512_cmp_ps_mask(a, _mm512_set1_ps(FLT_MAX), _CMP_NLE_UQ); /* NaN or infinity */
        }
        amax = _mm512_reduce_max_ps(am);
        id = amax > 0.0f && !nf ? 32767.0f / amax : 0.0f;
        d = nf ? (float)NAN : amax / 32767.0f;
        for (j = 0; j < nb; j++) {
            __m512i qi[4], sum = _mm512_setzero_si512(), w0, w1;
            for (i = 0; i < 4; i++) { /* (a NaN or infinity: id = 0 and the group's q zeroed) */
                __m512 v = _mm512_maskz_mul_ps(nf ? 0 : 0xffff, _mm512_loadu_ps(xg + 64 * j + 16 * i), _mm512_set1_ps(id));
                v = _mm512_max_ps(_mm512_min_ps(v, lim), _mm512_sub_ps(_mm512_setzero_ps(), lim));
                v = _mm512_add_ps(v, _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(half), _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32((int)0x80000000)))));
                qi[i] = _mm512_cvttps_epi32(v);
                sum = _mm512_add_epi32(sum, qi[i]);
            }
            w0 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi32_epi16(qi[0])), _mm512_cvtepi32_epi16(qi[1]), 1);
            w1 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi32_epi16(qi[2])), _mm512_cvtepi32_epi16(qi[3]), 1);
            if (perm) {
                __m512i e = _mm512_permutex2var_epi16(w0, iev, w1), o = _mm512_permutex2var_epi16(w0, iod, w1);
                w0 = e; w1 = o;
            }
            _mm512_storeu_si512((void *)(q + (size_t)g * G + 64 * j), w0);
            _mm512_storeu_si512((void *)(q + (size_t)g * G + 64 * j + 32), w1);
            dv[g * nb + j] = d;
            xs[g * nb + j] = d * (float)_mm512_reduce_add_epi32(sum);
        }
    }
}

/* decode microkernel: 8 rows (w, rb bytes apart; past nr: row 0 again, its outputs dropped) x
   one token xq. Per step two 64-value blocks: the x words loaded once for the 8 rows, then per
   row its whole 64-byte line (4-bit) unpacked to s16 (lo/hi), an exact int32 dot in 16 lanes
   per block, one f32 FMA with s*d (sd[r*nblk+b]) into lanes that start from the row's bias part
   (fb[r*16..]), and a prefetch pf bytes ahead; the horizontal sums last. A whole line per row
   and step matters: with one 32-byte block per row and step (each line visited twice, 8 rows
   apart) decode read memory 10-20% slower; so did taking the rows one after another. */
/* block b of a row's bytes p as s16: l_ (4-bit: low nibbles; 8-bit: first 32) and h_ */
#define TL__Q16_UNPACK(p, b) \
    if (bits == 4) { \
        __m512i v_ = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(const void *)((p) + (size_t)(b) * 32))); \
        l_ = _mm512_and_si512(v_, m15); h_ = _mm512_srli_epi16(v_, 4); \
    } else { \
        l_ = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(const void *)((p) + (size_t)(b) * 64))); \
        h_ = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(const void *)((p) + (size_t)(b) * 64 + 32))); }
#define TL__Q16_BLK(f, p, s, b, xl, xh) { __m512i l_, h_, i_; \
    TL__Q16_UNPACK(p, b) \
    i_ = TL__DPW(_mm512_madd_epi16(l_, xl), h_, xh); \
    f = _mm512_fmadd_ps(_mm512_cvtepi32_ps(i_), _mm512_set1_ps((s)[b]), f); }
#define TL__Q16_XL(b) _mm512_loadu_si512((const void *)(xq + (size_t)(b) * 128))
#define TL__Q16_XH(b) _mm512_loadu_si512((const void *)(xq + (size_t)(b) * 128 + 64))
#define TL__Q16_R8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define TL__Q16_DECL(r) const int k##r = (r) < nr ? (r) : 0; \
    const unsigned char *p##r = w + (size_t)k##r * rb; const float *s##r = sd + (size_t)k##r * nblk; \
    __m512 f##r = _mm512_loadu_ps(fb + k##r * 16);
#define TL__Q16_TWO(r) _mm_prefetch((const char *)(p##r + (size_t)b * bits * 8 + pf), _MM_HINT_T0); \
    if (bits == 8) _mm_prefetch((const char *)(p##r + (size_t)b * 64 + 64 + pf), _MM_HINT_T0); \
    TL__Q16_BLK(f##r, p##r, s##r, b, xl0, xh0) TL__Q16_BLK(f##r, p##r, s##r, b + 1, xl1, xh1)
#define TL__Q16_ONE(r) TL__Q16_BLK(f##r, p##r, s##r, b, xl0, xh0)
#define TL__Q16_OUT(r) if ((r) < nr) Y[r] = _mm512_reduce_add_ps(f##r);
#define TL__Q16_KERNEL(name, BITS) \
TL__NOINLINE static void name(float *Y, const unsigned char *xq, const unsigned char *w, size_t rb, const float *sd, const float *fb, int nblk, int nr, size_t pf) { \
    const __m512i m15 = _mm512_set1_epi16(15); \
    const int bits = BITS; \
    int b; \
    TL__Q16_R8(TL__Q16_DECL) \
    for (b = 0; b + 1 < nblk; b += 2) { \
        __m512i xl0 = TL__Q16_XL(b), xh0 = TL__Q16_XH(b), xl1 = TL__Q16_XL(b + 1), xh1 = TL__Q16_XH(b + 1); \
        TL__Q16_R8(TL__Q16_TWO) \
    } \
    if (b < nblk) { __m512i xl0 = TL__Q16_XL(b), xh0 = TL__Q16_XH(b); TL__Q16_R8(TL__Q16_ONE) } \
    TL__Q16_R8(TL__Q16_OUT) \
}
TL__Q16_KERNEL(tl__q16mk_4, 4) /* bits a constant: one unpacking in the loop */
TL__Q16_KERNEL(tl__q16mk_8, 8)
/* the same for two tokens (a few prompt tokens): each block of weights unpacked once for both;
   per token the operations and their order of the one-token kernel, so the same bits */
#define TL__Q16P_DECL(r) const int k##r = (r) < nr ? (r) : 0; \
    const unsigned char *p##r = w + (size_t)k##r * rb; const float *s##r = sd + (size_t)k##r * nblk, *u##r = sd1 + (size_t)k##r * nblk; \
    __m512 f##r = _mm512_loadu_ps(fb + k##r * 16), g##r = _mm512_loadu_ps(fb1 + k##r * 16);
#define TL__Q16P_ROW(r) { __m512i l_, h_; \
    _mm_prefetch((const char *)(p##r + (size_t)b * bits * 8 + pf), _MM_HINT_T0); \
    TL__Q16_UNPACK(p##r, b) \
    f##r = _mm512_fmadd_ps(_mm512_cvtepi32_ps(TL__DPW(_mm512_madd_epi16(l_, xl0), h_, xh0)), _mm512_set1_ps(s##r[b]), f##r); \
    g##r = _mm512_fmadd_ps(_mm512_cvtepi32_ps(TL__DPW(_mm512_madd_epi16(l_, xl1), h_, xh1)), _mm512_set1_ps(u##r[b]), g##r); }
#define TL__Q16P_OUT(r) if ((r) < nr) { Y[r] = _mm512_reduce_add_ps(f##r); Y1[r] = _mm512_reduce_add_ps(g##r); }
#define TL__Q16P_KERNEL(name, BITS) \
TL__NOINLINE static void name(float *Y, float *Y1, const unsigned char *xq, const unsigned char *xq1, const unsigned char *w, size_t rb, const float *sd, const float *sd1, const float *fb, const float *fb1, int nblk, int nr, size_t pf) { \
    const __m512i m15 = _mm512_set1_epi16(15); \
    const int bits = BITS; \
    int b; \
    TL__Q16_R8(TL__Q16P_DECL) \
    for (b = 0; b < nblk; b++) { \
        __m512i xl0 = TL__Q16_XL(b), xh0 = TL__Q16_XH(b); \
        __m512i xl1 = _mm512_loadu_si512((const void *)(xq1 + (size_t)b * 128)), xh1 = _mm512_loadu_si512((const void *)(xq1 + (size_t)b * 128 + 64)); \
        TL__Q16_R8(TL__Q16P_ROW) \
    } \
    TL__Q16_R8(TL__Q16P_OUT) \
}
TL__Q16P_KERNEL(tl__q16mp_4, 4)
TL__Q16P_KERNEL(tl__q16mp_8, 8)

/* ---- int16 GEMM for chunks of tokens: 32 rows in the lanes of two vectors ----
   Per task of 32 rows, the weights are repacked once into two panels of 16 rows (in L2): per
   pair of columns p the 16 rows' two weights as bytes, widened in the microkernel (vpmovzxbw) to
   a vector of 16 lanes (w[2p] | w[2p+1] << 16), so one vpdpwssd with a broadcast pair (x[2p],
   x[2p+1]) of one token adds 32 products to 16 rows' int32 sums. 2 panels x up to 6 tokens keep
   12 sums in flight. Per 64-value block the exact int32 sum is scaled by s*d and the bias part
   b*(d*sum q) added, b ascending. Activations in natural order. Panels of bytes, not of the
   16-bit lanes themselves: repacking is the fixed cost of every chunk (at 8 tokens it took twice
   the microkernels' time), and half the bytes to store made it about 2x faster. */
/* 16 vectors v0..v15 (variables of the caller) of 16 32-bit words, transposed in registers: 4x4
   within 128-bit lanes, then across lanes, each vector of the transpose (word j of all 16) handed
   to OUT(t, j) as soon as it is made (a transpose through an array went through the stack) */
static TL__INLINE void tl__tr4x4_32(__m512i *a, __m512i *b, __m512i *c, __m512i *d) {
    __m512i t0 = _mm512_unpacklo_epi32(*a, *b), t1 = _mm512_unpackhi_epi32(*a, *b);
    __m512i t2 = _mm512_unpacklo_epi32(*c, *d), t3 = _mm512_unpackhi_epi32(*c, *d);
    *a = _mm512_unpacklo_epi64(t0, t2); *b = _mm512_unpackhi_epi64(t0, t2);
    *c = _mm512_unpacklo_epi64(t1, t3); *d = _mm512_unpackhi_epi64(t1, t3);
}
#define TL__V16 __m512i v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15
#define TL__FOR16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define TL__TR16_COL(k, a4, a8, a12, OUT) { /* words 4L+k of all rows: lane L of v<k>, a4, a8, a12 */ \
    __m512i e_ = _mm512_shuffle_i32x4(v##k, a4, 0x44), f_ = _mm512_shuffle_i32x4(v##k, a4, 0xee); \
    __m512i g_ = _mm512_shuffle_i32x4(a8, a12, 0x44), h_ = _mm512_shuffle_i32x4(a8, a12, 0xee); \
    OUT(_mm512_shuffle_i32x4(e_, g_, 0x88), k) OUT(_mm512_shuffle_i32x4(e_, g_, 0xdd), 4 + k) \
    OUT(_mm512_shuffle_i32x4(f_, h_, 0x88), 8 + k) OUT(_mm512_shuffle_i32x4(f_, h_, 0xdd), 12 + k) }
#define TL__TR16(OUT) \
    tl__tr4x4_32(&v0, &v1, &v2, &v3); tl__tr4x4_32(&v4, &v5, &v6, &v7); \
    tl__tr4x4_32(&v8, &v9, &v10, &v11); tl__tr4x4_32(&v12, &v13, &v14, &v15); \
    TL__TR16_COL(0, v4, v8, v12, OUT) TL__TR16_COL(1, v5, v9, v13, OUT) \
    TL__TR16_COL(2, v6, v10, v14, OUT) TL__TR16_COL(3, v7, v11, v15, OUT)
/* the scales (or biases, sb) of rows r0..r0+15 per 64-value block, transposed: dT[b*32 + i].
   Group 64: 16 blocks of the 16 rows in registers, transposed there. (Copying each row to f32
   scratch with masked stores and reading it back a value at a time stalled on store forwarding,
   and in the second thread, whose stack lies at a fixed offset, on 4K aliasing too: 12% of a
   12-token prefill in one placement of the scratch, 2% in others.) */
static void tl__q16_panel_sb(float *dT, const unsigned char *sb, const tl_weight *W, int r0) {
    int ng = W->cols / W->group, nblk = W->cols / 64, es = tl__dtype_size(W->sdtype), j, nb;
    const unsigned char *pr[16];
    tl__rows16(pr, sb, (size_t)ng * (size_t)es, r0, W->rows);
    for (j = 0; j < nblk; j += 16) {
        __mmask16 m = TL__M16(nblk, j);
        float *o = dT + (size_t)j * 32;
        TL__V16;
        nb = nblk - j < 16 ? nblk - j : 16;
        if (W->group == 64) {
#define TL__SB_LD(i) v##i = _mm512_castps_si512(tl__ld16_ps(pr[i] + (size_t)j * (size_t)es, W->sdtype, m));
            TL__FOR16(TL__SB_LD)
        } else { /* one value per block, its group's */
            float t[16];
            int b;
#define TL__SB_LDG(i) for (b = 0; b < 16; b++) t[b] = j + b < nblk ? tl__ldf(pr[i], W->sdtype, (size_t)((j + b) * 64 / W->group)) : 0.0f; \
            v##i = _mm512_loadu_si512((const void *)t);
            TL__FOR16(TL__SB_LDG)
        }
#define TL__SB_OUT(t, b) if ((b) < nb) _mm512_storeu_si512((void *)(o + (size_t)(b) * 32), t);
        TL__TR16(TL__SB_OUT)
    }
}
/* rows r0..r0+15 (past the end: the last row again) into panel P (pair p of columns: bytes
   P[p*32 + 2i], P[p*32 + 2i + 1] = row i's w[2p], w[2p+1]), their scales and biases per 64-value
   block to sT[b*32 + i], bT[b*32 + i] */
static void tl__q16_panel(unsigned char *P, float *sT, float *bT, const tl_weight *W, int r0) {
    int K = W->cols, G = W->group, ng = K / G, i, c;
    const unsigned char *pr[16];
    int lines = (int)((W->row_bytes + 63) / 64);
    tl__rows16(pr, W->w, W->row_bytes, r0, W->rows);
    /* every miss of the panel issued at once (the rows' first lines, the 16 rows' scales and
       biases), so they overlap instead of stalling one after another */
    tl__pf16(pr, 0, lines < 8 ? lines : 8);
    tl__pf_sb(W, (size_t)ng * (size_t)tl__dtype_size(W->sdtype), r0, 16, 0);
    tl__q16_panel_sb(sT, W->scales, W, r0);
    tl__q16_panel_sb(bT, W->biases, W, r0);
    if (W->bits == 4 && K % 128 == 0) {
        /* 64 bytes of each row (128 weights) transposed as 32-bit words: word w of all rows holds
           their pairs 4w..4w+3, a byte each (low nibble w[2p], high w[2p+1]); the nibbles split and
           interleaved into two output vectors, j = 0, 1: pairs 2j+q (q = 0: bytes 0-31, 1: 32-63),
           row d's two bytes at 32q+2d, 32q+2d+1. Index tables for j = 0; j = 1 adds 2 to each */
#ifdef TL__VBMI /* from lo (bytes 0-63) and hi (64-127): 4d+q, 64+4d+q */
        static const unsigned char ixt[64] = {0, 64, 4, 68, 8, 72, 12, 76, 16, 80, 20, 84, 24, 88, 28, 92, 32, 96, 36, 100, 40, 104, 44, 108, 48, 112, 52, 116, 56, 120, 60, 124,
            1, 65, 5, 69, 9, 73, 13, 77, 17, 81, 21, 85, 25, 89, 29, 93, 33, 97, 37, 101, 41, 105, 45, 109, 49, 113, 53, 117, 57, 121, 61, 125};
        const __m512i ix0 = _mm512_loadu_si512((const void *)ixt), ix1 = _mm512_add_epi8(ix0, _mm512_set1_epi8(2));
#else /* 16-bit words (lo, hi) of u0 = unpacklo8(lo, hi) (0-31: rows 4L, 4L+1 of each 128-bit lane L)
         and u1 = unpackhi8 (32-63: rows 4L+2, 4L+3): (d%4 < 2 ? 0 : 32) + 8(d/4) + 4(d%2) + q */
        static const int16_t ixt[32] = {0, 4, 32, 36, 8, 12, 40, 44, 16, 20, 48, 52, 24, 28, 56, 60, 1, 5, 33, 37, 9, 13, 41, 45, 17, 21, 49, 53, 25, 29, 57, 61};
        const __m512i ix0 = _mm512_loadu_si512((const void *)ixt), ix1 = _mm512_add_epi16(ix0, _mm512_set1_epi16(2));
#endif
        const __m512i m4 = _mm512_set1_epi8(15);
        for (c = 0; c < K / 128; c++) { /* the rows' next lines 8 ahead */
            unsigned char *o = P + (size_t)c * 64 * 32;
            TL__V16;
            if (c + 8 < K / 128) tl__pf16(pr, c + 8, c + 9);
#define TL__P_LD(i) v##i = _mm512_loadu_si512((const void *)(pr[i] + (size_t)c * 64));
            TL__FOR16(TL__P_LD)
#ifdef TL__VBMI
#define TL__P4_OUT(t, w) { __m512i lo_ = _mm512_and_si512(t, m4), hi_ = _mm512_and_si512(_mm512_srli_epi16(t, 4), m4); \
            _mm512_storeu_si512((void *)(o + (size_t)(w) * 128), _mm512_permutex2var_epi8(lo_, ix0, hi_)); \
            _mm512_storeu_si512((void *)(o + (size_t)(w) * 128 + 64), _mm512_permutex2var_epi8(lo_, ix1, hi_)); }
#else
#define TL__P4_OUT(t, w) { __m512i lo_ = _mm512_and_si512(t, m4), hi_ = _mm512_and_si512(_mm512_srli_epi16(t, 4), m4); \
            __m512i u0_ = _mm512_unpacklo_epi8(lo_, hi_), u1_ = _mm512_unpackhi_epi8(lo_, hi_); \
            _mm512_storeu_si512((void *)(o + (size_t)(w) * 128), _mm512_permutex2var_epi16(u0_, ix0, u1_)); \
            _mm512_storeu_si512((void *)(o + (size_t)(w) * 128 + 64), _mm512_permutex2var_epi16(u0_, ix1, u1_)); }
#endif
            TL__TR16(TL__P4_OUT)
        }
    } else if (W->bits == 8) { /* K % 64 == 0 (tl__q16ok): word j of all rows holds pairs 2j, 2j+1 */
        static const int16_t ixt[32] = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31};
        const __m512i ix = _mm512_loadu_si512((const void *)ixt); /* output word 16q + d: row d's word q */
        for (c = 0; c < K / 64; c++) {
            unsigned char *o = P + (size_t)c * 32 * 32;
            TL__V16;
            if (c + 8 < K / 64) tl__pf16(pr, c + 8, c + 9);
            TL__FOR16(TL__P_LD)
#define TL__P8_OUT(t, w) _mm512_storeu_si512((void *)(o + (size_t)(w) * 64), _mm512_permutexvar_epi16(ix, t));
            TL__TR16(TL__P8_OUT)
        }
    } else
        for (c = 0; c < K / 2; c++)
            for (i = 0; i < 16; i++) { P[(size_t)c * 32 + 2 * i] = (unsigned char)(pr[i][c] & 15); P[(size_t)c * 32 + 2 * i + 1] = (unsigned char)(pr[i][c] >> 4); }
}
#define TL__G_DECL(t) __m512i a0##t, a1##t; __m512 f0##t = _mm512_setzero_ps(), f1##t = _mm512_setzero_ps(); \
    const int32_t *x##t = (const int32_t *)(const void *)(xq + (size_t)(t) * xst); \
    const float *d##t = (const float *)(const void *)(xq + (size_t)(t) * xst + 2 * (size_t)K);
#define TL__G_ZERO(t) a0##t = _mm512_setzero_si512(); a1##t = _mm512_setzero_si512();
#define TL__G_DP(t) { __m512i xb_ = _mm512_set1_epi32(x##t[b * 32 + p]); TL__DPWSSD(a0##t, w0, xb_); TL__DPWSSD(a1##t, w1, xb_); }
#define TL__G_EPI(t) { __m512 d_ = _mm512_set1_ps(d##t[b]), x_ = _mm512_set1_ps(d##t[nblk + b]); \
    f0##t = _mm512_fmadd_ps(_mm512_cvtepi32_ps(a0##t), _mm512_mul_ps(s0, d_), f0##t); f0##t = _mm512_fmadd_ps(c0, x_, f0##t); \
    f1##t = _mm512_fmadd_ps(_mm512_cvtepi32_ps(a1##t), _mm512_mul_ps(s1, d_), f1##t); f1##t = _mm512_fmadd_ps(c1, x_, f1##t); }
#define TL__G_OUT(t) _mm512_mask_storeu_ps(Y + (size_t)(t) * ldy, m0, f0##t); _mm512_mask_storeu_ps(Y + (size_t)(t) * ldy + 16, m1, f1##t);
#define TL__G_KERNEL(name, TOKS) \
static void name(float *Y, int ldy, const unsigned char *xq, size_t xst, const unsigned char *P0, const unsigned char *P1, const float *sT, const float *bT, int K, __mmask16 m0, __mmask16 m1, tl__pf_rows *pf) { \
    int nblk = K / 64, b, p; \
    TOKS(TL__G_DECL) \
    for (b = 0; b < nblk; b++) { \
        const unsigned char *q0 = P0 + (size_t)b * 1024, *q1 = P1 + (size_t)b * 1024; \
        __m512 s0, s1, c0, c1; \
        tl__pf_step(pf); \
        TOKS(TL__G_ZERO) \
        for (p = 0; p < 32; p++) { \
            __m512i w0 = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(const void *)(q0 + p * 32))); \
            __m512i w1 = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(const void *)(q1 + p * 32))); \
            TOKS(TL__G_DP) \
        } \
        s0 = _mm512_loadu_ps(sT + b * 32); s1 = _mm512_loadu_ps(sT + b * 32 + 16); \
        c0 = _mm512_loadu_ps(bT + b * 32); c1 = _mm512_loadu_ps(bT + b * 32 + 16); \
        TOKS(TL__G_EPI) \
    } \
    TOKS(TL__G_OUT) \
}
TL__G_KERNEL(tl__q16g_1, TL__GT1)
TL__G_KERNEL(tl__q16g_2, TL__GT2)
TL__G_KERNEL(tl__q16g_3, TL__GT3)
TL__G_KERNEL(tl__q16g_4, TL__GT4)
TL__G_KERNEL(tl__q16g_5, TL__GT5)
TL__G_KERNEL(tl__q16g_6, TL__GT6)
typedef void (*tl__q16g_fn)(float *, int, const unsigned char *, size_t, const unsigned char *, const unsigned char *, const float *, const float *, int, __mmask16, __mmask16, tl__pf_rows *);

/* lane masks of a task's nr <= 32 rows in two vectors of 16 */
static void tl__masks32(int nr, __mmask16 *m0, __mmask16 *m1) {
    *m0 = (__mmask16)(nr >= 16 ? 0xffff : (1u << nr) - 1u);
    *m1 = (__mmask16)(nr >= 32 ? 0xffff : nr > 16 ? (1u << (nr - 16)) - 1u : 0u);
}
/* sc: two panels (16*K bytes each), their scales and biases (tl__ws_thread covers 34*K floats) */
static void tl__q16g_run(const tl__gjob *j, const tl_weight *W, int wi, int r0, int nr, tl__pf_rows *pf, float *sc) {
    static const tl__q16g_fn fn[TL__GT + 1] = {0, tl__q16g_1, tl__q16g_2, tl__q16g_3, tl__q16g_4, tl__q16g_5, tl__q16g_6};
    int K = j->K, nblk = K / 64, t0, nt;
    __mmask16 m0, m1;
    const unsigned char *xq = (const unsigned char *)j->xa;
    unsigned char *P0 = (unsigned char *)(void *)sc, *P1 = P0 + (size_t)K * 16;
    float *sT = sc + (size_t)K * 8, *bT = sT + (size_t)nblk * 32;
    tl__masks32(nr, &m0, &m1);
    tl__q16_panel(P0, sT, bT, W, r0);
    tl__q16_panel(P1, sT + 16, bT + 16, W, r0 + 16);
    for (t0 = 0; t0 < j->n; t0 += nt) {
        nt = tl__gemm_nt(j->n - t0, TL__GT);
        fn[nt](j->Ys[wi] + (size_t)t0 * j->ldys[wi] + r0, j->ldys[wi], xq + (size_t)t0 * j->xst, j->xst, P0, P1, sT, bT, K, m0, m1, pf);
    }
}

/* Y[t*ldy + r] = W[r] . X[t*cols] through int16 activations (tl__q16ok(W)). Chunks of more than
   TL__Q16_FEW tokens take the GEMM above; fewer (decode, short prompts) are quantized once into ws
   and threads take blocks of 8 rows, streaming each weight byte once, through the kernels above
   (two tokens at a time). The GEMM repacks every weight into panels, a fixed cost per chunk that
   two tokens do not repay (with 0.3.6's panels they ran at 73 tok/s through it, 235 this way; with
   0.3.8's, this way is still 1.13x faster). nw (<= 4) weights of the same cols, group and bits
   take the same X in one parallel loop (q/k/v, gate/up: fewer thread wake-ups per token).
   ws: as tl__matmul's. */
#define TL__Q16_FEW 2 /* 0.5B, 2 threads: 2 tokens 1.13x faster this way than through the GEMM (its panels of bytes), 3 tokens 0.94x, 4 0.82x */
static void tl__q16n_rows(void *job, int i0_, int i1_, int tid) {
    const tl__mjob *jb = (const tl__mjob *)job;
    float *const *Ys = jb->Ys, *ws = jb->ws;
    const int *ldys = jb->ldys;
    const tl_weight *const *Ws = jb->Ws;
    const unsigned char *xq = jb->xq;
    const int *nrbv = jb->nrbv;
    int n = jb->n, K = jb->K, G = jb->G, ng = jb->ng, nblk = jb->nblk, rbt;
    size_t xst = jb->xst, ws_thread = jb->ws_thread;
    for (rbt = i0_; rbt < i1_; rbt++) {
        int wi = 0, rb = rbt, r0, nr, i, bb, tt;
        const tl_weight *W;
        float *sc = tl__tws(ws, ws_thread, tid);
        float *bi = sc + 8 * (size_t)nblk, *sdt = bi + 8 * (size_t)nblk; /* then per token: sd, f0 */
        size_t pf, tst = 8 * (size_t)nblk + 128;
        while (rb >= nrbv[wi]) rb -= nrbv[wi++];
        W = Ws[wi];
        r0 = rb * 8; nr = W->rows - r0 < 8 ? W->rows - r0 : 8;
        /* prefetch the block of 8 rows two blocks ahead (one ahead near the end, none at it) */
        pf = (size_t)(r0 + 24 <= W->rows ? 16 : r0 + 16 <= W->rows ? 8 : 0) * W->row_bytes;
        /* scales and biases, streams of their own, 4 blocks ahead (2 ahead, perf found decode
           waiting on these prefetches) */
        if (r0 + 40 <= W->rows) tl__pf_sb(W, (size_t)ng * (size_t)tl__dtype_size(W->sdtype), r0 + 32, 8, 0);
        /* per token and row: s*d per block (sd[i*nblk..]), and the bias part b*(d*sum q) summed
           16 blocks a vector (the sums' starting lanes, f0[16*i..]). Group 64: straight from the
           stored scales and biases (an f32 copy written with masked stores and read back at once
           made the loads wait on store forwarding: ~a quarter of 0.5B decode in perf); other
           groups: one value per block copied into sc/bi first */
        if (G != 64)
            for (i = 0; i < nr; i++)
                for (bb = 0; bb < nblk; bb++) {
                    size_t gi = (size_t)(r0 + i) * (size_t)ng + (size_t)(bb * 64 / G);
                    sc[(size_t)i * nblk + bb] = tl__ldf(W->scales, W->sdtype, gi);
                    bi[(size_t)i * nblk + bb] = tl__ldf(W->biases, W->sdtype, gi);
                }
        for (i = 0; i < nr; i++) { /* the scales and biases loaded once for all the tokens */
            __m512 a[TL__Q16_FEW];
            size_t es = (size_t)tl__dtype_size(W->sdtype), o = (size_t)(r0 + i) * (size_t)nblk;
            for (tt = 0; tt < n; tt++) a[tt] = _mm512_setzero_ps();
            for (bb = 0; bb < nblk; bb += 16) {
                __mmask16 m = (__mmask16)(nblk - bb >= 16 ? 0xffff : (1u << (nblk - bb)) - 1u);
                __m512 sv = G == 64 ? tl__ld16_ps(W->scales + (o + (size_t)bb) * es, W->sdtype, m) : _mm512_maskz_loadu_ps(m, sc + (size_t)i * nblk + bb);
                __m512 bv = G == 64 ? tl__ld16_ps(W->biases + (o + (size_t)bb) * es, W->sdtype, m) : _mm512_maskz_loadu_ps(m, bi + (size_t)i * nblk + bb);
                for (tt = 0; tt < n; tt++) {
                    const float *dv = (const float *)(const void *)(xq + (size_t)tt * xst + 2 * (size_t)K);
                    _mm512_mask_storeu_ps(sdt + (size_t)tt * tst + (size_t)i * nblk + bb, m, _mm512_mul_ps(sv, _mm512_maskz_loadu_ps(m, dv + bb)));
                    a[tt] = _mm512_fmadd_ps(bv, _mm512_maskz_loadu_ps(m, dv + nblk + bb), a[tt]);
                }
            }
            for (tt = 0; tt < n; tt++) _mm512_storeu_ps(sdt + (size_t)tt * tst + 8 * (size_t)nblk + 16 * i, a[tt]);
        }
        /* tokens two at a time (the rows' bytes read from memory once, then from cache) */
        for (tt = 0; tt + 1 < n; tt += 2) {
            const float *sd = sdt + (size_t)tt * tst;
            (W->bits == 4 ? tl__q16mp_4 : tl__q16mp_8)(Ys[wi] + (size_t)tt * ldys[wi] + r0, Ys[wi] + (size_t)(tt + 1) * ldys[wi] + r0, xq + (size_t)tt * xst, xq + (size_t)(tt + 1) * xst,
                W->w + (size_t)r0 * W->row_bytes, W->row_bytes, sd, sd + tst, sd + 8 * (size_t)nblk, sd + tst + 8 * (size_t)nblk, nblk, nr, tt ? 0 : pf);
        }
        if (tt < n) {
            const float *sd = sdt + (size_t)tt * tst;
            (W->bits == 4 ? tl__q16mk_4 : tl__q16mk_8)(Ys[wi] + (size_t)tt * ldys[wi] + r0, xq + (size_t)tt * xst, W->w + (size_t)r0 * W->row_bytes, W->row_bytes, sd, sd + 8 * (size_t)nblk, nblk, nr, tt ? 0 : pf);
        }
    }
}
static void tl__matmul_q16n(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t ws_thread) {
    int K = Ws[0]->cols, G = Ws[0]->group, ng = K / G, nblk = K / 64, nrbv[4], nrbt = 0, t;
    tl__mjob jb;
    long long work = 0;
    size_t xst = tl__q16_stride(K);
    unsigned char *xq = (unsigned char *)ws;
    if (n > TL__Q16_FEW) { tl__q16_gemm(nw, Ys, ldys, X, n, Ws, tp, ws, ws_thread); return; }
    for (t = 0; t < nw; t++) {
        nrbv[t] = (Ws[t]->rows + 7) / 8;
        nrbt += nrbv[t];
        work += (long long)Ws[t]->rows * K * n;
    }
    for (t = 0; t < n; t++) tl__q16_quant_simd(xq + (size_t)t * xst, X + (size_t)t * K, K, G, Ws[0]->bits == 4);
    memset(&jb, 0, sizeof jb);
    jb.Ys = Ys; jb.ldys = ldys; jb.Ws = Ws; jb.nw = nw; memcpy(jb.nrbv, nrbv, sizeof nrbv);
    jb.n = n; jb.K = K; jb.G = G; jb.ng = ng; jb.nblk = nblk; jb.xq = xq; jb.xst = xst;
    jb.ws = ws + ((size_t)n * xst + 63) / 64 * 16 + 32; jb.ws_thread = ws_thread;
    tl__pool_for(tp, work >= (1 << 18) ? 0 : 1, nrbt, TL__SCHED_GUIDED, 1, tl__q16n_rows, &jb);
}
static void tl__matmul_q16(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t ws_thread) {
    tl__matmul_q16n(1, &Y, &ldy, X, n, &W, tp, ws, ws_thread);
}
#if defined(TL__BF16)
/* ---- BF16 GEMM for chunks: vdpbf16ps, 16 rows x 2 products per instruction ----
   BF16 weights are bf16 pairs already: a panel of 16 rows is the transpose of their 32-bit
   (w[2p], w[2p+1]) words. x is split into bf16 hi = x rounded and lo = x - hi rounded, whose sum
   is x to 2^-17 relative; each product of two bf16 is exact in f32, so with a dot product for hi
   and one for lo (separate f32 sums) the result stays at f32-kernel accuracy. With
   tl_session.bf16_act, x is hi alone (as llama.cpp's BF16 path computes): half the products, so
   twice the tokens per microkernel call (8: 16 sums in flight). */
#define TL__BG 1
#define TL__BGT 4                          /* tokens per call, hi + lo */
#define TL__BHT 8                          /* tokens per call, hi alone */
#if defined(__GNUC__) && !defined(__clang__)
#define TL__DPBF16(a, w, x) __asm__("vdpbf16ps %2, %1, %0" : "+v"(a) : "v"(w), "v"(x))
#else
#define TL__DPBF16(a, w, x) ((a) = _mm512_dpbf16_ps((a), (__m512bh)(w), (__m512bh)(x)))
#endif
static int tl__bgok(const tl_weight *W) { return W->kind == TL_W_BF16 && W->cols % 32 == 0; }
/* x (K floats) -> bf16 pairs hi (and lo = x - hi, unless lo is NULL) */
static void tl__bf_split(uint32_t *hi, uint32_t *lo, const float *x, int K) {
    int j;
    for (j = 0; j < K; j += 16) {
        __m512 v = _mm512_loadu_ps(x + j);
        __m256i h = (__m256i)_mm512_cvtneps_pbh(v);
        _mm256_storeu_si256((__m256i *)(void *)(hi + j / 2), h);
        if (lo) {
            __m512 hv = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
            _mm256_storeu_si256((__m256i *)(void *)(lo + j / 2), (__m256i)_mm512_cvtneps_pbh(_mm512_sub_ps(v, hv)));
        }
    }
}
/* microkernels: 32 rows (panels P0, P1) x TOKS tokens; BG: hi and lo sums, BH: hi alone */
#define TL__BG_DECL(t) __m512 f0##t = _mm512_setzero_ps(), f1##t = f0##t, g0##t = f0##t, g1##t = f0##t; \
    const uint32_t *h##t = xh + (size_t)(t) * xst, *l##t = xl + (size_t)(t) * xst;
#define TL__BG_DP(t) { __m512i hb_ = _mm512_set1_epi32((int)h##t[p]), lb_ = _mm512_set1_epi32((int)l##t[p]); \
    TL__DPBF16(f0##t, w0, hb_); TL__DPBF16(f1##t, w1, hb_); TL__DPBF16(g0##t, w0, lb_); TL__DPBF16(g1##t, w1, lb_); }
#define TL__BG_OUT(t) _mm512_mask_storeu_ps(Y + (size_t)(t) * ldy, m0, _mm512_add_ps(f0##t, g0##t)); \
    _mm512_mask_storeu_ps(Y + (size_t)(t) * ldy + 16, m1, _mm512_add_ps(f1##t, g1##t));
#define TL__BH_DECL(t) __m512 f0##t = _mm512_setzero_ps(), f1##t = f0##t; const uint32_t *h##t = xh + (size_t)(t) * xst;
#define TL__BH_DP(t) { __m512i hb_ = _mm512_set1_epi32((int)h##t[p]); TL__DPBF16(f0##t, w0, hb_); TL__DPBF16(f1##t, w1, hb_); }
#define TL__BH_OUT(t) _mm512_mask_storeu_ps(Y + (size_t)(t) * ldy, m0, f0##t); _mm512_mask_storeu_ps(Y + (size_t)(t) * ldy + 16, m1, f1##t);
#define TL__BG_KERNEL(name, TOKS, V) \
static void name(float *Y, int ldy, const uint32_t *xh, const uint32_t *xl, size_t xst, const int32_t *P0, const int32_t *P1, int K, __mmask16 m0, __mmask16 m1) { \
    int p; \
    (void)xl; \
    TOKS(TL__##V##_DECL) \
    for (p = 0; p < K / 2; p++) { \
        __m512i w0 = _mm512_loadu_si512((const void *)(P0 + (size_t)p * 16)), w1 = _mm512_loadu_si512((const void *)(P1 + (size_t)p * 16)); \
        TOKS(TL__##V##_DP) \
    } \
    TOKS(TL__##V##_OUT) \
}
TL__BG_KERNEL(tl__bgk_1, TL__GT1, BG)
TL__BG_KERNEL(tl__bgk_2, TL__GT2, BG)
TL__BG_KERNEL(tl__bgk_3, TL__GT3, BG)
TL__BG_KERNEL(tl__bgk_4, TL__GT4, BG)
TL__BG_KERNEL(tl__bhk_1, TL__GT1, BH)
TL__BG_KERNEL(tl__bhk_2, TL__GT2, BH)
TL__BG_KERNEL(tl__bhk_3, TL__GT3, BH)
TL__BG_KERNEL(tl__bhk_4, TL__GT4, BH)
TL__BG_KERNEL(tl__bhk_5, TL__GT5, BH)
TL__BG_KERNEL(tl__bhk_6, TL__GT6, BH)
TL__BG_KERNEL(tl__bhk_7, TL__GT7, BH)
TL__BG_KERNEL(tl__bhk_8, TL__GT8, BH)
typedef void (*tl__bgk_fn)(float *, int, const uint32_t *, const uint32_t *, size_t, const int32_t *, const int32_t *, int, __mmask16, __mmask16);
/* rows r0..r0+15 (past the end: the last row again): 32-bit word p of each row into P[p*16 + i] */
static void tl__bf_panel(int32_t *P, const tl_weight *W, int r0) {
    int c;
    const unsigned char *pr[16];
    tl__rows16(pr, W->w, W->row_bytes, r0, W->rows);
    tl__pf16(pr, 0, W->cols / 32 < 8 ? W->cols / 32 : 8); /* the first lines of every row at once, then 8 ahead */
    for (c = 0; c < W->cols / 32; c++) { /* 16 words of each row */
        TL__V16;
        if (c + 8 < W->cols / 32) tl__pf16(pr, c + 8, c + 9);
        TL__FOR16(TL__P_LD)
#define TL__BFP_OUT(t, j) _mm512_storeu_si512((void *)(P + ((size_t)c * 16 + (j)) * 16), t);
        TL__TR16(TL__BFP_OUT)
    }
}
/* one token (decode): rows stream once, 8 at a time, each against x's hi and lo words (xl NULL:
   hi alone) */
#define TL__BV_R8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define TL__BV_DECL(r) __m512 f##r = _mm512_setzero_ps(), g##r = f##r;
#define TL__BV_DP(r) { __m512i w_ = _mm512_loadu_si512((const void *)(pr[r] + (size_t)p * 4)); \
    _mm_prefetch((const char *)(pr[r] + pf + (size_t)p * 4), _MM_HINT_T0); TL__DPBF16(f##r, w_, h_); if (LO) TL__DPBF16(g##r, w_, l_); }
#define TL__BV_OUT(r) if ((r) < nr) Y[r] = _mm512_reduce_add_ps(LO ? _mm512_add_ps(f##r, g##r) : f##r);
#define TL__BV_KERNEL(name, LO_) \
TL__NOINLINE static void name(float *Y, const uint32_t *xh, const uint32_t *xl, const unsigned char *const *pr, int K, int nr, size_t pf) { \
    const int LO = LO_; \
    int p; \
    TL__BV_R8(TL__BV_DECL) \
    for (p = 0; p < K / 2; p += 16) { \
        __m512i h_ = _mm512_loadu_si512((const void *)(xh + p)), l_ = LO ? _mm512_loadu_si512((const void *)(xl + p)) : h_; \
        TL__BV_R8(TL__BV_DP) \
    } \
    TL__BV_R8(TL__BV_OUT) \
}
TL__BV_KERNEL(tl__bgv_8, 1)
TL__BV_KERNEL(tl__bhv_8, 0)
static void tl__bf16_gemv_rows(void *job, int i0_, int i1_, int tid) {
    const tl__mjob *jb = (const tl__mjob *)job;
    float *const *Ys = jb->Ys;
    const tl_weight *const *Ws = jb->Ws;
    const uint32_t *xh = jb->xh, *xl = jb->xl;
    const int *nrbv = jb->nrbv;
    int K = jb->K, rbt;
    (void)tid;
    for (rbt = i0_; rbt < i1_; rbt++) {
        int wi = 0, rb = rbt, r0, nr, i;
        const tl_weight *W;
        const unsigned char *pr[8];
        while (rb >= nrbv[wi]) rb -= nrbv[wi++];
        W = Ws[wi];
        r0 = rb * 8; nr = W->rows - r0 < 8 ? W->rows - r0 : 8;
        for (i = 0; i < 8; i++) pr[i] = W->w + (size_t)(i < nr ? r0 + i : r0) * W->row_bytes;
        (xl ? tl__bgv_8 : tl__bhv_8)(Ys[wi] + r0, xh, xl, pr, K, nr, r0 + 16 <= W->rows ? 8 * W->row_bytes : 0);
    }
}
static void tl__bf16_gemv(int nw, float *const *Ys, const float *X, const tl_weight *const *Ws, tl__pool *tp, uint32_t *xh, uint32_t *xl) {
    int K = Ws[0]->cols, nrbv[4], nrbt = 0, t;
    tl__mjob jb;
    for (t = 0; t < nw; t++) { nrbv[t] = (Ws[t]->rows + 7) / 8; nrbt += nrbv[t]; }
    tl__bf_split(xh, xl, X, K);
    memset(&jb, 0, sizeof jb);
    jb.Ys = Ys; jb.Ws = Ws; jb.nw = nw; memcpy(jb.nrbv, nrbv, sizeof nrbv); jb.K = K; jb.xh = xh; jb.xl = xl;
    tl__pool_for(tp, (long long)nrbt * K >= (1 << 15) ? 0 : 1, nrbt, TL__SCHED_GUIDED, 1, tl__bf16_gemv_rows, &jb);
}
static void tl__bgk_prep(const tl__gjob *j, int t) {
    tl__bf_split((uint32_t *)j->xa + (size_t)t * j->xst, j->xb ? (uint32_t *)j->xb + (size_t)t * j->xst : NULL, j->X + (size_t)t * j->K, j->K);
}
static void tl__bgk_run(const tl__gjob *j, const tl_weight *W, int wi, int r0, int nr, tl__pf_rows *pf, float *sc) {
    static const tl__bgk_fn fg[TL__BGT + 1] = {0, tl__bgk_1, tl__bgk_2, tl__bgk_3, tl__bgk_4};
    static const tl__bgk_fn fh[TL__BHT + 1] = {0, tl__bhk_1, tl__bhk_2, tl__bhk_3, tl__bhk_4, tl__bhk_5, tl__bhk_6, tl__bhk_7, tl__bhk_8};
    const tl__bgk_fn *fn = j->xb ? fg : fh;
    int K = j->K, t0;
    __mmask16 m0, m1;
    const uint32_t *xh = (const uint32_t *)j->xa, *xl = (const uint32_t *)j->xb;
    int32_t *P0 = (int32_t *)(void *)sc, *P1 = P0 + (size_t)K * 8;
    tl__masks32(nr, &m0, &m1);
    tl__bf_panel(P0, W, r0);
    tl__bf_panel(P1, W, r0 + 16 < W->rows ? r0 + 16 : W->rows - 1);
    for (t0 = 0; t0 < j->n; t0 += j->tpg) {
        int nt = j->n - t0 < j->tpg ? j->n - t0 : j->tpg;
        tl__pf_step(pf);
        fn[nt](j->Ys[wi] + (size_t)t0 * j->ldys[wi] + r0, j->ldys[wi], xh + (size_t)t0 * j->xst, xl ? xl + (size_t)t0 * j->xst : NULL, j->xst, P0, P1, K, m0, m1);
    }
}
/* Y[t*ldy + r] = W[r] . X[t*cols] for nw BF16 weights of the same cols (tl__bgok), n >= 1 tokens:
   X split into ws (hi words, then lo words; hi alone with bf16_act), then tl__gemm with panels in
   each thread's ws. */
static void tl__bf16_gemm(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t ws_thread, int bf16_act) {
    tl__gjob j;
    size_t xst = (size_t)Ws[0]->cols / 2;
    uint32_t *xh = (uint32_t *)(void *)ws, *xl = bf16_act ? NULL : xh + (size_t)n * xst;
    if (n == 1) { tl__bf16_gemv(nw, Ys, X, Ws, tp, xh, xl); return; }
    memset(&j, 0, sizeof j);
    j.nw = nw; j.n = n; j.K = Ws[0]->cols; j.rpt = 32; j.tpg = bf16_act ? TL__BHT : TL__BGT;
    j.Ys = Ys; j.ldys = ldys; j.X = X; j.Ws = Ws;
    j.xa = xh; j.xb = xl; j.xst = xst;
    j.ws = ws + (size_t)n * j.K + 32; j.ws_thread = ws_thread;
    j.prep = tl__bgk_prep; j.run = tl__bgk_run;
    tl__gemm(&j, tp);
}
#endif /* TL__BF16 */
/* ---- f32 GEMM for chunks against float weights (BF16, F16, F32), AVX-512: 32 rows in lanes ----
   Each weight widened to f32 once per task into two panels of 16 rows (per column k a vector of
   the rows' values) and applied to 6 tokens at a time with a broadcast x, 12 sums in flight. The
   f32 kernels' products, summed in another order: tl_session.exact keeps the f32 kernels (whose
   one token gives a chunk's bits). BF16 takes vdpbf16ps instead where the CPU has AVX512-BF16. */
#define TL__FG 1
static int tl__fgok(const tl_weight *W) {
    return W->cols % 16 == 0 && (W->kind == TL_W_BF16 || W->kind == TL_W_F16 || W->kind == TL_W_F32);
}
/* rows r0..r0+15 (past the end: the last row again) as f32 into P[k*16 + i]; the rows' first
   lines requested at once, then 8 ahead */
static void tl__f32_panel(float *P, const tl_weight *W, int r0) {
    const unsigned char *pr[16];
    int c, es = W->kind == TL_W_F32 ? 4 : 2, lines = (int)((W->row_bytes + 63) / 64);
    tl__rows16(pr, W->w, W->row_bytes, r0, W->rows);
    tl__pf16(pr, 0, lines < 8 ? lines : 8);
    for (c = 0; c < W->cols; c += 16) { /* 16 values of each row */
        TL__V16;
        if (c * es % 64 == 0 && c * es / 64 + 8 < lines) tl__pf16(pr, c * es / 64 + 8, c * es / 64 + 9);
        if (W->kind == TL_W_BF16) {
#define TL__FP_BF(i) v##i = _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(pr[i] + 2 * (size_t)c))), 16);
            TL__FOR16(TL__FP_BF)
        } else if (W->kind == TL_W_F16) {
#define TL__FP_F16(i) v##i = _mm512_castps_si512(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(pr[i] + 2 * (size_t)c))));
            TL__FOR16(TL__FP_F16)
        } else {
#define TL__FP_F32(i) v##i = _mm512_loadu_si512((const void *)(pr[i] + 4 * (size_t)c));
            TL__FOR16(TL__FP_F32)
        }
#define TL__FP_OUT(t, j) _mm512_storeu_si512((void *)(P + (size_t)(c + (j)) * 16), t);
        TL__TR16(TL__FP_OUT)
    }
}
/* rows r0..r0+31 in two panels of 16 */
static void tl__f32_panels(float *P0, float *P1, const tl_weight *W, int r0) {
    tl__f32_panel(P0, W, r0);
    tl__f32_panel(P1, W, r0 + 16 < W->rows ? r0 + 16 : W->rows - 1);
}
#endif /* TL__Q16 */

#if defined(TL_AVX2) && !defined(TL_AVX512)
#define TL__Q16D 1
/* 8 vectors of 8 32-bit words -> their transpose */
static void tl__tr8x8_32(__m256i *r) {
    __m256i t[8], u[8];
    int i;
    for (i = 0; i < 8; i += 2) { t[i] = _mm256_unpacklo_epi32(r[i], r[i + 1]); t[i + 1] = _mm256_unpackhi_epi32(r[i], r[i + 1]); }
    for (i = 0; i < 8; i += 4) { /* u[i + k], 128-bit lane L: word 4L + k of rows i..i+3 */
        u[i] = _mm256_unpacklo_epi64(t[i], t[i + 2]); u[i + 1] = _mm256_unpackhi_epi64(t[i], t[i + 2]);
        u[i + 2] = _mm256_unpacklo_epi64(t[i + 1], t[i + 3]); u[i + 3] = _mm256_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (i = 0; i < 4; i++) { r[i] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x20); r[i + 4] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x31); }
}
/* ---- int16 decode in AVX2 builds (no AVX-512): one token against MLX 4/8-bit weights with the
   quantized x and exact integer sums of the AVX-512 kernel, 4 rows at a time, pmaddwd (two s16
   products into each s32 lane). The f32 kernels unpack every weight to f32 first, which made
   decode compute-bound (23 vs 54 tok/s for int8 on the 0.5B model). Chunks take the int16 GEMM
   further down. ---- */
#define TL__QD_R4(X) X(0) X(1) X(2) X(3)
#define TL__QD_ROW(r) { const unsigned char *p = pr[r] + (size_t)b * (size_t)bits * 8; \
    __m256i s_; \
    _mm_prefetch((const char *)(p + pf), _MM_HINT_T0); \
    if (bits == 4) { /* byte j: weights 2j (low nibble) and 2j+1; x holds the block's evens, then its odds */ \
        __m256i v0 = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)p)); \
        __m256i v1 = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(p + 16))); \
        s_ = _mm256_add_epi32(_mm256_madd_epi16(_mm256_and_si256(v0, m15), x0), _mm256_madd_epi16(_mm256_srli_epi16(v0, 4), x2)); \
        s_ = _mm256_add_epi32(s_, _mm256_add_epi32(_mm256_madd_epi16(_mm256_and_si256(v1, m15), x1), _mm256_madd_epi16(_mm256_srli_epi16(v1, 4), x3))); \
    } else { \
        s_ = _mm256_add_epi32(_mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)p)), x0), \
                              _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(p + 16))), x1)); \
        s_ = _mm256_add_epi32(s_, _mm256_add_epi32(_mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(p + 32))), x2), \
                                                   _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(p + 48))), x3))); \
    } \
    f##r = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s_), _mm256_set1_ps(sd[(r) * nblk + b]), f##r); }
#define TL__QD_DECL(r) __m256 f##r = _mm256_setzero_ps();
#define TL__QD_OUT(r) y[r] = tl__hsum8(f##r);
static void tl__q16d_rows(float *y, const unsigned char *xq, const unsigned char *const *pr, const float *sd, int nblk, int bits, size_t pf) {
    const __m256i m15 = _mm256_set1_epi16(15);
    const int16_t *q = (const int16_t *)(const void *)xq;
    int b;
    TL__QD_R4(TL__QD_DECL)
    for (b = 0; b < nblk; b++) { /* x: 4-bit [evens 0-15 | evens 16-31 | odds 0-15 | odds 16-31], 8-bit in order */
        const int16_t *x = q + (size_t)b * 64;
        __m256i x0 = _mm256_loadu_si256((const __m256i *)(const void *)x), x1 = _mm256_loadu_si256((const __m256i *)(const void *)(x + 16));
        __m256i x2 = _mm256_loadu_si256((const __m256i *)(const void *)(x + 32)), x3 = _mm256_loadu_si256((const __m256i *)(const void *)(x + 48));
        TL__QD_R4(TL__QD_ROW)
    }
    TL__QD_R4(TL__QD_OUT)
}
/* tl__q16_quant, 64 values at a time in 8-lane vectors: the same roundings (x * id once, then
   +-0.5 and truncation), so the bytes are those of the scalar version (the tests compare them) */
static void tl__q16_quant_simd(unsigned char *dst, const float *x, int K, int G, int perm) {
    const __m256 lim = _mm256_set1_ps(32767.0f), nlim = _mm256_set1_ps(-32767.0f), half = _mm256_set1_ps(0.5f), sgn = _mm256_set1_ps(-0.0f);
    int ng = K / G, nb = G / 64, g, j, i;
    int16_t *q = (int16_t *)(void *)dst;
    float *dv = (float *)(void *)(dst + 2 * (size_t)K), *xs = dv + K / 64;
    for (g = 0; g < ng; g++) {
        const float *xg = x + (size_t)g * G;
        __m256 am = _mm256_setzero_ps(), nf = _mm256_setzero_ps(), xm = _mm256_set1_ps(FLT_MAX);
        __m128 m4;
        float amax, id, d;
        int bad;
        for (j = 0; j < G; j += 8) {
            __m256 a = _mm256_andnot_ps(sgn, _mm256_loadu_ps(xg + j));
            am = _mm256_max_ps(am, a);
            nf = _mm256_or_ps(nf, _mm256_cmp_ps(a, xm, _CMP_NLE_UQ)); /* NaN or infinity */
        }
        bad = _mm256_movemask_ps(nf) != 0;
        m4 = _mm_max_ps(_mm256_castps256_ps128(am), _mm256_extractf128_ps(am, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        amax = _mm_cvtss_f32(_mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1)));
        id = amax > 0.0f && !bad ? 32767.0f / amax : 0.0f;
        d = bad ? (float)NAN : amax / 32767.0f;
        for (j = 0; j < nb; j++) {
            __m256i qi[8], o[8], sum = _mm256_setzero_si256();
            __m128i s4;
            for (i = 0; i < 8; i++) { /* (a NaN or infinity: id = 0 and the group's q zeroed) */
                __m256 v = bad ? _mm256_setzero_ps() : _mm256_mul_ps(_mm256_loadu_ps(xg + 64 * j + 8 * i), _mm256_set1_ps(id));
                v = _mm256_max_ps(_mm256_min_ps(v, lim), nlim);
                v = _mm256_add_ps(v, _mm256_or_ps(half, _mm256_and_ps(v, sgn)));
                qi[i] = _mm256_cvttps_epi32(v);
                sum = _mm256_add_epi32(sum, qi[i]);
            }
            for (i = 0; i < 4; i++) /* 4-bit decode order: the block's 32 evens, then its 32 odds */
                if (perm) {
                    __m256 a = _mm256_castsi256_ps(qi[2 * i]), b = _mm256_castsi256_ps(qi[2 * i + 1]);
                    o[i] = _mm256_permute4x64_epi64(_mm256_castps_si256(_mm256_shuffle_ps(a, b, 0x88)), 0xd8);
                    o[4 + i] = _mm256_permute4x64_epi64(_mm256_castps_si256(_mm256_shuffle_ps(a, b, 0xdd)), 0xd8);
                } else { o[2 * i] = qi[2 * i]; o[2 * i + 1] = qi[2 * i + 1]; }
            for (i = 0; i < 4; i++)
                _mm256_storeu_si256((__m256i *)(void *)(q + (size_t)g * G + 64 * j + 16 * i), _mm256_permute4x64_epi64(_mm256_packs_epi32(o[2 * i], o[2 * i + 1]), 0xd8));
            s4 = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4e));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xb1));
            dv[g * nb + j] = d;
            xs[g * nb + j] = d * (float)_mm_cvtsi128_si32(s4);
        }
    }
}
/* ---- int16 GEMM for chunks in AVX2 builds: the AVX-512 GEMM's scheme at half the width ----
   Per task of 16 rows the weights are repacked once into two panels of 8 rows (per column pair p
   a vector of 8 lanes w[2p] | w[2p+1] << 16), so one pmaddwd with a broadcast pair (x[2p],
   x[2p+1]) of one token adds 16 products to 8 rows' int32 sums (with AVX-VNNI one vpdpwssd also
   does the add), twice the f32 FMA rate and no unpacking in the loop. 4 tokens (AVX-VNNI: 6) x 2
   panels keep 8 (12) sums in flight; per 64-value block the exact sum is scaled by s*d and the bias part added into
   the token's 16 f32 sums (in L1: 16 ymm registers do not hold them too), b ascending. */
#if defined(TL__AVXVNNI) && defined(__GNUC__) && !defined(__clang__) /* gcc moves the sums to new registers */
#define TL__DDP(a, w, x) __asm__("%{vex%} vpdpwssd %2, %1, %0" : "+x"(a) : "x"(w), "x"(x))
#elif defined(TL__AVXVNNI)
#define TL__DDP(a, w, x) ((a) = _mm256_dpwssd_avx_epi32((a), (w), (x)))
#elif defined(__GNUC__) && !defined(__clang__)
#define TL__DDP(a, w, x) { __m256i m_ = _mm256_madd_epi16((w), (x)); __asm__("vpaddd %1, %0, %0" : "+x"(a) : "x"(m_)); }
#else
#define TL__DDP(a, w, x) ((a) = _mm256_add_epi32((a), _mm256_madd_epi16((w), (x))))
#endif
/* rows r0..r0+15 (past the end: the last row again) into two panels, P0[p*8 + i] = pair p of row
   i and P1 the same of row 8 + i; like the AVX-512 panels, all 16 rows' first lines are requested
   at once, then each row 8 lines ahead */
static void tl__q16d_panel(unsigned char *P0, unsigned char *P1, const tl_weight *W, int r0) {
    /* 8-bit: per 128-bit lane the rows' first words, then their second */
    static const char sh8[32] = {0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15, 0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15};
    const __m256i m4 = _mm256_set1_epi8(15), s8 = _mm256_loadu_si256((const __m256i *)(const void *)sh8);
    const unsigned char *pr[16];
    int i, c, j, h, bpp = W->bits / 4, ppc = 32 / bpp, lines = (int)((W->row_bytes + 63) / 64); /* bytes per pair, pairs per 32 bytes */
    tl__rows16(pr, W->w, W->row_bytes, r0, W->rows);
    tl__pf16(pr, 0, lines < 8 ? lines : 8);
    for (c = 0; c < W->cols / 2; c += ppc) { /* 32 bytes of each row: ppc pairs */
        if (c * bpp % 64 == 0 && c * bpp / 64 + 8 < lines) tl__pf16(pr, c * bpp / 64 + 8, c * bpp / 64 + 9);
        for (h = 0; h < 2; h++) {
            __m256i v[8];
            unsigned char *P = (h ? P1 : P0) + (size_t)c * 16;
            for (i = 0; i < 8; i++) /* 4-bit: rows 1, 2 (5, 6) swapped, so the unpacking below leaves them in order */
                v[i] = _mm256_loadu_si256((const __m256i *)(const void *)(pr[8 * h + (bpp == 2 || i % 4 == 0 || i % 4 == 3 ? i : i ^ 3)] + (size_t)c * bpp));
            tl__tr8x8_32(v);
            for (j = 0; j < 8; j++) /* v[j]: word j of the 8 rows */
                if (bpp == 1) { /* pairs 4j..4j+3, a byte each: nibbles split, then (lo, hi) words interleaved to rows 0-7 per pair */
                    __m256i lo = _mm256_and_si256(v[j], m4), hi = _mm256_and_si256(_mm256_srli_epi16(v[j], 4), m4);
                    __m256i u0 = _mm256_unpacklo_epi8(lo, hi), u1 = _mm256_unpackhi_epi8(lo, hi);
                    __m256i t0 = _mm256_unpacklo_epi16(u0, u1), t1 = _mm256_unpackhi_epi16(u0, u1);
                    _mm256_storeu_si256((__m256i *)(void *)(P + (size_t)j * 64), _mm256_permute4x64_epi64(_mm256_unpacklo_epi32(t0, t1), 0xd8));
                    _mm256_storeu_si256((__m256i *)(void *)(P + (size_t)j * 64 + 32), _mm256_permute4x64_epi64(_mm256_unpackhi_epi32(t0, t1), 0xd8));
                } else /* pairs 2j, 2j+1, a word each */
                    _mm256_storeu_si256((__m256i *)(void *)(P + (size_t)j * 32), _mm256_permute4x64_epi64(_mm256_shuffle_epi8(v[j], s8), 0xd8));
        }
    }
}
/* the scales (or biases, sb) of rows r0..r0+15 per 64-value block, transposed: dT[b*16 + i], 8
   rows by 8 blocks through an 8x8 transpose (converting each row to an f32 copy and scattering it
   a value at a time took ~7% of perf's samples in a 16-token prefill; this, 1.08-1.09x at 12-16). Group 64 with F16C (or BF16/F32 scales): 8 values loaded at once, those past
   the matrix's last row never read; otherwise one value per block */
static void tl__q16d_panel_sb(float *dT, const unsigned char *sb, const tl_weight *W, int r0) {
    int ng = W->cols / W->group, nblk = W->cols / 64, es = tl__dtype_size(W->sdtype), h, i, j, k;
    const unsigned char *pr[16];
#ifdef TL__F16C
    int vec = W->group == 64;
#else
    int vec = W->group == 64 && W->sdtype != TL_DT_F16;
#endif
    tl__rows16(pr, sb, (size_t)ng * (size_t)es, r0, W->rows);
    for (h = 0; h < 2; h++)
        for (j = 0; j < nblk; j += 8) {
            __m256i v[8];
            for (i = 0; i < 8; i++) {
                const unsigned char *p = pr[8 * h + i] + (size_t)j * (size_t)es;
                size_t row = (size_t)(r0 + 8 * h + i < W->rows ? r0 + 8 * h + i : W->rows - 1);
                if (vec && row * (size_t)ng + (size_t)j + 8 <= (size_t)W->rows * (size_t)ng) {
                    if (W->sdtype == TL_DT_BF16) v[i] = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)p)), 16);
#ifdef TL__F16C
                    else if (W->sdtype == TL_DT_F16) v[i] = _mm256_castps_si256(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)p)));
#endif
                    else v[i] = _mm256_loadu_si256((const __m256i *)(const void *)p);
                } else {
                    float t[8];
                    for (k = 0; k < 8; k++) t[k] = j + k < nblk ? tl__ldf(pr[8 * h + i], W->sdtype, (size_t)((j + k) * 64 / W->group)) : 0.0f;
                    v[i] = _mm256_loadu_si256((const __m256i *)(const void *)t);
                }
            }
            tl__tr8x8_32(v);
            for (k = 0; k < 8 && j + k < nblk; k++) _mm256_storeu_si256((__m256i *)(void *)(dT + (size_t)(j + k) * 16 + 8 * h), v[k]);
        }
}
#define TL__DG_DECL(t) __m256i a0##t, a1##t; \
    const int32_t *x##t = (const int32_t *)(const void *)(xq + (size_t)(t) * xst); \
    const float *d##t = (const float *)(const void *)(xq + (size_t)(t) * xst + 2 * (size_t)K);
#define TL__DG_ZERO(t) a0##t = _mm256_setzero_si256(); a1##t = _mm256_setzero_si256();
#define TL__DG_DP(t) { __m256i xb_ = _mm256_set1_epi32(x##t[b * 32 + p]); TL__DDP(a0##t, w0, xb_); TL__DDP(a1##t, w1, xb_); }
#define TL__DG_EPI(t) { __m256 d_ = _mm256_set1_ps(d##t[b]), x_ = _mm256_set1_ps(d##t[nblk + b]); \
    float *o_ = acc + (t) * 16; \
    _mm256_storeu_ps(o_, _mm256_fmadd_ps(_mm256_loadu_ps(bT + b * 16), x_, _mm256_fmadd_ps(_mm256_cvtepi32_ps(a0##t), _mm256_mul_ps(_mm256_loadu_ps(sT + b * 16), d_), _mm256_loadu_ps(o_)))); \
    _mm256_storeu_ps(o_ + 8, _mm256_fmadd_ps(_mm256_loadu_ps(bT + b * 16 + 8), x_, _mm256_fmadd_ps(_mm256_cvtepi32_ps(a1##t), _mm256_mul_ps(_mm256_loadu_ps(sT + b * 16 + 8), d_), _mm256_loadu_ps(o_ + 8)))); }
#define TL__DG_KERNEL(name, TOKS) \
TL__NOINLINE static void name(float *acc, const unsigned char *xq, size_t xst, const unsigned char *P0, const unsigned char *P1, const float *sT, const float *bT, int K, tl__pf_rows *pf) { \
    int nblk = K / 64, b, p; \
    TOKS(TL__DG_DECL) \
    for (b = 0; b < nblk; b++) { \
        const unsigned char *q0 = P0 + (size_t)b * 512, *q1 = P1 + (size_t)b * 512; \
        tl__pf_step(pf); \
        TOKS(TL__DG_ZERO) \
        for (p = 0; p < 32; p++) { \
            __m256i w0 = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(q0 + p * 16))); \
            __m256i w1 = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(q1 + p * 16))); \
            TOKS(TL__DG_DP) \
        } \
        TOKS(TL__DG_EPI) \
    } \
}
TL__DG_KERNEL(tl__q16dg_1, TL__GT1)
TL__DG_KERNEL(tl__q16dg_2, TL__GT2)
TL__DG_KERNEL(tl__q16dg_3, TL__GT3)
TL__DG_KERNEL(tl__q16dg_4, TL__GT4)
#if TL__GT == 6
TL__DG_KERNEL(tl__q16dg_5, TL__GT5)
TL__DG_KERNEL(tl__q16dg_6, TL__GT6)
#endif
typedef void (*tl__q16dg_fn)(float *, const unsigned char *, size_t, const unsigned char *, const unsigned char *, const float *, const float *, int, tl__pf_rows *);
/* sc: two panels (8*K words), scales and biases per block [nblk][16], the sums, scratch */
static void tl__q16g_run(const tl__gjob *j, const tl_weight *W, int wi, int r0, int nr, tl__pf_rows *pf, float *sc) {
    static const tl__q16dg_fn fn[TL__GT + 1] = {0, tl__q16dg_1, tl__q16dg_2, tl__q16dg_3, tl__q16dg_4
#if TL__GT == 6
        , tl__q16dg_5, tl__q16dg_6
#endif
    };
    int K = j->K, nblk = K / 64, t0, nt;
    unsigned char *P0 = (unsigned char *)(void *)sc, *P1 = P0 + (size_t)K * 8;
    float *sT = sc + (size_t)K * 8, *bT = sT + (size_t)nblk * 16, *acc = bT + (size_t)nblk * 16;
    const unsigned char *xq = (const unsigned char *)j->xa;
    tl__q16d_panel(P0, P1, W, r0);
    tl__q16d_panel_sb(sT, W->scales, W, r0);
    tl__q16d_panel_sb(bT, W->biases, W, r0);
    for (t0 = 0; t0 < j->n; t0 += nt) {
        nt = tl__gemm_nt(j->n - t0, TL__GT);
        memset(acc, 0, sizeof(float) * 16 * (size_t)nt);
        fn[nt](acc, xq + (size_t)t0 * j->xst, j->xst, P0, P1, sT, bT, K, pf);
        tl__gemm_out(j, wi, r0, nr, t0, nt, acc);
    }
}
/* Y[t*ldy + r] = W[r] . X[t*cols] (tl__q16ok(W)) for nw (<= 4) weights of the same cols, group
   and bits (q/k/v, gate/up). Chunks of more than TL__Q16_FEW tokens take the GEMM above; fewer
   (decode, short prompts) are quantized once into ws, then one parallel loop in which threads
   take blocks of 4 rows (guided: long runs), and per token of a block each row's s*d per block
   and bias part first, then the kernel (the rows' bytes read from memory once, then from L1) */
#define TL__Q16_FEW 8 /* AVX2 build, 0.5B, 2 threads: 2 tokens 3.3x, 5 1.4x faster this way than through the GEMM (with its panels of bytes), 7-9 alike */
static void tl__q16dn_rows(void *job, int i0_, int i1_, int tid) {
    const tl__mjob *jb = (const tl__mjob *)job;
    float *const *Ys = jb->Ys, *ws = jb->ws;
    const int *ldys = jb->ldys;
    const tl_weight *const *Ws = jb->Ws;
    const unsigned char *xq = jb->xq;
    const int *nrbv = jb->nrbv;
    int n = jb->n, K = jb->K, G = jb->G, ng = jb->ng, nblk = jb->nblk, rbt;
    size_t xst = jb->xst, ws_thread = jb->ws_thread;
    for (rbt = i0_; rbt < i1_; rbt++) {
        float *sc = tl__tws(ws, ws_thread, tid), *bi = sc + 4 * (size_t)ng, *sd = bi + 4 * (size_t)ng, y[4], bias[4];
        const unsigned char *pr[4];
        const tl_weight *W;
        int wi = 0, rb = rbt, r0, nr, i, b, g, j, tt;
        while (rb >= nrbv[wi]) rb -= nrbv[wi++];
        W = Ws[wi];
        r0 = rb * 4; nr = W->rows - r0 < 4 ? W->rows - r0 : 4;
        /* scales and biases 4 blocks ahead, as the AVX-512 kernel does (their misses were ~10%
           of decode, waiting in this conversion) */
        if (r0 + 20 <= W->rows) tl__pf_sb(W, (size_t)ng * (size_t)tl__dtype_size(W->sdtype), r0 + 16, 4, 0);
        tl__load_sb(W, r0, sc, bi, nr); /* the rows' scales and biases are contiguous: one conversion */
        for (i = 0; i < 4; i++) pr[i] = W->w + (size_t)(i < nr ? r0 + i : r0) * W->row_bytes;
        for (tt = 0; tt < n; tt++) {
            const unsigned char *xt = xq + (size_t)tt * xst;
            const float *dv = (const float *)(const void *)(xt + 2 * (size_t)K), *xs = dv + nblk;
            for (i = 0; i < 4; i++) {
                int si = (i < nr ? i : 0) * ng; /* past the last row: the block's first again */
                bias[i] = 0.0f;
                if (G == 64) { /* s*d and the bias part 8 blocks a vector, the last ones masked (scalar,
                                  this was half of decode; a scalar tail, 7% of it); s*d stored
                                  whole, its extra lanes overwritten by the next row's (the kernel's
                                  loads then forward from one store: 4-token prompts 1.1x) */
                    static const int32_t ones[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
                    __m256 a = _mm256_setzero_ps();
                    for (b = 0; b < nblk; b += 8) {
                        __m256i m = _mm256_loadu_si256((const __m256i *)(const void *)(ones + 8 - (nblk - b < 8 ? nblk - b : 8)));
                        _mm256_storeu_ps(sd + i * nblk + b, _mm256_mul_ps(_mm256_maskload_ps(sc + si + b, m), _mm256_maskload_ps(dv + b, m)));
                        a = _mm256_fmadd_ps(_mm256_maskload_ps(bi + si + b, m), _mm256_maskload_ps(xs + b, m), a);
                    }
                    bias[i] = tl__hsum8(a);
                } else
                    for (g = 0, b = 0; g < ng; g++)
                        for (j = 0; j < G / 64; j++, b++) {
                            sd[i * nblk + b] = sc[si + g] * dv[b];
                            bias[i] += bi[si + g] * xs[b];
                        }
            }
            tl__q16d_rows(y, xt, pr, sd, nblk, W->bits, !tt && r0 + 12 <= W->rows ? 8 * W->row_bytes : 0);
            for (i = 0; i < nr; i++) Ys[wi][(size_t)tt * ldys[wi] + r0 + i] = y[i] + bias[i];
        }
    }
}
static void tl__matmul_q16n(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t ws_thread) {
    int K = Ws[0]->cols, G = Ws[0]->group, ng = K / G, nblk = K / 64, nrbv[4], nrbt = 0, t;
    tl__mjob jb;
    long long work = 0;
    size_t xst = tl__q16_stride(K);
    unsigned char *xq = (unsigned char *)ws;
    if (n > TL__Q16_FEW) { tl__q16_gemm(nw, Ys, ldys, X, n, Ws, tp, ws, ws_thread); return; }
    for (t = 0; t < nw; t++) {
        nrbv[t] = (Ws[t]->rows + 3) / 4;
        nrbt += nrbv[t];
        work += (long long)Ws[t]->rows * K * n;
    }
    for (t = 0; t < n; t++) tl__q16_quant_simd(xq + (size_t)t * xst, X + (size_t)t * K, K, G, Ws[0]->bits == 4);
    memset(&jb, 0, sizeof jb);
    jb.Ys = Ys; jb.ldys = ldys; jb.Ws = Ws; jb.nw = nw; memcpy(jb.nrbv, nrbv, sizeof nrbv);
    jb.n = n; jb.K = K; jb.G = G; jb.ng = ng; jb.nblk = nblk; jb.xq = xq; jb.xst = xst;
    jb.ws = ws + ((size_t)n * xst + 63) / 64 * 16 + 32; jb.ws_thread = ws_thread;
    tl__pool_for(tp, work >= (1 << 18) ? 0 : 1, nrbt, TL__SCHED_GUIDED, 1, tl__q16dn_rows, &jb);
}
static void tl__matmul_q16(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t ws_thread) {
    tl__matmul_q16n(1, &Y, &ldy, X, n, &W, tp, ws, ws_thread);
}
#endif /* TL__Q16D */

#if defined(TL_AVX2) && !defined(TL_AVX512)
#define TL__FG 1
/* ---- f32 GEMM for chunks against float weights (BF16; F16 with F16C; F32), AVX2 builds: the
   AVX-512 one above at 8 lanes, rows in lanes as in the int16 GEMM, each weight widened to f32
   once per task into the panels and applied to 6 tokens with a broadcast x (12 sums in flight).
   The f32 kernels take a block of 4 rows against the chunk's tokens as dot products, which
   streams the whole chunk's X per block of rows (from L3 once X outgrows L2) and ends with
   horizontal sums. Same products, sums in another order: tl_session.exact keeps the f32
   kernels, whose one token gives a chunk's bits. ---- */
static int tl__fgok(const tl_weight *W) {
    return W->cols % 8 == 0 && (W->kind == TL_W_BF16 || W->kind == TL_W_F32
#ifdef TL__F16C
        || W->kind == TL_W_F16
#endif
        );
}
/* rows r0..r0+15 (past the end: the last row again) as f32 into P0[k*8 + i] (row i) and P1 (row
   8 + i); the rows' first lines requested at once, then 8 ahead */
static void tl__f32_panels(float *P0, float *P1, const tl_weight *W, int r0) {
    const unsigned char *pr[16];
    int i, c, j, h, es = W->kind == TL_W_F32 ? 4 : 2, lines = (int)((W->row_bytes + 63) / 64);
    tl__rows16(pr, W->w, W->row_bytes, r0, W->rows);
    tl__pf16(pr, 0, lines < 8 ? lines : 8);
    for (c = 0; c < W->cols; c += 8) { /* 8 values of each row */
        if (c * es % 64 == 0 && c * es / 64 + 8 < lines) tl__pf16(pr, c * es / 64 + 8, c * es / 64 + 9);
        for (h = 0; h < 2; h++) {
            __m256i v[8];
            float *P = h ? P1 : P0;
            if (W->kind == TL_W_BF16)
                for (i = 0; i < 8; i++) v[i] = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(pr[8 * h + i] + 2 * (size_t)c))), 16);
#ifdef TL__F16C
            else if (W->kind == TL_W_F16)
                for (i = 0; i < 8; i++) v[i] = _mm256_castps_si256(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(pr[8 * h + i] + 2 * (size_t)c))));
#endif
            else
                for (i = 0; i < 8; i++) v[i] = _mm256_loadu_si256((const __m256i *)(const void *)(pr[8 * h + i] + 4 * (size_t)c));
            tl__tr8x8_32(v);
            for (j = 0; j < 8; j++) _mm256_storeu_si256((__m256i *)(void *)(P + (size_t)(c + j) * 8), v[j]);
        }
    }
}
#endif /* TL__FG */

#ifdef TL__FG
/* the f32 GEMM of both kernel sets: a task's 2*TL__VL rows widened into two panels
   (tl__f32_panels), then the microkernel over the tokens. sc: the panels (2*TL__VL*K floats;
   tl__ws_thread covers 34*K), the sums */
static void tl__f32g_run(const tl__gjob *j, const tl_weight *W, int wi, int r0, int nr, tl__pf_rows *pf, float *sc) {
    int K = j->K, t0;
    float *P0 = sc, *P1 = sc + (size_t)K * TL__VL, *acc = P1 + (size_t)K * TL__VL;
    tl__f32_panels(P0, P1, W, r0);
    for (t0 = 0; t0 < j->n; t0 += TL__FT) {
        int nt = j->n - t0 < TL__FT ? j->n - t0 : TL__FT;
        tl__pf_step(pf);
        tl__f32g_fns[nt](acc, j->X + (size_t)t0 * K, P0, P1, K);
        tl__gemm_out(j, wi, r0, nr, t0, nt, acc);
    }
}
/* Y[t*ldy + r] = W[r] . X[t*cols] for nw float weights of the same cols (tl__fgok), n >= 2
   tokens; X is read in place */
static void tl__f32_gemm(int nw, float *const *Ys, const int *ldys, const float *X, int n, const tl_weight *const *Ws, tl__pool *tp, float *ws, size_t ws_thread) {
    tl__gjob j;
    memset(&j, 0, sizeof j);
    j.nw = nw; j.n = n; j.K = Ws[0]->cols; j.rpt = 2 * TL__VL; j.tpg = TL__FT;
    j.Ys = Ys; j.ldys = ldys; j.X = X; j.Ws = Ws;
    j.ws = ws; j.ws_thread = ws_thread;
    j.run = tl__f32g_run;
    tl__gemm(&j, tp);
}
#endif

/* this set's table */
static void TL__PN(tl__attn_k)(float *out, const float *q, size_t qs, int T, int G, const void *kc, const void *vc, int kv16, int npos0, int hd, float scale, float *ws) {
    if (hd % TL__VL) tl__attn_ref(out, q, qs, T, G, kc, vc, kv16, npos0, hd, scale, ws);
    else tl__attn_simd(out, q, qs, T, G, kc, vc, kv16, npos0, hd, scale, ws);
}
static const tl__kset TL__PN(tl__ks) = {
    TL__SETNAME, TL__SETID, TL__VL,
#ifdef TL__Q16_FEW
    TL__Q16_FEW,
#else
    0,
#endif
    tl__ws_thread, tl__matmul_simd, tl__matmul_i8,
#if defined(TL__Q16) || defined(TL__Q16D)
    tl__matmul_q16, tl__matmul_q16n, tl__q16_quant_simd,
#else
    NULL, NULL, NULL,
#endif
#ifdef TL__BG
    tl__bf16_gemm, tl__bgok,
#else
    NULL, NULL,
#endif
#ifdef TL__FG
    tl__f32_gemm, tl__fgok,
#else
    NULL, NULL,
#endif
    TL__PN(tl__attn_k), tl__rmsnorm_simd, tl__add_simd, tl__silu_mul_simd, tl__kv_put_simd
};
/* the pass's macros go, so that the next pass defines its own */
#undef TL__SIMD
#undef TL__VL
#undef TL__MT
#undef tl__v
#undef tl__vzero
#undef tl__vld
#undef tl__vst
#undef tl__vset1
#undef tl__vfma
#undef tl__vmul
#undef tl__vadd
#undef tl__vsum
#undef tl__vmax
#undef tl__vhmax
#undef TL__RED8
#undef TL__RUP
#undef TL__TAIL16
#undef TL__M16
#undef TL__HAVE_F16C
#undef TL__PIN
#undef TL__MK_DECL
#undef TL__MK_FMA
#undef TL__MK_OUT
#undef TL__MK_W
#undef TL__DEC_ROWS
#undef TL__DEC_LUT
#undef TL__DEC_Q
#undef TL__DEC_GROUP
#undef TL__DEC_F
#undef TL__AH
#undef TL__INREG4
#undef TL__AH1
#undef TL__AH2
#undef TL__AH3
#undef TL__AH4
#undef TL__QK_Z
#undef TL__QK_F
#undef TL__QK_ST
#undef TL__QK_P
#undef TL__QK_KERNEL
#undef TL__PV_LD
#undef TL__PV_FMA
#undef TL__PV_ST
#undef TL__PV_KERNEL
#undef TL__QKFNS
#undef TL__PVFNS
#undef TL__I8_SIMD
#undef tl__dp4
#undef tl__dp8
#undef TL__I8T
#undef TL__I8TB
#undef TL__I8_R4
#undef TL__I8_DECL
#undef TL__I8_DP
#undef TL__I8_FL
#undef TL__I8_OUT
#undef TL__I8_DECL_T
#undef TL__I8_DP_T
#undef TL__I8_FL_T
#undef TL__I8_OUT_T
#undef TL__I8_TOK1
#undef TL__I8_TOK3
#undef TL__I8_KERNEL
#undef TL__I8DP
#undef TL__GT1
#undef TL__GT2
#undef TL__GT3
#undef TL__GT4
#undef TL__GT5
#undef TL__GT6
#undef TL__GT7
#undef TL__GT8
#undef TL__FT
#undef TL__FG_DECL
#undef TL__FG_DP
#undef TL__FG_OUT
#undef TL__FG_KERNEL
#undef TL__GT
#undef TL__Q16
#undef TL__DPW
#undef TL__DPWSSD
#undef TL__Q16_UNPACK
#undef TL__Q16_BLK
#undef TL__Q16_XL
#undef TL__Q16_XH
#undef TL__Q16_R8
#undef TL__Q16_DECL
#undef TL__Q16_TWO
#undef TL__Q16_ONE
#undef TL__Q16_OUT
#undef TL__Q16_KERNEL
#undef TL__Q16P_DECL
#undef TL__Q16P_ROW
#undef TL__Q16P_OUT
#undef TL__Q16P_KERNEL
#undef TL__V16
#undef TL__FOR16
#undef TL__TR16_COL
#undef TL__TR16
#undef TL__SB_LD
#undef TL__SB_LDG
#undef TL__SB_OUT
#undef TL__P_LD
#undef TL__P4_OUT
#undef TL__P8_OUT
#undef TL__G_DECL
#undef TL__G_ZERO
#undef TL__G_DP
#undef TL__G_EPI
#undef TL__G_OUT
#undef TL__G_KERNEL
#undef TL__Q16_FEW
#undef TL__BG
#undef TL__BGT
#undef TL__BHT
#undef TL__DPBF16
#undef TL__BG_DECL
#undef TL__BG_DP
#undef TL__BG_OUT
#undef TL__BH_DECL
#undef TL__BH_DP
#undef TL__BH_OUT
#undef TL__BG_KERNEL
#undef TL__BFP_OUT
#undef TL__BV_R8
#undef TL__BV_DECL
#undef TL__BV_DP
#undef TL__BV_OUT
#undef TL__BV_KERNEL
#undef TL__FG
#undef TL__FP_BF
#undef TL__FP_F16
#undef TL__FP_F32
#undef TL__FP_OUT
#undef TL__Q16D
#undef TL__QD_R4
#undef TL__QD_ROW
#undef TL__QD_DECL
#undef TL__QD_OUT
#undef TL__DDP
#undef TL__DG_DECL
#undef TL__DG_ZERO
#undef TL__DG_DP
#undef TL__DG_EPI
#undef TL__DG_KERNEL
#endif /* TL__IN_PASS */

#if !defined(TL__IN_PASS) /* sections 3c-6: once */
/* ---- the passes: one per kernel set (3b) ---- */
#define TL__STR(x) #x
#if defined(__clang__)
#define TL__TARGET_PUSH(t) _Pragma(TL__STR(clang attribute push(__attribute__((target(t))), apply_to = function)))
#define TL__TARGET_POP _Pragma("clang attribute pop")
#elif defined(__GNUC__)
#define TL__TARGET_PUSH(t) _Pragma("GCC push_options") _Pragma(TL__STR(GCC target(t)))
#define TL__TARGET_POP _Pragma("GCC pop_options")
#else
#define TL__TARGET_PUSH(t)                 /* MSVC: intrinsics need no flag */
#define TL__TARGET_POP
#endif
#define TL__IN_PASS 1
#ifdef TL__X86
/* AVX2 + FMA + F16C: Haswell and later, Zen 1-3 */
#define TL__SFX _avx2
#define TL__SETNAME "avx2"
#define TL__SETID TL_CPU_AVX2
#define TL_AVX2 1
#define TL__F16C 1
TL__TARGET_PUSH("avx2,fma,f16c")
#include TL__SELF
TL__TARGET_POP
#undef TL__SFX
#undef TL__SETNAME
#undef TL__SETID
#ifdef TL__X86_AVXVNNI
/* the same with AVX-VNNI's vpdpwssd/vpdpbusd: Alder Lake and later without AVX-512 */
#define TL__SFX _avxvnni
#define TL__SETNAME "avxvnni"
#define TL__SETID TL_CPU_AVXVNNI
#define TL__AVXVNNI 1
TL__TARGET_PUSH("avx2,fma,f16c,avxvnni")
#include TL__SELF
TL__TARGET_POP
#undef TL__SFX
#undef TL__SETNAME
#undef TL__SETID
#undef TL__AVXVNNI
#endif
/* AVX-512 F/BW/DQ/VL/CD: Skylake-SP; with VNNI: Cascade Lake, Ice Lake; with VNNI, BF16 and
   VBMI: Sapphire Rapids, Zen 4 and 5 */
#define TL_AVX512 1
#define TL__SFX _avx512
#define TL__SETNAME "avx512"
#define TL__SETID TL_CPU_AVX512
TL__TARGET_PUSH("avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl,avx512cd")
#include TL__SELF
TL__TARGET_POP
#undef TL__SFX
#undef TL__SETNAME
#undef TL__SETID
#define TL__VNNI512 1
#define TL__SFX _avx512vnni
#define TL__SETNAME "avx512vnni"
#define TL__SETID TL_CPU_AVX512VNNI
TL__TARGET_PUSH("avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx512vnni")
#include TL__SELF
TL__TARGET_POP
#undef TL__SFX
#undef TL__SETNAME
#undef TL__SETID
#ifdef TL__X86_BF16
#define TL__BF16 1
#define TL__VBMI 1
#define TL__SFX _avx512bf16
#define TL__SETNAME "avx512bf16"
#define TL__SETID TL_CPU_AVX512BF16
TL__TARGET_PUSH("avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx512vnni,avx512bf16,avx512vbmi")
#include TL__SELF
TL__TARGET_POP
#undef TL__SFX
#undef TL__SETNAME
#undef TL__SETID
#undef TL__BF16
#undef TL__VBMI
#endif
#undef TL__VNNI512
#undef TL_AVX512
#undef TL_AVX2
#undef TL__F16C
#endif /* TL__X86 */
#ifdef TL__ARM
#define TL_NEON 1
#define TL__SFX _neon
#define TL__SETNAME "neon"
#define TL__SETID TL_CPU_NEON
#include TL__SELF
#undef TL__SFX
#undef TL__SETNAME
#undef TL__SETID
#undef TL_NEON
#endif
#undef TL__IN_PASS

/* ---- 3c. the scalar set, the CPU probe, the dispatcher ---- */
static void tl__matmul_ref_k(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t wst) {
    (void)ws; (void)wst;
    tl__matmul_ref(Y, ldy, X, n, W, tp);
}
static void tl__matmul_i8_ref_k(float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *tp, float *ws, size_t wst) {
    (void)wst;
    tl__matmul_i8_ref(Y, ldy, X, n, W, tp, (unsigned char *)ws);
}
static size_t tl__ws_thread_ref(const tl_config *c) { (void)c; return 0; }
static const tl__kset tl__ks_ref = {
    "ref", TL_CPU_REF, 1, 0, tl__ws_thread_ref, tl__matmul_ref_k, tl__matmul_i8_ref_k, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    tl__attn_ref, tl__rmsnorm_ref, tl__add_ref, tl__silu_mul_ref, tl__kv_put_ref
};

static const char *const tl__cpu_names[TL_CPU_COUNT] = {"auto", "ref", "avx2", "avxvnni", "avx512", "avx512vnni", "avx512bf16", "neon"};

static const tl__kset *tl__kset_of(int cpu) {
    switch (cpu) {
    case TL_CPU_REF: return &tl__ks_ref;
#ifdef TL__X86
    case TL_CPU_AVX2: return &tl__ks_avx2;
#ifdef TL__X86_AVXVNNI
    case TL_CPU_AVXVNNI: return &tl__ks_avxvnni;
#endif
    case TL_CPU_AVX512: return &tl__ks_avx512;
    case TL_CPU_AVX512VNNI: return &tl__ks_avx512vnni;
#ifdef TL__X86_BF16
    case TL_CPU_AVX512BF16: return &tl__ks_avx512bf16;
#endif
#endif
#ifdef TL__ARM
    case TL_CPU_NEON: return &tl__ks_neon;
#endif
    default: return NULL;
    }
}

#ifdef TL__X86
static void tl__cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
#if defined(_MSC_VER) && !defined(__clang__)
    int v[4];
    __cpuidex(v, (int)leaf, (int)sub);
    r[0] = (unsigned)v[0]; r[1] = (unsigned)v[1]; r[2] = (unsigned)v[2]; r[3] = (unsigned)v[3];
#else
    __asm__ __volatile__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
#endif
}
/* the register state the OS saves: XCR0 (xgetbv as bytes, for assemblers that predate it) */
static unsigned long long tl__xcr0(void) {
#if defined(_MSC_VER) && !defined(__clang__)
    return _xgetbv(0);
#else
    unsigned lo, hi;
    __asm__ __volatile__(".byte 0x0f, 0x01, 0xd0" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
#endif
}
#endif

/* bit i: kernel set i is compiled in and this CPU and OS run it. The one piece of global state:
   every thread computes the same value, so a race only stores it twice. */
static unsigned tl__cpu_mask(void) {
    static unsigned cached;
    unsigned m;
#if defined(__GNUC__) || defined(__clang__)
    m = __atomic_load_n(&cached, __ATOMIC_RELAXED);
#else
    m = cached;
#endif
    if (m) return m;
    m = 1u << TL_CPU_REF;
#ifdef TL__X86
    {
        unsigned r0[4], r1[4], r7[4] = {0, 0, 0, 0}, r71[4] = {0, 0, 0, 0};
        unsigned long long xcr0 = 0;
        int ymm, zmm, avx2, avx512;
        tl__cpuid(0, 0, r0);
        tl__cpuid(1, 0, r1);
        if ((r1[2] >> 27 & 1) && (r1[2] >> 28 & 1)) xcr0 = tl__xcr0(); /* OSXSAVE and AVX */
        if (r0[0] >= 7) { tl__cpuid(7, 0, r7); tl__cpuid(7, 1, r71); }
        ymm = (xcr0 & 6) == 6;                      /* XMM and YMM state */
        zmm = (xcr0 & 0xe6) == 0xe6;                /* and opmask, ZMM0-15 upper halves, ZMM16-31 */
#if defined(__APPLE__)
        { /* macOS turns AVX-512 state on at first use: XCR0 does not show it before */
            int v = 0;
            size_t len = sizeof v;
            if (sysctlbyname("hw.optional.avx512f", &v, &len, NULL, 0) == 0 && v) zmm = ymm;
        }
#endif
        avx2 = ymm && (r1[2] >> 12 & 1) && (r1[2] >> 29 & 1) && (r7[1] >> 5 & 1); /* FMA, F16C, AVX2 */
        avx512 = avx2 && zmm && (r7[1] >> 16 & 1) && (r7[1] >> 17 & 1) && (r7[1] >> 28 & 1) && (r7[1] >> 30 & 1) && (r7[1] >> 31 & 1); /* F DQ CD BW VL */
        if (avx2) m |= 1u << TL_CPU_AVX2;
#ifdef TL__X86_AVXVNNI
        if (avx2 && (r71[0] >> 4 & 1)) m |= 1u << TL_CPU_AVXVNNI;
#endif
        if (avx512) m |= 1u << TL_CPU_AVX512;
        if (avx512 && (r7[2] >> 11 & 1)) m |= 1u << TL_CPU_AVX512VNNI;
#ifdef TL__X86_BF16
        if (avx512 && (r7[2] >> 11 & 1) && (r71[0] >> 5 & 1) && (r7[2] >> 1 & 1)) m |= 1u << TL_CPU_AVX512BF16; /* VNNI, BF16, VBMI */
#endif
    }
#endif
#ifdef TL__ARM
    m |= 1u << TL_CPU_NEON;
#endif
#if defined(__GNUC__) || defined(__clang__)
    __atomic_store_n(&cached, m, __ATOMIC_RELAXED);
#else
    cached = m;
#endif
    return m;
}

TLDEF const char *tl_cpu_name(int cpu) { return cpu >= 0 && cpu < TL_CPU_COUNT ? tl__cpu_names[cpu] : "?"; }
TLDEF int tl_cpu_parse(const char *name) {
    int i;
    for (i = 0; name && i < TL_CPU_COUNT; i++)
        if (!strcmp(name, tl__cpu_names[i])) return i;
    return -1;
}
TLDEF int tl_cpu_supported(int cpu) { return cpu > TL_CPU_AUTO && cpu < TL_CPU_COUNT && (tl__cpu_mask() >> cpu & 1); }
TLDEF int tl_cpu_best(void) {
    unsigned m = tl__cpu_mask();
    static const int order[] = {TL_CPU_AVX512BF16, TL_CPU_AVX512VNNI, TL_CPU_AVX512, TL_CPU_AVXVNNI, TL_CPU_AVX2, TL_CPU_NEON};
    size_t i;
    for (i = 0; i < sizeof order / sizeof order[0]; i++)
        if (m >> order[i] & 1) return order[i];
    return TL_CPU_REF;
}
TLDEF int tl_cpu_resolve(int cpu, char *err) {
    const char *env;
    if (cpu == TL_CPU_AUTO) {
        env = getenv("TL_CPU");
        if (!env || !*env || !strcmp(env, "auto")) return tl_cpu_best();
        cpu = tl_cpu_parse(env);
        if (cpu < 0) return tl__fail(err, TL_ERR_ARG, "TL_CPU=%.40s: unknown kernel set (ref, avx2, avxvnni, avx512, avx512vnni, avx512bf16, neon)", env);
        if (cpu == TL_CPU_AUTO) return tl_cpu_best();
    }
    if (cpu < 0 || cpu >= TL_CPU_COUNT) return tl__fail(err, TL_ERR_ARG, "unknown kernel set %d", cpu);
    if (!tl_cpu_supported(cpu)) return tl__fail(err, TL_ERR_UNSUPPORTED, "kernel set %s is not compiled in or this CPU does not run it", tl__cpu_names[cpu]);
    return cpu;
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
        if (dt == TL_DT_U32) return tl__fail(m->err, TL_ERR_FORMAT, "missing tensor '%s.scales' (the U32 '%s.weight' is quantized)", mod, mod);
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
    if (w->shape[1] > cols || (w->shape[1] * 32) % cols) return tl__fail(m->err, TL_ERR_FORMAT, "tensor '%s.weight': %lld words per row do not hold %d values of a whole number of bits", mod, (long long)w->shape[1], cols);
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
    if ((r = tl_st_open(&m->st, dir)) != TL_OK) { /* the message names the file already */
        memcpy(m->err, m->st.err, TL_ERR_SIZE);
        tl__json_free(&cj);
        TL_FREE(ctxt);
        return r;
    }
    D = c->hidden; hd = c->head_dim; qd = c->heads * hd; kvd = c->kv_heads * hd;
    m->layer = (tl_layer *)tl__calloc((size_t)c->layers, sizeof *m->layer);
    if (!m->layer) { r = tl__fail(m->err, TL_ERR_NOMEM, "out of memory"); goto fail; }
    if ((r = tl__bind_linear(m, &cj, "model.embed_tokens", c->vocab, D, &m->embed))) goto fail;
    if (c->tied) m->lm_head = m->embed; /* a stray lm_head.weight in a tied export is ignored */
    else if ((r = tl__bind_linear(m, &cj, "lm_head", c->vocab, D, &m->lm_head))) goto fail;
    m->weight_bytes = tl__weight_bytes(&m->lm_head);
    /* every matrix first: then the sizes of config.json are backed by tensors of the file, and the
       f32 copies of the 1-D tensors cannot ask for more memory than the file could hold */
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
    }
    nvec = (size_t)D * (2 * (size_t)c->layers + 1) + (size_t)c->layers * ((size_t)qd + 2 * (size_t)kvd + 2 * (size_t)hd);
    m->vecs = (float *)tl__calloc(nvec, sizeof(float));
    if (!m->vecs) { r = tl__fail(m->err, TL_ERR_NOMEM, "out of memory"); goto fail; }
    arena = m->vecs;
    if ((r = tl__bind_vec(m, "model.norm.weight", D, (float **)&m->norm, &arena))) goto fail;
    for (l = 0; l < c->layers; l++) {
        tl_layer *L = &m->layer[l];
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
        char msg[TL_ERR_SIZE], full[2 * TL_ERR_SIZE + 8];
        memcpy(msg, m->err, TL_ERR_SIZE);
        tl_model_free(m);
        snprintf(full, sizeof full, "%s: %s", dir, msg);
        memcpy(m->err, full, TL_ERR_SIZE - 1);
        m->err[TL_ERR_SIZE - 1] = 0;
    }
    return r;
}

/* ---- sessions ---- */
TLDEF void tl_session_free(tl_session *s) {
    TL_FREE(s->tokens); TL_FREE(s->kc); TL_FREE(s->vc); TL_FREE(s->x); TL_FREE(s->xb); TL_FREE(s->xb2);
    TL_FREE(s->q); TL_FREE(s->hb); TL_FREE(s->hb2); TL_FREE(s->logits); TL_FREE(s->work);
    TL_FREE(s->kbuf); TL_FREE(s->vbuf); TL_FREE(s->rope); TL_FREE(s->ws);
    tl__pool_free(s->pool);
    memset(s, 0, sizeof *s);
}

TLDEF void tl_session_reset(tl_session *s) { s->n_past = 0; }

TLDEF int tl_session_init_ex(tl_session *s, const tl_model *m, int ctx, int kv_type) {
    const tl_config *c;
    size_t kvn, B, qd, big, kvd;
    if (!s) return TL_ERR_ARG;
    memset(s, 0, sizeof *s);
    if (!m || !m->layer || !m->vecs) return tl__fail(s->err, TL_ERR_ARG, "the model is not loaded");
    c = &m->cfg;
    qd = (size_t)c->heads * c->head_dim;
    kvd = (size_t)c->kv_heads * c->head_dim;
    if (ctx < 0) return tl__fail(s->err, TL_ERR_ARG, "context %d is negative", ctx);
    if (kv_type != TL_KV_F32 && kv_type != TL_KV_F16) return tl__fail(s->err, TL_ERR_ARG, "unknown KV cache type %d", kv_type);
    if (ctx == 0 || ctx > c->max_pos) ctx = c->max_pos;
    s->m = m;
    s->ctx = ctx;
    s->batch = 128;
    s->kv_type = kv_type;
    B = (size_t)s->batch;
    big = qd > (size_t)c->hidden ? qd : (size_t)c->hidden;
    if (!tl__mul_ok((size_t)c->layers * tl__kv_slots(ctx), kvd, &kvn) || !tl__mul_ok(kvn, kv_type == TL_KV_F16 ? 2 : 4, &kvn))
        return tl__fail(s->err, TL_ERR_NOMEM, "KV cache too large");
    /* the cache is not cleared: a position is always written before it is read, and untouched
       pages of a large allocation cost no memory */
    s->kc = TL_MALLOC(kvn);
    s->vc = TL_MALLOC(kvn);
    s->tokens = (int *)tl__calloc((size_t)ctx, sizeof(int));
    s->x = (float *)tl__calloc(B * c->hidden, sizeof(float));
    s->xb = (float *)tl__calloc(B * big, sizeof(float));
    s->xb2 = (float *)tl__calloc(B * big, sizeof(float));
    s->q = (float *)tl__calloc(B * qd, sizeof(float));
    s->hb = (float *)tl__calloc(B * c->inter, sizeof(float));
    s->hb2 = (float *)tl__calloc(B * c->inter, sizeof(float));
    s->logits = (float *)tl__calloc((size_t)c->vocab, sizeof(float));
    /* work: tl_sample's candidates (vocab x TL_SAMPLE_WORK bytes) or RoPE tables (2 x head_dim) */
    s->work = (float *)tl__calloc((size_t)c->vocab * (TL_SAMPLE_WORK / sizeof(float)) + (size_t)c->head_dim * 2, sizeof(float));
    s->kbuf = (float *)tl__calloc(B * kvd, sizeof(float));
    s->vbuf = (float *)tl__calloc(B * kvd, sizeof(float));
    s->rope = (float *)tl__calloc(B * c->head_dim, sizeof(float));
    if (!s->kc || !s->vc || !s->tokens || !s->x || !s->xb || !s->xb2 || !s->q || !s->hb || !s->hb2 || !s->logits || !s->work ||
        !s->kbuf || !s->vbuf || !s->rope) {
        tl_session_free(s);
        return tl__fail(s->err, TL_ERR_NOMEM, "out of memory for a %d-token session", ctx);
    }
    return TL_OK;
}

TLDEF int tl_session_init(tl_session *s, const tl_model *m, int ctx) { return tl_session_init_ex(s, m, ctx, TL_KV_F32); }

/* kernel workspace for the current thread count (s->nthreads may change between calls) */
static int tl__session_ws(tl_session *s, int *nt_out) {
    const tl_config *c = &s->m->cfg;
    int nt;
    size_t need, kmax = (size_t)(c->inter > c->hidden ? c->inter : c->hidden), qd = (size_t)c->heads * c->head_dim;
    if (!s->pool || s->pool_req != s->nthreads) { /* the pool's workers live until the session ends */
        tl__pool_free(s->pool);
        s->pool = NULL;
        if (tl__pool_init(&s->pool, s->nthreads > 0 ? s->nthreads : 0) != 0)
            return tl__fail(s->err, TL_ERR_NOMEM, "cannot start %d threads", s->nthreads);
        s->pool_req = s->nthreads;
    }
    nt = tl__pool_size(s->pool);
    if (kmax < qd) kmax = qd;
    s->ws_thread = ((const tl__kset *)s->kern)->ws_thread(c);
    need = (size_t)s->batch * (kmax + 64) + (size_t)nt * s->ws_thread + 64;
    if (need > s->ws_cap) {
        float *p = (float *)TL_MALLOC(need * sizeof(float));
        if (!p) return tl__fail(s->err, TL_ERR_NOMEM, "out of memory for the kernel workspace");
        TL_FREE(s->ws);
        s->ws = p;
        s->ws_cap = need;
    }
    *nt_out = nt;
    return TL_OK;
}

/* One matmul of the forward pass, through the session's kernel set K (the table in the manual,
   KERNELS, says which kernel serves which case):
     int8 (tl_session.int8) and MLX 4/8-bit with group % 32 == 0    -> K->matmul_i8
     default path, MLX 4/8-bit with group % 64 == 0, K has int16    -> K->matmul_q16 (<= q16_few
                                                                       tokens: decode kernels, else GEMM)
     default path, BF16, K has AVX512-BF16                          -> K->bf16_gemm (hi + lo, or hi alone)
     default path, float weights, >= 2 tokens, K has the f32 GEMM   -> K->f32_gemm
     everything else (and tl_session.exact)                         -> K->matmul (f32 kernels) */
static void tl__mm(const tl_session *s, float *Y, int ldy, const float *X, int n, const tl_weight *W, tl__pool *nt, float *ws, size_t wst) {
    const tl__kset *K = (const tl__kset *)s->kern;
    if (s->int8 && tl__i8ok(W)) K->matmul_i8(Y, ldy, X, n, W, nt, ws, wst);
    else if (!s->exact && K->matmul_q16 && tl__q16ok(W)) K->matmul_q16(Y, ldy, X, n, W, nt, ws, wst);
    else if (!s->exact && K->bgok && K->bgok(W)) K->bf16_gemm(1, &Y, &ldy, X, n, &W, nt, ws, wst, s->bf16_act);
    else if (!s->exact && n >= 2 && K->fgok && K->fgok(W)) K->f32_gemm(1, &Y, &ldy, X, n, &W, nt, ws, wst);
    else K->matmul(Y, ldy, X, n, W, nt, ws, wst);
}

/* nw matmuls of the same X: in one parallel loop where one path takes them all alike */
static void tl__mmn(const tl_session *s, int nw, float *const *Y, const int *ldy, const float *X, int n, const tl_weight *const *W, tl__pool *nt, float *ws, size_t wst) {
    const tl__kset *K = (const tl__kset *)s->kern;
    int i, same;
    if (K->matmul_q16n) {
        same = !s->exact && !s->int8;
        for (i = 0; i < nw && same; i++)
            same = tl__q16ok(W[i]) && W[i]->cols == W[0]->cols && W[i]->group == W[0]->group && W[i]->bits == W[0]->bits;
        if (same) { K->matmul_q16n(nw, Y, ldy, X, n, W, nt, ws, wst); return; }
    }
    if (K->bgok) {
        same = !s->exact && !s->int8;
        for (i = 0; i < nw && same; i++) same = K->bgok(W[i]) && W[i]->cols == W[0]->cols;
        if (same) { K->bf16_gemm(nw, Y, ldy, X, n, W, nt, ws, wst, s->bf16_act); return; }
    }
    if (K->fgok) {
        same = !s->exact && n >= 2;
        for (i = 0; i < nw && same; i++) same = K->fgok(W[i]) && W[i]->cols == W[0]->cols;
        if (same) { K->f32_gemm(nw, Y, ldy, X, n, W, nt, ws, wst); return; }
    }
    for (i = 0; i < nw; i++) tl__mm(s, Y[i], ldy[i], X, n, W[i], nt, ws, wst);
}

/* the attention tasks of one layer: (up to TL__ATB tokens, kv head, part of its query heads) */
typedef struct tl__attn_job {
    const tl_session *s;
    const unsigned char *kc, *vc;
    size_t hs;
    int n, pos, nb, ns, kv16;
    float scale;
} tl__attn_job;
static void tl__attn_tasks(void *job, int i0, int i1, int tid) {
    const tl__attn_job *a = (const tl__attn_job *)job;
    const tl_session *s = a->s;
    const tl_config *c = &s->m->cfg;
    const tl__kset *K = (const tl__kset *)s->kern;
    int th, hd = c->head_dim, qd = c->heads * hd, group = c->heads / c->kv_heads, ns = a->ns;
    for (th = i0; th < i1; th++) {
        int t0 = (a->nb - 1 - th / (c->kv_heads * ns)) * TL__ATB, kh = th / ns % c->kv_heads, part = th % ns;
        int g0 = part * group / ns, g1 = (part + 1) * group / ns;
        size_t qo = (size_t)t0 * qd + ((size_t)kh * group + (size_t)g0) * hd;
        K->attn(s->xb2 + qo, s->q + qo, (size_t)qd, a->n - t0 < TL__ATB ? a->n - t0 : TL__ATB, g1 - g0, a->kc + kh * a->hs, a->vc + kh * a->hs,
                a->kv16, a->pos + t0 + 1, hd, a->scale, tl__tws(s->ws, s->ws_thread, tid));
    }
}
static void tl__silu_tasks(void *job, int t0, int t1, int tid) {
    const tl_session *s = (const tl_session *)job;
    int t, I = s->m->cfg.inter;
    (void)tid;
    for (t = t0; t < t1; t++) ((const tl__kset *)s->kern)->silu_mul(s->hb + (size_t)t * I, s->hb2 + (size_t)t * I, (size_t)I);
}

/* ---- the forward pass of n tokens at positions pos..pos+n-1 (n <= batch) ---- */
static void tl__forward_chunk(tl_session *s, const int *tok, int n, int pos, int nt) {
    const tl_model *m = s->m;
    const tl__kset *K = (const tl__kset *)s->kern;
    const tl_config *c = &m->cfg;
    int D = c->hidden, hd = c->head_dim, qd = c->heads * hd, kvd = c->kv_heads * hd, I = c->inter;
    int l, t, group = c->heads / c->kv_heads, kv16 = s->kv_type == TL_KV_F16, esz = kv16 ? 2 : 4;
    float *x = s->x, *xb = s->xb, *xb2 = s->xb2, *q = s->q, *k = s->kbuf, *v = s->vbuf, *ws = s->ws;
    size_t wst = s->ws_thread, hs = tl__kv_slots(s->ctx) * (size_t)hd * (size_t)esz; /* bytes of a kv head's K (or V) */
    float scale = 1.0f / sqrtf((float)hd);
    tl__attn_job aj;
    memset(&aj, 0, sizeof aj);
    aj.s = s; aj.hs = hs; aj.n = n; aj.pos = pos; aj.kv16 = kv16; aj.scale = scale;
    for (t = 0; t < n; t++) {
        tl__row_f32(&m->embed, tok[t], x + (size_t)t * D);
        tl__rope_cs(s->rope + (size_t)t * hd, hd, pos + t, c->rope_theta);
    }
    for (l = 0; l < c->layers; l++) {
        const tl_layer *L = &m->layer[l];
        unsigned char *kc = (unsigned char *)s->kc + (size_t)l * c->kv_heads * hs, *vc = (unsigned char *)s->vc + (size_t)l * c->kv_heads * hs;
        int ns, nb = (n + TL__ATB - 1) / TL__ATB;
        /* attention block */
        for (t = 0; t < n; t++) K->rmsnorm(xb + (size_t)t * D, x + (size_t)t * D, L->attn_norm, D, c->rms_eps);
        {
            float *ys[3];
            int lds[3];
            const tl_weight *wv3[3];
            ys[0] = q; ys[1] = k; ys[2] = v; lds[0] = qd; lds[1] = lds[2] = kvd;
            wv3[0] = &L->wq; wv3[1] = &L->wk; wv3[2] = &L->wv;
            tl__mmn(s, 3, ys, lds, xb, n, wv3, s->pool, ws, wst);
        }
        for (t = 0; t < n; t++) {
            float *qt = q + (size_t)t * qd, *kt = k + (size_t)t * kvd, *vt = v + (size_t)t * kvd;
            int h;
            if (L->bq) {
                K->add(qt, L->bq, (size_t)qd);
                K->add(kt, L->bk, (size_t)kvd);
                K->add(vt, L->bv, (size_t)kvd);
            }
            if (L->q_norm) { /* Qwen3: RMSNorm per head before RoPE */
                for (h = 0; h < c->heads; h++) K->rmsnorm(qt + (size_t)h * hd, qt + (size_t)h * hd, L->q_norm, hd, c->rms_eps);
                for (h = 0; h < c->kv_heads; h++) K->rmsnorm(kt + (size_t)h * hd, kt + (size_t)h * hd, L->k_norm, hd, c->rms_eps);
            }
            tl__rope(qt, c->heads, hd, s->rope + (size_t)t * hd);
            tl__rope(kt, c->kv_heads, hd, s->rope + (size_t)t * hd);
            /* K/V into the cache (f32 or f16): attention reads the cache only, so a token sees
               the same rounded keys whether it was computed in a chunk or one at a time */
            for (h = 0; h < c->kv_heads; h++) {
                tl__kt_put(kc + h * hs, kv16, pos + t, kt + (size_t)h * hd, hd);
                K->kv_put(vc + h * hs + (size_t)(pos + t) * hd * esz, kv16, vt + (size_t)h * hd, hd);
            }
        }
        /* causal grouped-query attention: query heads kh*group.. read kv head kh. Tasks are
           (up to TL__ATB tokens, kv head, part of its query heads), the last tokens (the most
           keys) first: with fewer (tokens, kv head) pairs than threads, a kv head's group is
           split so that every thread has work (each head's result does not depend on it); no
           further, as every part reads the kv head's whole cache */
        ns = 1;
        while (nb * c->kv_heads * ns < nt && ns < group) ns++;
        aj.kc = kc; aj.vc = vc; aj.nb = nb; aj.ns = ns;
        tl__pool_for(s->pool, nb * c->kv_heads * ns > 1 && (long long)n * c->heads * (pos + n) * hd >= (1 << 16) ? 0 : 1,
                     nb * c->kv_heads * ns, TL__SCHED_DYNAMIC, 1, tl__attn_tasks, &aj);
        tl__mm(s, xb, D, xb2, n, &L->wo, s->pool, ws, wst);
        K->add(x, xb, (size_t)n * D);
        /* MLP block: down(silu(gate(x)) * up(x)) */
        for (t = 0; t < n; t++) K->rmsnorm(xb + (size_t)t * D, x + (size_t)t * D, L->ffn_norm, D, c->rms_eps);
        {
            float *ys[2];
            int lds[2];
            const tl_weight *wv2[2];
            ys[0] = s->hb; ys[1] = s->hb2; lds[0] = lds[1] = I;
            wv2[0] = &L->gate; wv2[1] = &L->up;
            tl__mmn(s, 2, ys, lds, xb, n, wv2, s->pool, ws, wst);
        }
        tl__pool_for(s->pool, n >= 8 ? 0 : 1, n, TL__SCHED_STATIC, 1, tl__silu_tasks, s);
        tl__mm(s, xb, D, s->hb, n, &L->down, s->pool, ws, wst);
        K->add(x, xb, (size_t)n * D);
    }
}

TLDEF int tl_forward(tl_session *s, const int *tokens, int n, int pos, float *logits, int all_logits) {
    const tl_model *m;
    int c0, t, V, nt = 1, r;
    if (!s) return TL_ERR_ARG;
    m = s->m;
    if (!m) return tl__fail(s->err, TL_ERR_ARG, "session is not initialised");
    V = m->cfg.vocab;
    if (n <= 0 || !tokens) return tl__fail(s->err, TL_ERR_ARG, "no tokens to run");
    if (pos < 0 || pos > s->n_past) return tl__fail(s->err, TL_ERR_RANGE, "position %d is past the %d cached tokens", pos, s->n_past);
    if (n > s->ctx - pos) return tl__fail(s->err, TL_ERR_RANGE, "%d tokens at position %d do not fit the context of %d tokens", n, pos, s->ctx);
    for (t = 0; t < n; t++)
        if (tokens[t] < 0 || tokens[t] >= V) return tl__fail(s->err, TL_ERR_RANGE, "token id %d is out of range [0, %d)", tokens[t], V);
    if ((r = tl_cpu_resolve(s->cpu, s->err)) < 0) return r;
    s->kern = tl__kset_of(r);
    if ((r = tl__session_ws(s, &nt)) != TL_OK) return r;
    s->n_past = pos;
    for (c0 = 0; c0 < n; c0 += s->batch) {
        int nb = n - c0 < s->batch ? n - c0 : s->batch, D = m->cfg.hidden;
        tl__forward_chunk(s, tokens + c0, nb, pos + c0, nt);
        memcpy(s->tokens + pos + c0, tokens + c0, (size_t)nb * sizeof(int));
        s->n_past = pos + c0 + nb;
        if (logits && (all_logits || c0 + nb == n)) {
            int first = all_logits ? 0 : nb - 1;
            for (t = first; t < nb; t++) ((const tl__kset *)s->kern)->rmsnorm(s->xb + (size_t)(t - first) * D, s->x + (size_t)t * D, m->norm, D, m->cfg.rms_eps);
            tl__mm(s, all_logits ? logits + (size_t)c0 * V : logits, V, s->xb, nb - first, &m->lm_head, s->pool, s->ws, s->ws_thread);
        }
    }
    return TL_OK;
}

/* ============================================================================================
   5. tokenizer
   ============================================================================================
   Byte-level BPE as Hugging Face `tokenizers` runs it for Qwen2/Qwen3 (model.type "BPE", NFC
   normalizer, the Qwen2 Split regex, ByteLevel): everything is exact, including Unicode
   normalization and the regex classes, which use the tables below. */

typedef struct tl__urange { uint32_t lo, hi; unsigned char v; } tl__urange;
typedef struct tl__udecomp { uint32_t c, a, b; } tl__udecomp;

/* Unicode tables, as HF tokenizers 0.23 has them (checked code point by code point where Unicode
   versions differ): normalization data of Unicode 9.0 (its NFC crate, unicode-normalization-
   alignments: marks added later, like U+1DF9, have class 0 there and do not reorder), and
   \p{L} \p{N} \s of Unicode 16.0 (its Oniguruma 6.9.10: Unicode 17.0 letters are not letters).
   Regenerate with tools/gen_unicode.c (see its first lines):
       ./gen_unicode --nfc-age 9.0 --classes classes-16.0.txt /usr/share/unicode
   and paste its output over this block. */
/* ---- generated by tools/gen_unicode.c from Unicode 15.0.0 data, normalization limited to Unicode 9.0, classes from classes-16.0.txt ---- */
/* character classes: 1 = \p{L}, 2 = \p{N}, 4 = White_Space (\s) */
static const tl__urange tl__uc_class[831] = {
    {0x9,0xD,4}, {0x20,0x20,4}, {0x30,0x39,2}, {0x41,0x5A,1}, {0x61,0x7A,1}, {0x85,0x85,4},
    {0xA0,0xA0,4}, {0xAA,0xAA,1}, {0xB2,0xB3,2}, {0xB5,0xB5,1}, {0xB9,0xB9,2}, {0xBA,0xBA,1},
    {0xBC,0xBE,2}, {0xC0,0xD6,1}, {0xD8,0xF6,1}, {0xF8,0x2C1,1}, {0x2C6,0x2D1,1}, {0x2E0,0x2E4,1},
    {0x2EC,0x2EC,1}, {0x2EE,0x2EE,1}, {0x370,0x374,1}, {0x376,0x377,1}, {0x37A,0x37D,1},
    {0x37F,0x37F,1}, {0x386,0x386,1}, {0x388,0x38A,1}, {0x38C,0x38C,1}, {0x38E,0x3A1,1},
    {0x3A3,0x3F5,1}, {0x3F7,0x481,1}, {0x48A,0x52F,1}, {0x531,0x556,1}, {0x559,0x559,1},
    {0x560,0x588,1}, {0x5D0,0x5EA,1}, {0x5EF,0x5F2,1}, {0x620,0x64A,1}, {0x660,0x669,2},
    {0x66E,0x66F,1}, {0x671,0x6D3,1}, {0x6D5,0x6D5,1}, {0x6E5,0x6E6,1}, {0x6EE,0x6EF,1},
    {0x6F0,0x6F9,2}, {0x6FA,0x6FC,1}, {0x6FF,0x6FF,1}, {0x710,0x710,1}, {0x712,0x72F,1},
    {0x74D,0x7A5,1}, {0x7B1,0x7B1,1}, {0x7C0,0x7C9,2}, {0x7CA,0x7EA,1}, {0x7F4,0x7F5,1},
    {0x7FA,0x7FA,1}, {0x800,0x815,1}, {0x81A,0x81A,1}, {0x824,0x824,1}, {0x828,0x828,1},
    {0x840,0x858,1}, {0x860,0x86A,1}, {0x870,0x887,1}, {0x889,0x88E,1}, {0x8A0,0x8C9,1},
    {0x904,0x939,1}, {0x93D,0x93D,1}, {0x950,0x950,1}, {0x958,0x961,1}, {0x966,0x96F,2},
    {0x971,0x980,1}, {0x985,0x98C,1}, {0x98F,0x990,1}, {0x993,0x9A8,1}, {0x9AA,0x9B0,1},
    {0x9B2,0x9B2,1}, {0x9B6,0x9B9,1}, {0x9BD,0x9BD,1}, {0x9CE,0x9CE,1}, {0x9DC,0x9DD,1},
    {0x9DF,0x9E1,1}, {0x9E6,0x9EF,2}, {0x9F0,0x9F1,1}, {0x9F4,0x9F9,2}, {0x9FC,0x9FC,1},
    {0xA05,0xA0A,1}, {0xA0F,0xA10,1}, {0xA13,0xA28,1}, {0xA2A,0xA30,1}, {0xA32,0xA33,1},
    {0xA35,0xA36,1}, {0xA38,0xA39,1}, {0xA59,0xA5C,1}, {0xA5E,0xA5E,1}, {0xA66,0xA6F,2},
    {0xA72,0xA74,1}, {0xA85,0xA8D,1}, {0xA8F,0xA91,1}, {0xA93,0xAA8,1}, {0xAAA,0xAB0,1},
    {0xAB2,0xAB3,1}, {0xAB5,0xAB9,1}, {0xABD,0xABD,1}, {0xAD0,0xAD0,1}, {0xAE0,0xAE1,1},
    {0xAE6,0xAEF,2}, {0xAF9,0xAF9,1}, {0xB05,0xB0C,1}, {0xB0F,0xB10,1}, {0xB13,0xB28,1},
    {0xB2A,0xB30,1}, {0xB32,0xB33,1}, {0xB35,0xB39,1}, {0xB3D,0xB3D,1}, {0xB5C,0xB5D,1},
    {0xB5F,0xB61,1}, {0xB66,0xB6F,2}, {0xB71,0xB71,1}, {0xB72,0xB77,2}, {0xB83,0xB83,1},
    {0xB85,0xB8A,1}, {0xB8E,0xB90,1}, {0xB92,0xB95,1}, {0xB99,0xB9A,1}, {0xB9C,0xB9C,1},
    {0xB9E,0xB9F,1}, {0xBA3,0xBA4,1}, {0xBA8,0xBAA,1}, {0xBAE,0xBB9,1}, {0xBD0,0xBD0,1},
    {0xBE6,0xBF2,2}, {0xC05,0xC0C,1}, {0xC0E,0xC10,1}, {0xC12,0xC28,1}, {0xC2A,0xC39,1},
    {0xC3D,0xC3D,1}, {0xC58,0xC5A,1}, {0xC5D,0xC5D,1}, {0xC60,0xC61,1}, {0xC66,0xC6F,2},
    {0xC78,0xC7E,2}, {0xC80,0xC80,1}, {0xC85,0xC8C,1}, {0xC8E,0xC90,1}, {0xC92,0xCA8,1},
    {0xCAA,0xCB3,1}, {0xCB5,0xCB9,1}, {0xCBD,0xCBD,1}, {0xCDD,0xCDE,1}, {0xCE0,0xCE1,1},
    {0xCE6,0xCEF,2}, {0xCF1,0xCF2,1}, {0xD04,0xD0C,1}, {0xD0E,0xD10,1}, {0xD12,0xD3A,1},
    {0xD3D,0xD3D,1}, {0xD4E,0xD4E,1}, {0xD54,0xD56,1}, {0xD58,0xD5E,2}, {0xD5F,0xD61,1},
    {0xD66,0xD78,2}, {0xD7A,0xD7F,1}, {0xD85,0xD96,1}, {0xD9A,0xDB1,1}, {0xDB3,0xDBB,1},
    {0xDBD,0xDBD,1}, {0xDC0,0xDC6,1}, {0xDE6,0xDEF,2}, {0xE01,0xE30,1}, {0xE32,0xE33,1},
    {0xE40,0xE46,1}, {0xE50,0xE59,2}, {0xE81,0xE82,1}, {0xE84,0xE84,1}, {0xE86,0xE8A,1},
    {0xE8C,0xEA3,1}, {0xEA5,0xEA5,1}, {0xEA7,0xEB0,1}, {0xEB2,0xEB3,1}, {0xEBD,0xEBD,1},
    {0xEC0,0xEC4,1}, {0xEC6,0xEC6,1}, {0xED0,0xED9,2}, {0xEDC,0xEDF,1}, {0xF00,0xF00,1},
    {0xF20,0xF33,2}, {0xF40,0xF47,1}, {0xF49,0xF6C,1}, {0xF88,0xF8C,1}, {0x1000,0x102A,1},
    {0x103F,0x103F,1}, {0x1040,0x1049,2}, {0x1050,0x1055,1}, {0x105A,0x105D,1}, {0x1061,0x1061,1},
    {0x1065,0x1066,1}, {0x106E,0x1070,1}, {0x1075,0x1081,1}, {0x108E,0x108E,1}, {0x1090,0x1099,2},
    {0x10A0,0x10C5,1}, {0x10C7,0x10C7,1}, {0x10CD,0x10CD,1}, {0x10D0,0x10FA,1}, {0x10FC,0x1248,1},
    {0x124A,0x124D,1}, {0x1250,0x1256,1}, {0x1258,0x1258,1}, {0x125A,0x125D,1}, {0x1260,0x1288,1},
    {0x128A,0x128D,1}, {0x1290,0x12B0,1}, {0x12B2,0x12B5,1}, {0x12B8,0x12BE,1}, {0x12C0,0x12C0,1},
    {0x12C2,0x12C5,1}, {0x12C8,0x12D6,1}, {0x12D8,0x1310,1}, {0x1312,0x1315,1}, {0x1318,0x135A,1},
    {0x1369,0x137C,2}, {0x1380,0x138F,1}, {0x13A0,0x13F5,1}, {0x13F8,0x13FD,1}, {0x1401,0x166C,1},
    {0x166F,0x167F,1}, {0x1680,0x1680,4}, {0x1681,0x169A,1}, {0x16A0,0x16EA,1}, {0x16EE,0x16F0,2},
    {0x16F1,0x16F8,1}, {0x1700,0x1711,1}, {0x171F,0x1731,1}, {0x1740,0x1751,1}, {0x1760,0x176C,1},
    {0x176E,0x1770,1}, {0x1780,0x17B3,1}, {0x17D7,0x17D7,1}, {0x17DC,0x17DC,1}, {0x17E0,0x17E9,2},
    {0x17F0,0x17F9,2}, {0x1810,0x1819,2}, {0x1820,0x1878,1}, {0x1880,0x1884,1}, {0x1887,0x18A8,1},
    {0x18AA,0x18AA,1}, {0x18B0,0x18F5,1}, {0x1900,0x191E,1}, {0x1946,0x194F,2}, {0x1950,0x196D,1},
    {0x1970,0x1974,1}, {0x1980,0x19AB,1}, {0x19B0,0x19C9,1}, {0x19D0,0x19DA,2}, {0x1A00,0x1A16,1},
    {0x1A20,0x1A54,1}, {0x1A80,0x1A89,2}, {0x1A90,0x1A99,2}, {0x1AA7,0x1AA7,1}, {0x1B05,0x1B33,1},
    {0x1B45,0x1B4C,1}, {0x1B50,0x1B59,2}, {0x1B83,0x1BA0,1}, {0x1BAE,0x1BAF,1}, {0x1BB0,0x1BB9,2},
    {0x1BBA,0x1BE5,1}, {0x1C00,0x1C23,1}, {0x1C40,0x1C49,2}, {0x1C4D,0x1C4F,1}, {0x1C50,0x1C59,2},
    {0x1C5A,0x1C7D,1}, {0x1C80,0x1C8A,1}, {0x1C90,0x1CBA,1}, {0x1CBD,0x1CBF,1}, {0x1CE9,0x1CEC,1},
    {0x1CEE,0x1CF3,1}, {0x1CF5,0x1CF6,1}, {0x1CFA,0x1CFA,1}, {0x1D00,0x1DBF,1}, {0x1E00,0x1F15,1},
    {0x1F18,0x1F1D,1}, {0x1F20,0x1F45,1}, {0x1F48,0x1F4D,1}, {0x1F50,0x1F57,1}, {0x1F59,0x1F59,1},
    {0x1F5B,0x1F5B,1}, {0x1F5D,0x1F5D,1}, {0x1F5F,0x1F7D,1}, {0x1F80,0x1FB4,1}, {0x1FB6,0x1FBC,1},
    {0x1FBE,0x1FBE,1}, {0x1FC2,0x1FC4,1}, {0x1FC6,0x1FCC,1}, {0x1FD0,0x1FD3,1}, {0x1FD6,0x1FDB,1},
    {0x1FE0,0x1FEC,1}, {0x1FF2,0x1FF4,1}, {0x1FF6,0x1FFC,1}, {0x2000,0x200A,4}, {0x2028,0x2029,4},
    {0x202F,0x202F,4}, {0x205F,0x205F,4}, {0x2070,0x2070,2}, {0x2071,0x2071,1}, {0x2074,0x2079,2},
    {0x207F,0x207F,1}, {0x2080,0x2089,2}, {0x2090,0x209C,1}, {0x2102,0x2102,1}, {0x2107,0x2107,1},
    {0x210A,0x2113,1}, {0x2115,0x2115,1}, {0x2119,0x211D,1}, {0x2124,0x2124,1}, {0x2126,0x2126,1},
    {0x2128,0x2128,1}, {0x212A,0x212D,1}, {0x212F,0x2139,1}, {0x213C,0x213F,1}, {0x2145,0x2149,1},
    {0x214E,0x214E,1}, {0x2150,0x2182,2}, {0x2183,0x2184,1}, {0x2185,0x2189,2}, {0x2460,0x249B,2},
    {0x24EA,0x24FF,2}, {0x2776,0x2793,2}, {0x2C00,0x2CE4,1}, {0x2CEB,0x2CEE,1}, {0x2CF2,0x2CF3,1},
    {0x2CFD,0x2CFD,2}, {0x2D00,0x2D25,1}, {0x2D27,0x2D27,1}, {0x2D2D,0x2D2D,1}, {0x2D30,0x2D67,1},
    {0x2D6F,0x2D6F,1}, {0x2D80,0x2D96,1}, {0x2DA0,0x2DA6,1}, {0x2DA8,0x2DAE,1}, {0x2DB0,0x2DB6,1},
    {0x2DB8,0x2DBE,1}, {0x2DC0,0x2DC6,1}, {0x2DC8,0x2DCE,1}, {0x2DD0,0x2DD6,1}, {0x2DD8,0x2DDE,1},
    {0x2E2F,0x2E2F,1}, {0x3000,0x3000,4}, {0x3005,0x3006,1}, {0x3007,0x3007,2}, {0x3021,0x3029,2},
    {0x3031,0x3035,1}, {0x3038,0x303A,2}, {0x303B,0x303C,1}, {0x3041,0x3096,1}, {0x309D,0x309F,1},
    {0x30A1,0x30FA,1}, {0x30FC,0x30FF,1}, {0x3105,0x312F,1}, {0x3131,0x318E,1}, {0x3192,0x3195,2},
    {0x31A0,0x31BF,1}, {0x31F0,0x31FF,1}, {0x3220,0x3229,2}, {0x3248,0x324F,2}, {0x3251,0x325F,2},
    {0x3280,0x3289,2}, {0x32B1,0x32BF,2}, {0x3400,0x4DBF,1}, {0x4E00,0xA48C,1}, {0xA4D0,0xA4FD,1},
    {0xA500,0xA60C,1}, {0xA610,0xA61F,1}, {0xA620,0xA629,2}, {0xA62A,0xA62B,1}, {0xA640,0xA66E,1},
    {0xA67F,0xA69D,1}, {0xA6A0,0xA6E5,1}, {0xA6E6,0xA6EF,2}, {0xA717,0xA71F,1}, {0xA722,0xA788,1},
    {0xA78B,0xA7CD,1}, {0xA7D0,0xA7D1,1}, {0xA7D3,0xA7D3,1}, {0xA7D5,0xA7DC,1}, {0xA7F2,0xA801,1},
    {0xA803,0xA805,1}, {0xA807,0xA80A,1}, {0xA80C,0xA822,1}, {0xA830,0xA835,2}, {0xA840,0xA873,1},
    {0xA882,0xA8B3,1}, {0xA8D0,0xA8D9,2}, {0xA8F2,0xA8F7,1}, {0xA8FB,0xA8FB,1}, {0xA8FD,0xA8FE,1},
    {0xA900,0xA909,2}, {0xA90A,0xA925,1}, {0xA930,0xA946,1}, {0xA960,0xA97C,1}, {0xA984,0xA9B2,1},
    {0xA9CF,0xA9CF,1}, {0xA9D0,0xA9D9,2}, {0xA9E0,0xA9E4,1}, {0xA9E6,0xA9EF,1}, {0xA9F0,0xA9F9,2},
    {0xA9FA,0xA9FE,1}, {0xAA00,0xAA28,1}, {0xAA40,0xAA42,1}, {0xAA44,0xAA4B,1}, {0xAA50,0xAA59,2},
    {0xAA60,0xAA76,1}, {0xAA7A,0xAA7A,1}, {0xAA7E,0xAAAF,1}, {0xAAB1,0xAAB1,1}, {0xAAB5,0xAAB6,1},
    {0xAAB9,0xAABD,1}, {0xAAC0,0xAAC0,1}, {0xAAC2,0xAAC2,1}, {0xAADB,0xAADD,1}, {0xAAE0,0xAAEA,1},
    {0xAAF2,0xAAF4,1}, {0xAB01,0xAB06,1}, {0xAB09,0xAB0E,1}, {0xAB11,0xAB16,1}, {0xAB20,0xAB26,1},
    {0xAB28,0xAB2E,1}, {0xAB30,0xAB5A,1}, {0xAB5C,0xAB69,1}, {0xAB70,0xABE2,1}, {0xABF0,0xABF9,2},
    {0xAC00,0xD7A3,1}, {0xD7B0,0xD7C6,1}, {0xD7CB,0xD7FB,1}, {0xF900,0xFA6D,1}, {0xFA70,0xFAD9,1},
    {0xFB00,0xFB06,1}, {0xFB13,0xFB17,1}, {0xFB1D,0xFB1D,1}, {0xFB1F,0xFB28,1}, {0xFB2A,0xFB36,1},
    {0xFB38,0xFB3C,1}, {0xFB3E,0xFB3E,1}, {0xFB40,0xFB41,1}, {0xFB43,0xFB44,1}, {0xFB46,0xFBB1,1},
    {0xFBD3,0xFD3D,1}, {0xFD50,0xFD8F,1}, {0xFD92,0xFDC7,1}, {0xFDF0,0xFDFB,1}, {0xFE70,0xFE74,1},
    {0xFE76,0xFEFC,1}, {0xFF10,0xFF19,2}, {0xFF21,0xFF3A,1}, {0xFF41,0xFF5A,1}, {0xFF66,0xFFBE,1},
    {0xFFC2,0xFFC7,1}, {0xFFCA,0xFFCF,1}, {0xFFD2,0xFFD7,1}, {0xFFDA,0xFFDC,1}, {0x10000,0x1000B,1},
    {0x1000D,0x10026,1}, {0x10028,0x1003A,1}, {0x1003C,0x1003D,1}, {0x1003F,0x1004D,1},
    {0x10050,0x1005D,1}, {0x10080,0x100FA,1}, {0x10107,0x10133,2}, {0x10140,0x10178,2},
    {0x1018A,0x1018B,2}, {0x10280,0x1029C,1}, {0x102A0,0x102D0,1}, {0x102E1,0x102FB,2},
    {0x10300,0x1031F,1}, {0x10320,0x10323,2}, {0x1032D,0x10340,1}, {0x10341,0x10341,2},
    {0x10342,0x10349,1}, {0x1034A,0x1034A,2}, {0x10350,0x10375,1}, {0x10380,0x1039D,1},
    {0x103A0,0x103C3,1}, {0x103C8,0x103CF,1}, {0x103D1,0x103D5,2}, {0x10400,0x1049D,1},
    {0x104A0,0x104A9,2}, {0x104B0,0x104D3,1}, {0x104D8,0x104FB,1}, {0x10500,0x10527,1},
    {0x10530,0x10563,1}, {0x10570,0x1057A,1}, {0x1057C,0x1058A,1}, {0x1058C,0x10592,1},
    {0x10594,0x10595,1}, {0x10597,0x105A1,1}, {0x105A3,0x105B1,1}, {0x105B3,0x105B9,1},
    {0x105BB,0x105BC,1}, {0x105C0,0x105F3,1}, {0x10600,0x10736,1}, {0x10740,0x10755,1},
    {0x10760,0x10767,1}, {0x10780,0x10785,1}, {0x10787,0x107B0,1}, {0x107B2,0x107BA,1},
    {0x10800,0x10805,1}, {0x10808,0x10808,1}, {0x1080A,0x10835,1}, {0x10837,0x10838,1},
    {0x1083C,0x1083C,1}, {0x1083F,0x10855,1}, {0x10858,0x1085F,2}, {0x10860,0x10876,1},
    {0x10879,0x1087F,2}, {0x10880,0x1089E,1}, {0x108A7,0x108AF,2}, {0x108E0,0x108F2,1},
    {0x108F4,0x108F5,1}, {0x108FB,0x108FF,2}, {0x10900,0x10915,1}, {0x10916,0x1091B,2},
    {0x10920,0x10939,1}, {0x10980,0x109B7,1}, {0x109BC,0x109BD,2}, {0x109BE,0x109BF,1},
    {0x109C0,0x109CF,2}, {0x109D2,0x109FF,2}, {0x10A00,0x10A00,1}, {0x10A10,0x10A13,1},
    {0x10A15,0x10A17,1}, {0x10A19,0x10A35,1}, {0x10A40,0x10A48,2}, {0x10A60,0x10A7C,1},
    {0x10A7D,0x10A7E,2}, {0x10A80,0x10A9C,1}, {0x10A9D,0x10A9F,2}, {0x10AC0,0x10AC7,1},
    {0x10AC9,0x10AE4,1}, {0x10AEB,0x10AEF,2}, {0x10B00,0x10B35,1}, {0x10B40,0x10B55,1},
    {0x10B58,0x10B5F,2}, {0x10B60,0x10B72,1}, {0x10B78,0x10B7F,2}, {0x10B80,0x10B91,1},
    {0x10BA9,0x10BAF,2}, {0x10C00,0x10C48,1}, {0x10C80,0x10CB2,1}, {0x10CC0,0x10CF2,1},
    {0x10CFA,0x10CFF,2}, {0x10D00,0x10D23,1}, {0x10D30,0x10D39,2}, {0x10D40,0x10D49,2},
    {0x10D4A,0x10D65,1}, {0x10D6F,0x10D85,1}, {0x10E60,0x10E7E,2}, {0x10E80,0x10EA9,1},
    {0x10EB0,0x10EB1,1}, {0x10EC2,0x10EC4,1}, {0x10F00,0x10F1C,1}, {0x10F1D,0x10F26,2},
    {0x10F27,0x10F27,1}, {0x10F30,0x10F45,1}, {0x10F51,0x10F54,2}, {0x10F70,0x10F81,1},
    {0x10FB0,0x10FC4,1}, {0x10FC5,0x10FCB,2}, {0x10FE0,0x10FF6,1}, {0x11003,0x11037,1},
    {0x11052,0x1106F,2}, {0x11071,0x11072,1}, {0x11075,0x11075,1}, {0x11083,0x110AF,1},
    {0x110D0,0x110E8,1}, {0x110F0,0x110F9,2}, {0x11103,0x11126,1}, {0x11136,0x1113F,2},
    {0x11144,0x11144,1}, {0x11147,0x11147,1}, {0x11150,0x11172,1}, {0x11176,0x11176,1},
    {0x11183,0x111B2,1}, {0x111C1,0x111C4,1}, {0x111D0,0x111D9,2}, {0x111DA,0x111DA,1},
    {0x111DC,0x111DC,1}, {0x111E1,0x111F4,2}, {0x11200,0x11211,1}, {0x11213,0x1122B,1},
    {0x1123F,0x11240,1}, {0x11280,0x11286,1}, {0x11288,0x11288,1}, {0x1128A,0x1128D,1},
    {0x1128F,0x1129D,1}, {0x1129F,0x112A8,1}, {0x112B0,0x112DE,1}, {0x112F0,0x112F9,2},
    {0x11305,0x1130C,1}, {0x1130F,0x11310,1}, {0x11313,0x11328,1}, {0x1132A,0x11330,1},
    {0x11332,0x11333,1}, {0x11335,0x11339,1}, {0x1133D,0x1133D,1}, {0x11350,0x11350,1},
    {0x1135D,0x11361,1}, {0x11380,0x11389,1}, {0x1138B,0x1138B,1}, {0x1138E,0x1138E,1},
    {0x11390,0x113B5,1}, {0x113B7,0x113B7,1}, {0x113D1,0x113D1,1}, {0x113D3,0x113D3,1},
    {0x11400,0x11434,1}, {0x11447,0x1144A,1}, {0x11450,0x11459,2}, {0x1145F,0x11461,1},
    {0x11480,0x114AF,1}, {0x114C4,0x114C5,1}, {0x114C7,0x114C7,1}, {0x114D0,0x114D9,2},
    {0x11580,0x115AE,1}, {0x115D8,0x115DB,1}, {0x11600,0x1162F,1}, {0x11644,0x11644,1},
    {0x11650,0x11659,2}, {0x11680,0x116AA,1}, {0x116B8,0x116B8,1}, {0x116C0,0x116C9,2},
    {0x116D0,0x116E3,2}, {0x11700,0x1171A,1}, {0x11730,0x1173B,2}, {0x11740,0x11746,1},
    {0x11800,0x1182B,1}, {0x118A0,0x118DF,1}, {0x118E0,0x118F2,2}, {0x118FF,0x11906,1},
    {0x11909,0x11909,1}, {0x1190C,0x11913,1}, {0x11915,0x11916,1}, {0x11918,0x1192F,1},
    {0x1193F,0x1193F,1}, {0x11941,0x11941,1}, {0x11950,0x11959,2}, {0x119A0,0x119A7,1},
    {0x119AA,0x119D0,1}, {0x119E1,0x119E1,1}, {0x119E3,0x119E3,1}, {0x11A00,0x11A00,1},
    {0x11A0B,0x11A32,1}, {0x11A3A,0x11A3A,1}, {0x11A50,0x11A50,1}, {0x11A5C,0x11A89,1},
    {0x11A9D,0x11A9D,1}, {0x11AB0,0x11AF8,1}, {0x11BC0,0x11BE0,1}, {0x11BF0,0x11BF9,2},
    {0x11C00,0x11C08,1}, {0x11C0A,0x11C2E,1}, {0x11C40,0x11C40,1}, {0x11C50,0x11C6C,2},
    {0x11C72,0x11C8F,1}, {0x11D00,0x11D06,1}, {0x11D08,0x11D09,1}, {0x11D0B,0x11D30,1},
    {0x11D46,0x11D46,1}, {0x11D50,0x11D59,2}, {0x11D60,0x11D65,1}, {0x11D67,0x11D68,1},
    {0x11D6A,0x11D89,1}, {0x11D98,0x11D98,1}, {0x11DA0,0x11DA9,2}, {0x11EE0,0x11EF2,1},
    {0x11F02,0x11F02,1}, {0x11F04,0x11F10,1}, {0x11F12,0x11F33,1}, {0x11F50,0x11F59,2},
    {0x11FB0,0x11FB0,1}, {0x11FC0,0x11FD4,2}, {0x12000,0x12399,1}, {0x12400,0x1246E,2},
    {0x12480,0x12543,1}, {0x12F90,0x12FF0,1}, {0x13000,0x1342F,1}, {0x13441,0x13446,1},
    {0x13460,0x143FA,1}, {0x14400,0x14646,1}, {0x16100,0x1611D,1}, {0x16130,0x16139,2},
    {0x16800,0x16A38,1}, {0x16A40,0x16A5E,1}, {0x16A60,0x16A69,2}, {0x16A70,0x16ABE,1},
    {0x16AC0,0x16AC9,2}, {0x16AD0,0x16AED,1}, {0x16B00,0x16B2F,1}, {0x16B40,0x16B43,1},
    {0x16B50,0x16B59,2}, {0x16B5B,0x16B61,2}, {0x16B63,0x16B77,1}, {0x16B7D,0x16B8F,1},
    {0x16D40,0x16D6C,1}, {0x16D70,0x16D79,2}, {0x16E40,0x16E7F,1}, {0x16E80,0x16E96,2},
    {0x16F00,0x16F4A,1}, {0x16F50,0x16F50,1}, {0x16F93,0x16F9F,1}, {0x16FE0,0x16FE1,1},
    {0x16FE3,0x16FE3,1}, {0x17000,0x187F7,1}, {0x18800,0x18CD5,1}, {0x18CFF,0x18D08,1},
    {0x1AFF0,0x1AFF3,1}, {0x1AFF5,0x1AFFB,1}, {0x1AFFD,0x1AFFE,1}, {0x1B000,0x1B122,1},
    {0x1B132,0x1B132,1}, {0x1B150,0x1B152,1}, {0x1B155,0x1B155,1}, {0x1B164,0x1B167,1},
    {0x1B170,0x1B2FB,1}, {0x1BC00,0x1BC6A,1}, {0x1BC70,0x1BC7C,1}, {0x1BC80,0x1BC88,1},
    {0x1BC90,0x1BC99,1}, {0x1CCF0,0x1CCF9,2}, {0x1D2C0,0x1D2D3,2}, {0x1D2E0,0x1D2F3,2},
    {0x1D360,0x1D378,2}, {0x1D400,0x1D454,1}, {0x1D456,0x1D49C,1}, {0x1D49E,0x1D49F,1},
    {0x1D4A2,0x1D4A2,1}, {0x1D4A5,0x1D4A6,1}, {0x1D4A9,0x1D4AC,1}, {0x1D4AE,0x1D4B9,1},
    {0x1D4BB,0x1D4BB,1}, {0x1D4BD,0x1D4C3,1}, {0x1D4C5,0x1D505,1}, {0x1D507,0x1D50A,1},
    {0x1D50D,0x1D514,1}, {0x1D516,0x1D51C,1}, {0x1D51E,0x1D539,1}, {0x1D53B,0x1D53E,1},
    {0x1D540,0x1D544,1}, {0x1D546,0x1D546,1}, {0x1D54A,0x1D550,1}, {0x1D552,0x1D6A5,1},
    {0x1D6A8,0x1D6C0,1}, {0x1D6C2,0x1D6DA,1}, {0x1D6DC,0x1D6FA,1}, {0x1D6FC,0x1D714,1},
    {0x1D716,0x1D734,1}, {0x1D736,0x1D74E,1}, {0x1D750,0x1D76E,1}, {0x1D770,0x1D788,1},
    {0x1D78A,0x1D7A8,1}, {0x1D7AA,0x1D7C2,1}, {0x1D7C4,0x1D7CB,1}, {0x1D7CE,0x1D7FF,2},
    {0x1DF00,0x1DF1E,1}, {0x1DF25,0x1DF2A,1}, {0x1E030,0x1E06D,1}, {0x1E100,0x1E12C,1},
    {0x1E137,0x1E13D,1}, {0x1E140,0x1E149,2}, {0x1E14E,0x1E14E,1}, {0x1E290,0x1E2AD,1},
    {0x1E2C0,0x1E2EB,1}, {0x1E2F0,0x1E2F9,2}, {0x1E4D0,0x1E4EB,1}, {0x1E4F0,0x1E4F9,2},
    {0x1E5D0,0x1E5ED,1}, {0x1E5F0,0x1E5F0,1}, {0x1E5F1,0x1E5FA,2}, {0x1E7E0,0x1E7E6,1},
    {0x1E7E8,0x1E7EB,1}, {0x1E7ED,0x1E7EE,1}, {0x1E7F0,0x1E7FE,1}, {0x1E800,0x1E8C4,1},
    {0x1E8C7,0x1E8CF,2}, {0x1E900,0x1E943,1}, {0x1E94B,0x1E94B,1}, {0x1E950,0x1E959,2},
    {0x1EC71,0x1ECAB,2}, {0x1ECAD,0x1ECAF,2}, {0x1ECB1,0x1ECB4,2}, {0x1ED01,0x1ED2D,2},
    {0x1ED2F,0x1ED3D,2}, {0x1EE00,0x1EE03,1}, {0x1EE05,0x1EE1F,1}, {0x1EE21,0x1EE22,1},
    {0x1EE24,0x1EE24,1}, {0x1EE27,0x1EE27,1}, {0x1EE29,0x1EE32,1}, {0x1EE34,0x1EE37,1},
    {0x1EE39,0x1EE39,1}, {0x1EE3B,0x1EE3B,1}, {0x1EE42,0x1EE42,1}, {0x1EE47,0x1EE47,1},
    {0x1EE49,0x1EE49,1}, {0x1EE4B,0x1EE4B,1}, {0x1EE4D,0x1EE4F,1}, {0x1EE51,0x1EE52,1},
    {0x1EE54,0x1EE54,1}, {0x1EE57,0x1EE57,1}, {0x1EE59,0x1EE59,1}, {0x1EE5B,0x1EE5B,1},
    {0x1EE5D,0x1EE5D,1}, {0x1EE5F,0x1EE5F,1}, {0x1EE61,0x1EE62,1}, {0x1EE64,0x1EE64,1},
    {0x1EE67,0x1EE6A,1}, {0x1EE6C,0x1EE72,1}, {0x1EE74,0x1EE77,1}, {0x1EE79,0x1EE7C,1},
    {0x1EE7E,0x1EE7E,1}, {0x1EE80,0x1EE89,1}, {0x1EE8B,0x1EE9B,1}, {0x1EEA1,0x1EEA3,1},
    {0x1EEA5,0x1EEA9,1}, {0x1EEAB,0x1EEBB,1}, {0x1F100,0x1F10C,2}, {0x1FBF0,0x1FBF9,2},
    {0x20000,0x2A6DF,1}, {0x2A700,0x2B739,1}, {0x2B740,0x2B81D,1}, {0x2B820,0x2CEA1,1},
    {0x2CEB0,0x2EBE0,1}, {0x2EBF0,0x2EE5D,1}, {0x2F800,0x2FA1D,1}, {0x30000,0x3134A,1},
    {0x31350,0x323AF,1},
};
/* canonical combining classes (0 elsewhere) */
static const tl__urange tl__uc_ccc[333] = {
    {0x300,0x314,230}, {0x315,0x315,232}, {0x316,0x319,220}, {0x31A,0x31A,232}, {0x31B,0x31B,216},
    {0x31C,0x320,220}, {0x321,0x322,202}, {0x323,0x326,220}, {0x327,0x328,202}, {0x329,0x333,220},
    {0x334,0x338,1}, {0x339,0x33C,220}, {0x33D,0x344,230}, {0x345,0x345,240}, {0x346,0x346,230},
    {0x347,0x349,220}, {0x34A,0x34C,230}, {0x34D,0x34E,220}, {0x350,0x352,230}, {0x353,0x356,220},
    {0x357,0x357,230}, {0x358,0x358,232}, {0x359,0x35A,220}, {0x35B,0x35B,230}, {0x35C,0x35C,233},
    {0x35D,0x35E,234}, {0x35F,0x35F,233}, {0x360,0x361,234}, {0x362,0x362,233}, {0x363,0x36F,230},
    {0x483,0x487,230}, {0x591,0x591,220}, {0x592,0x595,230}, {0x596,0x596,220}, {0x597,0x599,230},
    {0x59A,0x59A,222}, {0x59B,0x59B,220}, {0x59C,0x5A1,230}, {0x5A2,0x5A7,220}, {0x5A8,0x5A9,230},
    {0x5AA,0x5AA,220}, {0x5AB,0x5AC,230}, {0x5AD,0x5AD,222}, {0x5AE,0x5AE,228}, {0x5AF,0x5AF,230},
    {0x5B0,0x5B0,10}, {0x5B1,0x5B1,11}, {0x5B2,0x5B2,12}, {0x5B3,0x5B3,13}, {0x5B4,0x5B4,14},
    {0x5B5,0x5B5,15}, {0x5B6,0x5B6,16}, {0x5B7,0x5B7,17}, {0x5B8,0x5B8,18}, {0x5B9,0x5BA,19},
    {0x5BB,0x5BB,20}, {0x5BC,0x5BC,21}, {0x5BD,0x5BD,22}, {0x5BF,0x5BF,23}, {0x5C1,0x5C1,24},
    {0x5C2,0x5C2,25}, {0x5C4,0x5C4,230}, {0x5C5,0x5C5,220}, {0x5C7,0x5C7,18}, {0x610,0x617,230},
    {0x618,0x618,30}, {0x619,0x619,31}, {0x61A,0x61A,32}, {0x64B,0x64B,27}, {0x64C,0x64C,28},
    {0x64D,0x64D,29}, {0x64E,0x64E,30}, {0x64F,0x64F,31}, {0x650,0x650,32}, {0x651,0x651,33},
    {0x652,0x652,34}, {0x653,0x654,230}, {0x655,0x656,220}, {0x657,0x65B,230}, {0x65C,0x65C,220},
    {0x65D,0x65E,230}, {0x65F,0x65F,220}, {0x670,0x670,35}, {0x6D6,0x6DC,230}, {0x6DF,0x6E2,230},
    {0x6E3,0x6E3,220}, {0x6E4,0x6E4,230}, {0x6E7,0x6E8,230}, {0x6EA,0x6EA,220}, {0x6EB,0x6EC,230},
    {0x6ED,0x6ED,220}, {0x711,0x711,36}, {0x730,0x730,230}, {0x731,0x731,220}, {0x732,0x733,230},
    {0x734,0x734,220}, {0x735,0x736,230}, {0x737,0x739,220}, {0x73A,0x73A,230}, {0x73B,0x73C,220},
    {0x73D,0x73D,230}, {0x73E,0x73E,220}, {0x73F,0x741,230}, {0x742,0x742,220}, {0x743,0x743,230},
    {0x744,0x744,220}, {0x745,0x745,230}, {0x746,0x746,220}, {0x747,0x747,230}, {0x748,0x748,220},
    {0x749,0x74A,230}, {0x7EB,0x7F1,230}, {0x7F2,0x7F2,220}, {0x7F3,0x7F3,230}, {0x816,0x819,230},
    {0x81B,0x823,230}, {0x825,0x827,230}, {0x829,0x82D,230}, {0x859,0x85B,220}, {0x8D4,0x8E1,230},
    {0x8E3,0x8E3,220}, {0x8E4,0x8E5,230}, {0x8E6,0x8E6,220}, {0x8E7,0x8E8,230}, {0x8E9,0x8E9,220},
    {0x8EA,0x8EC,230}, {0x8ED,0x8EF,220}, {0x8F0,0x8F0,27}, {0x8F1,0x8F1,28}, {0x8F2,0x8F2,29},
    {0x8F3,0x8F5,230}, {0x8F6,0x8F6,220}, {0x8F7,0x8F8,230}, {0x8F9,0x8FA,220}, {0x8FB,0x8FF,230},
    {0x93C,0x93C,7}, {0x94D,0x94D,9}, {0x951,0x951,230}, {0x952,0x952,220}, {0x953,0x954,230},
    {0x9BC,0x9BC,7}, {0x9CD,0x9CD,9}, {0xA3C,0xA3C,7}, {0xA4D,0xA4D,9}, {0xABC,0xABC,7},
    {0xACD,0xACD,9}, {0xB3C,0xB3C,7}, {0xB4D,0xB4D,9}, {0xBCD,0xBCD,9}, {0xC4D,0xC4D,9},
    {0xC55,0xC55,84}, {0xC56,0xC56,91}, {0xCBC,0xCBC,7}, {0xCCD,0xCCD,9}, {0xD4D,0xD4D,9},
    {0xDCA,0xDCA,9}, {0xE38,0xE39,103}, {0xE3A,0xE3A,9}, {0xE48,0xE4B,107}, {0xEB8,0xEB9,118},
    {0xEC8,0xECB,122}, {0xF18,0xF19,220}, {0xF35,0xF35,220}, {0xF37,0xF37,220}, {0xF39,0xF39,216},
    {0xF71,0xF71,129}, {0xF72,0xF72,130}, {0xF74,0xF74,132}, {0xF7A,0xF7D,130}, {0xF80,0xF80,130},
    {0xF82,0xF83,230}, {0xF84,0xF84,9}, {0xF86,0xF87,230}, {0xFC6,0xFC6,220}, {0x1037,0x1037,7},
    {0x1039,0x103A,9}, {0x108D,0x108D,220}, {0x135D,0x135F,230}, {0x1714,0x1714,9},
    {0x1734,0x1734,9}, {0x17D2,0x17D2,9}, {0x17DD,0x17DD,230}, {0x18A9,0x18A9,228},
    {0x1939,0x1939,222}, {0x193A,0x193A,230}, {0x193B,0x193B,220}, {0x1A17,0x1A17,230},
    {0x1A18,0x1A18,220}, {0x1A60,0x1A60,9}, {0x1A75,0x1A7C,230}, {0x1A7F,0x1A7F,220},
    {0x1AB0,0x1AB4,230}, {0x1AB5,0x1ABA,220}, {0x1ABB,0x1ABC,230}, {0x1ABD,0x1ABD,220},
    {0x1B34,0x1B34,7}, {0x1B44,0x1B44,9}, {0x1B6B,0x1B6B,230}, {0x1B6C,0x1B6C,220},
    {0x1B6D,0x1B73,230}, {0x1BAA,0x1BAB,9}, {0x1BE6,0x1BE6,7}, {0x1BF2,0x1BF3,9}, {0x1C37,0x1C37,7},
    {0x1CD0,0x1CD2,230}, {0x1CD4,0x1CD4,1}, {0x1CD5,0x1CD9,220}, {0x1CDA,0x1CDB,230},
    {0x1CDC,0x1CDF,220}, {0x1CE0,0x1CE0,230}, {0x1CE2,0x1CE8,1}, {0x1CED,0x1CED,220},
    {0x1CF4,0x1CF4,230}, {0x1CF8,0x1CF9,230}, {0x1DC0,0x1DC1,230}, {0x1DC2,0x1DC2,220},
    {0x1DC3,0x1DC9,230}, {0x1DCA,0x1DCA,220}, {0x1DCB,0x1DCC,230}, {0x1DCD,0x1DCD,234},
    {0x1DCE,0x1DCE,214}, {0x1DCF,0x1DCF,220}, {0x1DD0,0x1DD0,202}, {0x1DD1,0x1DF5,230},
    {0x1DFB,0x1DFB,230}, {0x1DFC,0x1DFC,233}, {0x1DFD,0x1DFD,220}, {0x1DFE,0x1DFE,230},
    {0x1DFF,0x1DFF,220}, {0x20D0,0x20D1,230}, {0x20D2,0x20D3,1}, {0x20D4,0x20D7,230},
    {0x20D8,0x20DA,1}, {0x20DB,0x20DC,230}, {0x20E1,0x20E1,230}, {0x20E5,0x20E6,1},
    {0x20E7,0x20E7,230}, {0x20E8,0x20E8,220}, {0x20E9,0x20E9,230}, {0x20EA,0x20EB,1},
    {0x20EC,0x20EF,220}, {0x20F0,0x20F0,230}, {0x2CEF,0x2CF1,230}, {0x2D7F,0x2D7F,9},
    {0x2DE0,0x2DFF,230}, {0x302A,0x302A,218}, {0x302B,0x302B,228}, {0x302C,0x302C,232},
    {0x302D,0x302D,222}, {0x302E,0x302F,224}, {0x3099,0x309A,8}, {0xA66F,0xA66F,230},
    {0xA674,0xA67D,230}, {0xA69E,0xA69F,230}, {0xA6F0,0xA6F1,230}, {0xA806,0xA806,9},
    {0xA8C4,0xA8C4,9}, {0xA8E0,0xA8F1,230}, {0xA92B,0xA92D,220}, {0xA953,0xA953,9},
    {0xA9B3,0xA9B3,7}, {0xA9C0,0xA9C0,9}, {0xAAB0,0xAAB0,230}, {0xAAB2,0xAAB3,230},
    {0xAAB4,0xAAB4,220}, {0xAAB7,0xAAB8,230}, {0xAABE,0xAABF,230}, {0xAAC1,0xAAC1,230},
    {0xAAF6,0xAAF6,9}, {0xABED,0xABED,9}, {0xFB1E,0xFB1E,26}, {0xFE20,0xFE26,230},
    {0xFE27,0xFE2D,220}, {0xFE2E,0xFE2F,230}, {0x101FD,0x101FD,220}, {0x102E0,0x102E0,220},
    {0x10376,0x1037A,230}, {0x10A0D,0x10A0D,220}, {0x10A0F,0x10A0F,230}, {0x10A38,0x10A38,230},
    {0x10A39,0x10A39,1}, {0x10A3A,0x10A3A,220}, {0x10A3F,0x10A3F,9}, {0x10AE5,0x10AE5,230},
    {0x10AE6,0x10AE6,220}, {0x11046,0x11046,9}, {0x1107F,0x1107F,9}, {0x110B9,0x110B9,9},
    {0x110BA,0x110BA,7}, {0x11100,0x11102,230}, {0x11133,0x11134,9}, {0x11173,0x11173,7},
    {0x111C0,0x111C0,9}, {0x111CA,0x111CA,7}, {0x11235,0x11235,9}, {0x11236,0x11236,7},
    {0x112E9,0x112E9,7}, {0x112EA,0x112EA,9}, {0x1133C,0x1133C,7}, {0x1134D,0x1134D,9},
    {0x11366,0x1136C,230}, {0x11370,0x11374,230}, {0x11442,0x11442,9}, {0x11446,0x11446,7},
    {0x114C2,0x114C2,9}, {0x114C3,0x114C3,7}, {0x115BF,0x115BF,9}, {0x115C0,0x115C0,7},
    {0x1163F,0x1163F,9}, {0x116B6,0x116B6,9}, {0x116B7,0x116B7,7}, {0x1172B,0x1172B,9},
    {0x11C3F,0x11C3F,9}, {0x16AF0,0x16AF4,1}, {0x16B30,0x16B36,230}, {0x1BC9E,0x1BC9E,1},
    {0x1D165,0x1D166,216}, {0x1D167,0x1D169,1}, {0x1D16D,0x1D16D,226}, {0x1D16E,0x1D172,216},
    {0x1D17B,0x1D182,220}, {0x1D185,0x1D189,230}, {0x1D18A,0x1D18B,220}, {0x1D1AA,0x1D1AD,230},
    {0x1D242,0x1D244,230}, {0x1E000,0x1E006,230}, {0x1E008,0x1E018,230}, {0x1E01B,0x1E021,230},
    {0x1E023,0x1E024,230}, {0x1E026,0x1E02A,230}, {0x1E8D0,0x1E8D6,220}, {0x1E944,0x1E949,230},
    {0x1E94A,0x1E94A,7},
};
/* code points that need the NFC slow path (NFC_QC No/Maybe, or ccc != 0) */
static const tl__urange tl__uc_nfcqc[247] = {
    {0x300,0x34E,0}, {0x350,0x36F,0}, {0x374,0x374,0}, {0x37E,0x37E,0}, {0x387,0x387,0},
    {0x483,0x487,0}, {0x591,0x5BD,0}, {0x5BF,0x5BF,0}, {0x5C1,0x5C2,0}, {0x5C4,0x5C5,0},
    {0x5C7,0x5C7,0}, {0x610,0x61A,0}, {0x64B,0x65F,0}, {0x670,0x670,0}, {0x6D6,0x6DC,0},
    {0x6DF,0x6E4,0}, {0x6E7,0x6E8,0}, {0x6EA,0x6ED,0}, {0x711,0x711,0}, {0x730,0x74A,0},
    {0x7EB,0x7F3,0}, {0x816,0x819,0}, {0x81B,0x823,0}, {0x825,0x827,0}, {0x829,0x82D,0},
    {0x859,0x85B,0}, {0x8D4,0x8E1,0}, {0x8E3,0x8FF,0}, {0x93C,0x93C,0}, {0x94D,0x94D,0},
    {0x951,0x954,0}, {0x958,0x95F,0}, {0x9BC,0x9BC,0}, {0x9BE,0x9BE,0}, {0x9CD,0x9CD,0},
    {0x9D7,0x9D7,0}, {0x9DC,0x9DD,0}, {0x9DF,0x9DF,0}, {0xA33,0xA33,0}, {0xA36,0xA36,0},
    {0xA3C,0xA3C,0}, {0xA4D,0xA4D,0}, {0xA59,0xA5B,0}, {0xA5E,0xA5E,0}, {0xABC,0xABC,0},
    {0xACD,0xACD,0}, {0xB3C,0xB3C,0}, {0xB3E,0xB3E,0}, {0xB4D,0xB4D,0}, {0xB56,0xB57,0},
    {0xB5C,0xB5D,0}, {0xBBE,0xBBE,0}, {0xBCD,0xBCD,0}, {0xBD7,0xBD7,0}, {0xC4D,0xC4D,0},
    {0xC55,0xC56,0}, {0xCBC,0xCBC,0}, {0xCC2,0xCC2,0}, {0xCCD,0xCCD,0}, {0xCD5,0xCD6,0},
    {0xD3E,0xD3E,0}, {0xD4D,0xD4D,0}, {0xD57,0xD57,0}, {0xDCA,0xDCA,0}, {0xDCF,0xDCF,0},
    {0xDDF,0xDDF,0}, {0xE38,0xE3A,0}, {0xE48,0xE4B,0}, {0xEB8,0xEB9,0}, {0xEC8,0xECB,0},
    {0xF18,0xF19,0}, {0xF35,0xF35,0}, {0xF37,0xF37,0}, {0xF39,0xF39,0}, {0xF43,0xF43,0},
    {0xF4D,0xF4D,0}, {0xF52,0xF52,0}, {0xF57,0xF57,0}, {0xF5C,0xF5C,0}, {0xF69,0xF69,0},
    {0xF71,0xF76,0}, {0xF78,0xF78,0}, {0xF7A,0xF7D,0}, {0xF80,0xF84,0}, {0xF86,0xF87,0},
    {0xF93,0xF93,0}, {0xF9D,0xF9D,0}, {0xFA2,0xFA2,0}, {0xFA7,0xFA7,0}, {0xFAC,0xFAC,0},
    {0xFB9,0xFB9,0}, {0xFC6,0xFC6,0}, {0x102E,0x102E,0}, {0x1037,0x1037,0}, {0x1039,0x103A,0},
    {0x108D,0x108D,0}, {0x1161,0x1175,0}, {0x11A8,0x11C2,0}, {0x135D,0x135F,0}, {0x1714,0x1714,0},
    {0x1734,0x1734,0}, {0x17D2,0x17D2,0}, {0x17DD,0x17DD,0}, {0x18A9,0x18A9,0}, {0x1939,0x193B,0},
    {0x1A17,0x1A18,0}, {0x1A60,0x1A60,0}, {0x1A75,0x1A7C,0}, {0x1A7F,0x1A7F,0}, {0x1AB0,0x1ABD,0},
    {0x1B34,0x1B35,0}, {0x1B44,0x1B44,0}, {0x1B6B,0x1B73,0}, {0x1BAA,0x1BAB,0}, {0x1BE6,0x1BE6,0},
    {0x1BF2,0x1BF3,0}, {0x1C37,0x1C37,0}, {0x1CD0,0x1CD2,0}, {0x1CD4,0x1CE0,0}, {0x1CE2,0x1CE8,0},
    {0x1CED,0x1CED,0}, {0x1CF4,0x1CF4,0}, {0x1CF8,0x1CF9,0}, {0x1DC0,0x1DF5,0}, {0x1DFB,0x1DFF,0},
    {0x1F71,0x1F71,0}, {0x1F73,0x1F73,0}, {0x1F75,0x1F75,0}, {0x1F77,0x1F77,0}, {0x1F79,0x1F79,0},
    {0x1F7B,0x1F7B,0}, {0x1F7D,0x1F7D,0}, {0x1FBB,0x1FBB,0}, {0x1FBE,0x1FBE,0}, {0x1FC9,0x1FC9,0},
    {0x1FCB,0x1FCB,0}, {0x1FD3,0x1FD3,0}, {0x1FDB,0x1FDB,0}, {0x1FE3,0x1FE3,0}, {0x1FEB,0x1FEB,0},
    {0x1FEE,0x1FEF,0}, {0x1FF9,0x1FF9,0}, {0x1FFB,0x1FFB,0}, {0x1FFD,0x1FFD,0}, {0x2000,0x2001,0},
    {0x20D0,0x20DC,0}, {0x20E1,0x20E1,0}, {0x20E5,0x20F0,0}, {0x2126,0x2126,0}, {0x212A,0x212B,0},
    {0x2329,0x232A,0}, {0x2ADC,0x2ADC,0}, {0x2CEF,0x2CF1,0}, {0x2D7F,0x2D7F,0}, {0x2DE0,0x2DFF,0},
    {0x302A,0x302F,0}, {0x3099,0x309A,0}, {0xA66F,0xA66F,0}, {0xA674,0xA67D,0}, {0xA69E,0xA69F,0},
    {0xA6F0,0xA6F1,0}, {0xA806,0xA806,0}, {0xA8C4,0xA8C4,0}, {0xA8E0,0xA8F1,0}, {0xA92B,0xA92D,0},
    {0xA953,0xA953,0}, {0xA9B3,0xA9B3,0}, {0xA9C0,0xA9C0,0}, {0xAAB0,0xAAB0,0}, {0xAAB2,0xAAB4,0},
    {0xAAB7,0xAAB8,0}, {0xAABE,0xAABF,0}, {0xAAC1,0xAAC1,0}, {0xAAF6,0xAAF6,0}, {0xABED,0xABED,0},
    {0xF900,0xFA0D,0}, {0xFA10,0xFA10,0}, {0xFA12,0xFA12,0}, {0xFA15,0xFA1E,0}, {0xFA20,0xFA20,0},
    {0xFA22,0xFA22,0}, {0xFA25,0xFA26,0}, {0xFA2A,0xFA6D,0}, {0xFA70,0xFAD9,0}, {0xFB1D,0xFB1F,0},
    {0xFB2A,0xFB36,0}, {0xFB38,0xFB3C,0}, {0xFB3E,0xFB3E,0}, {0xFB40,0xFB41,0}, {0xFB43,0xFB44,0},
    {0xFB46,0xFB4E,0}, {0xFE20,0xFE2F,0}, {0x101FD,0x101FD,0}, {0x102E0,0x102E0,0},
    {0x10376,0x1037A,0}, {0x10A0D,0x10A0D,0}, {0x10A0F,0x10A0F,0}, {0x10A38,0x10A3A,0},
    {0x10A3F,0x10A3F,0}, {0x10AE5,0x10AE6,0}, {0x11046,0x11046,0}, {0x1107F,0x1107F,0},
    {0x110B9,0x110BA,0}, {0x11100,0x11102,0}, {0x11127,0x11127,0}, {0x11133,0x11134,0},
    {0x11173,0x11173,0}, {0x111C0,0x111C0,0}, {0x111CA,0x111CA,0}, {0x11235,0x11236,0},
    {0x112E9,0x112EA,0}, {0x1133C,0x1133C,0}, {0x1133E,0x1133E,0}, {0x1134D,0x1134D,0},
    {0x11357,0x11357,0}, {0x11366,0x1136C,0}, {0x11370,0x11374,0}, {0x11442,0x11442,0},
    {0x11446,0x11446,0}, {0x114B0,0x114B0,0}, {0x114BA,0x114BA,0}, {0x114BD,0x114BD,0},
    {0x114C2,0x114C3,0}, {0x115AF,0x115AF,0}, {0x115BF,0x115C0,0}, {0x1163F,0x1163F,0},
    {0x116B6,0x116B7,0}, {0x1172B,0x1172B,0}, {0x11C3F,0x11C3F,0}, {0x16AF0,0x16AF4,0},
    {0x16B30,0x16B36,0}, {0x1BC9E,0x1BC9E,0}, {0x1D15E,0x1D169,0}, {0x1D16D,0x1D172,0},
    {0x1D17B,0x1D182,0}, {0x1D185,0x1D18B,0}, {0x1D1AA,0x1D1AD,0}, {0x1D1BB,0x1D1C0,0},
    {0x1D242,0x1D244,0}, {0x1E000,0x1E006,0}, {0x1E008,0x1E018,0}, {0x1E01B,0x1E021,0},
    {0x1E023,0x1E024,0}, {0x1E026,0x1E02A,0}, {0x1E8D0,0x1E8D6,0}, {0x1E944,0x1E94A,0},
    {0x2F800,0x2FA1D,0},
};
/* canonical decompositions, one level: {cp, a, b}, b = 0 for singletons; sorted by cp */
static const tl__udecomp tl__uc_decomp[2060] = {
    {0xC0,0x41,0x300}, {0xC1,0x41,0x301}, {0xC2,0x41,0x302}, {0xC3,0x41,0x303}, {0xC4,0x41,0x308},
    {0xC5,0x41,0x30A}, {0xC7,0x43,0x327}, {0xC8,0x45,0x300}, {0xC9,0x45,0x301}, {0xCA,0x45,0x302},
    {0xCB,0x45,0x308}, {0xCC,0x49,0x300}, {0xCD,0x49,0x301}, {0xCE,0x49,0x302}, {0xCF,0x49,0x308},
    {0xD1,0x4E,0x303}, {0xD2,0x4F,0x300}, {0xD3,0x4F,0x301}, {0xD4,0x4F,0x302}, {0xD5,0x4F,0x303},
    {0xD6,0x4F,0x308}, {0xD9,0x55,0x300}, {0xDA,0x55,0x301}, {0xDB,0x55,0x302}, {0xDC,0x55,0x308},
    {0xDD,0x59,0x301}, {0xE0,0x61,0x300}, {0xE1,0x61,0x301}, {0xE2,0x61,0x302}, {0xE3,0x61,0x303},
    {0xE4,0x61,0x308}, {0xE5,0x61,0x30A}, {0xE7,0x63,0x327}, {0xE8,0x65,0x300}, {0xE9,0x65,0x301},
    {0xEA,0x65,0x302}, {0xEB,0x65,0x308}, {0xEC,0x69,0x300}, {0xED,0x69,0x301}, {0xEE,0x69,0x302},
    {0xEF,0x69,0x308}, {0xF1,0x6E,0x303}, {0xF2,0x6F,0x300}, {0xF3,0x6F,0x301}, {0xF4,0x6F,0x302},
    {0xF5,0x6F,0x303}, {0xF6,0x6F,0x308}, {0xF9,0x75,0x300}, {0xFA,0x75,0x301}, {0xFB,0x75,0x302},
    {0xFC,0x75,0x308}, {0xFD,0x79,0x301}, {0xFF,0x79,0x308}, {0x100,0x41,0x304}, {0x101,0x61,0x304},
    {0x102,0x41,0x306}, {0x103,0x61,0x306}, {0x104,0x41,0x328}, {0x105,0x61,0x328},
    {0x106,0x43,0x301}, {0x107,0x63,0x301}, {0x108,0x43,0x302}, {0x109,0x63,0x302},
    {0x10A,0x43,0x307}, {0x10B,0x63,0x307}, {0x10C,0x43,0x30C}, {0x10D,0x63,0x30C},
    {0x10E,0x44,0x30C}, {0x10F,0x64,0x30C}, {0x112,0x45,0x304}, {0x113,0x65,0x304},
    {0x114,0x45,0x306}, {0x115,0x65,0x306}, {0x116,0x45,0x307}, {0x117,0x65,0x307},
    {0x118,0x45,0x328}, {0x119,0x65,0x328}, {0x11A,0x45,0x30C}, {0x11B,0x65,0x30C},
    {0x11C,0x47,0x302}, {0x11D,0x67,0x302}, {0x11E,0x47,0x306}, {0x11F,0x67,0x306},
    {0x120,0x47,0x307}, {0x121,0x67,0x307}, {0x122,0x47,0x327}, {0x123,0x67,0x327},
    {0x124,0x48,0x302}, {0x125,0x68,0x302}, {0x128,0x49,0x303}, {0x129,0x69,0x303},
    {0x12A,0x49,0x304}, {0x12B,0x69,0x304}, {0x12C,0x49,0x306}, {0x12D,0x69,0x306},
    {0x12E,0x49,0x328}, {0x12F,0x69,0x328}, {0x130,0x49,0x307}, {0x134,0x4A,0x302},
    {0x135,0x6A,0x302}, {0x136,0x4B,0x327}, {0x137,0x6B,0x327}, {0x139,0x4C,0x301},
    {0x13A,0x6C,0x301}, {0x13B,0x4C,0x327}, {0x13C,0x6C,0x327}, {0x13D,0x4C,0x30C},
    {0x13E,0x6C,0x30C}, {0x143,0x4E,0x301}, {0x144,0x6E,0x301}, {0x145,0x4E,0x327},
    {0x146,0x6E,0x327}, {0x147,0x4E,0x30C}, {0x148,0x6E,0x30C}, {0x14C,0x4F,0x304},
    {0x14D,0x6F,0x304}, {0x14E,0x4F,0x306}, {0x14F,0x6F,0x306}, {0x150,0x4F,0x30B},
    {0x151,0x6F,0x30B}, {0x154,0x52,0x301}, {0x155,0x72,0x301}, {0x156,0x52,0x327},
    {0x157,0x72,0x327}, {0x158,0x52,0x30C}, {0x159,0x72,0x30C}, {0x15A,0x53,0x301},
    {0x15B,0x73,0x301}, {0x15C,0x53,0x302}, {0x15D,0x73,0x302}, {0x15E,0x53,0x327},
    {0x15F,0x73,0x327}, {0x160,0x53,0x30C}, {0x161,0x73,0x30C}, {0x162,0x54,0x327},
    {0x163,0x74,0x327}, {0x164,0x54,0x30C}, {0x165,0x74,0x30C}, {0x168,0x55,0x303},
    {0x169,0x75,0x303}, {0x16A,0x55,0x304}, {0x16B,0x75,0x304}, {0x16C,0x55,0x306},
    {0x16D,0x75,0x306}, {0x16E,0x55,0x30A}, {0x16F,0x75,0x30A}, {0x170,0x55,0x30B},
    {0x171,0x75,0x30B}, {0x172,0x55,0x328}, {0x173,0x75,0x328}, {0x174,0x57,0x302},
    {0x175,0x77,0x302}, {0x176,0x59,0x302}, {0x177,0x79,0x302}, {0x178,0x59,0x308},
    {0x179,0x5A,0x301}, {0x17A,0x7A,0x301}, {0x17B,0x5A,0x307}, {0x17C,0x7A,0x307},
    {0x17D,0x5A,0x30C}, {0x17E,0x7A,0x30C}, {0x1A0,0x4F,0x31B}, {0x1A1,0x6F,0x31B},
    {0x1AF,0x55,0x31B}, {0x1B0,0x75,0x31B}, {0x1CD,0x41,0x30C}, {0x1CE,0x61,0x30C},
    {0x1CF,0x49,0x30C}, {0x1D0,0x69,0x30C}, {0x1D1,0x4F,0x30C}, {0x1D2,0x6F,0x30C},
    {0x1D3,0x55,0x30C}, {0x1D4,0x75,0x30C}, {0x1D5,0xDC,0x304}, {0x1D6,0xFC,0x304},
    {0x1D7,0xDC,0x301}, {0x1D8,0xFC,0x301}, {0x1D9,0xDC,0x30C}, {0x1DA,0xFC,0x30C},
    {0x1DB,0xDC,0x300}, {0x1DC,0xFC,0x300}, {0x1DE,0xC4,0x304}, {0x1DF,0xE4,0x304},
    {0x1E0,0x226,0x304}, {0x1E1,0x227,0x304}, {0x1E2,0xC6,0x304}, {0x1E3,0xE6,0x304},
    {0x1E6,0x47,0x30C}, {0x1E7,0x67,0x30C}, {0x1E8,0x4B,0x30C}, {0x1E9,0x6B,0x30C},
    {0x1EA,0x4F,0x328}, {0x1EB,0x6F,0x328}, {0x1EC,0x1EA,0x304}, {0x1ED,0x1EB,0x304},
    {0x1EE,0x1B7,0x30C}, {0x1EF,0x292,0x30C}, {0x1F0,0x6A,0x30C}, {0x1F4,0x47,0x301},
    {0x1F5,0x67,0x301}, {0x1F8,0x4E,0x300}, {0x1F9,0x6E,0x300}, {0x1FA,0xC5,0x301},
    {0x1FB,0xE5,0x301}, {0x1FC,0xC6,0x301}, {0x1FD,0xE6,0x301}, {0x1FE,0xD8,0x301},
    {0x1FF,0xF8,0x301}, {0x200,0x41,0x30F}, {0x201,0x61,0x30F}, {0x202,0x41,0x311},
    {0x203,0x61,0x311}, {0x204,0x45,0x30F}, {0x205,0x65,0x30F}, {0x206,0x45,0x311},
    {0x207,0x65,0x311}, {0x208,0x49,0x30F}, {0x209,0x69,0x30F}, {0x20A,0x49,0x311},
    {0x20B,0x69,0x311}, {0x20C,0x4F,0x30F}, {0x20D,0x6F,0x30F}, {0x20E,0x4F,0x311},
    {0x20F,0x6F,0x311}, {0x210,0x52,0x30F}, {0x211,0x72,0x30F}, {0x212,0x52,0x311},
    {0x213,0x72,0x311}, {0x214,0x55,0x30F}, {0x215,0x75,0x30F}, {0x216,0x55,0x311},
    {0x217,0x75,0x311}, {0x218,0x53,0x326}, {0x219,0x73,0x326}, {0x21A,0x54,0x326},
    {0x21B,0x74,0x326}, {0x21E,0x48,0x30C}, {0x21F,0x68,0x30C}, {0x226,0x41,0x307},
    {0x227,0x61,0x307}, {0x228,0x45,0x327}, {0x229,0x65,0x327}, {0x22A,0xD6,0x304},
    {0x22B,0xF6,0x304}, {0x22C,0xD5,0x304}, {0x22D,0xF5,0x304}, {0x22E,0x4F,0x307},
    {0x22F,0x6F,0x307}, {0x230,0x22E,0x304}, {0x231,0x22F,0x304}, {0x232,0x59,0x304},
    {0x233,0x79,0x304}, {0x340,0x300,0x0}, {0x341,0x301,0x0}, {0x343,0x313,0x0}, {0x344,0x308,0x301},
    {0x374,0x2B9,0x0}, {0x37E,0x3B,0x0}, {0x385,0xA8,0x301}, {0x386,0x391,0x301}, {0x387,0xB7,0x0},
    {0x388,0x395,0x301}, {0x389,0x397,0x301}, {0x38A,0x399,0x301}, {0x38C,0x39F,0x301},
    {0x38E,0x3A5,0x301}, {0x38F,0x3A9,0x301}, {0x390,0x3CA,0x301}, {0x3AA,0x399,0x308},
    {0x3AB,0x3A5,0x308}, {0x3AC,0x3B1,0x301}, {0x3AD,0x3B5,0x301}, {0x3AE,0x3B7,0x301},
    {0x3AF,0x3B9,0x301}, {0x3B0,0x3CB,0x301}, {0x3CA,0x3B9,0x308}, {0x3CB,0x3C5,0x308},
    {0x3CC,0x3BF,0x301}, {0x3CD,0x3C5,0x301}, {0x3CE,0x3C9,0x301}, {0x3D3,0x3D2,0x301},
    {0x3D4,0x3D2,0x308}, {0x400,0x415,0x300}, {0x401,0x415,0x308}, {0x403,0x413,0x301},
    {0x407,0x406,0x308}, {0x40C,0x41A,0x301}, {0x40D,0x418,0x300}, {0x40E,0x423,0x306},
    {0x419,0x418,0x306}, {0x439,0x438,0x306}, {0x450,0x435,0x300}, {0x451,0x435,0x308},
    {0x453,0x433,0x301}, {0x457,0x456,0x308}, {0x45C,0x43A,0x301}, {0x45D,0x438,0x300},
    {0x45E,0x443,0x306}, {0x476,0x474,0x30F}, {0x477,0x475,0x30F}, {0x4C1,0x416,0x306},
    {0x4C2,0x436,0x306}, {0x4D0,0x410,0x306}, {0x4D1,0x430,0x306}, {0x4D2,0x410,0x308},
    {0x4D3,0x430,0x308}, {0x4D6,0x415,0x306}, {0x4D7,0x435,0x306}, {0x4DA,0x4D8,0x308},
    {0x4DB,0x4D9,0x308}, {0x4DC,0x416,0x308}, {0x4DD,0x436,0x308}, {0x4DE,0x417,0x308},
    {0x4DF,0x437,0x308}, {0x4E2,0x418,0x304}, {0x4E3,0x438,0x304}, {0x4E4,0x418,0x308},
    {0x4E5,0x438,0x308}, {0x4E6,0x41E,0x308}, {0x4E7,0x43E,0x308}, {0x4EA,0x4E8,0x308},
    {0x4EB,0x4E9,0x308}, {0x4EC,0x42D,0x308}, {0x4ED,0x44D,0x308}, {0x4EE,0x423,0x304},
    {0x4EF,0x443,0x304}, {0x4F0,0x423,0x308}, {0x4F1,0x443,0x308}, {0x4F2,0x423,0x30B},
    {0x4F3,0x443,0x30B}, {0x4F4,0x427,0x308}, {0x4F5,0x447,0x308}, {0x4F8,0x42B,0x308},
    {0x4F9,0x44B,0x308}, {0x622,0x627,0x653}, {0x623,0x627,0x654}, {0x624,0x648,0x654},
    {0x625,0x627,0x655}, {0x626,0x64A,0x654}, {0x6C0,0x6D5,0x654}, {0x6C2,0x6C1,0x654},
    {0x6D3,0x6D2,0x654}, {0x929,0x928,0x93C}, {0x931,0x930,0x93C}, {0x934,0x933,0x93C},
    {0x958,0x915,0x93C}, {0x959,0x916,0x93C}, {0x95A,0x917,0x93C}, {0x95B,0x91C,0x93C},
    {0x95C,0x921,0x93C}, {0x95D,0x922,0x93C}, {0x95E,0x92B,0x93C}, {0x95F,0x92F,0x93C},
    {0x9CB,0x9C7,0x9BE}, {0x9CC,0x9C7,0x9D7}, {0x9DC,0x9A1,0x9BC}, {0x9DD,0x9A2,0x9BC},
    {0x9DF,0x9AF,0x9BC}, {0xA33,0xA32,0xA3C}, {0xA36,0xA38,0xA3C}, {0xA59,0xA16,0xA3C},
    {0xA5A,0xA17,0xA3C}, {0xA5B,0xA1C,0xA3C}, {0xA5E,0xA2B,0xA3C}, {0xB48,0xB47,0xB56},
    {0xB4B,0xB47,0xB3E}, {0xB4C,0xB47,0xB57}, {0xB5C,0xB21,0xB3C}, {0xB5D,0xB22,0xB3C},
    {0xB94,0xB92,0xBD7}, {0xBCA,0xBC6,0xBBE}, {0xBCB,0xBC7,0xBBE}, {0xBCC,0xBC6,0xBD7},
    {0xC48,0xC46,0xC56}, {0xCC0,0xCBF,0xCD5}, {0xCC7,0xCC6,0xCD5}, {0xCC8,0xCC6,0xCD6},
    {0xCCA,0xCC6,0xCC2}, {0xCCB,0xCCA,0xCD5}, {0xD4A,0xD46,0xD3E}, {0xD4B,0xD47,0xD3E},
    {0xD4C,0xD46,0xD57}, {0xDDA,0xDD9,0xDCA}, {0xDDC,0xDD9,0xDCF}, {0xDDD,0xDDC,0xDCA},
    {0xDDE,0xDD9,0xDDF}, {0xF43,0xF42,0xFB7}, {0xF4D,0xF4C,0xFB7}, {0xF52,0xF51,0xFB7},
    {0xF57,0xF56,0xFB7}, {0xF5C,0xF5B,0xFB7}, {0xF69,0xF40,0xFB5}, {0xF73,0xF71,0xF72},
    {0xF75,0xF71,0xF74}, {0xF76,0xFB2,0xF80}, {0xF78,0xFB3,0xF80}, {0xF81,0xF71,0xF80},
    {0xF93,0xF92,0xFB7}, {0xF9D,0xF9C,0xFB7}, {0xFA2,0xFA1,0xFB7}, {0xFA7,0xFA6,0xFB7},
    {0xFAC,0xFAB,0xFB7}, {0xFB9,0xF90,0xFB5}, {0x1026,0x1025,0x102E}, {0x1B06,0x1B05,0x1B35},
    {0x1B08,0x1B07,0x1B35}, {0x1B0A,0x1B09,0x1B35}, {0x1B0C,0x1B0B,0x1B35}, {0x1B0E,0x1B0D,0x1B35},
    {0x1B12,0x1B11,0x1B35}, {0x1B3B,0x1B3A,0x1B35}, {0x1B3D,0x1B3C,0x1B35}, {0x1B40,0x1B3E,0x1B35},
    {0x1B41,0x1B3F,0x1B35}, {0x1B43,0x1B42,0x1B35}, {0x1E00,0x41,0x325}, {0x1E01,0x61,0x325},
    {0x1E02,0x42,0x307}, {0x1E03,0x62,0x307}, {0x1E04,0x42,0x323}, {0x1E05,0x62,0x323},
    {0x1E06,0x42,0x331}, {0x1E07,0x62,0x331}, {0x1E08,0xC7,0x301}, {0x1E09,0xE7,0x301},
    {0x1E0A,0x44,0x307}, {0x1E0B,0x64,0x307}, {0x1E0C,0x44,0x323}, {0x1E0D,0x64,0x323},
    {0x1E0E,0x44,0x331}, {0x1E0F,0x64,0x331}, {0x1E10,0x44,0x327}, {0x1E11,0x64,0x327},
    {0x1E12,0x44,0x32D}, {0x1E13,0x64,0x32D}, {0x1E14,0x112,0x300}, {0x1E15,0x113,0x300},
    {0x1E16,0x112,0x301}, {0x1E17,0x113,0x301}, {0x1E18,0x45,0x32D}, {0x1E19,0x65,0x32D},
    {0x1E1A,0x45,0x330}, {0x1E1B,0x65,0x330}, {0x1E1C,0x228,0x306}, {0x1E1D,0x229,0x306},
    {0x1E1E,0x46,0x307}, {0x1E1F,0x66,0x307}, {0x1E20,0x47,0x304}, {0x1E21,0x67,0x304},
    {0x1E22,0x48,0x307}, {0x1E23,0x68,0x307}, {0x1E24,0x48,0x323}, {0x1E25,0x68,0x323},
    {0x1E26,0x48,0x308}, {0x1E27,0x68,0x308}, {0x1E28,0x48,0x327}, {0x1E29,0x68,0x327},
    {0x1E2A,0x48,0x32E}, {0x1E2B,0x68,0x32E}, {0x1E2C,0x49,0x330}, {0x1E2D,0x69,0x330},
    {0x1E2E,0xCF,0x301}, {0x1E2F,0xEF,0x301}, {0x1E30,0x4B,0x301}, {0x1E31,0x6B,0x301},
    {0x1E32,0x4B,0x323}, {0x1E33,0x6B,0x323}, {0x1E34,0x4B,0x331}, {0x1E35,0x6B,0x331},
    {0x1E36,0x4C,0x323}, {0x1E37,0x6C,0x323}, {0x1E38,0x1E36,0x304}, {0x1E39,0x1E37,0x304},
    {0x1E3A,0x4C,0x331}, {0x1E3B,0x6C,0x331}, {0x1E3C,0x4C,0x32D}, {0x1E3D,0x6C,0x32D},
    {0x1E3E,0x4D,0x301}, {0x1E3F,0x6D,0x301}, {0x1E40,0x4D,0x307}, {0x1E41,0x6D,0x307},
    {0x1E42,0x4D,0x323}, {0x1E43,0x6D,0x323}, {0x1E44,0x4E,0x307}, {0x1E45,0x6E,0x307},
    {0x1E46,0x4E,0x323}, {0x1E47,0x6E,0x323}, {0x1E48,0x4E,0x331}, {0x1E49,0x6E,0x331},
    {0x1E4A,0x4E,0x32D}, {0x1E4B,0x6E,0x32D}, {0x1E4C,0xD5,0x301}, {0x1E4D,0xF5,0x301},
    {0x1E4E,0xD5,0x308}, {0x1E4F,0xF5,0x308}, {0x1E50,0x14C,0x300}, {0x1E51,0x14D,0x300},
    {0x1E52,0x14C,0x301}, {0x1E53,0x14D,0x301}, {0x1E54,0x50,0x301}, {0x1E55,0x70,0x301},
    {0x1E56,0x50,0x307}, {0x1E57,0x70,0x307}, {0x1E58,0x52,0x307}, {0x1E59,0x72,0x307},
    {0x1E5A,0x52,0x323}, {0x1E5B,0x72,0x323}, {0x1E5C,0x1E5A,0x304}, {0x1E5D,0x1E5B,0x304},
    {0x1E5E,0x52,0x331}, {0x1E5F,0x72,0x331}, {0x1E60,0x53,0x307}, {0x1E61,0x73,0x307},
    {0x1E62,0x53,0x323}, {0x1E63,0x73,0x323}, {0x1E64,0x15A,0x307}, {0x1E65,0x15B,0x307},
    {0x1E66,0x160,0x307}, {0x1E67,0x161,0x307}, {0x1E68,0x1E62,0x307}, {0x1E69,0x1E63,0x307},
    {0x1E6A,0x54,0x307}, {0x1E6B,0x74,0x307}, {0x1E6C,0x54,0x323}, {0x1E6D,0x74,0x323},
    {0x1E6E,0x54,0x331}, {0x1E6F,0x74,0x331}, {0x1E70,0x54,0x32D}, {0x1E71,0x74,0x32D},
    {0x1E72,0x55,0x324}, {0x1E73,0x75,0x324}, {0x1E74,0x55,0x330}, {0x1E75,0x75,0x330},
    {0x1E76,0x55,0x32D}, {0x1E77,0x75,0x32D}, {0x1E78,0x168,0x301}, {0x1E79,0x169,0x301},
    {0x1E7A,0x16A,0x308}, {0x1E7B,0x16B,0x308}, {0x1E7C,0x56,0x303}, {0x1E7D,0x76,0x303},
    {0x1E7E,0x56,0x323}, {0x1E7F,0x76,0x323}, {0x1E80,0x57,0x300}, {0x1E81,0x77,0x300},
    {0x1E82,0x57,0x301}, {0x1E83,0x77,0x301}, {0x1E84,0x57,0x308}, {0x1E85,0x77,0x308},
    {0x1E86,0x57,0x307}, {0x1E87,0x77,0x307}, {0x1E88,0x57,0x323}, {0x1E89,0x77,0x323},
    {0x1E8A,0x58,0x307}, {0x1E8B,0x78,0x307}, {0x1E8C,0x58,0x308}, {0x1E8D,0x78,0x308},
    {0x1E8E,0x59,0x307}, {0x1E8F,0x79,0x307}, {0x1E90,0x5A,0x302}, {0x1E91,0x7A,0x302},
    {0x1E92,0x5A,0x323}, {0x1E93,0x7A,0x323}, {0x1E94,0x5A,0x331}, {0x1E95,0x7A,0x331},
    {0x1E96,0x68,0x331}, {0x1E97,0x74,0x308}, {0x1E98,0x77,0x30A}, {0x1E99,0x79,0x30A},
    {0x1E9B,0x17F,0x307}, {0x1EA0,0x41,0x323}, {0x1EA1,0x61,0x323}, {0x1EA2,0x41,0x309},
    {0x1EA3,0x61,0x309}, {0x1EA4,0xC2,0x301}, {0x1EA5,0xE2,0x301}, {0x1EA6,0xC2,0x300},
    {0x1EA7,0xE2,0x300}, {0x1EA8,0xC2,0x309}, {0x1EA9,0xE2,0x309}, {0x1EAA,0xC2,0x303},
    {0x1EAB,0xE2,0x303}, {0x1EAC,0x1EA0,0x302}, {0x1EAD,0x1EA1,0x302}, {0x1EAE,0x102,0x301},
    {0x1EAF,0x103,0x301}, {0x1EB0,0x102,0x300}, {0x1EB1,0x103,0x300}, {0x1EB2,0x102,0x309},
    {0x1EB3,0x103,0x309}, {0x1EB4,0x102,0x303}, {0x1EB5,0x103,0x303}, {0x1EB6,0x1EA0,0x306},
    {0x1EB7,0x1EA1,0x306}, {0x1EB8,0x45,0x323}, {0x1EB9,0x65,0x323}, {0x1EBA,0x45,0x309},
    {0x1EBB,0x65,0x309}, {0x1EBC,0x45,0x303}, {0x1EBD,0x65,0x303}, {0x1EBE,0xCA,0x301},
    {0x1EBF,0xEA,0x301}, {0x1EC0,0xCA,0x300}, {0x1EC1,0xEA,0x300}, {0x1EC2,0xCA,0x309},
    {0x1EC3,0xEA,0x309}, {0x1EC4,0xCA,0x303}, {0x1EC5,0xEA,0x303}, {0x1EC6,0x1EB8,0x302},
    {0x1EC7,0x1EB9,0x302}, {0x1EC8,0x49,0x309}, {0x1EC9,0x69,0x309}, {0x1ECA,0x49,0x323},
    {0x1ECB,0x69,0x323}, {0x1ECC,0x4F,0x323}, {0x1ECD,0x6F,0x323}, {0x1ECE,0x4F,0x309},
    {0x1ECF,0x6F,0x309}, {0x1ED0,0xD4,0x301}, {0x1ED1,0xF4,0x301}, {0x1ED2,0xD4,0x300},
    {0x1ED3,0xF4,0x300}, {0x1ED4,0xD4,0x309}, {0x1ED5,0xF4,0x309}, {0x1ED6,0xD4,0x303},
    {0x1ED7,0xF4,0x303}, {0x1ED8,0x1ECC,0x302}, {0x1ED9,0x1ECD,0x302}, {0x1EDA,0x1A0,0x301},
    {0x1EDB,0x1A1,0x301}, {0x1EDC,0x1A0,0x300}, {0x1EDD,0x1A1,0x300}, {0x1EDE,0x1A0,0x309},
    {0x1EDF,0x1A1,0x309}, {0x1EE0,0x1A0,0x303}, {0x1EE1,0x1A1,0x303}, {0x1EE2,0x1A0,0x323},
    {0x1EE3,0x1A1,0x323}, {0x1EE4,0x55,0x323}, {0x1EE5,0x75,0x323}, {0x1EE6,0x55,0x309},
    {0x1EE7,0x75,0x309}, {0x1EE8,0x1AF,0x301}, {0x1EE9,0x1B0,0x301}, {0x1EEA,0x1AF,0x300},
    {0x1EEB,0x1B0,0x300}, {0x1EEC,0x1AF,0x309}, {0x1EED,0x1B0,0x309}, {0x1EEE,0x1AF,0x303},
    {0x1EEF,0x1B0,0x303}, {0x1EF0,0x1AF,0x323}, {0x1EF1,0x1B0,0x323}, {0x1EF2,0x59,0x300},
    {0x1EF3,0x79,0x300}, {0x1EF4,0x59,0x323}, {0x1EF5,0x79,0x323}, {0x1EF6,0x59,0x309},
    {0x1EF7,0x79,0x309}, {0x1EF8,0x59,0x303}, {0x1EF9,0x79,0x303}, {0x1F00,0x3B1,0x313},
    {0x1F01,0x3B1,0x314}, {0x1F02,0x1F00,0x300}, {0x1F03,0x1F01,0x300}, {0x1F04,0x1F00,0x301},
    {0x1F05,0x1F01,0x301}, {0x1F06,0x1F00,0x342}, {0x1F07,0x1F01,0x342}, {0x1F08,0x391,0x313},
    {0x1F09,0x391,0x314}, {0x1F0A,0x1F08,0x300}, {0x1F0B,0x1F09,0x300}, {0x1F0C,0x1F08,0x301},
    {0x1F0D,0x1F09,0x301}, {0x1F0E,0x1F08,0x342}, {0x1F0F,0x1F09,0x342}, {0x1F10,0x3B5,0x313},
    {0x1F11,0x3B5,0x314}, {0x1F12,0x1F10,0x300}, {0x1F13,0x1F11,0x300}, {0x1F14,0x1F10,0x301},
    {0x1F15,0x1F11,0x301}, {0x1F18,0x395,0x313}, {0x1F19,0x395,0x314}, {0x1F1A,0x1F18,0x300},
    {0x1F1B,0x1F19,0x300}, {0x1F1C,0x1F18,0x301}, {0x1F1D,0x1F19,0x301}, {0x1F20,0x3B7,0x313},
    {0x1F21,0x3B7,0x314}, {0x1F22,0x1F20,0x300}, {0x1F23,0x1F21,0x300}, {0x1F24,0x1F20,0x301},
    {0x1F25,0x1F21,0x301}, {0x1F26,0x1F20,0x342}, {0x1F27,0x1F21,0x342}, {0x1F28,0x397,0x313},
    {0x1F29,0x397,0x314}, {0x1F2A,0x1F28,0x300}, {0x1F2B,0x1F29,0x300}, {0x1F2C,0x1F28,0x301},
    {0x1F2D,0x1F29,0x301}, {0x1F2E,0x1F28,0x342}, {0x1F2F,0x1F29,0x342}, {0x1F30,0x3B9,0x313},
    {0x1F31,0x3B9,0x314}, {0x1F32,0x1F30,0x300}, {0x1F33,0x1F31,0x300}, {0x1F34,0x1F30,0x301},
    {0x1F35,0x1F31,0x301}, {0x1F36,0x1F30,0x342}, {0x1F37,0x1F31,0x342}, {0x1F38,0x399,0x313},
    {0x1F39,0x399,0x314}, {0x1F3A,0x1F38,0x300}, {0x1F3B,0x1F39,0x300}, {0x1F3C,0x1F38,0x301},
    {0x1F3D,0x1F39,0x301}, {0x1F3E,0x1F38,0x342}, {0x1F3F,0x1F39,0x342}, {0x1F40,0x3BF,0x313},
    {0x1F41,0x3BF,0x314}, {0x1F42,0x1F40,0x300}, {0x1F43,0x1F41,0x300}, {0x1F44,0x1F40,0x301},
    {0x1F45,0x1F41,0x301}, {0x1F48,0x39F,0x313}, {0x1F49,0x39F,0x314}, {0x1F4A,0x1F48,0x300},
    {0x1F4B,0x1F49,0x300}, {0x1F4C,0x1F48,0x301}, {0x1F4D,0x1F49,0x301}, {0x1F50,0x3C5,0x313},
    {0x1F51,0x3C5,0x314}, {0x1F52,0x1F50,0x300}, {0x1F53,0x1F51,0x300}, {0x1F54,0x1F50,0x301},
    {0x1F55,0x1F51,0x301}, {0x1F56,0x1F50,0x342}, {0x1F57,0x1F51,0x342}, {0x1F59,0x3A5,0x314},
    {0x1F5B,0x1F59,0x300}, {0x1F5D,0x1F59,0x301}, {0x1F5F,0x1F59,0x342}, {0x1F60,0x3C9,0x313},
    {0x1F61,0x3C9,0x314}, {0x1F62,0x1F60,0x300}, {0x1F63,0x1F61,0x300}, {0x1F64,0x1F60,0x301},
    {0x1F65,0x1F61,0x301}, {0x1F66,0x1F60,0x342}, {0x1F67,0x1F61,0x342}, {0x1F68,0x3A9,0x313},
    {0x1F69,0x3A9,0x314}, {0x1F6A,0x1F68,0x300}, {0x1F6B,0x1F69,0x300}, {0x1F6C,0x1F68,0x301},
    {0x1F6D,0x1F69,0x301}, {0x1F6E,0x1F68,0x342}, {0x1F6F,0x1F69,0x342}, {0x1F70,0x3B1,0x300},
    {0x1F71,0x3AC,0x0}, {0x1F72,0x3B5,0x300}, {0x1F73,0x3AD,0x0}, {0x1F74,0x3B7,0x300},
    {0x1F75,0x3AE,0x0}, {0x1F76,0x3B9,0x300}, {0x1F77,0x3AF,0x0}, {0x1F78,0x3BF,0x300},
    {0x1F79,0x3CC,0x0}, {0x1F7A,0x3C5,0x300}, {0x1F7B,0x3CD,0x0}, {0x1F7C,0x3C9,0x300},
    {0x1F7D,0x3CE,0x0}, {0x1F80,0x1F00,0x345}, {0x1F81,0x1F01,0x345}, {0x1F82,0x1F02,0x345},
    {0x1F83,0x1F03,0x345}, {0x1F84,0x1F04,0x345}, {0x1F85,0x1F05,0x345}, {0x1F86,0x1F06,0x345},
    {0x1F87,0x1F07,0x345}, {0x1F88,0x1F08,0x345}, {0x1F89,0x1F09,0x345}, {0x1F8A,0x1F0A,0x345},
    {0x1F8B,0x1F0B,0x345}, {0x1F8C,0x1F0C,0x345}, {0x1F8D,0x1F0D,0x345}, {0x1F8E,0x1F0E,0x345},
    {0x1F8F,0x1F0F,0x345}, {0x1F90,0x1F20,0x345}, {0x1F91,0x1F21,0x345}, {0x1F92,0x1F22,0x345},
    {0x1F93,0x1F23,0x345}, {0x1F94,0x1F24,0x345}, {0x1F95,0x1F25,0x345}, {0x1F96,0x1F26,0x345},
    {0x1F97,0x1F27,0x345}, {0x1F98,0x1F28,0x345}, {0x1F99,0x1F29,0x345}, {0x1F9A,0x1F2A,0x345},
    {0x1F9B,0x1F2B,0x345}, {0x1F9C,0x1F2C,0x345}, {0x1F9D,0x1F2D,0x345}, {0x1F9E,0x1F2E,0x345},
    {0x1F9F,0x1F2F,0x345}, {0x1FA0,0x1F60,0x345}, {0x1FA1,0x1F61,0x345}, {0x1FA2,0x1F62,0x345},
    {0x1FA3,0x1F63,0x345}, {0x1FA4,0x1F64,0x345}, {0x1FA5,0x1F65,0x345}, {0x1FA6,0x1F66,0x345},
    {0x1FA7,0x1F67,0x345}, {0x1FA8,0x1F68,0x345}, {0x1FA9,0x1F69,0x345}, {0x1FAA,0x1F6A,0x345},
    {0x1FAB,0x1F6B,0x345}, {0x1FAC,0x1F6C,0x345}, {0x1FAD,0x1F6D,0x345}, {0x1FAE,0x1F6E,0x345},
    {0x1FAF,0x1F6F,0x345}, {0x1FB0,0x3B1,0x306}, {0x1FB1,0x3B1,0x304}, {0x1FB2,0x1F70,0x345},
    {0x1FB3,0x3B1,0x345}, {0x1FB4,0x3AC,0x345}, {0x1FB6,0x3B1,0x342}, {0x1FB7,0x1FB6,0x345},
    {0x1FB8,0x391,0x306}, {0x1FB9,0x391,0x304}, {0x1FBA,0x391,0x300}, {0x1FBB,0x386,0x0},
    {0x1FBC,0x391,0x345}, {0x1FBE,0x3B9,0x0}, {0x1FC1,0xA8,0x342}, {0x1FC2,0x1F74,0x345},
    {0x1FC3,0x3B7,0x345}, {0x1FC4,0x3AE,0x345}, {0x1FC6,0x3B7,0x342}, {0x1FC7,0x1FC6,0x345},
    {0x1FC8,0x395,0x300}, {0x1FC9,0x388,0x0}, {0x1FCA,0x397,0x300}, {0x1FCB,0x389,0x0},
    {0x1FCC,0x397,0x345}, {0x1FCD,0x1FBF,0x300}, {0x1FCE,0x1FBF,0x301}, {0x1FCF,0x1FBF,0x342},
    {0x1FD0,0x3B9,0x306}, {0x1FD1,0x3B9,0x304}, {0x1FD2,0x3CA,0x300}, {0x1FD3,0x390,0x0},
    {0x1FD6,0x3B9,0x342}, {0x1FD7,0x3CA,0x342}, {0x1FD8,0x399,0x306}, {0x1FD9,0x399,0x304},
    {0x1FDA,0x399,0x300}, {0x1FDB,0x38A,0x0}, {0x1FDD,0x1FFE,0x300}, {0x1FDE,0x1FFE,0x301},
    {0x1FDF,0x1FFE,0x342}, {0x1FE0,0x3C5,0x306}, {0x1FE1,0x3C5,0x304}, {0x1FE2,0x3CB,0x300},
    {0x1FE3,0x3B0,0x0}, {0x1FE4,0x3C1,0x313}, {0x1FE5,0x3C1,0x314}, {0x1FE6,0x3C5,0x342},
    {0x1FE7,0x3CB,0x342}, {0x1FE8,0x3A5,0x306}, {0x1FE9,0x3A5,0x304}, {0x1FEA,0x3A5,0x300},
    {0x1FEB,0x38E,0x0}, {0x1FEC,0x3A1,0x314}, {0x1FED,0xA8,0x300}, {0x1FEE,0x385,0x0},
    {0x1FEF,0x60,0x0}, {0x1FF2,0x1F7C,0x345}, {0x1FF3,0x3C9,0x345}, {0x1FF4,0x3CE,0x345},
    {0x1FF6,0x3C9,0x342}, {0x1FF7,0x1FF6,0x345}, {0x1FF8,0x39F,0x300}, {0x1FF9,0x38C,0x0},
    {0x1FFA,0x3A9,0x300}, {0x1FFB,0x38F,0x0}, {0x1FFC,0x3A9,0x345}, {0x1FFD,0xB4,0x0},
    {0x2000,0x2002,0x0}, {0x2001,0x2003,0x0}, {0x2126,0x3A9,0x0}, {0x212A,0x4B,0x0},
    {0x212B,0xC5,0x0}, {0x219A,0x2190,0x338}, {0x219B,0x2192,0x338}, {0x21AE,0x2194,0x338},
    {0x21CD,0x21D0,0x338}, {0x21CE,0x21D4,0x338}, {0x21CF,0x21D2,0x338}, {0x2204,0x2203,0x338},
    {0x2209,0x2208,0x338}, {0x220C,0x220B,0x338}, {0x2224,0x2223,0x338}, {0x2226,0x2225,0x338},
    {0x2241,0x223C,0x338}, {0x2244,0x2243,0x338}, {0x2247,0x2245,0x338}, {0x2249,0x2248,0x338},
    {0x2260,0x3D,0x338}, {0x2262,0x2261,0x338}, {0x226D,0x224D,0x338}, {0x226E,0x3C,0x338},
    {0x226F,0x3E,0x338}, {0x2270,0x2264,0x338}, {0x2271,0x2265,0x338}, {0x2274,0x2272,0x338},
    {0x2275,0x2273,0x338}, {0x2278,0x2276,0x338}, {0x2279,0x2277,0x338}, {0x2280,0x227A,0x338},
    {0x2281,0x227B,0x338}, {0x2284,0x2282,0x338}, {0x2285,0x2283,0x338}, {0x2288,0x2286,0x338},
    {0x2289,0x2287,0x338}, {0x22AC,0x22A2,0x338}, {0x22AD,0x22A8,0x338}, {0x22AE,0x22A9,0x338},
    {0x22AF,0x22AB,0x338}, {0x22E0,0x227C,0x338}, {0x22E1,0x227D,0x338}, {0x22E2,0x2291,0x338},
    {0x22E3,0x2292,0x338}, {0x22EA,0x22B2,0x338}, {0x22EB,0x22B3,0x338}, {0x22EC,0x22B4,0x338},
    {0x22ED,0x22B5,0x338}, {0x2329,0x3008,0x0}, {0x232A,0x3009,0x0}, {0x2ADC,0x2ADD,0x338},
    {0x304C,0x304B,0x3099}, {0x304E,0x304D,0x3099}, {0x3050,0x304F,0x3099}, {0x3052,0x3051,0x3099},
    {0x3054,0x3053,0x3099}, {0x3056,0x3055,0x3099}, {0x3058,0x3057,0x3099}, {0x305A,0x3059,0x3099},
    {0x305C,0x305B,0x3099}, {0x305E,0x305D,0x3099}, {0x3060,0x305F,0x3099}, {0x3062,0x3061,0x3099},
    {0x3065,0x3064,0x3099}, {0x3067,0x3066,0x3099}, {0x3069,0x3068,0x3099}, {0x3070,0x306F,0x3099},
    {0x3071,0x306F,0x309A}, {0x3073,0x3072,0x3099}, {0x3074,0x3072,0x309A}, {0x3076,0x3075,0x3099},
    {0x3077,0x3075,0x309A}, {0x3079,0x3078,0x3099}, {0x307A,0x3078,0x309A}, {0x307C,0x307B,0x3099},
    {0x307D,0x307B,0x309A}, {0x3094,0x3046,0x3099}, {0x309E,0x309D,0x3099}, {0x30AC,0x30AB,0x3099},
    {0x30AE,0x30AD,0x3099}, {0x30B0,0x30AF,0x3099}, {0x30B2,0x30B1,0x3099}, {0x30B4,0x30B3,0x3099},
    {0x30B6,0x30B5,0x3099}, {0x30B8,0x30B7,0x3099}, {0x30BA,0x30B9,0x3099}, {0x30BC,0x30BB,0x3099},
    {0x30BE,0x30BD,0x3099}, {0x30C0,0x30BF,0x3099}, {0x30C2,0x30C1,0x3099}, {0x30C5,0x30C4,0x3099},
    {0x30C7,0x30C6,0x3099}, {0x30C9,0x30C8,0x3099}, {0x30D0,0x30CF,0x3099}, {0x30D1,0x30CF,0x309A},
    {0x30D3,0x30D2,0x3099}, {0x30D4,0x30D2,0x309A}, {0x30D6,0x30D5,0x3099}, {0x30D7,0x30D5,0x309A},
    {0x30D9,0x30D8,0x3099}, {0x30DA,0x30D8,0x309A}, {0x30DC,0x30DB,0x3099}, {0x30DD,0x30DB,0x309A},
    {0x30F4,0x30A6,0x3099}, {0x30F7,0x30EF,0x3099}, {0x30F8,0x30F0,0x3099}, {0x30F9,0x30F1,0x3099},
    {0x30FA,0x30F2,0x3099}, {0x30FE,0x30FD,0x3099}, {0xF900,0x8C48,0x0}, {0xF901,0x66F4,0x0},
    {0xF902,0x8ECA,0x0}, {0xF903,0x8CC8,0x0}, {0xF904,0x6ED1,0x0}, {0xF905,0x4E32,0x0},
    {0xF906,0x53E5,0x0}, {0xF907,0x9F9C,0x0}, {0xF908,0x9F9C,0x0}, {0xF909,0x5951,0x0},
    {0xF90A,0x91D1,0x0}, {0xF90B,0x5587,0x0}, {0xF90C,0x5948,0x0}, {0xF90D,0x61F6,0x0},
    {0xF90E,0x7669,0x0}, {0xF90F,0x7F85,0x0}, {0xF910,0x863F,0x0}, {0xF911,0x87BA,0x0},
    {0xF912,0x88F8,0x0}, {0xF913,0x908F,0x0}, {0xF914,0x6A02,0x0}, {0xF915,0x6D1B,0x0},
    {0xF916,0x70D9,0x0}, {0xF917,0x73DE,0x0}, {0xF918,0x843D,0x0}, {0xF919,0x916A,0x0},
    {0xF91A,0x99F1,0x0}, {0xF91B,0x4E82,0x0}, {0xF91C,0x5375,0x0}, {0xF91D,0x6B04,0x0},
    {0xF91E,0x721B,0x0}, {0xF91F,0x862D,0x0}, {0xF920,0x9E1E,0x0}, {0xF921,0x5D50,0x0},
    {0xF922,0x6FEB,0x0}, {0xF923,0x85CD,0x0}, {0xF924,0x8964,0x0}, {0xF925,0x62C9,0x0},
    {0xF926,0x81D8,0x0}, {0xF927,0x881F,0x0}, {0xF928,0x5ECA,0x0}, {0xF929,0x6717,0x0},
    {0xF92A,0x6D6A,0x0}, {0xF92B,0x72FC,0x0}, {0xF92C,0x90CE,0x0}, {0xF92D,0x4F86,0x0},
    {0xF92E,0x51B7,0x0}, {0xF92F,0x52DE,0x0}, {0xF930,0x64C4,0x0}, {0xF931,0x6AD3,0x0},
    {0xF932,0x7210,0x0}, {0xF933,0x76E7,0x0}, {0xF934,0x8001,0x0}, {0xF935,0x8606,0x0},
    {0xF936,0x865C,0x0}, {0xF937,0x8DEF,0x0}, {0xF938,0x9732,0x0}, {0xF939,0x9B6F,0x0},
    {0xF93A,0x9DFA,0x0}, {0xF93B,0x788C,0x0}, {0xF93C,0x797F,0x0}, {0xF93D,0x7DA0,0x0},
    {0xF93E,0x83C9,0x0}, {0xF93F,0x9304,0x0}, {0xF940,0x9E7F,0x0}, {0xF941,0x8AD6,0x0},
    {0xF942,0x58DF,0x0}, {0xF943,0x5F04,0x0}, {0xF944,0x7C60,0x0}, {0xF945,0x807E,0x0},
    {0xF946,0x7262,0x0}, {0xF947,0x78CA,0x0}, {0xF948,0x8CC2,0x0}, {0xF949,0x96F7,0x0},
    {0xF94A,0x58D8,0x0}, {0xF94B,0x5C62,0x0}, {0xF94C,0x6A13,0x0}, {0xF94D,0x6DDA,0x0},
    {0xF94E,0x6F0F,0x0}, {0xF94F,0x7D2F,0x0}, {0xF950,0x7E37,0x0}, {0xF951,0x964B,0x0},
    {0xF952,0x52D2,0x0}, {0xF953,0x808B,0x0}, {0xF954,0x51DC,0x0}, {0xF955,0x51CC,0x0},
    {0xF956,0x7A1C,0x0}, {0xF957,0x7DBE,0x0}, {0xF958,0x83F1,0x0}, {0xF959,0x9675,0x0},
    {0xF95A,0x8B80,0x0}, {0xF95B,0x62CF,0x0}, {0xF95C,0x6A02,0x0}, {0xF95D,0x8AFE,0x0},
    {0xF95E,0x4E39,0x0}, {0xF95F,0x5BE7,0x0}, {0xF960,0x6012,0x0}, {0xF961,0x7387,0x0},
    {0xF962,0x7570,0x0}, {0xF963,0x5317,0x0}, {0xF964,0x78FB,0x0}, {0xF965,0x4FBF,0x0},
    {0xF966,0x5FA9,0x0}, {0xF967,0x4E0D,0x0}, {0xF968,0x6CCC,0x0}, {0xF969,0x6578,0x0},
    {0xF96A,0x7D22,0x0}, {0xF96B,0x53C3,0x0}, {0xF96C,0x585E,0x0}, {0xF96D,0x7701,0x0},
    {0xF96E,0x8449,0x0}, {0xF96F,0x8AAA,0x0}, {0xF970,0x6BBA,0x0}, {0xF971,0x8FB0,0x0},
    {0xF972,0x6C88,0x0}, {0xF973,0x62FE,0x0}, {0xF974,0x82E5,0x0}, {0xF975,0x63A0,0x0},
    {0xF976,0x7565,0x0}, {0xF977,0x4EAE,0x0}, {0xF978,0x5169,0x0}, {0xF979,0x51C9,0x0},
    {0xF97A,0x6881,0x0}, {0xF97B,0x7CE7,0x0}, {0xF97C,0x826F,0x0}, {0xF97D,0x8AD2,0x0},
    {0xF97E,0x91CF,0x0}, {0xF97F,0x52F5,0x0}, {0xF980,0x5442,0x0}, {0xF981,0x5973,0x0},
    {0xF982,0x5EEC,0x0}, {0xF983,0x65C5,0x0}, {0xF984,0x6FFE,0x0}, {0xF985,0x792A,0x0},
    {0xF986,0x95AD,0x0}, {0xF987,0x9A6A,0x0}, {0xF988,0x9E97,0x0}, {0xF989,0x9ECE,0x0},
    {0xF98A,0x529B,0x0}, {0xF98B,0x66C6,0x0}, {0xF98C,0x6B77,0x0}, {0xF98D,0x8F62,0x0},
    {0xF98E,0x5E74,0x0}, {0xF98F,0x6190,0x0}, {0xF990,0x6200,0x0}, {0xF991,0x649A,0x0},
    {0xF992,0x6F23,0x0}, {0xF993,0x7149,0x0}, {0xF994,0x7489,0x0}, {0xF995,0x79CA,0x0},
    {0xF996,0x7DF4,0x0}, {0xF997,0x806F,0x0}, {0xF998,0x8F26,0x0}, {0xF999,0x84EE,0x0},
    {0xF99A,0x9023,0x0}, {0xF99B,0x934A,0x0}, {0xF99C,0x5217,0x0}, {0xF99D,0x52A3,0x0},
    {0xF99E,0x54BD,0x0}, {0xF99F,0x70C8,0x0}, {0xF9A0,0x88C2,0x0}, {0xF9A1,0x8AAA,0x0},
    {0xF9A2,0x5EC9,0x0}, {0xF9A3,0x5FF5,0x0}, {0xF9A4,0x637B,0x0}, {0xF9A5,0x6BAE,0x0},
    {0xF9A6,0x7C3E,0x0}, {0xF9A7,0x7375,0x0}, {0xF9A8,0x4EE4,0x0}, {0xF9A9,0x56F9,0x0},
    {0xF9AA,0x5BE7,0x0}, {0xF9AB,0x5DBA,0x0}, {0xF9AC,0x601C,0x0}, {0xF9AD,0x73B2,0x0},
    {0xF9AE,0x7469,0x0}, {0xF9AF,0x7F9A,0x0}, {0xF9B0,0x8046,0x0}, {0xF9B1,0x9234,0x0},
    {0xF9B2,0x96F6,0x0}, {0xF9B3,0x9748,0x0}, {0xF9B4,0x9818,0x0}, {0xF9B5,0x4F8B,0x0},
    {0xF9B6,0x79AE,0x0}, {0xF9B7,0x91B4,0x0}, {0xF9B8,0x96B8,0x0}, {0xF9B9,0x60E1,0x0},
    {0xF9BA,0x4E86,0x0}, {0xF9BB,0x50DA,0x0}, {0xF9BC,0x5BEE,0x0}, {0xF9BD,0x5C3F,0x0},
    {0xF9BE,0x6599,0x0}, {0xF9BF,0x6A02,0x0}, {0xF9C0,0x71CE,0x0}, {0xF9C1,0x7642,0x0},
    {0xF9C2,0x84FC,0x0}, {0xF9C3,0x907C,0x0}, {0xF9C4,0x9F8D,0x0}, {0xF9C5,0x6688,0x0},
    {0xF9C6,0x962E,0x0}, {0xF9C7,0x5289,0x0}, {0xF9C8,0x677B,0x0}, {0xF9C9,0x67F3,0x0},
    {0xF9CA,0x6D41,0x0}, {0xF9CB,0x6E9C,0x0}, {0xF9CC,0x7409,0x0}, {0xF9CD,0x7559,0x0},
    {0xF9CE,0x786B,0x0}, {0xF9CF,0x7D10,0x0}, {0xF9D0,0x985E,0x0}, {0xF9D1,0x516D,0x0},
    {0xF9D2,0x622E,0x0}, {0xF9D3,0x9678,0x0}, {0xF9D4,0x502B,0x0}, {0xF9D5,0x5D19,0x0},
    {0xF9D6,0x6DEA,0x0}, {0xF9D7,0x8F2A,0x0}, {0xF9D8,0x5F8B,0x0}, {0xF9D9,0x6144,0x0},
    {0xF9DA,0x6817,0x0}, {0xF9DB,0x7387,0x0}, {0xF9DC,0x9686,0x0}, {0xF9DD,0x5229,0x0},
    {0xF9DE,0x540F,0x0}, {0xF9DF,0x5C65,0x0}, {0xF9E0,0x6613,0x0}, {0xF9E1,0x674E,0x0},
    {0xF9E2,0x68A8,0x0}, {0xF9E3,0x6CE5,0x0}, {0xF9E4,0x7406,0x0}, {0xF9E5,0x75E2,0x0},
    {0xF9E6,0x7F79,0x0}, {0xF9E7,0x88CF,0x0}, {0xF9E8,0x88E1,0x0}, {0xF9E9,0x91CC,0x0},
    {0xF9EA,0x96E2,0x0}, {0xF9EB,0x533F,0x0}, {0xF9EC,0x6EBA,0x0}, {0xF9ED,0x541D,0x0},
    {0xF9EE,0x71D0,0x0}, {0xF9EF,0x7498,0x0}, {0xF9F0,0x85FA,0x0}, {0xF9F1,0x96A3,0x0},
    {0xF9F2,0x9C57,0x0}, {0xF9F3,0x9E9F,0x0}, {0xF9F4,0x6797,0x0}, {0xF9F5,0x6DCB,0x0},
    {0xF9F6,0x81E8,0x0}, {0xF9F7,0x7ACB,0x0}, {0xF9F8,0x7B20,0x0}, {0xF9F9,0x7C92,0x0},
    {0xF9FA,0x72C0,0x0}, {0xF9FB,0x7099,0x0}, {0xF9FC,0x8B58,0x0}, {0xF9FD,0x4EC0,0x0},
    {0xF9FE,0x8336,0x0}, {0xF9FF,0x523A,0x0}, {0xFA00,0x5207,0x0}, {0xFA01,0x5EA6,0x0},
    {0xFA02,0x62D3,0x0}, {0xFA03,0x7CD6,0x0}, {0xFA04,0x5B85,0x0}, {0xFA05,0x6D1E,0x0},
    {0xFA06,0x66B4,0x0}, {0xFA07,0x8F3B,0x0}, {0xFA08,0x884C,0x0}, {0xFA09,0x964D,0x0},
    {0xFA0A,0x898B,0x0}, {0xFA0B,0x5ED3,0x0}, {0xFA0C,0x5140,0x0}, {0xFA0D,0x55C0,0x0},
    {0xFA10,0x585A,0x0}, {0xFA12,0x6674,0x0}, {0xFA15,0x51DE,0x0}, {0xFA16,0x732A,0x0},
    {0xFA17,0x76CA,0x0}, {0xFA18,0x793C,0x0}, {0xFA19,0x795E,0x0}, {0xFA1A,0x7965,0x0},
    {0xFA1B,0x798F,0x0}, {0xFA1C,0x9756,0x0}, {0xFA1D,0x7CBE,0x0}, {0xFA1E,0x7FBD,0x0},
    {0xFA20,0x8612,0x0}, {0xFA22,0x8AF8,0x0}, {0xFA25,0x9038,0x0}, {0xFA26,0x90FD,0x0},
    {0xFA2A,0x98EF,0x0}, {0xFA2B,0x98FC,0x0}, {0xFA2C,0x9928,0x0}, {0xFA2D,0x9DB4,0x0},
    {0xFA2E,0x90DE,0x0}, {0xFA2F,0x96B7,0x0}, {0xFA30,0x4FAE,0x0}, {0xFA31,0x50E7,0x0},
    {0xFA32,0x514D,0x0}, {0xFA33,0x52C9,0x0}, {0xFA34,0x52E4,0x0}, {0xFA35,0x5351,0x0},
    {0xFA36,0x559D,0x0}, {0xFA37,0x5606,0x0}, {0xFA38,0x5668,0x0}, {0xFA39,0x5840,0x0},
    {0xFA3A,0x58A8,0x0}, {0xFA3B,0x5C64,0x0}, {0xFA3C,0x5C6E,0x0}, {0xFA3D,0x6094,0x0},
    {0xFA3E,0x6168,0x0}, {0xFA3F,0x618E,0x0}, {0xFA40,0x61F2,0x0}, {0xFA41,0x654F,0x0},
    {0xFA42,0x65E2,0x0}, {0xFA43,0x6691,0x0}, {0xFA44,0x6885,0x0}, {0xFA45,0x6D77,0x0},
    {0xFA46,0x6E1A,0x0}, {0xFA47,0x6F22,0x0}, {0xFA48,0x716E,0x0}, {0xFA49,0x722B,0x0},
    {0xFA4A,0x7422,0x0}, {0xFA4B,0x7891,0x0}, {0xFA4C,0x793E,0x0}, {0xFA4D,0x7949,0x0},
    {0xFA4E,0x7948,0x0}, {0xFA4F,0x7950,0x0}, {0xFA50,0x7956,0x0}, {0xFA51,0x795D,0x0},
    {0xFA52,0x798D,0x0}, {0xFA53,0x798E,0x0}, {0xFA54,0x7A40,0x0}, {0xFA55,0x7A81,0x0},
    {0xFA56,0x7BC0,0x0}, {0xFA57,0x7DF4,0x0}, {0xFA58,0x7E09,0x0}, {0xFA59,0x7E41,0x0},
    {0xFA5A,0x7F72,0x0}, {0xFA5B,0x8005,0x0}, {0xFA5C,0x81ED,0x0}, {0xFA5D,0x8279,0x0},
    {0xFA5E,0x8279,0x0}, {0xFA5F,0x8457,0x0}, {0xFA60,0x8910,0x0}, {0xFA61,0x8996,0x0},
    {0xFA62,0x8B01,0x0}, {0xFA63,0x8B39,0x0}, {0xFA64,0x8CD3,0x0}, {0xFA65,0x8D08,0x0},
    {0xFA66,0x8FB6,0x0}, {0xFA67,0x9038,0x0}, {0xFA68,0x96E3,0x0}, {0xFA69,0x97FF,0x0},
    {0xFA6A,0x983B,0x0}, {0xFA6B,0x6075,0x0}, {0xFA6C,0x242EE,0x0}, {0xFA6D,0x8218,0x0},
    {0xFA70,0x4E26,0x0}, {0xFA71,0x51B5,0x0}, {0xFA72,0x5168,0x0}, {0xFA73,0x4F80,0x0},
    {0xFA74,0x5145,0x0}, {0xFA75,0x5180,0x0}, {0xFA76,0x52C7,0x0}, {0xFA77,0x52FA,0x0},
    {0xFA78,0x559D,0x0}, {0xFA79,0x5555,0x0}, {0xFA7A,0x5599,0x0}, {0xFA7B,0x55E2,0x0},
    {0xFA7C,0x585A,0x0}, {0xFA7D,0x58B3,0x0}, {0xFA7E,0x5944,0x0}, {0xFA7F,0x5954,0x0},
    {0xFA80,0x5A62,0x0}, {0xFA81,0x5B28,0x0}, {0xFA82,0x5ED2,0x0}, {0xFA83,0x5ED9,0x0},
    {0xFA84,0x5F69,0x0}, {0xFA85,0x5FAD,0x0}, {0xFA86,0x60D8,0x0}, {0xFA87,0x614E,0x0},
    {0xFA88,0x6108,0x0}, {0xFA89,0x618E,0x0}, {0xFA8A,0x6160,0x0}, {0xFA8B,0x61F2,0x0},
    {0xFA8C,0x6234,0x0}, {0xFA8D,0x63C4,0x0}, {0xFA8E,0x641C,0x0}, {0xFA8F,0x6452,0x0},
    {0xFA90,0x6556,0x0}, {0xFA91,0x6674,0x0}, {0xFA92,0x6717,0x0}, {0xFA93,0x671B,0x0},
    {0xFA94,0x6756,0x0}, {0xFA95,0x6B79,0x0}, {0xFA96,0x6BBA,0x0}, {0xFA97,0x6D41,0x0},
    {0xFA98,0x6EDB,0x0}, {0xFA99,0x6ECB,0x0}, {0xFA9A,0x6F22,0x0}, {0xFA9B,0x701E,0x0},
    {0xFA9C,0x716E,0x0}, {0xFA9D,0x77A7,0x0}, {0xFA9E,0x7235,0x0}, {0xFA9F,0x72AF,0x0},
    {0xFAA0,0x732A,0x0}, {0xFAA1,0x7471,0x0}, {0xFAA2,0x7506,0x0}, {0xFAA3,0x753B,0x0},
    {0xFAA4,0x761D,0x0}, {0xFAA5,0x761F,0x0}, {0xFAA6,0x76CA,0x0}, {0xFAA7,0x76DB,0x0},
    {0xFAA8,0x76F4,0x0}, {0xFAA9,0x774A,0x0}, {0xFAAA,0x7740,0x0}, {0xFAAB,0x78CC,0x0},
    {0xFAAC,0x7AB1,0x0}, {0xFAAD,0x7BC0,0x0}, {0xFAAE,0x7C7B,0x0}, {0xFAAF,0x7D5B,0x0},
    {0xFAB0,0x7DF4,0x0}, {0xFAB1,0x7F3E,0x0}, {0xFAB2,0x8005,0x0}, {0xFAB3,0x8352,0x0},
    {0xFAB4,0x83EF,0x0}, {0xFAB5,0x8779,0x0}, {0xFAB6,0x8941,0x0}, {0xFAB7,0x8986,0x0},
    {0xFAB8,0x8996,0x0}, {0xFAB9,0x8ABF,0x0}, {0xFABA,0x8AF8,0x0}, {0xFABB,0x8ACB,0x0},
    {0xFABC,0x8B01,0x0}, {0xFABD,0x8AFE,0x0}, {0xFABE,0x8AED,0x0}, {0xFABF,0x8B39,0x0},
    {0xFAC0,0x8B8A,0x0}, {0xFAC1,0x8D08,0x0}, {0xFAC2,0x8F38,0x0}, {0xFAC3,0x9072,0x0},
    {0xFAC4,0x9199,0x0}, {0xFAC5,0x9276,0x0}, {0xFAC6,0x967C,0x0}, {0xFAC7,0x96E3,0x0},
    {0xFAC8,0x9756,0x0}, {0xFAC9,0x97DB,0x0}, {0xFACA,0x97FF,0x0}, {0xFACB,0x980B,0x0},
    {0xFACC,0x983B,0x0}, {0xFACD,0x9B12,0x0}, {0xFACE,0x9F9C,0x0}, {0xFACF,0x2284A,0x0},
    {0xFAD0,0x22844,0x0}, {0xFAD1,0x233D5,0x0}, {0xFAD2,0x3B9D,0x0}, {0xFAD3,0x4018,0x0},
    {0xFAD4,0x4039,0x0}, {0xFAD5,0x25249,0x0}, {0xFAD6,0x25CD0,0x0}, {0xFAD7,0x27ED3,0x0},
    {0xFAD8,0x9F43,0x0}, {0xFAD9,0x9F8E,0x0}, {0xFB1D,0x5D9,0x5B4}, {0xFB1F,0x5F2,0x5B7},
    {0xFB2A,0x5E9,0x5C1}, {0xFB2B,0x5E9,0x5C2}, {0xFB2C,0xFB49,0x5C1}, {0xFB2D,0xFB49,0x5C2},
    {0xFB2E,0x5D0,0x5B7}, {0xFB2F,0x5D0,0x5B8}, {0xFB30,0x5D0,0x5BC}, {0xFB31,0x5D1,0x5BC},
    {0xFB32,0x5D2,0x5BC}, {0xFB33,0x5D3,0x5BC}, {0xFB34,0x5D4,0x5BC}, {0xFB35,0x5D5,0x5BC},
    {0xFB36,0x5D6,0x5BC}, {0xFB38,0x5D8,0x5BC}, {0xFB39,0x5D9,0x5BC}, {0xFB3A,0x5DA,0x5BC},
    {0xFB3B,0x5DB,0x5BC}, {0xFB3C,0x5DC,0x5BC}, {0xFB3E,0x5DE,0x5BC}, {0xFB40,0x5E0,0x5BC},
    {0xFB41,0x5E1,0x5BC}, {0xFB43,0x5E3,0x5BC}, {0xFB44,0x5E4,0x5BC}, {0xFB46,0x5E6,0x5BC},
    {0xFB47,0x5E7,0x5BC}, {0xFB48,0x5E8,0x5BC}, {0xFB49,0x5E9,0x5BC}, {0xFB4A,0x5EA,0x5BC},
    {0xFB4B,0x5D5,0x5B9}, {0xFB4C,0x5D1,0x5BF}, {0xFB4D,0x5DB,0x5BF}, {0xFB4E,0x5E4,0x5BF},
    {0x1109A,0x11099,0x110BA}, {0x1109C,0x1109B,0x110BA}, {0x110AB,0x110A5,0x110BA},
    {0x1112E,0x11131,0x11127}, {0x1112F,0x11132,0x11127}, {0x1134B,0x11347,0x1133E},
    {0x1134C,0x11347,0x11357}, {0x114BB,0x114B9,0x114BA}, {0x114BC,0x114B9,0x114B0},
    {0x114BE,0x114B9,0x114BD}, {0x115BA,0x115B8,0x115AF}, {0x115BB,0x115B9,0x115AF},
    {0x1D15E,0x1D157,0x1D165}, {0x1D15F,0x1D158,0x1D165}, {0x1D160,0x1D15F,0x1D16E},
    {0x1D161,0x1D15F,0x1D16F}, {0x1D162,0x1D15F,0x1D170}, {0x1D163,0x1D15F,0x1D171},
    {0x1D164,0x1D15F,0x1D172}, {0x1D1BB,0x1D1B9,0x1D165}, {0x1D1BC,0x1D1BA,0x1D165},
    {0x1D1BD,0x1D1BB,0x1D16E}, {0x1D1BE,0x1D1BC,0x1D16E}, {0x1D1BF,0x1D1BB,0x1D16F},
    {0x1D1C0,0x1D1BC,0x1D16F}, {0x2F800,0x4E3D,0x0}, {0x2F801,0x4E38,0x0}, {0x2F802,0x4E41,0x0},
    {0x2F803,0x20122,0x0}, {0x2F804,0x4F60,0x0}, {0x2F805,0x4FAE,0x0}, {0x2F806,0x4FBB,0x0},
    {0x2F807,0x5002,0x0}, {0x2F808,0x507A,0x0}, {0x2F809,0x5099,0x0}, {0x2F80A,0x50E7,0x0},
    {0x2F80B,0x50CF,0x0}, {0x2F80C,0x349E,0x0}, {0x2F80D,0x2063A,0x0}, {0x2F80E,0x514D,0x0},
    {0x2F80F,0x5154,0x0}, {0x2F810,0x5164,0x0}, {0x2F811,0x5177,0x0}, {0x2F812,0x2051C,0x0},
    {0x2F813,0x34B9,0x0}, {0x2F814,0x5167,0x0}, {0x2F815,0x518D,0x0}, {0x2F816,0x2054B,0x0},
    {0x2F817,0x5197,0x0}, {0x2F818,0x51A4,0x0}, {0x2F819,0x4ECC,0x0}, {0x2F81A,0x51AC,0x0},
    {0x2F81B,0x51B5,0x0}, {0x2F81C,0x291DF,0x0}, {0x2F81D,0x51F5,0x0}, {0x2F81E,0x5203,0x0},
    {0x2F81F,0x34DF,0x0}, {0x2F820,0x523B,0x0}, {0x2F821,0x5246,0x0}, {0x2F822,0x5272,0x0},
    {0x2F823,0x5277,0x0}, {0x2F824,0x3515,0x0}, {0x2F825,0x52C7,0x0}, {0x2F826,0x52C9,0x0},
    {0x2F827,0x52E4,0x0}, {0x2F828,0x52FA,0x0}, {0x2F829,0x5305,0x0}, {0x2F82A,0x5306,0x0},
    {0x2F82B,0x5317,0x0}, {0x2F82C,0x5349,0x0}, {0x2F82D,0x5351,0x0}, {0x2F82E,0x535A,0x0},
    {0x2F82F,0x5373,0x0}, {0x2F830,0x537D,0x0}, {0x2F831,0x537F,0x0}, {0x2F832,0x537F,0x0},
    {0x2F833,0x537F,0x0}, {0x2F834,0x20A2C,0x0}, {0x2F835,0x7070,0x0}, {0x2F836,0x53CA,0x0},
    {0x2F837,0x53DF,0x0}, {0x2F838,0x20B63,0x0}, {0x2F839,0x53EB,0x0}, {0x2F83A,0x53F1,0x0},
    {0x2F83B,0x5406,0x0}, {0x2F83C,0x549E,0x0}, {0x2F83D,0x5438,0x0}, {0x2F83E,0x5448,0x0},
    {0x2F83F,0x5468,0x0}, {0x2F840,0x54A2,0x0}, {0x2F841,0x54F6,0x0}, {0x2F842,0x5510,0x0},
    {0x2F843,0x5553,0x0}, {0x2F844,0x5563,0x0}, {0x2F845,0x5584,0x0}, {0x2F846,0x5584,0x0},
    {0x2F847,0x5599,0x0}, {0x2F848,0x55AB,0x0}, {0x2F849,0x55B3,0x0}, {0x2F84A,0x55C2,0x0},
    {0x2F84B,0x5716,0x0}, {0x2F84C,0x5606,0x0}, {0x2F84D,0x5717,0x0}, {0x2F84E,0x5651,0x0},
    {0x2F84F,0x5674,0x0}, {0x2F850,0x5207,0x0}, {0x2F851,0x58EE,0x0}, {0x2F852,0x57CE,0x0},
    {0x2F853,0x57F4,0x0}, {0x2F854,0x580D,0x0}, {0x2F855,0x578B,0x0}, {0x2F856,0x5832,0x0},
    {0x2F857,0x5831,0x0}, {0x2F858,0x58AC,0x0}, {0x2F859,0x214E4,0x0}, {0x2F85A,0x58F2,0x0},
    {0x2F85B,0x58F7,0x0}, {0x2F85C,0x5906,0x0}, {0x2F85D,0x591A,0x0}, {0x2F85E,0x5922,0x0},
    {0x2F85F,0x5962,0x0}, {0x2F860,0x216A8,0x0}, {0x2F861,0x216EA,0x0}, {0x2F862,0x59EC,0x0},
    {0x2F863,0x5A1B,0x0}, {0x2F864,0x5A27,0x0}, {0x2F865,0x59D8,0x0}, {0x2F866,0x5A66,0x0},
    {0x2F867,0x36EE,0x0}, {0x2F868,0x36FC,0x0}, {0x2F869,0x5B08,0x0}, {0x2F86A,0x5B3E,0x0},
    {0x2F86B,0x5B3E,0x0}, {0x2F86C,0x219C8,0x0}, {0x2F86D,0x5BC3,0x0}, {0x2F86E,0x5BD8,0x0},
    {0x2F86F,0x5BE7,0x0}, {0x2F870,0x5BF3,0x0}, {0x2F871,0x21B18,0x0}, {0x2F872,0x5BFF,0x0},
    {0x2F873,0x5C06,0x0}, {0x2F874,0x5F53,0x0}, {0x2F875,0x5C22,0x0}, {0x2F876,0x3781,0x0},
    {0x2F877,0x5C60,0x0}, {0x2F878,0x5C6E,0x0}, {0x2F879,0x5CC0,0x0}, {0x2F87A,0x5C8D,0x0},
    {0x2F87B,0x21DE4,0x0}, {0x2F87C,0x5D43,0x0}, {0x2F87D,0x21DE6,0x0}, {0x2F87E,0x5D6E,0x0},
    {0x2F87F,0x5D6B,0x0}, {0x2F880,0x5D7C,0x0}, {0x2F881,0x5DE1,0x0}, {0x2F882,0x5DE2,0x0},
    {0x2F883,0x382F,0x0}, {0x2F884,0x5DFD,0x0}, {0x2F885,0x5E28,0x0}, {0x2F886,0x5E3D,0x0},
    {0x2F887,0x5E69,0x0}, {0x2F888,0x3862,0x0}, {0x2F889,0x22183,0x0}, {0x2F88A,0x387C,0x0},
    {0x2F88B,0x5EB0,0x0}, {0x2F88C,0x5EB3,0x0}, {0x2F88D,0x5EB6,0x0}, {0x2F88E,0x5ECA,0x0},
    {0x2F88F,0x2A392,0x0}, {0x2F890,0x5EFE,0x0}, {0x2F891,0x22331,0x0}, {0x2F892,0x22331,0x0},
    {0x2F893,0x8201,0x0}, {0x2F894,0x5F22,0x0}, {0x2F895,0x5F22,0x0}, {0x2F896,0x38C7,0x0},
    {0x2F897,0x232B8,0x0}, {0x2F898,0x261DA,0x0}, {0x2F899,0x5F62,0x0}, {0x2F89A,0x5F6B,0x0},
    {0x2F89B,0x38E3,0x0}, {0x2F89C,0x5F9A,0x0}, {0x2F89D,0x5FCD,0x0}, {0x2F89E,0x5FD7,0x0},
    {0x2F89F,0x5FF9,0x0}, {0x2F8A0,0x6081,0x0}, {0x2F8A1,0x393A,0x0}, {0x2F8A2,0x391C,0x0},
    {0x2F8A3,0x6094,0x0}, {0x2F8A4,0x226D4,0x0}, {0x2F8A5,0x60C7,0x0}, {0x2F8A6,0x6148,0x0},
    {0x2F8A7,0x614C,0x0}, {0x2F8A8,0x614E,0x0}, {0x2F8A9,0x614C,0x0}, {0x2F8AA,0x617A,0x0},
    {0x2F8AB,0x618E,0x0}, {0x2F8AC,0x61B2,0x0}, {0x2F8AD,0x61A4,0x0}, {0x2F8AE,0x61AF,0x0},
    {0x2F8AF,0x61DE,0x0}, {0x2F8B0,0x61F2,0x0}, {0x2F8B1,0x61F6,0x0}, {0x2F8B2,0x6210,0x0},
    {0x2F8B3,0x621B,0x0}, {0x2F8B4,0x625D,0x0}, {0x2F8B5,0x62B1,0x0}, {0x2F8B6,0x62D4,0x0},
    {0x2F8B7,0x6350,0x0}, {0x2F8B8,0x22B0C,0x0}, {0x2F8B9,0x633D,0x0}, {0x2F8BA,0x62FC,0x0},
    {0x2F8BB,0x6368,0x0}, {0x2F8BC,0x6383,0x0}, {0x2F8BD,0x63E4,0x0}, {0x2F8BE,0x22BF1,0x0},
    {0x2F8BF,0x6422,0x0}, {0x2F8C0,0x63C5,0x0}, {0x2F8C1,0x63A9,0x0}, {0x2F8C2,0x3A2E,0x0},
    {0x2F8C3,0x6469,0x0}, {0x2F8C4,0x647E,0x0}, {0x2F8C5,0x649D,0x0}, {0x2F8C6,0x6477,0x0},
    {0x2F8C7,0x3A6C,0x0}, {0x2F8C8,0x654F,0x0}, {0x2F8C9,0x656C,0x0}, {0x2F8CA,0x2300A,0x0},
    {0x2F8CB,0x65E3,0x0}, {0x2F8CC,0x66F8,0x0}, {0x2F8CD,0x6649,0x0}, {0x2F8CE,0x3B19,0x0},
    {0x2F8CF,0x6691,0x0}, {0x2F8D0,0x3B08,0x0}, {0x2F8D1,0x3AE4,0x0}, {0x2F8D2,0x5192,0x0},
    {0x2F8D3,0x5195,0x0}, {0x2F8D4,0x6700,0x0}, {0x2F8D5,0x669C,0x0}, {0x2F8D6,0x80AD,0x0},
    {0x2F8D7,0x43D9,0x0}, {0x2F8D8,0x6717,0x0}, {0x2F8D9,0x671B,0x0}, {0x2F8DA,0x6721,0x0},
    {0x2F8DB,0x675E,0x0}, {0x2F8DC,0x6753,0x0}, {0x2F8DD,0x233C3,0x0}, {0x2F8DE,0x3B49,0x0},
    {0x2F8DF,0x67FA,0x0}, {0x2F8E0,0x6785,0x0}, {0x2F8E1,0x6852,0x0}, {0x2F8E2,0x6885,0x0},
    {0x2F8E3,0x2346D,0x0}, {0x2F8E4,0x688E,0x0}, {0x2F8E5,0x681F,0x0}, {0x2F8E6,0x6914,0x0},
    {0x2F8E7,0x3B9D,0x0}, {0x2F8E8,0x6942,0x0}, {0x2F8E9,0x69A3,0x0}, {0x2F8EA,0x69EA,0x0},
    {0x2F8EB,0x6AA8,0x0}, {0x2F8EC,0x236A3,0x0}, {0x2F8ED,0x6ADB,0x0}, {0x2F8EE,0x3C18,0x0},
    {0x2F8EF,0x6B21,0x0}, {0x2F8F0,0x238A7,0x0}, {0x2F8F1,0x6B54,0x0}, {0x2F8F2,0x3C4E,0x0},
    {0x2F8F3,0x6B72,0x0}, {0x2F8F4,0x6B9F,0x0}, {0x2F8F5,0x6BBA,0x0}, {0x2F8F6,0x6BBB,0x0},
    {0x2F8F7,0x23A8D,0x0}, {0x2F8F8,0x21D0B,0x0}, {0x2F8F9,0x23AFA,0x0}, {0x2F8FA,0x6C4E,0x0},
    {0x2F8FB,0x23CBC,0x0}, {0x2F8FC,0x6CBF,0x0}, {0x2F8FD,0x6CCD,0x0}, {0x2F8FE,0x6C67,0x0},
    {0x2F8FF,0x6D16,0x0}, {0x2F900,0x6D3E,0x0}, {0x2F901,0x6D77,0x0}, {0x2F902,0x6D41,0x0},
    {0x2F903,0x6D69,0x0}, {0x2F904,0x6D78,0x0}, {0x2F905,0x6D85,0x0}, {0x2F906,0x23D1E,0x0},
    {0x2F907,0x6D34,0x0}, {0x2F908,0x6E2F,0x0}, {0x2F909,0x6E6E,0x0}, {0x2F90A,0x3D33,0x0},
    {0x2F90B,0x6ECB,0x0}, {0x2F90C,0x6EC7,0x0}, {0x2F90D,0x23ED1,0x0}, {0x2F90E,0x6DF9,0x0},
    {0x2F90F,0x6F6E,0x0}, {0x2F910,0x23F5E,0x0}, {0x2F911,0x23F8E,0x0}, {0x2F912,0x6FC6,0x0},
    {0x2F913,0x7039,0x0}, {0x2F914,0x701E,0x0}, {0x2F915,0x701B,0x0}, {0x2F916,0x3D96,0x0},
    {0x2F917,0x704A,0x0}, {0x2F918,0x707D,0x0}, {0x2F919,0x7077,0x0}, {0x2F91A,0x70AD,0x0},
    {0x2F91B,0x20525,0x0}, {0x2F91C,0x7145,0x0}, {0x2F91D,0x24263,0x0}, {0x2F91E,0x719C,0x0},
    {0x2F91F,0x243AB,0x0}, {0x2F920,0x7228,0x0}, {0x2F921,0x7235,0x0}, {0x2F922,0x7250,0x0},
    {0x2F923,0x24608,0x0}, {0x2F924,0x7280,0x0}, {0x2F925,0x7295,0x0}, {0x2F926,0x24735,0x0},
    {0x2F927,0x24814,0x0}, {0x2F928,0x737A,0x0}, {0x2F929,0x738B,0x0}, {0x2F92A,0x3EAC,0x0},
    {0x2F92B,0x73A5,0x0}, {0x2F92C,0x3EB8,0x0}, {0x2F92D,0x3EB8,0x0}, {0x2F92E,0x7447,0x0},
    {0x2F92F,0x745C,0x0}, {0x2F930,0x7471,0x0}, {0x2F931,0x7485,0x0}, {0x2F932,0x74CA,0x0},
    {0x2F933,0x3F1B,0x0}, {0x2F934,0x7524,0x0}, {0x2F935,0x24C36,0x0}, {0x2F936,0x753E,0x0},
    {0x2F937,0x24C92,0x0}, {0x2F938,0x7570,0x0}, {0x2F939,0x2219F,0x0}, {0x2F93A,0x7610,0x0},
    {0x2F93B,0x24FA1,0x0}, {0x2F93C,0x24FB8,0x0}, {0x2F93D,0x25044,0x0}, {0x2F93E,0x3FFC,0x0},
    {0x2F93F,0x4008,0x0}, {0x2F940,0x76F4,0x0}, {0x2F941,0x250F3,0x0}, {0x2F942,0x250F2,0x0},
    {0x2F943,0x25119,0x0}, {0x2F944,0x25133,0x0}, {0x2F945,0x771E,0x0}, {0x2F946,0x771F,0x0},
    {0x2F947,0x771F,0x0}, {0x2F948,0x774A,0x0}, {0x2F949,0x4039,0x0}, {0x2F94A,0x778B,0x0},
    {0x2F94B,0x4046,0x0}, {0x2F94C,0x4096,0x0}, {0x2F94D,0x2541D,0x0}, {0x2F94E,0x784E,0x0},
    {0x2F94F,0x788C,0x0}, {0x2F950,0x78CC,0x0}, {0x2F951,0x40E3,0x0}, {0x2F952,0x25626,0x0},
    {0x2F953,0x7956,0x0}, {0x2F954,0x2569A,0x0}, {0x2F955,0x256C5,0x0}, {0x2F956,0x798F,0x0},
    {0x2F957,0x79EB,0x0}, {0x2F958,0x412F,0x0}, {0x2F959,0x7A40,0x0}, {0x2F95A,0x7A4A,0x0},
    {0x2F95B,0x7A4F,0x0}, {0x2F95C,0x2597C,0x0}, {0x2F95D,0x25AA7,0x0}, {0x2F95E,0x25AA7,0x0},
    {0x2F95F,0x7AEE,0x0}, {0x2F960,0x4202,0x0}, {0x2F961,0x25BAB,0x0}, {0x2F962,0x7BC6,0x0},
    {0x2F963,0x7BC9,0x0}, {0x2F964,0x4227,0x0}, {0x2F965,0x25C80,0x0}, {0x2F966,0x7CD2,0x0},
    {0x2F967,0x42A0,0x0}, {0x2F968,0x7CE8,0x0}, {0x2F969,0x7CE3,0x0}, {0x2F96A,0x7D00,0x0},
    {0x2F96B,0x25F86,0x0}, {0x2F96C,0x7D63,0x0}, {0x2F96D,0x4301,0x0}, {0x2F96E,0x7DC7,0x0},
    {0x2F96F,0x7E02,0x0}, {0x2F970,0x7E45,0x0}, {0x2F971,0x4334,0x0}, {0x2F972,0x26228,0x0},
    {0x2F973,0x26247,0x0}, {0x2F974,0x4359,0x0}, {0x2F975,0x262D9,0x0}, {0x2F976,0x7F7A,0x0},
    {0x2F977,0x2633E,0x0}, {0x2F978,0x7F95,0x0}, {0x2F979,0x7FFA,0x0}, {0x2F97A,0x8005,0x0},
    {0x2F97B,0x264DA,0x0}, {0x2F97C,0x26523,0x0}, {0x2F97D,0x8060,0x0}, {0x2F97E,0x265A8,0x0},
    {0x2F97F,0x8070,0x0}, {0x2F980,0x2335F,0x0}, {0x2F981,0x43D5,0x0}, {0x2F982,0x80B2,0x0},
    {0x2F983,0x8103,0x0}, {0x2F984,0x440B,0x0}, {0x2F985,0x813E,0x0}, {0x2F986,0x5AB5,0x0},
    {0x2F987,0x267A7,0x0}, {0x2F988,0x267B5,0x0}, {0x2F989,0x23393,0x0}, {0x2F98A,0x2339C,0x0},
    {0x2F98B,0x8201,0x0}, {0x2F98C,0x8204,0x0}, {0x2F98D,0x8F9E,0x0}, {0x2F98E,0x446B,0x0},
    {0x2F98F,0x8291,0x0}, {0x2F990,0x828B,0x0}, {0x2F991,0x829D,0x0}, {0x2F992,0x52B3,0x0},
    {0x2F993,0x82B1,0x0}, {0x2F994,0x82B3,0x0}, {0x2F995,0x82BD,0x0}, {0x2F996,0x82E6,0x0},
    {0x2F997,0x26B3C,0x0}, {0x2F998,0x82E5,0x0}, {0x2F999,0x831D,0x0}, {0x2F99A,0x8363,0x0},
    {0x2F99B,0x83AD,0x0}, {0x2F99C,0x8323,0x0}, {0x2F99D,0x83BD,0x0}, {0x2F99E,0x83E7,0x0},
    {0x2F99F,0x8457,0x0}, {0x2F9A0,0x8353,0x0}, {0x2F9A1,0x83CA,0x0}, {0x2F9A2,0x83CC,0x0},
    {0x2F9A3,0x83DC,0x0}, {0x2F9A4,0x26C36,0x0}, {0x2F9A5,0x26D6B,0x0}, {0x2F9A6,0x26CD5,0x0},
    {0x2F9A7,0x452B,0x0}, {0x2F9A8,0x84F1,0x0}, {0x2F9A9,0x84F3,0x0}, {0x2F9AA,0x8516,0x0},
    {0x2F9AB,0x273CA,0x0}, {0x2F9AC,0x8564,0x0}, {0x2F9AD,0x26F2C,0x0}, {0x2F9AE,0x455D,0x0},
    {0x2F9AF,0x4561,0x0}, {0x2F9B0,0x26FB1,0x0}, {0x2F9B1,0x270D2,0x0}, {0x2F9B2,0x456B,0x0},
    {0x2F9B3,0x8650,0x0}, {0x2F9B4,0x865C,0x0}, {0x2F9B5,0x8667,0x0}, {0x2F9B6,0x8669,0x0},
    {0x2F9B7,0x86A9,0x0}, {0x2F9B8,0x8688,0x0}, {0x2F9B9,0x870E,0x0}, {0x2F9BA,0x86E2,0x0},
    {0x2F9BB,0x8779,0x0}, {0x2F9BC,0x8728,0x0}, {0x2F9BD,0x876B,0x0}, {0x2F9BE,0x8786,0x0},
    {0x2F9BF,0x45D7,0x0}, {0x2F9C0,0x87E1,0x0}, {0x2F9C1,0x8801,0x0}, {0x2F9C2,0x45F9,0x0},
    {0x2F9C3,0x8860,0x0}, {0x2F9C4,0x8863,0x0}, {0x2F9C5,0x27667,0x0}, {0x2F9C6,0x88D7,0x0},
    {0x2F9C7,0x88DE,0x0}, {0x2F9C8,0x4635,0x0}, {0x2F9C9,0x88FA,0x0}, {0x2F9CA,0x34BB,0x0},
    {0x2F9CB,0x278AE,0x0}, {0x2F9CC,0x27966,0x0}, {0x2F9CD,0x46BE,0x0}, {0x2F9CE,0x46C7,0x0},
    {0x2F9CF,0x8AA0,0x0}, {0x2F9D0,0x8AED,0x0}, {0x2F9D1,0x8B8A,0x0}, {0x2F9D2,0x8C55,0x0},
    {0x2F9D3,0x27CA8,0x0}, {0x2F9D4,0x8CAB,0x0}, {0x2F9D5,0x8CC1,0x0}, {0x2F9D6,0x8D1B,0x0},
    {0x2F9D7,0x8D77,0x0}, {0x2F9D8,0x27F2F,0x0}, {0x2F9D9,0x20804,0x0}, {0x2F9DA,0x8DCB,0x0},
    {0x2F9DB,0x8DBC,0x0}, {0x2F9DC,0x8DF0,0x0}, {0x2F9DD,0x208DE,0x0}, {0x2F9DE,0x8ED4,0x0},
    {0x2F9DF,0x8F38,0x0}, {0x2F9E0,0x285D2,0x0}, {0x2F9E1,0x285ED,0x0}, {0x2F9E2,0x9094,0x0},
    {0x2F9E3,0x90F1,0x0}, {0x2F9E4,0x9111,0x0}, {0x2F9E5,0x2872E,0x0}, {0x2F9E6,0x911B,0x0},
    {0x2F9E7,0x9238,0x0}, {0x2F9E8,0x92D7,0x0}, {0x2F9E9,0x92D8,0x0}, {0x2F9EA,0x927C,0x0},
    {0x2F9EB,0x93F9,0x0}, {0x2F9EC,0x9415,0x0}, {0x2F9ED,0x28BFA,0x0}, {0x2F9EE,0x958B,0x0},
    {0x2F9EF,0x4995,0x0}, {0x2F9F0,0x95B7,0x0}, {0x2F9F1,0x28D77,0x0}, {0x2F9F2,0x49E6,0x0},
    {0x2F9F3,0x96C3,0x0}, {0x2F9F4,0x5DB2,0x0}, {0x2F9F5,0x9723,0x0}, {0x2F9F6,0x29145,0x0},
    {0x2F9F7,0x2921A,0x0}, {0x2F9F8,0x4A6E,0x0}, {0x2F9F9,0x4A76,0x0}, {0x2F9FA,0x97E0,0x0},
    {0x2F9FB,0x2940A,0x0}, {0x2F9FC,0x4AB2,0x0}, {0x2F9FD,0x29496,0x0}, {0x2F9FE,0x980B,0x0},
    {0x2F9FF,0x980B,0x0}, {0x2FA00,0x9829,0x0}, {0x2FA01,0x295B6,0x0}, {0x2FA02,0x98E2,0x0},
    {0x2FA03,0x4B33,0x0}, {0x2FA04,0x9929,0x0}, {0x2FA05,0x99A7,0x0}, {0x2FA06,0x99C2,0x0},
    {0x2FA07,0x99FE,0x0}, {0x2FA08,0x4BCE,0x0}, {0x2FA09,0x29B30,0x0}, {0x2FA0A,0x9B12,0x0},
    {0x2FA0B,0x9C40,0x0}, {0x2FA0C,0x9CFD,0x0}, {0x2FA0D,0x4CCE,0x0}, {0x2FA0E,0x4CED,0x0},
    {0x2FA0F,0x9D67,0x0}, {0x2FA10,0x2A0CE,0x0}, {0x2FA11,0x4CF8,0x0}, {0x2FA12,0x2A105,0x0},
    {0x2FA13,0x2A20E,0x0}, {0x2FA14,0x2A291,0x0}, {0x2FA15,0x9EBB,0x0}, {0x2FA16,0x4D56,0x0},
    {0x2FA17,0x9EF9,0x0}, {0x2FA18,0x9EFE,0x0}, {0x2FA19,0x9F05,0x0}, {0x2FA1A,0x9F0F,0x0},
    {0x2FA1B,0x9F16,0x0}, {0x2FA1C,0x9F3B,0x0}, {0x2FA1D,0x2A600,0x0},
};
/* primary composites: indices into tl__uc_decomp sorted by (a, b) */
static const unsigned short tl__uc_comp[940] = {
    912, 909, 913, 0, 1, 2, 3, 53, 55, 238, 4, 572, 5, 165, 208, 210, 570, 415, 57, 417, 419, 421,
    59, 61, 63, 65, 6, 425, 67, 427, 431, 433, 429, 7, 8, 9, 598, 69, 71, 73, 10, 596, 77, 212, 214,
    594, 240, 75, 439, 441, 445, 198, 79, 447, 81, 83, 187, 85, 87, 449, 453, 236, 451, 455, 457, 11,
    12, 13, 89, 91, 93, 97, 14, 610, 167, 216, 218, 612, 95, 459, 98, 463, 189, 465, 100, 467, 102,
    106, 469, 104, 475, 473, 477, 479, 481, 200, 108, 15, 483, 112, 485, 110, 489, 487, 16, 17, 18,
    19, 114, 116, 246, 20, 616, 118, 169, 220, 222, 161, 614, 191, 499, 501, 120, 503, 124, 224, 226,
    505, 122, 509, 126, 128, 511, 132, 513, 232, 130, 521, 136, 523, 234, 134, 527, 525, 21, 22, 23,
    138, 140, 142, 24, 640, 144, 146, 171, 228, 230, 163, 638, 529, 148, 533, 531, 539, 541, 543,
    545, 150, 549, 547, 551, 553, 555, 652, 25, 152, 658, 250, 557, 154, 656, 654, 155, 559, 157,
    159, 561, 563, 26, 27, 28, 29, 54, 56, 239, 30, 573, 31, 166, 209, 211, 571, 416, 58, 418, 420,
    422, 60, 62, 64, 66, 32, 426, 68, 428, 432, 434, 430, 33, 34, 35, 599, 70, 72, 74, 36, 597, 78,
    213, 215, 595, 241, 76, 440, 442, 446, 199, 80, 448, 82, 84, 188, 86, 88, 450, 454, 237, 452,
    456, 458, 565, 37, 38, 39, 90, 92, 94, 40, 611, 168, 217, 219, 613, 96, 460, 99, 197, 464, 190,
    466, 101, 468, 103, 107, 470, 105, 476, 474, 478, 480, 482, 201, 109, 41, 484, 113, 486, 111,
    490, 488, 42, 43, 44, 45, 115, 117, 247, 46, 617, 119, 170, 221, 223, 162, 615, 192, 500, 502,
    121, 504, 125, 225, 227, 506, 123, 510, 127, 129, 512, 133, 514, 233, 131, 522, 566, 137, 524,
    235, 135, 528, 526, 47, 48, 49, 139, 141, 143, 50, 641, 145, 147, 172, 229, 231, 164, 639, 530,
    149, 534, 532, 540, 542, 544, 546, 151, 550, 548, 567, 552, 554, 556, 653, 51, 153, 659, 251,
    558, 52, 657, 568, 655, 156, 560, 158, 160, 562, 564, 875, 258, 835, 576, 574, 580, 578, 181,
    202, 204, 185, 423, 602, 600, 606, 604, 461, 620, 618, 624, 622, 491, 244, 493, 242, 206, 179,
    175, 173, 177, 577, 575, 581, 579, 182, 203, 205, 186, 424, 603, 601, 607, 605, 462, 621, 619,
    625, 623, 492, 245, 494, 243, 207, 180, 176, 174, 178, 586, 584, 590, 588, 587, 585, 591, 589,
    435, 437, 436, 438, 495, 497, 496, 498, 515, 516, 517, 518, 535, 536, 537, 538, 569, 630, 628,
    634, 632, 636, 631, 629, 635, 633, 637, 644, 642, 648, 646, 650, 645, 643, 649, 647, 651, 195,
    193, 194, 183, 184, 443, 444, 248, 249, 196, 831, 259, 830, 829, 668, 669, 833, 841, 261, 682,
    683, 843, 262, 696, 697, 845, 857, 263, 856, 855, 268, 712, 713, 883, 264, 726, 727, 874, 872,
    265, 871, 870, 269, 740, 885, 266, 752, 753, 887, 826, 838, 760, 270, 823, 822, 660, 661, 827,
    825, 762, 271, 676, 677, 764, 272, 688, 689, 839, 837, 766, 273, 850, 849, 275, 704, 705, 853,
    768, 277, 720, 721, 866, 867, 770, 278, 863, 862, 276, 732, 733, 868, 772, 279, 744, 745, 881,
    879, 851, 267, 854, 864, 274, 869, 880, 280, 281, 285, 302, 304, 284, 282, 306, 283, 300, 310,
    312, 287, 314, 289, 316, 286, 318, 324, 288, 326, 328, 330, 332, 322, 303, 305, 293, 291, 307,
    292, 301, 311, 313, 296, 315, 290, 317, 295, 319, 325, 297, 327, 329, 331, 333, 323, 294, 298,
    299, 308, 309, 320, 321, 334, 335, 337, 336, 338, 340, 341, 339, 342, 343, 344, 353, 354, 365,
    364, 366, 369, 370, 372, 371, 373, 374, 377, 375, 376, 378, 379, 381, 380, 382, 383, 385, 384,
    403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 471, 472, 507, 508, 519, 520, 582,
    592, 583, 593, 608, 609, 626, 627, 662, 664, 666, 774, 663, 665, 667, 775, 776, 777, 778, 779,
    780, 781, 670, 672, 674, 782, 671, 673, 675, 783, 784, 785, 786, 787, 788, 789, 678, 680, 679,
    681, 684, 686, 685, 687, 690, 692, 694, 790, 691, 693, 695, 791, 792, 793, 794, 795, 796, 797,
    698, 700, 702, 798, 699, 701, 703, 799, 800, 801, 802, 803, 804, 805, 706, 708, 710, 707, 709,
    711, 714, 716, 718, 715, 717, 719, 722, 724, 723, 725, 728, 730, 729, 731, 734, 736, 738, 735,
    737, 739, 741, 742, 743, 746, 748, 750, 806, 747, 749, 751, 807, 808, 809, 810, 811, 812, 813,
    754, 756, 758, 814, 755, 757, 759, 815, 816, 817, 818, 819, 820, 821, 824, 836, 878, 828, 846,
    847, 848, 840, 882, 859, 860, 861, 894, 895, 896, 897, 899, 898, 900, 901, 902, 903, 904, 905,
    906, 907, 908, 911, 910, 914, 915, 916, 917, 918, 919, 920, 921, 930, 931, 922, 923, 924, 925,
    932, 933, 926, 927, 928, 929, 934, 935, 936, 937, 966, 941, 942, 943, 944, 945, 946, 947, 948,
    949, 950, 951, 952, 953, 954, 955, 956, 957, 958, 959, 960, 961, 962, 963, 964, 965, 967, 993,
    968, 969, 970, 971, 972, 973, 974, 975, 976, 977, 978, 979, 980, 981, 982, 983, 984, 985, 986,
    987, 988, 989, 990, 991, 992, 994, 995, 996, 997, 998, 1493, 1494, 1495, 1496, 1497, 1498, 1499,
    1501, 1500, 1502, 1503, 1504,
};
/* ---- end of generated tables ---- */

#define TL__TOK_NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int tl__urange_find(const tl__urange *r, int n, uint32_t cp) {
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (cp < r[mid].lo) hi = mid - 1;
        else if (cp > r[mid].hi) lo = mid + 1;
        else return mid;
    }
    return -1;
}

/* regex classes of the pre-tokenizer: \p{L}, \p{N}, \s (never two at once) */
enum { TL__CL_L = 1, TL__CL_N = 2, TL__CL_S = 4 };

static int tl__uclass(uint32_t cp) {
    int k;
    if (cp < 128) {
        if ((uint32_t)((cp | 32) - 'a') < 26) return TL__CL_L;
        if ((uint32_t)(cp - '0') < 10) return TL__CL_N;
        return (cp == ' ' || (cp >= 9 && cp <= 13)) ? TL__CL_S : 0;
    }
    k = tl__urange_find(tl__uc_class, TL__TOK_NELEM(tl__uc_class), cp);
    return k < 0 ? 0 : tl__uc_class[k].v;
}

static int tl__ccc(uint32_t cp) {
    int k;
    if (cp < 0x300) return 0;
    k = tl__urange_find(tl__uc_ccc, TL__TOK_NELEM(tl__uc_ccc), cp);
    return k < 0 ? 0 : tl__uc_ccc[k].v;
}

/* ---- UTF-8 ---- */

/* s[0..n), n >= 1: length of the valid character at s (1..4); 0 if s is a valid but incomplete
   prefix; -k if the first k bytes are a maximal invalid subpart (one U+FFFD, as Python and
   Rust's from_utf8_lossy replace them) */
static int tl__u8check(const unsigned char *s, size_t n) {
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    int need, k;
    if (c < 0x80) return 1;
    if (c < 0xC2) return -1;
    if (c < 0xE0) need = 1;
    else if (c < 0xF0) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c < 0xF5) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else return -1;
    for (k = 1; k <= need; k++) {
        if ((size_t)k >= n) return 0;
        if (s[k] < lo || s[k] > hi) return -k;
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

/* decode one character of text already known to be valid UTF-8 */
static uint32_t tl__u8get(const unsigned char *s, size_t i, int *len) {
    unsigned c = s[i];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xE0) { *len = 2; return ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu); }
    if (c < 0xF0) { *len = 3; return ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu); }
    *len = 4;
    return ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
}

static int tl__u8put(unsigned char *o, uint32_t cp) {
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | (cp >> 6)); o[1] = (unsigned char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12)); o[1] = (unsigned char)(0x80 | ((cp >> 6) & 63));
        o[2] = (unsigned char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18)); o[1] = (unsigned char)(0x80 | ((cp >> 12) & 63));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 63)); o[3] = (unsigned char)(0x80 | (cp & 63));
    return 4;
}

/* GPT-2 bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 bytes
   (0-32, 127-160, 173) become U+0100.. in order */
static uint32_t tl__b2u(unsigned b) {
    if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174) return b;
    if (b <= 32) return 256 + b;
    if (b <= 160) return 256 + 33 + (b - 127);
    return 256 + 67; /* 173 */
}
static int tl__u2b(uint32_t cp) {
    if ((cp >= 33 && cp <= 126) || (cp >= 161 && cp <= 172) || (cp >= 174 && cp <= 255)) return (int)cp;
    if (cp < 256 || cp >= 256 + 68) return -1;
    cp -= 256;
    if (cp <= 32) return (int)cp;
    if (cp <= 66) return (int)(127 + cp - 33);
    return 173;
}

/* a byte-string hash for the hash tables (internal only, so host byte order is fine) */
static uint64_t tl__bhash(const unsigned char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n, v;
    while (n >= 8) {
        memcpy(&v, p, 8);
        h = (h ^ v) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    v = 0;
    if (n) memcpy(&v, p, n);
    h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    h *= 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 32);
}

/* ---- tokenizer data ---- */

typedef struct tl__merge { uint64_t key; int rank, id; } tl__merge; /* key (a << 32 | b); ~0 empty */
typedef struct tl__added { uint32_t off, len; int id, special; } tl__added;
typedef struct tl__cslot { uint32_t h, off; uint16_t klen, nids; } tl__cslot; /* klen 0: empty */

#define TL__CACHE_SLOTS (1u << 16)      /* word cache: open addressing, cleared when half full */
#define TL__CACHE_ARENA (1u << 21)      /* ids + key bytes of the cached words */
#define TL__CACHE_MAXKEY 64             /* longer words are not cached */

struct tl__tokdata {
    char *bytes;              /* raw bytes of every token, each followed by a NUL */
    uint32_t *off;            /* [n_vocab] offset into bytes */
    uint16_t *len;            /* [n_vocab] */
    unsigned char *flags;     /* [n_vocab] TL__TF_* */
    int byte_id[256];         /* the token of each single byte, -1 if none */
    tl__merge *merges;        /* hash table (a, b) -> rank, merged id */
    uint64_t mmask;
    tl__added *added;         /* sorted by first byte, then longest first */
    int nadded;
    char *astr;               /* contents of the added tokens */
    unsigned char added_first[256]; /* bytes that start an added token */
    int nfc, ignore_merges;
    uint32_t *rawh;           /* ignore_merges only: raw bytes -> id + 1 */
    uint64_t rawmask;
    tl__cslot *cache;         /* bounded word -> ids cache, allocated on first use */
    unsigned char *carena;
    size_t carena_len;
    int ccount, cache_failed;
};

enum { TL__TF_TOKEN = 1, TL__TF_SPECIAL = 2, TL__TF_ADDED = 4 };

static int tl__tok_valid(const tl_tokenizer *t, int id) {
    return t && t->d && id >= 0 && id < t->n_vocab && (t->d->flags[id] & TL__TF_TOKEN);
}

static const tl__merge *tl__merge_find(const tl__tokdata *d, int a, int b) {
    uint64_t key = ((uint64_t)(uint32_t)a << 32) | (uint32_t)b, i;
    if (!d->merges) return NULL;
    i = (key * 0x9E3779B97F4A7C15ull) >> 20;
    for (;; i++) {
        const tl__merge *m = &d->merges[i & d->mmask];
        if (m->key == key) return m;
        if (m->key == ~(uint64_t)0) return NULL;
    }
}

/* ---- per-call scratch of tl_encode ---- */
typedef struct tl__bheap { int rank, pos, id; } tl__bheap;

typedef struct tl__enc {
    tl_tokenizer *t;
    int *ids, cap, flags;
    long long count;
    unsigned char *nrm; size_t nlen, ncap;        /* NFC output of one segment */
    uint32_t *cp; unsigned char *cc; size_t ncp, cpcap; /* code points of one NFC region */
    int *sym; size_t symcap;                      /* BPE: id, prev, next per byte */
    tl__bheap *heap; size_t heapcap;
    int *out; size_t outcap;                      /* BPE result */
} tl__enc;

/* room for need elements of elem bytes in buffer p of capacity *cap (doubling); returns the
   buffer, maybe moved, or NULL when out of memory (p stays valid) */
static void *tl__grow_buf(void *p, size_t *cap, size_t need, size_t elem) {
    size_t ncap = *cap ? *cap : 64, bytes;
    void *np;
    if (need <= *cap && p) return p;
    while (ncap < need) {
        if (ncap > ((size_t)-1) / 4) return NULL;
        ncap *= 2;
    }
    if (!tl__mul_ok(ncap, elem, &bytes)) return NULL;
    np = TL_REALLOC(p, bytes);
    if (!np) return NULL;
    *cap = ncap;
    return np;
}

static void tl__enc_free(tl__enc *e) {
    TL_FREE(e->nrm); TL_FREE(e->cp); TL_FREE(e->cc); TL_FREE(e->sym); TL_FREE(e->heap); TL_FREE(e->out);
}

static int tl__tok_emit(tl__enc *e, int id) {
    if (e->count >= INT_MAX) return 0;
    if (e->count < e->cap) e->ids[e->count] = id;
    e->count++;
    return 1;
}

/* ---- NFC ---- */

static const tl__udecomp *tl__decomp_find(uint32_t cp) {
    int lo = 0, hi = TL__TOK_NELEM(tl__uc_decomp) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (cp < tl__uc_decomp[mid].c) hi = mid - 1;
        else if (cp > tl__uc_decomp[mid].c) lo = mid + 1;
        else return &tl__uc_decomp[mid];
    }
    return NULL;
}

#define TL__SBASE 0xAC00u
#define TL__LBASE 0x1100u
#define TL__VBASE 0x1161u
#define TL__TBASE 0x11A7u
#define TL__SCOUNT 11172u

static uint32_t tl__compose(uint32_t a, uint32_t b) {
    int lo = 0, hi = TL__TOK_NELEM(tl__uc_comp) - 1;
    if (a >= TL__LBASE && a < TL__LBASE + 19 && b >= TL__VBASE && b < TL__VBASE + 21)
        return TL__SBASE + ((a - TL__LBASE) * 21 + (b - TL__VBASE)) * 28;
    if (a >= TL__SBASE && a < TL__SBASE + TL__SCOUNT && (a - TL__SBASE) % 28 == 0 && b > TL__TBASE && b < TL__TBASE + 28)
        return a + (b - TL__TBASE);
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        const tl__udecomp *d = &tl__uc_decomp[tl__uc_comp[mid]];
        if (a < d->a || (a == d->a && b < d->b)) hi = mid - 1;
        else if (a > d->a || b > d->b) lo = mid + 1;
        else return d->c;
    }
    return 0;
}

static int tl__decompose(tl__enc *e, uint32_t cp, int depth) {
    void *np;
    const tl__udecomp *d;
    if (cp >= TL__SBASE && cp < TL__SBASE + TL__SCOUNT) {
        uint32_t s = cp - TL__SBASE, t = s % 28;
        if (!tl__decompose(e, TL__LBASE + s / 588, depth + 1)) return 0;
        if (!tl__decompose(e, TL__VBASE + (s % 588) / 28, depth + 1)) return 0;
        return t ? tl__decompose(e, TL__TBASE + t, depth + 1) : 1;
    }
    d = depth < 8 ? tl__decomp_find(cp) : NULL;
    if (d) {
        if (!tl__decompose(e, d->a, depth + 1)) return 0;
        return d->b ? tl__decompose(e, d->b, depth + 1) : 1;
    }
    if (e->ncp == e->cpcap) {
        size_t c1 = e->cpcap, c2 = e->cpcap;
        if (!(np = tl__grow_buf(e->cp, &c1, e->ncp + 1, sizeof *e->cp))) return 0;
        e->cp = (uint32_t *)np;
        if (!(np = tl__grow_buf(e->cc, &c2, e->ncp + 1, 1))) return 0;
        e->cc = (unsigned char *)np;
        e->cpcap = c1 < c2 ? c1 : c2;
    }
    e->cc[e->ncp] = (unsigned char)tl__ccc(cp);
    e->cp[e->ncp++] = cp;
    return 1;
}

/* stable sort of a run of non-starters by combining class; counting sort for long runs so
   that hostile input stays linear */
static int tl__ccc_sort(tl__enc *e, size_t a, size_t b) {
    size_t i, j, n = b - a;
    if (n <= 16) {
        for (i = a + 1; i < b; i++) {
            uint32_t c = e->cp[i];
            unsigned char k = e->cc[i];
            for (j = i; j > a && e->cc[j - 1] > k; j--) { e->cp[j] = e->cp[j - 1]; e->cc[j] = e->cc[j - 1]; }
            e->cp[j] = c;
            e->cc[j] = k;
        }
        return 1;
    } else {
        size_t start[257], *pos = start;
        uint32_t *tmp = (uint32_t *)TL_MALLOC(n * sizeof *tmp);
        if (!tmp) return 0;
        memset(start, 0, sizeof start);
        for (i = a; i < b; i++) start[e->cc[i] + 1]++;
        for (i = 1; i < 257; i++) start[i] += start[i - 1];
        for (i = a; i < b; i++) tmp[pos[e->cc[i]]++] = e->cp[i];
        for (i = 0; i < n; i++) { e->cp[a + i] = tmp[i]; e->cc[a + i] = (unsigned char)tl__ccc(tmp[i]); }
        TL_FREE(tmp);
        return 1;
    }
}

/* normalize one region (decompose, reorder, compose) and append it to e->nrm */
static int tl__nfc_region(tl__enc *e, const unsigned char *s, size_t n) {
    void *np;
    size_t i = 0, k, comp, starter = 0;
    int last, have_starter;
    e->ncp = 0;
    while (i < n) {
        int l;
        uint32_t c = tl__u8get(s, i, &l);
        if (!tl__decompose(e, c, 0)) return 0;
        i += (size_t)l;
    }
    for (i = 0; i < e->ncp;) {
        if (!e->cc[i]) { i++; continue; }
        for (k = i; k < e->ncp && e->cc[k]; k++) {}
        if (k - i > 1 && !tl__ccc_sort(e, i, k)) return 0;
        i = k;
    }
    /* canonical composition (UAX #15): a character composes with the last starter unless a
       character between them has class 0 or a class >= its own */
    have_starter = e->ncp > 0 && e->cc[0] == 0;
    last = have_starter ? 0 : 256;
    comp = e->ncp ? 1 : 0;
    for (i = 1; i < e->ncp; i++) {
        uint32_t c = e->cp[i], x;
        int cl = e->cc[i];
        if (have_starter && (last < cl || last == 0) && (x = tl__compose(e->cp[starter], c)) != 0) {
            e->cp[starter] = x;
            continue;
        }
        if (cl == 0) { starter = comp; have_starter = 1; }
        last = cl;
        e->cp[comp] = c;
        e->cc[comp] = (unsigned char)cl;
        comp++;
    }
    if (!(np = tl__grow_buf(e->nrm, &e->ncap, e->nlen + comp * 4 + 1, 1))) return 0;
    e->nrm = (unsigned char *)np;
    for (i = 0; i < comp; i++) e->nlen += (size_t)tl__u8put(e->nrm + e->nlen, e->cp[i]);
    return 1;
}

static int tl__nrm_append(tl__enc *e, const unsigned char *s, size_t n) {
    void *np;
    if (!(np = tl__grow_buf(e->nrm, &e->ncap, e->nlen + n + 1, 1))) return 0;
    e->nrm = (unsigned char *)np;
    memcpy(e->nrm + e->nlen, s, n);
    e->nlen += n;
    return 1;
}

/* NFC of valid UTF-8 s[0..n). Returns 0 when s is already NFC, 1 when e->nrm holds the result,
   -1 when out of memory. Text is cut into regions that start at a "stable" character (class 0,
   NFC_QC=Yes: nothing composes across its left edge); only regions with a character that is
   not stable are renormalized. Code points below U+0300 are all stable: the fast path. */
static int tl__nfc(tl__enc *e, const unsigned char *s, size_t n) {
    size_t i = 0, stable = 0, copied = 0;
    int changed = 0;
    while (i < n) {
        unsigned b = s[i];
        int l;
        uint32_t c;
        size_t end;
        if (b < 0x80) { stable = i++; continue; }
        if (b < 0xCC) { stable = i; i += 2; continue; }
        c = tl__u8get(s, i, &l);
        if (tl__urange_find(tl__uc_nfcqc, TL__TOK_NELEM(tl__uc_nfcqc), c) < 0) { stable = i; i += (size_t)l; continue; }
        end = i + (size_t)l;
        while (end < n) {
            c = tl__u8get(s, end, &l);
            if (s[end] < 0xCC || tl__urange_find(tl__uc_nfcqc, TL__TOK_NELEM(tl__uc_nfcqc), c) < 0) break;
            end += (size_t)l;
        }
        if (!changed) { e->nlen = 0; changed = 1; }
        if (!tl__nrm_append(e, s + copied, stable - copied)) return -1;
        if (!tl__nfc_region(e, s + stable, end - stable)) return -1;
        copied = end;
        stable = i = end;
    }
    if (!changed) return 0;
    if (!tl__nrm_append(e, s + copied, n - copied)) return -1;
    return 1;
}

/* ---- BPE ---- */

static int tl__heap_less(const tl__bheap *a, const tl__bheap *b) {
    return a->rank < b->rank || (a->rank == b->rank && a->pos < b->pos);
}
static void tl__heap_push(tl__bheap *h, size_t *n, tl__bheap x) {
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!tl__heap_less(&x, &h[p])) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = x;
}
static tl__bheap tl__heap_pop(tl__bheap *h, size_t *n) {
    tl__bheap top = h[0], x = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && tl__heap_less(&h[c + 1], &h[c])) c++;
        if (!tl__heap_less(&h[c], &x)) break;
        h[i] = h[c];
        i = c;
    }
    if (*n) h[i] = x;
    return top;
}

#define TL__BPE_SMALL 48

/* BPE of a short word: the same rule as below (apply the pair of lowest rank, leftmost on
   ties) by scanning an array, which beats the heap for the usual 2..10 bytes. With each merge
   making a distinct token (true of real vocabularies), both orders are HF's exactly. */
static size_t tl__bpe_small(const tl__tokdata *d, const unsigned char *s, size_t n, int *out) {
    int id[TL__BPE_SMALL], rk[TL__BPE_SMALL], nid[TL__BPE_SMALL], m = 0, i, best;
    const tl__merge *mg;
    for (i = 0; i < (int)n; i++)
        if (d->byte_id[s[i]] >= 0) id[m++] = d->byte_id[s[i]]; /* no token for a byte: dropped, as HF does */
    for (i = 0; i + 1 < m; i++) {
        mg = tl__merge_find(d, id[i], id[i + 1]);
        rk[i] = mg ? mg->rank : INT_MAX;
        nid[i] = mg ? mg->id : -1;
    }
    while (m > 1) {
        for (best = 0, i = 1; i + 1 < m; i++)
            if (rk[i] < rk[best]) best = i;
        if (rk[best] == INT_MAX) break;
        id[best] = nid[best];
        m--;
        for (i = best + 1; i < m; i++) { id[i] = id[i + 1]; rk[i] = rk[i + 1]; nid[i] = nid[i + 1]; }
        if (best > 0) {
            mg = tl__merge_find(d, id[best - 1], id[best]);
            rk[best - 1] = mg ? mg->rank : INT_MAX;
            nid[best - 1] = mg ? mg->id : -1;
        }
        if (best + 1 < m) {
            mg = tl__merge_find(d, id[best], id[best + 1]);
            rk[best] = mg ? mg->rank : INT_MAX;
            nid[best] = mg ? mg->id : -1;
        }
    }
    for (i = 0; i < m; i++) out[i] = id[i];
    return (size_t)m;
}

/* merge the bytes of one pre-token like HF's Word::merge_all: repeatedly apply the pair of
   lowest rank (leftmost on ties) with a heap and lazy invalidation. Result in e->out. */
static int tl__bpe(tl__enc *e, const unsigned char *s, size_t n, size_t *nout) {
    void *np;
    const tl__tokdata *d = e->t->d;
    int *id, *prv, *nxt;
    size_t i, nh = 0, cnt = 0;
    int head = -1, last = -1;
    if (!(np = tl__grow_buf(e->out, &e->outcap, n, sizeof *e->out))) return 0;
    e->out = (int *)np;
    if (n <= TL__BPE_SMALL) {
        *nout = tl__bpe_small(d, s, n, e->out);
        return 1;
    }
    if (!(np = tl__grow_buf(e->sym, &e->symcap, 3 * n, sizeof *e->sym))) return 0;
    e->sym = (int *)np;
    if (!(np = tl__grow_buf(e->heap, &e->heapcap, 3 * n + 1, sizeof *e->heap))) return 0;
    e->heap = (tl__bheap *)np;
    id = e->sym;
    prv = id + n;
    nxt = prv + n;
    for (i = 0; i < n; i++) {
        int b = d->byte_id[s[i]];
        id[i] = b;
        if (b < 0) continue; /* no token for this byte and no unk token: HF drops it */
        prv[i] = last;
        nxt[i] = -1;
        if (last >= 0) nxt[last] = (int)i;
        else head = (int)i;
        last = (int)i;
    }
    for (i = head >= 0 ? (size_t)head : n; i < n && nxt[i] >= 0; i = (size_t)nxt[i]) {
        const tl__merge *m = tl__merge_find(d, id[i], id[nxt[i]]);
        if (m) { tl__bheap x; x.rank = m->rank; x.pos = (int)i; x.id = m->id; tl__heap_push(e->heap, &nh, x); }
    }
    while (nh) {
        tl__bheap top = tl__heap_pop(e->heap, &nh), x;
        int p = top.pos, q = nxt[p], r;
        const tl__merge *m;
        if (id[p] < 0 || q < 0) continue;
        m = tl__merge_find(d, id[p], id[q]);
        if (!m || m->id != top.id) continue; /* stale entry (HF checks the same) */
        id[p] = top.id;
        id[q] = -1;
        r = nxt[q];
        nxt[p] = r;
        if (r >= 0) prv[r] = p;
        if (prv[p] >= 0 && (m = tl__merge_find(d, id[prv[p]], id[p])) != NULL) {
            x.rank = m->rank; x.pos = prv[p]; x.id = m->id; tl__heap_push(e->heap, &nh, x);
        }
        if (r >= 0 && (m = tl__merge_find(d, id[p], id[r])) != NULL) {
            x.rank = m->rank; x.pos = p; x.id = m->id; tl__heap_push(e->heap, &nh, x);
        }
    }
    for (i = head >= 0 ? (size_t)head : n; i < n; i = nxt[i] >= 0 ? (size_t)nxt[i] : n) e->out[cnt++] = id[i];
    *nout = cnt;
    return 1;
}

static int tl__cache_alloc(tl__tokdata *d) {
    if (d->cache || d->cache_failed) return d->cache != NULL;
    d->cache = (tl__cslot *)tl__calloc(TL__CACHE_SLOTS, sizeof *d->cache);
    d->carena = (unsigned char *)TL_MALLOC(TL__CACHE_ARENA);
    if (!d->cache || !d->carena) {
        TL_FREE(d->cache); TL_FREE(d->carena);
        d->cache = NULL; d->carena = NULL;
        d->cache_failed = 1; /* run without a cache */
        return 0;
    }
    return 1;
}

/* encode one pre-token (raw bytes) */
static int tl__tok_word(tl__enc *e, const unsigned char *s, size_t n) {
    tl__tokdata *d = e->t->d;
    int use_cache = !(e->flags & TL_ENCODE_NO_CACHE) && n <= TL__CACHE_MAXKEY;
    uint32_t h = 0, slot = 0;
    size_t nout, i;
    if (n == 1 && d->byte_id[s[0]] >= 0) return tl__tok_emit(e, d->byte_id[s[0]]);
    if (d->ignore_merges && d->rawh) { /* the whole word is a token: take it as is */
        uint64_t k = tl__bhash(s, n);
        for (;; k++) {
            uint32_t v = d->rawh[k & d->rawmask];
            if (!v) break;
            if (d->len[v - 1] == n && memcmp(d->bytes + d->off[v - 1], s, n) == 0) return tl__tok_emit(e, (int)v - 1);
        }
    }
    if (use_cache && tl__cache_alloc(d)) {
        uint64_t hh = tl__bhash(s, n);
        h = (uint32_t)(hh >> 32);
        for (slot = (uint32_t)hh & (TL__CACHE_SLOTS - 1);; slot = (slot + 1) & (TL__CACHE_SLOTS - 1)) {
            const tl__cslot *c = &d->cache[slot];
            if (!c->klen) break;
            if (c->h == h && c->klen == n) {
                const unsigned char *p = d->carena + c->off;
                if (memcmp(p + 4 * (size_t)c->nids, s, n) == 0) {
                    int v;
                    for (i = 0; i < c->nids; i++) {
                        memcpy(&v, p + 4 * i, 4);
                        if (!tl__tok_emit(e, v)) return 0;
                    }
                    return 1;
                }
            }
        }
    } else use_cache = 0;
    if (!tl__bpe(e, s, n, &nout)) return -1;
    for (i = 0; i < nout; i++)
        if (!tl__tok_emit(e, e->out[i])) return 0;
    if (use_cache && n > 0) {
        size_t need = (4 * nout + n + 3) & ~(size_t)3;
        if (d->ccount >= (int)(TL__CACHE_SLOTS / 2) || d->carena_len + need > TL__CACHE_ARENA) {
            memset(d->cache, 0, TL__CACHE_SLOTS * sizeof *d->cache); /* full: start over */
            d->carena_len = 0;
            d->ccount = 0;
            for (slot = (uint32_t)tl__bhash(s, n) & (TL__CACHE_SLOTS - 1); d->cache[slot].klen; slot = (slot + 1) & (TL__CACHE_SLOTS - 1)) {}
        }
        for (i = 0; i < nout; i++) memcpy(d->carena + d->carena_len + 4 * i, &e->out[i], 4);
        memcpy(d->carena + d->carena_len + 4 * nout, s, n);
        d->cache[slot].h = h;
        d->cache[slot].off = (uint32_t)d->carena_len;
        d->cache[slot].klen = (uint16_t)n;
        d->cache[slot].nids = (uint16_t)nout;
        d->carena_len += need;
        d->ccount++;
    }
    return 1;
}

/* ---- pre-tokenizer: the Qwen2 Split regex, by hand ----
   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
   Alternatives are tried in order at each position (leftmost-first); every character is
   matched by one of them, so the pieces tile the text. */

/* classes of the ASCII characters */
static const unsigned char tl__ascii_cls[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};

static int tl__cls_at(const unsigned char *s, size_t i, int *len) {
    if (s[i] < 0x80) { *len = 1; return tl__ascii_cls[s[i]]; }
    return tl__uclass(tl__u8get(s, i, len));
}

/* bytes after the apostrophe matched by (?i:s|t|re|ve|m|ll|d), 0 if none; (?i) also folds
   U+017F LATIN SMALL LETTER LONG S to s */
static size_t tl__contraction(const unsigned char *s, size_t n, size_t i) {
    unsigned c, c2;
    if (i >= n) return 0;
    c = s[i] | 32u;
    if (c == 's' || c == 't' || c == 'm' || c == 'd') return s[i] < 0x80 ? 1 : 0;
    if (s[i] == 0xC5 && i + 1 < n && s[i + 1] == 0xBF) return 2;
    if (i + 1 >= n || s[i] >= 0x80) return 0;
    c2 = s[i + 1] | 32u;
    if ((c == 'r' || c == 'v') && c2 == 'e') return 2;
    if (c == 'l' && c2 == 'l') return 2;
    return 0;
}

static int tl__pretok(tl__enc *e, const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t st = i, j, m;
        int l, l2, cl = tl__cls_at(s, i, &l), cl2 = -1, r;
        unsigned c = s[i];
        if (i + (size_t)l < n) cl2 = tl__cls_at(s, i + (size_t)l, &l2);
        if (c == '\'' && (m = tl__contraction(s, n, i + 1)) != 0) {
            i += 1 + m;
        } else if (cl == TL__CL_L || (cl2 == TL__CL_L && cl != TL__CL_N && c != '\r' && c != '\n')) {
            i += (size_t)l; /* [^\r\n\p{L}\p{N}]?\p{L}+ */
            while (i < n && tl__cls_at(s, i, &l) == TL__CL_L) i += (size_t)l;
        } else if (cl == TL__CL_N) {
            i += (size_t)l;
        } else if (cl == 0 || (c == ' ' && cl2 == 0)) {
            i += (size_t)l; /* ' ?[^\s\p{L}\p{N}]+[\r\n]*' */
            while (i < n && tl__cls_at(s, i, &l) == 0) i += (size_t)l;
            while (i < n && (s[i] == '\r' || s[i] == '\n')) i++;
        } else { /* whitespace run [st, j) */
            size_t lastnl = (size_t)-1, lastc = st;
            for (j = st; j < n && tl__cls_at(s, j, &l) == TL__CL_S; j += (size_t)l) {
                if (s[j] == '\r' || s[j] == '\n') lastnl = j;
                lastc = j;
            }
            if (lastnl != (size_t)-1) i = lastnl + 1;  /* \s*[\r\n]+ */
            else if (j == n || lastc == st) i = j;      /* \s+(?!\S) at the end, or \s+ */
            else i = lastc;                             /* \s+(?!\S): leave one for the next word */
        }
        r = tl__tok_word(e, s + st, i - st);
        if (r <= 0) return r;
    }
    return 1;
}

/* one stretch of text between added tokens */
static int tl__tok_segment(tl__enc *e, const unsigned char *s, size_t n) {
    if (!n) return 1;
    if (e->t->d->nfc) {
        int r = tl__nfc(e, s, n);
        if (r < 0) return -1;
        if (r > 0) {
            /* the pre-tokenizer must not see e->nrm change under it: take it out of e */
            unsigned char *buf = e->nrm;
            size_t len = e->nlen, cap = e->ncap;
            e->nrm = NULL; e->nlen = e->ncap = 0;
            r = tl__pretok(e, buf, len);
            if (!e->nrm) { e->nrm = buf; e->ncap = cap; } else TL_FREE(buf);
            return r;
        }
    }
    return tl__pretok(e, s, n);
}

/* make a copy of s with each maximal invalid UTF-8 subpart replaced by U+FFFD; NULL (with
   *out_n = 0) when s is valid, NULL with *out_n = 1 when out of memory */
static unsigned char *tl__u8fix(const unsigned char *s, size_t n, size_t *out_n) {
    size_t i = 0, o = 0;
    unsigned char *buf;
    *out_n = 0;
    while (i < n) {
        int r;
        if (s[i] < 0x80) { i++; continue; }
        r = tl__u8check(s + i, n - i);
        if (r <= 0) break;
        i += (size_t)r;
    }
    if (i == n) return NULL;
    if (n > ((size_t)-1) / 3 - 4 || !(buf = (unsigned char *)TL_MALLOC(3 * n + 4))) { *out_n = 1; return NULL; }
    for (i = 0; i < n;) {
        int r = tl__u8check(s + i, n - i);
        if (r == 0) r = -(int)(n - i); /* incomplete at the end */
        if (r > 0) { memcpy(buf + o, s + i, (size_t)r); o += (size_t)r; i += (size_t)r; }
        else { buf[o++] = 0xEF; buf[o++] = 0xBF; buf[o++] = 0xBD; i += (size_t)-r; }
    }
    *out_n = o;
    return buf;
}

TLDEF int tl_encode(tl_tokenizer *t, const char *text, size_t len, int *ids, int cap, int flags) {
    tl__enc e;
    const unsigned char *s = (const unsigned char *)text;
    unsigned char *fixed;
    const tl__tokdata *d;
    size_t n = len, i, seg = 0, fixn;
    int r = 1;
    if (!t) return TL_ERR_ARG;
    if (!t->d) return tl__fail(t->err, TL_ERR_ARG, "tl_encode: tokenizer not loaded");
    if ((!text && len) || cap < 0 || (!ids && cap > 0)) return tl__fail(t->err, TL_ERR_ARG, "tl_encode: bad arguments");
    d = t->d;
    fixed = tl__u8fix(s, n, &fixn);
    if (fixed) { s = fixed; n = fixn; }
    else if (fixn) return tl__fail(t->err, TL_ERR_NOMEM, "tl_encode: out of memory");
    memset(&e, 0, sizeof e);
    e.t = t; e.ids = ids; e.cap = cap; e.flags = flags;
    /* split out added tokens: leftmost match, longest first */
    for (i = 0; i < n && r > 0;) {
        int k, hit = -1;
        if (!d->added_first[s[i]]) { i++; continue; }
        for (k = 0; k < d->nadded; k++) {
            const tl__added *a = &d->added[k];
            unsigned char f = (unsigned char)d->astr[a->off];
            if (f != s[i]) { if (f > s[i]) break; continue; }
            if (a->special && (flags & TL_ENCODE_NO_SPECIAL)) continue;
            if (a->len <= n - i && memcmp(d->astr + a->off, s + i, a->len) == 0) { hit = k; break; }
        }
        if (hit < 0) { i++; continue; }
        r = tl__tok_segment(&e, s + seg, i - seg);
        if (r > 0 && !tl__tok_emit(&e, d->added[hit].id)) r = 0;
        i += d->added[hit].len;
        seg = i;
    }
    if (r > 0) r = tl__tok_segment(&e, s + seg, n - seg);
    tl__enc_free(&e);
    TL_FREE(fixed);
    if (r < 0) return tl__fail(t->err, TL_ERR_NOMEM, "tl_encode: out of memory");
    if (r == 0) return tl__fail(t->err, TL_ERR_RANGE, "tl_encode: more than INT_MAX tokens");
    return (int)e.count;
}

/* ---- decoding ---- */

/* output sink: counts everything, writes whole characters while they fit */
typedef struct tl__tsink { char *out; size_t cap, len, w; int full; } tl__tsink; /* len: total, w: written */

static void tl__sput(tl__tsink *k, const void *p, size_t n) {
    if (!k->full) {
        if (k->w + n <= k->cap) { memcpy(k->out + k->w, p, n); k->w += n; }
        else k->full = 1;
    }
    k->len += n;
}

static void tl__sput_ascii(tl__tsink *k, const unsigned char *p, size_t n) {
    if (!k->full) {
        size_t room = k->cap - k->w < n ? k->cap - k->w : n;
        if (room) memcpy(k->out + k->w, p, room);
        k->w += room;
        if (room < n) k->full = 1;
    }
    k->len += n;
}

static void tl__detok_bytes(tl_detok *d, const unsigned char *s, size_t n, tl__tsink *k) {
    static const unsigned char fffd[3] = {0xEF, 0xBF, 0xBD};
    size_t i = 0;
    while (d->npend && i < n) { /* complete the held-back character */
        int r;
        d->pend[d->npend++] = s[i++];
        r = tl__u8check(d->pend, (size_t)d->npend);
        if (r > 0) { tl__sput(k, d->pend, (size_t)r); d->npend = 0; }
        else if (r < 0) { tl__sput(k, fffd, 3); d->npend = 0; i--; } /* the new byte starts over */
    }
    while (i < n) {
        int r;
        if (s[i] < 0x80) {
            size_t j = i + 1;
            while (j < n && s[j] < 0x80) j++;
            tl__sput_ascii(k, s + i, j - i);
            i = j;
            continue;
        }
        r = tl__u8check(s + i, n - i);
        if (r > 0) { tl__sput(k, s + i, (size_t)r); i += (size_t)r; }
        else if (r < 0) { tl__sput(k, fffd, 3); i += (size_t)-r; }
        else { memcpy(d->pend, s + i, n - i); d->npend = (int)(n - i); break; }
    }
}

static void tl__detok_id(tl_detok *d, int id, tl__tsink *k) {
    const tl__tokdata *td;
    if (!tl__tok_valid(d->t, id)) return;
    td = d->t->d;
    if ((d->flags & TL_DECODE_SKIP_SPECIAL) && (td->flags[id] & TL__TF_SPECIAL)) return;
    tl__detok_bytes(d, (const unsigned char *)td->bytes + td->off[id], td->len[id], k);
}

TLDEF void tl_detok_init(tl_detok *d, const tl_tokenizer *t, int flags) {
    memset(d, 0, sizeof *d);
    d->t = t;
    d->flags = flags;
}

TLDEF size_t tl_detok_push(tl_detok *d, int id, char *out, size_t cap) {
    tl__tsink k;
    if (!d) return 0;
    k.out = out; k.cap = out ? cap : 0; k.len = k.w = 0; k.full = 0;
    tl__detok_id(d, id, &k);
    return k.w;
}

TLDEF size_t tl_detok_flush(tl_detok *d, char *out, size_t cap) {
    static const unsigned char fffd[3] = {0xEF, 0xBF, 0xBD};
    if (!d || !d->npend) return 0;
    d->npend = 0;
    if (!out || cap < 3) return 0;
    memcpy(out, fffd, 3);
    return 3;
}

TLDEF int tl_decode(tl_tokenizer *t, const int *ids, int n, char *out, size_t cap, int flags) {
    static const unsigned char fffd[3] = {0xEF, 0xBF, 0xBD};
    tl_detok d;
    tl__tsink k;
    int i;
    if (!t) return TL_ERR_ARG;
    if (!t->d) return tl__fail(t->err, TL_ERR_ARG, "tl_decode: tokenizer not loaded");
    if (n < 0 || (!ids && n > 0) || (!out && cap > 0)) return tl__fail(t->err, TL_ERR_ARG, "tl_decode: bad arguments");
    tl_detok_init(&d, t, flags);
    k.out = out; k.cap = cap ? cap - 1 : 0; k.len = k.w = 0; k.full = 0; /* room for the NUL */
    for (i = 0; i < n; i++) tl__detok_id(&d, ids[i], &k);
    if (d.npend) tl__sput(&k, fffd, 3);
    if (cap > 0) out[k.w] = 0;
    if (k.len >= (size_t)INT_MAX) return tl__fail(t->err, TL_ERR_RANGE, "tl_decode: text longer than INT_MAX");
    return (int)k.len;
}

TLDEF const char *tl_token_bytes(const tl_tokenizer *t, int id, int *len) {
    if (!tl__tok_valid(t, id)) { if (len) *len = 0; return NULL; }
    if (len) *len = t->d->len[id];
    return t->d->bytes + t->d->off[id];
}

TLDEF int tl_special_id(const tl_tokenizer *t, const char *s) {
    int k;
    size_t L;
    if (!t || !t->d || !s) return -1;
    L = strlen(s);
    for (k = 0; k < t->d->nadded; k++)
        if (t->d->added[k].len == L && memcmp(t->d->astr + t->d->added[k].off, s, L) == 0) return t->d->added[k].id;
    return -1;
}

TLDEF int tl_is_special(const tl_tokenizer *t, int id) {
    return tl__tok_valid(t, id) && (t->d->flags[id] & TL__TF_SPECIAL) ? 1 : 0;
}

TLDEF int tl_vocab_size(const tl_tokenizer *t) { return t ? t->n_vocab : 0; }

/* ---- loading ---- */

#define TL__TOK_MAX_IDS (1 << 24)

#define TL__MQ 32
typedef struct tl__mq { const char *x, *y; size_t xn, yn, co; uint64_t hx, hy, hc; int rank, a, c, m; } tl__mq;
typedef struct tl__vq { const char *s; size_t n; uint64_t h; int id; } tl__vq;

/* a vocabulary hash slot; the string's place rides along so that a probe reads one line */
typedef struct tl__vslot { uint32_t fp, id1, off, len; } tl__vslot; /* id1 = id + 1, 0: empty */

typedef struct tl__tokbuild {
    tl_tokenizer *t;
    tl__tokdata *d;
    const char *path;             /* for messages */
    int n;                        /* n_vocab */
    char *bl;                     /* byte-level strings of the model vocab */
    size_t bl_len, bl_cap;
    tl__vslot *vh;                /* hash: byte-level string -> id */
    uint64_t vmask;
    char *tmp, *cat;              /* scratch: unescaped strings, merge results */
    size_t tmpcap, catcap;
    size_t astr_len, astr_cap;
    int nadded_cap;
    tl__mq mq[TL__MQ];            /* merges waiting for tl__tb_flush */
    int nmq;
    tl__vq vq[TL__MQ];            /* tokens waiting for tl__tb_vflush */
    int nvq;
} tl__tokbuild;

static uint64_t tl__pow2_above(uint64_t n) {
    uint64_t p = 16;
    while (p < n) p *= 2;
    return p;
}

static int tl__tb_init(tl__tokbuild *b, int n, size_t strbytes, int nvocab, int nmerges, int nadded, size_t addbytes) {
    tl__tokdata *d = b->d;
    char *err = b->t->err;
    size_t i;
    b->n = n;
    b->bl_cap = strbytes + 1;
    b->bl = (char *)TL_MALLOC(b->bl_cap);
    b->vmask = tl__pow2_above((uint64_t)nvocab * 3 / 2) - 1; /* load <= 2/3 */
    b->vh = (tl__vslot *)tl__calloc((size_t)b->vmask + 1, sizeof *b->vh);
    d->off = (uint32_t *)tl__calloc((size_t)n + 1, sizeof *d->off);
    d->len = (uint16_t *)tl__calloc((size_t)n + 1, sizeof *d->len);
    d->flags = (unsigned char *)tl__calloc((size_t)n + 1, 1);
    d->mmask = tl__pow2_above((uint64_t)nmerges * 3 / 2) - 1;
    d->merges = (tl__merge *)TL_MALLOC(((size_t)d->mmask + 1) * sizeof *d->merges);
    b->astr_cap = addbytes + 1;
    d->astr = (char *)TL_MALLOC(b->astr_cap);
    b->nadded_cap = nadded;
    d->added = (tl__added *)tl__calloc((size_t)nadded + 1, sizeof *d->added);
    if (!b->bl || !b->vh || !d->off || !d->len || !d->flags || !d->merges || !d->astr || !d->added)
        return tl__fail(err, TL_ERR_NOMEM, "%s: out of memory", b->path);
    for (i = 0; i <= d->mmask; i++) { d->merges[i].key = ~(uint64_t)0; d->merges[i].rank = d->merges[i].id = -1; }
    return TL_OK;
}

static int tl__tb_lookup(const tl__tokbuild *b, const char *s, size_t n) {
    uint64_t h = tl__bhash((const unsigned char *)s, n), i;
    uint32_t fp = (uint32_t)(h >> 32);
    for (i = h;; i++) {
        const tl__vslot *v = &b->vh[i & b->vmask];
        if (!v->id1) return -1;
        if (v->fp == fp && v->len == n && memcmp(b->bl + v->off, s, n) == 0) return (int)v->id1 - 1;
    }
}

static int tl__tb_vocab1(tl__tokbuild *b, const char *s, size_t n, int id, uint64_t h) {
    uint64_t i;
    uint32_t fp = (uint32_t)(h >> 32);
    tl__vslot *v;
    char *err = b->t->err;
    if (b->d->flags[id] & TL__TF_TOKEN) return tl__fail(err, TL_ERR_FORMAT, "%s: id %d is used by two tokens", b->path, id);
    if (n > 4 * TL_TOKEN_MAX_BYTES) return tl__fail(err, TL_ERR_FORMAT, "%s: token %d is longer than %d bytes", b->path, id, TL_TOKEN_MAX_BYTES);
    if (b->bl_len + n > b->bl_cap || b->bl_len + n > 0xFFFFFFFFu) return tl__fail(err, TL_ERR_FORMAT, "%s: vocabulary too large", b->path);
    for (i = h;; i++) {
        v = &b->vh[i & b->vmask];
        if (!v->id1) break;
        if (v->fp == fp && v->len == n && memcmp(b->bl + v->off, s, n) == 0)
            return tl__fail(err, TL_ERR_FORMAT, "%s: token %d repeats token %d", b->path, id, (int)v->id1 - 1);
    }
    memcpy(b->bl + b->bl_len, s, n);
    b->d->off[id] = (uint32_t)b->bl_len; /* until tl__tb_finish: the byte-level string */
    b->d->len[id] = (uint16_t)n;
    v->fp = fp;
    v->id1 = (uint32_t)id + 1;
    v->off = (uint32_t)b->bl_len;
    v->len = (uint32_t)n;
    b->bl_len += n;
    b->d->flags[id] = TL__TF_TOKEN;
    return TL_OK;
}

/* vocabulary entries are added in batches, their slots prefetched first (see tl__tb_flush) */
static int tl__tb_vflush(tl__tokbuild *b) {
    int k, r;
    for (k = 0; k < b->nvq; k++) {
        b->vq[k].h = tl__bhash((const unsigned char *)b->vq[k].s, b->vq[k].n);
        TL__PREFETCH(&b->vh[b->vq[k].h & b->vmask]);
    }
    for (k = 0; k < b->nvq; k++)
        if ((r = tl__tb_vocab1(b, b->vq[k].s, b->vq[k].n, b->vq[k].id, b->vq[k].h)) != 0) return r;
    b->nvq = 0;
    return TL_OK;
}

/* add token s[0..n) with this id; s must stay valid until the flush unless !stable */
static int tl__tb_vocab(tl__tokbuild *b, const char *s, size_t n, int id, int stable) {
    tl__vq *q = &b->vq[b->nvq++];
    q->s = s; q->n = n; q->id = id;
    return (!stable || b->nvq == TL__MQ) ? tl__tb_vflush(b) : TL_OK;
}

static int tl__tb_lookup_h(const tl__tokbuild *b, const char *s, size_t n, uint64_t h) {
    uint64_t i;
    uint32_t fp = (uint32_t)(h >> 32);
    for (i = h;; i++) {
        const tl__vslot *v = &b->vh[i & b->vmask];
        if (!v->id1) return -1;
        if (v->fp == fp && v->len == n && memcmp(b->bl + v->off, s, n) == 0) return (int)v->id1 - 1;
    }
}

/* Merges are resolved in batches: the hash-table slots of a whole batch are prefetched before
   any is read, so that their cache misses overlap (the load is bound by them). */
static int tl__tb_flush(tl__tokbuild *b) {
    tl__tokdata *d = b->d;
    size_t need = 1, off = 0;
    int k;
    void *np;
    for (k = 0; k < b->nmq; k++) need += b->mq[k].xn + b->mq[k].yn;
    if (!(np = tl__grow_buf(b->cat, &b->catcap, need, 1))) return tl__fail(b->t->err, TL_ERR_NOMEM, "out of memory");
    b->cat = (char *)np;
    for (k = 0; k < b->nmq; k++) {
        tl__mq *q = &b->mq[k];
        memcpy(b->cat + off, q->x, q->xn);
        memcpy(b->cat + off + q->xn, q->y, q->yn);
        q->co = off;
        off += q->xn + q->yn;
        q->hx = tl__bhash((const unsigned char *)q->x, q->xn);
        q->hy = tl__bhash((const unsigned char *)q->y, q->yn);
        q->hc = tl__bhash((const unsigned char *)b->cat + q->co, q->xn + q->yn);
        TL__PREFETCH(&b->vh[q->hx & b->vmask]);
        TL__PREFETCH(&b->vh[q->hy & b->vmask]);
        TL__PREFETCH(&b->vh[q->hc & b->vmask]);
    }
    for (k = 0; k < b->nmq; k++) { /* the strings the first slots point at */
        const tl__mq *q = &b->mq[k];
        TL__PREFETCH(b->bl + b->vh[q->hx & b->vmask].off);
        TL__PREFETCH(b->bl + b->vh[q->hy & b->vmask].off);
        TL__PREFETCH(b->bl + b->vh[q->hc & b->vmask].off);
    }
    for (k = 0; k < b->nmq; k++) {
        tl__mq *q = &b->mq[k];
        q->a = tl__tb_lookup_h(b, q->x, q->xn, q->hx);
        q->c = tl__tb_lookup_h(b, q->y, q->yn, q->hy);
        q->m = tl__tb_lookup_h(b, b->cat + q->co, q->xn + q->yn, q->hc);
        if (q->a < 0 || q->c < 0)
            return tl__fail(b->t->err, TL_ERR_FORMAT, "%s: merge %d refers to a token that is not in the vocabulary", b->path, q->rank);
        if (q->m < 0) return tl__fail(b->t->err, TL_ERR_FORMAT, "%s: merge %d makes a token that is not in the vocabulary", b->path, q->rank);
        q->hx = ((uint64_t)(uint32_t)q->a << 32) | (uint32_t)q->c; /* now the merge key */
        TL__PREFETCH(&d->merges[((q->hx * 0x9E3779B97F4A7C15ull) >> 20) & d->mmask]);
    }
    for (k = 0; k < b->nmq; k++) { /* in rank order: a repeated pair keeps the later rank, as in HF */
        const tl__mq *q = &b->mq[k];
        uint64_t i;
        for (i = (q->hx * 0x9E3779B97F4A7C15ull) >> 20;; i++) {
            tl__merge *e = &d->merges[i & d->mmask];
            if (e->key == q->hx || e->key == ~(uint64_t)0) {
                e->key = q->hx;
                e->rank = q->rank;
                e->id = q->m;
                break;
            }
        }
    }
    b->nmq = 0;
    return TL_OK;
}

/* queue merge "x y" of this rank; x and y must stay valid until the flush unless !stable */
static int tl__tb_merge(tl__tokbuild *b, const char *x, size_t xn, const char *y, size_t yn, int rank, int stable) {
    tl__mq *q = &b->mq[b->nmq++];
    q->x = x; q->xn = xn; q->y = y; q->yn = yn; q->rank = rank;
    return (!stable || b->nmq == TL__MQ) ? tl__tb_flush(b) : TL_OK;
}

static int tl__tb_added(tl__tokbuild *b, const char *s, size_t n, int id, int special) {
    tl__tokdata *d = b->d;
    tl__added *a;
    if (d->flags[id] & TL__TF_ADDED) return tl__fail(b->t->err, TL_ERR_FORMAT, "%s: added token id %d appears twice", b->path, id);
    if (n > TL_TOKEN_MAX_BYTES) return tl__fail(b->t->err, TL_ERR_FORMAT, "%s: added token %d is longer than %d bytes", b->path, id, TL_TOKEN_MAX_BYTES);
    if (d->nadded >= b->nadded_cap || b->astr_len + n + 1 > b->astr_cap) return tl__fail(b->t->err, TL_ERR_FORMAT, "%s: too many added tokens", b->path);
    d->flags[id] |= TL__TF_TOKEN | TL__TF_ADDED | (special ? TL__TF_SPECIAL : 0);
    if (!n) return TL_OK; /* an empty token can never match */
    a = &d->added[d->nadded++];
    a->off = (uint32_t)b->astr_len;
    a->len = (uint32_t)n;
    a->id = id;
    a->special = special;
    memcpy(d->astr + b->astr_len, s, n);
    d->astr[b->astr_len + n] = 0;
    b->astr_len += n + 1;
    return TL_OK;
}

/* byte-level token text -> raw bytes, like HF's ByteLevel decoder: a token with a character
   outside the 256-symbol alphabet is taken as its UTF-8 bytes */
static size_t tl__bl_decode(const unsigned char *s, size_t n, char *out) {
    size_t i = 0, o = 0;
    while (i < n) {
        int l, r = tl__u8check(s + i, n - i), v;
        if (r <= 0) break;
        v = tl__u2b(tl__u8get(s, i, &l));
        if (v < 0) break;
        out[o++] = (char)v;
        i += (size_t)r;
    }
    if (i < n) { memcpy(out, s, n); o = n; }
    return o;
}

static int tl__tb_finish(tl__tokbuild *b) {
    tl__tokdata *d = b->d;
    tl_tokenizer *t = b->t;
    size_t total = 1, o = 0;
    int i, k;
    unsigned char u[4];
    total += b->bl_len + (size_t)b->n + b->astr_len;
    d->bytes = (char *)TL_MALLOC(total);
    if (!d->bytes) return tl__fail(t->err, TL_ERR_NOMEM, "out of memory");
    for (i = 0; i < b->n; i++) {
        size_t L;
        if (!(d->flags[i] & TL__TF_TOKEN) || (d->flags[i] & TL__TF_ADDED)) continue;
        L = tl__bl_decode((const unsigned char *)b->bl + d->off[i], d->len[i], d->bytes + o);
        if (L > TL_TOKEN_MAX_BYTES) return tl__fail(t->err, TL_ERR_FORMAT, "%s: token %d is longer than %d bytes", b->path, i, TL_TOKEN_MAX_BYTES);
        d->off[i] = (uint32_t)o;
        d->len[i] = (uint16_t)L;
        d->bytes[o + L] = 0;
        o += L + 1;
    }
    for (k = 0; k < d->nadded; k++) { /* an added token's text wins over a model token of the same id */
        const tl__added *a = &d->added[k];
        size_t L = tl__bl_decode((const unsigned char *)d->astr + a->off, a->len, d->bytes + o);
        d->off[a->id] = (uint32_t)o;
        d->len[a->id] = (uint16_t)L;
        d->bytes[o + L] = 0;
        o += L + 1;
    }
    d->bytes[o] = 0;
    for (i = 0; i < b->n; i++)
        if ((d->flags[i] & TL__TF_TOKEN) && d->len[i] > t->max_token_bytes) t->max_token_bytes = d->len[i];
    for (i = 0; i < 256; i++) d->byte_id[i] = tl__tb_lookup(b, (const char *)u, (size_t)tl__u8put(u, tl__b2u((unsigned)i)));
    /* added tokens: by first byte, longest first, so the first hit is the longest match */
    for (k = 1; k < d->nadded; k++) { /* insertion sort: there are few */
        tl__added x = d->added[k];
        int m = k;
        unsigned char fx = (unsigned char)d->astr[x.off];
        while (m > 0) {
            const tl__added *p = &d->added[m - 1];
            unsigned char fp = (unsigned char)d->astr[p->off];
            if (fp < fx || (fp == fx && p->len >= x.len)) break;
            d->added[m] = *p;
            m--;
        }
        d->added[m] = x;
    }
    for (k = 0; k < d->nadded; k++) d->added_first[(unsigned char)d->astr[d->added[k].off]] = 1;
    if (d->ignore_merges) {
        d->rawmask = tl__pow2_above((uint64_t)b->n * 2) - 1;
        d->rawh = (uint32_t *)tl__calloc((size_t)d->rawmask + 1, sizeof *d->rawh);
        if (!d->rawh) return tl__fail(t->err, TL_ERR_NOMEM, "out of memory");
        for (i = 0; i < b->n; i++) {
            uint64_t h;
            if (!(d->flags[i] & TL__TF_TOKEN) || (d->flags[i] & TL__TF_ADDED)) continue;
            for (h = tl__bhash((const unsigned char *)d->bytes + d->off[i], d->len[i]); d->rawh[h & d->rawmask]; h++) {}
            d->rawh[h & d->rawmask] = (uint32_t)i + 1;
        }
    }
    return TL_OK;
}

static void tl__tb_free(tl__tokbuild *b) {
    TL_FREE(b->bl); TL_FREE(b->vh); TL_FREE(b->tmp); TL_FREE(b->cat);
}

/* id of a JSON number token in [0, TL__TOK_MAX_IDS) or -1 */
static int tl__json_id(const tl__json *j, int i) {
    long long v;
    if (i >= 0 && j->t[i].type == TL__J_NUM) {
        const char *s = j->src + j->t[i].start;
        size_t L = j->t[i].end - j->t[i].start, q;
        if (L > 0 && L < 9) { /* plain digits: the common case, without strtod */
            int x = 0;
            for (q = 0; q < L && s[q] >= '0' && s[q] <= '9'; q++) x = x * 10 + (s[q] - '0');
            if (q == L) return x < TL__TOK_MAX_IDS ? x : -1;
        }
    }
    if (!tl__json_int(j, i, 0, TL__TOK_MAX_IDS - 1, &v)) return -1;
    return (int)v;
}

static const char tl__qwen2_regex[] =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/* is there a Split with the Qwen2 regex in this pre_tokenizer (or Sequence of them)? */
static int tl__pretok_ok(const tl__json *j, int p, int depth) {
    int k, pat, rx;
    if (p < 0 || depth > 4) return 0;
    if (j->t[p].type == TL__J_ARR) {
        for (k = tl__json_first(j, p); k >= 0; k = j->t[k].next)
            if (tl__pretok_ok(j, k, depth + 1)) return 1;
        return 0;
    }
    if (j->t[p].type != TL__J_OBJ) return 0;
    if (tl__json_streq(j, tl__json_get(j, p, "type"), "Sequence")) return tl__pretok_ok(j, tl__json_get(j, p, "pretokenizers"), depth + 1);
    if (!tl__json_streq(j, tl__json_get(j, p, "type"), "Split")) return 0;
    pat = tl__json_get(j, p, "pattern");
    rx = tl__json_get(j, pat, "Regex");
    return tl__json_streq(j, rx, tl__qwen2_regex); /* no allocation: cannot fail for lack of memory */
}

/* NFC, or a Sequence of NFC: 1; null/absent: 0; anything else: -1 */
static int tl__normalizer_kind(const tl__json *j, int p) {
    int k, r = 0;
    if (p < 0 || j->t[p].type == TL__J_NULL) return 0;
    if (j->t[p].type != TL__J_OBJ) return -1;
    if (tl__json_streq(j, tl__json_get(j, p, "type"), "NFC")) return 1;
    if (!tl__json_streq(j, tl__json_get(j, p, "type"), "Sequence")) return -1;
    p = tl__json_get(j, p, "normalizers");
    if (p < 0 || j->t[p].type != TL__J_ARR) return -1;
    for (k = tl__json_first(j, p); k >= 0; k = j->t[k].next) {
        if (!tl__json_streq(j, tl__json_get(j, k, "type"), "NFC")) return -1;
        r = 1;
    }
    return r;
}

/* added tokens from tokenizer.json "added_tokens": [{id, content, special}] (arr >= 0) or from
   tokenizer_config.json "added_tokens_decoder": {"id": {content, special}} (obj >= 0) */
static int tl__tb_json_added(tl__tokbuild *b, const tl__json *j, int arr, int obj, const char *path) {
    void *np;
    int k;
    int list = arr >= 0 ? arr : obj;
    if (list < 0) return TL_OK;
    for (k = tl__json_first(j, list); k >= 0; k = j->t[k].next) {
        int e = arr >= 0 ? k : k + 1, c = tl__json_get(j, e, "content"), sp = tl__json_get(j, e, "special"), id, r;
        size_t L;
        if (arr >= 0) id = tl__json_id(j, tl__json_get(j, e, "id"));
        else {
            char buf[16];
            size_t rl = j->t[k].end - j->t[k].start, q;
            id = -1;
            if (rl > 0 && rl < 9) {
                memcpy(buf, j->src + j->t[k].start, rl);
                for (q = 0, id = 0; q < rl; q++) id = (buf[q] >= '0' && buf[q] <= '9' && id >= 0) ? id * 10 + (buf[q] - '0') : -1;
            }
        }
        if (j->t[e].type != TL__J_OBJ || id < 0 || id >= b->n || c < 0 || j->t[c].type != TL__J_STR || (sp >= 0 && j->t[sp].type != TL__J_TRUE && j->t[sp].type != TL__J_FALSE))
            return tl__fail(b->t->err, TL_ERR_FORMAT, "%s: an added token lacks a valid id, content or special flag", path);
        if (!(np = tl__grow_buf(b->tmp, &b->tmpcap, j->t[c].end - j->t[c].start + 1, 1))) return tl__fail(b->t->err, TL_ERR_NOMEM, "out of memory");
        b->tmp = (char *)np;
        L = tl__json_unescape(j, c, b->tmp);
        r = tl__tb_added(b, b->tmp, L, id, sp >= 0 && j->t[sp].type == TL__J_TRUE);
        if (r) return r;
    }
    return TL_OK;
}

/* largest id of an added-token list (see above), or -1; -2 on a bad entry */
static int tl__json_added_max(const tl__json *j, int arr, int obj, int *count, size_t *bytes) {
    int k, mx = -1, list = arr >= 0 ? arr : obj;
    *count = 0;
    *bytes = 0;
    if (list < 0) return -1;
    for (k = tl__json_first(j, list); k >= 0; k = j->t[k].next) {
        int e = arr >= 0 ? k : k + 1, id, c = tl__json_get(j, e, "content");
        if (arr >= 0) id = tl__json_id(j, tl__json_get(j, e, "id"));
        else {
            size_t rl = j->t[k].end - j->t[k].start, q;
            id = -1;
            if (rl > 0 && rl < 9)
                for (q = 0, id = 0; q < rl; q++) {
                    char ch = j->src[j->t[k].start + q];
                    id = (ch >= '0' && ch <= '9' && id >= 0) ? id * 10 + (ch - '0') : -1;
                }
        }
        if (id < 0) return -2;
        if (id > mx) mx = id;
        (*count)++;
        if (c >= 0) *bytes += j->t[c].end - j->t[c].start + 1;
    }
    return mx;
}

/* ---- a validating JSON walker for the big members of tokenizer.json ----
   tl__json_parse makes a token per value; for the 150k vocabulary entries and merges, that
   array (and its fresh pages) costs more than the whole load may take, so model.vocab and
   model.merges (and vocab.json) are read in place with the same grammar rules. The small
   members still go through tl__json_parse. */
typedef struct tl__jw { const char *s; size_t n, i; } tl__jw;
typedef struct tl__jspan { size_t a, b; } tl__jspan; /* a value's bytes; b == 0: absent */

static void tl__jw_ws(tl__jw *w) { w->i = tl__json_ws(w->s, w->i, w->n); }

/* a byte that stands for itself inside a JSON string */
static int tl__jw_plain(char c) { return (unsigned char)c >= 0x20 && c != '"' && c != '\\'; }

/* string at w->i: raw span [*a, *b) without the quotes; *esc when it has escapes */
static int tl__jw_str(tl__jw *w, size_t *a, size_t *b, int *esc) {
    const char *s = w->s;
    size_t i = w->i, n = w->n;
    *esc = 0;
    if (i >= n || s[i] != '"') return 0;
    *a = ++i;
    for (;;) {
        char c;
        while (i + 4 <= n && tl__jw_plain(s[i]) && tl__jw_plain(s[i + 1]) && tl__jw_plain(s[i + 2]) && tl__jw_plain(s[i + 3])) i += 4;
        while (i < n && tl__jw_plain(s[i])) i++;
        if (i >= n || (unsigned char)s[i] < 0x20) return 0;
        if (s[i] == '"') break;
        *esc = 1;
        if (i + 1 >= n) return 0;
        c = s[i + 1];
        if (c == 'u') {
            int q;
            if (i + 6 > n) return 0;
            for (q = 2; q < 6; q++)
                if (tl__hexval(s[i + q]) < 0) return 0;
            i += 6;
        } else if (c && strchr("\"\\/bfnrt", c)) i += 2;
        else return 0;
    }
    *b = i;
    w->i = i + 1;
    return 1;
}

/* number at w->i; *v = its value when it is a plain non-negative integer, else -1 */
static int tl__jw_num(tl__jw *w, long long *v) {
    const char *s = w->s;
    size_t k = w->i, n = w->n;
    int plain = 1, digits = 0;
    long long x = 0;
    if (k < n && s[k] == '-') { plain = 0; k++; }
    if (k >= n || s[k] < '0' || s[k] > '9') return 0;
    if (s[k] == '0') { k++; digits = 1; }
    else
        while (k < n && s[k] >= '0' && s[k] <= '9') {
            if (digits < 18) x = x * 10 + (s[k] - '0');
            digits++;
            k++;
        }
    if (k < n && s[k] == '.') {
        plain = 0;
        if (++k >= n || s[k] < '0' || s[k] > '9') return 0;
        while (k < n && s[k] >= '0' && s[k] <= '9') k++;
    }
    if (k < n && (s[k] == 'e' || s[k] == 'E')) {
        plain = 0;
        k++;
        if (k < n && (s[k] == '+' || s[k] == '-')) k++;
        if (k >= n || s[k] < '0' || s[k] > '9') return 0;
        while (k < n && s[k] >= '0' && s[k] <= '9') k++;
    }
    *v = plain && digits <= 18 ? x : -1;
    w->i = k;
    return 1;
}

static int tl__jw_skip(tl__jw *w, int depth) {
    const char *s = w->s;
    size_t a, b;
    int esc;
    long long v;
    tl__jw_ws(w);
    if (w->i >= w->n || depth > TL__JSON_MAX_DEPTH) return 0;
    if (s[w->i] == '{' || s[w->i] == '[') {
        int obj = s[w->i] == '{';
        char close = obj ? '}' : ']';
        w->i++;
        tl__jw_ws(w);
        if (w->i < w->n && s[w->i] == close) { w->i++; return 1; }
        for (;;) {
            tl__jw_ws(w);
            if (obj) {
                if (!tl__jw_str(w, &a, &b, &esc)) return 0;
                tl__jw_ws(w);
                if (w->i >= w->n || s[w->i] != ':') return 0;
                w->i++;
            }
            if (!tl__jw_skip(w, depth + 1)) return 0;
            tl__jw_ws(w);
            if (w->i < w->n && s[w->i] == ',') { w->i++; continue; }
            if (w->i < w->n && s[w->i] == close) { w->i++; return 1; }
            return 0;
        }
    }
    if (s[w->i] == '"') return tl__jw_str(w, &a, &b, &esc);
    if (s[w->i] == '-' || (s[w->i] >= '0' && s[w->i] <= '9')) return tl__jw_num(w, &v);
    if (w->n - w->i >= 4 && (memcmp(s + w->i, "true", 4) == 0 || memcmp(s + w->i, "null", 4) == 0)) { w->i += 4; return 1; }
    if (w->n - w->i >= 5 && memcmp(s + w->i, "false", 5) == 0) { w->i += 5; return 1; }
    return 0;
}

/* handler for a member's value at s[a..limit): 1 consumed it (*end after it), 0 JSON error
   (*end at the byte), -1 failed with its own message, 2 not handled (skip it) */
typedef int (*tl__jw_fn)(void *ctx, int key, const char *s, size_t a, size_t limit, size_t *end);

/* the object at s[a..limit): the value spans of the wanted keys in out. whole: nothing but
   whitespace may follow it. Returns 1 (*end after the object), 0 on a JSON error (*end at the
   byte) or -1 when a handler failed. */
static int tl__jw_members(const char *s, size_t a, size_t limit, int whole, const char *const *keys, int nk,
                          tl__jspan *out, size_t *end, tl__jw_fn fn, void *ctx) {
    tl__jw w;
    int k;
    w.s = s; w.n = limit; w.i = a;
    for (k = 0; k < nk; k++) out[k].a = out[k].b = 0;
    tl__jw_ws(&w);
    if (w.i >= w.n || s[w.i] != '{') goto bad;
    w.i++;
    tl__jw_ws(&w);
    if (w.i < w.n && s[w.i] == '}') w.i++;
    else
        for (;;) {
            size_t ka, kb, va;
            int esc, hit = -1, r = 2;
            tl__jw_ws(&w);
            if (!tl__jw_str(&w, &ka, &kb, &esc)) goto bad;
            tl__jw_ws(&w);
            if (w.i >= w.n || s[w.i] != ':') goto bad;
            w.i++;
            tl__jw_ws(&w);
            va = w.i;
            for (k = 0; k < nk && hit < 0; k++)
                if (!esc && kb - ka == strlen(keys[k]) && memcmp(s + ka, keys[k], kb - ka) == 0) hit = k;
            if (hit >= 0 && fn) {
                size_t e = w.i;
                r = fn(ctx, hit, s, va, limit, &e);
                if (r < 0) return -1;
                w.i = e;
                if (r == 0) goto bad;
            }
            if (r == 2 && !tl__jw_skip(&w, 1)) goto bad;
            if (hit >= 0) { out[hit].a = va; out[hit].b = w.i; }
            tl__jw_ws(&w);
            if (w.i < w.n && s[w.i] == ',') { w.i++; continue; }
            if (w.i < w.n && s[w.i] == '}') { w.i++; break; }
            goto bad;
        }
    *end = w.i;
    if (!whole) return 1;
    tl__jw_ws(&w);
    if (w.i == w.n) return 1;
bad:
    *end = w.i;
    return 0;
}

/* unescape the raw JSON string s[a..b) into out (capacity b - a + 1) */
static size_t tl__unescape_span(const char *s, size_t a, size_t b, char *out) {
    tl__json j;
    tl__jtok tk;
    memset(&j, 0, sizeof j);
    memset(&tk, 0, sizeof tk);
    tk.type = TL__J_STR; tk.start = a; tk.end = b; tk.next = -1;
    j.t = &tk; j.n = j.cap = 1; j.src = s; j.len = b;
    return tl__json_unescape(&j, 0, out);
}

/* the string s[a..b) unescaped: in place when it has no escapes, else into b->tmp at offset o */
static const char *tl__tb_str(tl__tokbuild *b, const char *s, size_t a, size_t z, int esc, size_t o, size_t *len) {
    void *np;
    if (!esc) { *len = z - a; return s + a; }
    if (!(np = tl__grow_buf(b->tmp, &b->tmpcap, o + z - a + 1, 1))) return NULL;
    b->tmp = (char *)np;
    *len = tl__unescape_span(s, a, z, b->tmp + o);
    return b->tmp + o;
}

/* {"token": id, ...}: pass 0 counts (entries, largest id, key bytes), pass 1 adds the tokens */
static int tl__jw_vocab(tl__tokbuild *b, const char *s, tl__jspan sp, int pass, int *count, int *maxid, size_t *bytes, size_t *end) {
    tl__jw w;
    int ok = 0;
    char *err = b->t->err;
    w.s = s; w.n = sp.b; w.i = sp.a;
    tl__jw_ws(&w);
    if (w.i >= w.n || s[w.i] != '{') return tl__fail(err, TL_ERR_FORMAT, "%s: vocab is not an object", b->path);
    w.i++;
    tl__jw_ws(&w);
    if (w.i < w.n && s[w.i] == '}') { w.i++; ok = 1; }
    else
        for (;;) {
            size_t ka, kb, L;
            int esc, r;
            long long id;
            const char *key;
            tl__jw_ws(&w);
            if (!tl__jw_str(&w, &ka, &kb, &esc)) break;
            tl__jw_ws(&w);
            if (w.i >= w.n || s[w.i] != ':') break;
            w.i++;
            tl__jw_ws(&w);
            if (!tl__jw_num(&w, &id)) break;
            if (id < 0 || id >= TL__TOK_MAX_IDS)
                return tl__fail(err, TL_ERR_FORMAT, "%s: vocab id at byte %lu is not an integer in [0, %d)", b->path, (unsigned long)ka, TL__TOK_MAX_IDS);
            if (pass == 0) {
                (*count)++;
                if ((int)id > *maxid) *maxid = (int)id;
                *bytes += kb - ka;
            } else {
                if (!(key = tl__tb_str(b, s, ka, kb, esc, 0, &L))) return tl__fail(err, TL_ERR_NOMEM, "out of memory");
                if ((r = tl__tb_vocab(b, key, L, (int)id, !esc)) != 0) return r;
            }
            tl__jw_ws(&w);
            if (w.i < w.n && s[w.i] == ',') { w.i++; continue; }
            if (w.i < w.n && s[w.i] == '}') { w.i++; ok = 1; }
            break;
        }
    if (!ok) return tl__fail(err, TL_ERR_FORMAT, "%s: vocab: JSON error at byte %lu", b->path, (unsigned long)w.i);
    if (pass == 1 && b->nvq) {
        int r = tl__tb_vflush(b);
        if (r) return r;
    }
    if (end) *end = w.i;
    return TL_OK;
}

/* ["a b", ...] or [["a", "b"], ...]: pass 0 counts, pass 1 adds the merges by rank */
static int tl__jw_merges(tl__tokbuild *b, const char *s, tl__jspan sp, int pass, int *count, size_t *end) {
    void *np;
    tl__jw w;
    int ok = 0;
    char *err = b->t->err;
    int rank = 0;
    w.s = s; w.n = sp.b; w.i = sp.a;
    tl__jw_ws(&w);
    if (w.i >= w.n || s[w.i] != '[') return tl__fail(err, TL_ERR_FORMAT, "%s: model.merges is not an array", b->path);
    w.i++;
    tl__jw_ws(&w);
    if (w.i < w.n && s[w.i] == ']') { w.i++; ok = 1; }
    else
        for (;; rank++) {
            size_t a1, b1, a2, b2, L1, L2;
            int e1, e2 = 0, pair, r;
            const char *x, *y;
            tl__jw_ws(&w);
            if (w.i >= w.n) break;
            pair = s[w.i] == '[';
            if (pair) {
                w.i++;
                tl__jw_ws(&w);
                if (!tl__jw_str(&w, &a1, &b1, &e1)) break;
                tl__jw_ws(&w);
                if (w.i >= w.n || s[w.i] != ',') break;
                w.i++;
                tl__jw_ws(&w);
                if (!tl__jw_str(&w, &a2, &b2, &e2)) break;
                tl__jw_ws(&w);
                if (w.i >= w.n || s[w.i] != ']') {
                    if (w.i < w.n && s[w.i] == ',') return tl__fail(err, TL_ERR_FORMAT, "%s: merge %d has more than two parts", b->path, rank);
                    break;
                }
                w.i++;
            } else if (!tl__jw_str(&w, &a1, &b1, &e1)) break;
            if (pass == 1) {
                if (!(x = tl__tb_str(b, s, a1, b1, e1, 0, &L1))) return tl__fail(err, TL_ERR_NOMEM, "out of memory");
                if (pair) {
                    if (e1 && e2) { /* both in tmp: keep x, put y after it */
                        if (!(np = tl__grow_buf(b->tmp, &b->tmpcap, L1 + 1 + b2 - a2 + 1, 1))) return tl__fail(err, TL_ERR_NOMEM, "out of memory");
                        b->tmp = (char *)np;
                        x = b->tmp;
                        L2 = tl__unescape_span(s, a2, b2, b->tmp + L1 + 1);
                        y = b->tmp + L1 + 1;
                    } else if (!(y = tl__tb_str(b, s, a2, b2, e2, 0, &L2))) return tl__fail(err, TL_ERR_NOMEM, "out of memory");
                } else { /* "a b": split at the first space */
                    const char *sp1 = (const char *)memchr(x, ' ', L1);
                    if (!sp1) return tl__fail(err, TL_ERR_FORMAT, "%s: merge %d is not \"a b\"", b->path, rank);
                    y = sp1 + 1;
                    L2 = L1 - (size_t)(y - x);
                    L1 = (size_t)(sp1 - x);
                }
                if ((r = tl__tb_merge(b, x, L1, y, L2, rank, !e1 && !e2)) != 0) return r;
            }
            tl__jw_ws(&w);
            if (w.i < w.n && s[w.i] == ',') { w.i++; continue; }
            if (w.i < w.n && s[w.i] == ']') { w.i++; ok = 1; rank++; }
            break;
        }
    if (!ok) return tl__fail(err, TL_ERR_FORMAT, "%s: model.merges: JSON error at byte %lu", b->path, (unsigned long)w.i);
    if (pass == 1 && b->nmq) {
        int r = tl__tb_flush(b);
        if (r) return r;
    }
    if (pass == 0) *count = rank;
    if (end) *end = w.i;
    return TL_OK;
}

/* parse one small value span with tl__json_parse */
static int tl__span_json(tl__json *j, const char *s, tl__jspan sp, char *err) {
    memset(j, 0, sizeof *j);
    if (!sp.b) return TL_ERR_FORMAT;
    return tl__json_parse(j, s + sp.a, sp.b - sp.a, err);
}

static const char *const tl__model_keys[6] = {"vocab", "merges", "type", "ignore_merges", "continuing_subword_prefix", "end_of_word_suffix"};

typedef struct tl__jwctx {
    tl__tokbuild *b;
    tl__jspan mdl[6];
    int nvocab, maxid, nmerges;
    size_t strbytes;
} tl__jwctx;

/* inside "model": the first pass over vocab and merges is also their validation */
static int tl__jw_model_fn(void *ctx, int key, const char *s, size_t a, size_t limit, size_t *end) {
    tl__jwctx *c = (tl__jwctx *)ctx;
    tl__jspan sp;
    sp.a = a;
    sp.b = limit;
    if (key == 0) return tl__jw_vocab(c->b, s, sp, 0, &c->nvocab, &c->maxid, &c->strbytes, end) ? -1 : 1;
    if (key == 1) return tl__jw_merges(c->b, s, sp, 0, &c->nmerges, end) ? -1 : 1;
    return 2;
}
static int tl__jw_top_fn(void *ctx, int key, const char *s, size_t a, size_t limit, size_t *end) {
    tl__jwctx *c = (tl__jwctx *)ctx;
    if (key != 0) return 2;
    return tl__jw_members(s, a, limit, 0, tl__model_keys, 6, c->mdl, end, tl__jw_model_fn, ctx);
}

static int tl__tok_json(tl__tokbuild *b, const char *path) {
    static const char *const top_keys[4] = {"model", "added_tokens", "normalizer", "pre_tokenizer"};
    tl_tokenizer *t = b->t;
    tl_mapped mf;
    tl__jspan top[4], *mdl;
    tl__json ja, jn, jp, jm;
    tl__jwctx c;
    const char *s;
    size_t pos, addbytes = 0;
    int r, k, maxid, amax, nadd = 0, added = -1;
    r = tl__map(&mf, path, t->err);
    if (r) return r;
    memset(&ja, 0, sizeof ja); memset(&jn, 0, sizeof jn); memset(&jp, 0, sizeof jp); memset(&jm, 0, sizeof jm);
    memset(&c, 0, sizeof c);
    c.b = b;
    c.maxid = -1;
    mdl = c.mdl;
    s = (const char *)mf.base;
    b->path = path;
    r = tl__jw_members(s, 0, mf.size, 1, top_keys, 4, top, &pos, tl__jw_top_fn, &c);
    if (r < 0) { r = TL_ERR_FORMAT; goto done; }
    if (r == 0) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: JSON error at byte %lu", path, (unsigned long)pos); goto done; }
    r = 0;
    if (!top[0].b || !mdl[0].b || !mdl[1].b) {
        r = tl__fail(t->err, TL_ERR_FORMAT, "%s: no model object with vocab and merges", path);
        goto done;
    }
    for (k = 2; k < 6; k++) { /* the small members of model */
        int bad = 0;
        if (!mdl[k].b) continue;
        if ((r = tl__span_json(&jm, s, mdl[k], t->err)) != TL_OK) goto done;
        if (k == 2) bad = !tl__json_streq(&jm, 0, "BPE");
        else if (k == 3) b->d->ignore_merges = jm.t[0].type == TL__J_TRUE;
        else bad = jm.t[0].type == TL__J_STR && jm.t[0].end > jm.t[0].start;
        tl__json_free(&jm);
        if (bad) { r = tl__fail(t->err, TL_ERR_UNSUPPORTED, "%s: model.%s is not supported (only byte-level BPE)", path, tl__model_keys[k]); goto done; }
    }
    if (top[1].b) {
        if ((r = tl__span_json(&ja, s, top[1], t->err)) != TL_OK) goto done;
        if (ja.t[0].type == TL__J_ARR) added = 0;
        else if (ja.t[0].type != TL__J_NULL) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: added_tokens is not an array", path); goto done; }
    }
    if (top[2].b && (r = tl__span_json(&jn, s, top[2], t->err)) != TL_OK) goto done;
    b->d->nfc = top[2].b ? tl__normalizer_kind(&jn, 0) : 0;
    if (b->d->nfc < 0) { r = tl__fail(t->err, TL_ERR_UNSUPPORTED, "%s: only the NFC normalizer is supported", path); goto done; }
    if (top[3].b && (r = tl__span_json(&jp, s, top[3], t->err)) != TL_OK) goto done;
    if (!top[3].b || !tl__pretok_ok(&jp, 0, 0)) { r = tl__fail(t->err, TL_ERR_UNSUPPORTED, "%s: pre_tokenizer is not the Qwen2 Split regex", path); goto done; }
    maxid = c.maxid;
    amax = tl__json_added_max(&ja, added, -1, &nadd, &addbytes);
    if (amax == -2) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: added_tokens: bad id", path); goto done; }
    if (amax > maxid) maxid = amax;
    if (maxid < 0) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: empty vocabulary", path); goto done; }
    t->n_vocab = maxid + 1;
    if ((r = tl__tb_init(b, maxid + 1, c.strbytes, c.nvocab, c.nmerges, nadd, addbytes)) != 0) goto done;
    if ((r = tl__jw_vocab(b, s, mdl[0], 1, &c.nvocab, &c.maxid, &c.strbytes, NULL)) != 0) goto done;
    if ((r = tl__jw_merges(b, s, mdl[1], 1, &c.nmerges, NULL)) != 0) goto done;
    r = tl__tb_json_added(b, &ja, added, -1, path);
    if (!r) r = tl__tb_finish(b);
done:
    if (r && t->err[0] == 0) tl__fail(t->err, r, "%s: malformed", path);
    tl__json_free(&ja); tl__json_free(&jn); tl__json_free(&jp);
    tl__unmap(&mf);
    return r;
}

/* vocab.json + merges.txt (+ added_tokens_decoder of tokenizer_config.json), the files of the
   Python Qwen2Tokenizer, which also normalizes with NFC */
static int tl__tok_files(tl__tokbuild *b, const char *vpath, const char *mpath, const tl__json *cfg, int cfg_added) {
    tl_tokenizer *t = b->t;
    char *mtxt = NULL;
    size_t mlen, strbytes = 0, addbytes = 0, i;
    tl_mapped mf;
    tl__jspan whole;
    int r, maxid = -1, amax, nvocab = 0, nadd = 0, nmerges = 0, rank = 0, line;
    r = tl__map(&mf, vpath, t->err);
    if (r) return r;
    r = tl__read_file(mpath, &mtxt, &mlen, 512u << 20, t->err);
    if (r) goto done;
    b->path = vpath;
    b->d->nfc = 1;
    whole.a = 0;
    whole.b = mf.size;
    if ((r = tl__jw_vocab(b, (const char *)mf.base, whole, 0, &nvocab, &maxid, &strbytes, &i)) != 0) goto done;
    while (i < mf.size && (((const char *)mf.base)[i] == ' ' || ((const char *)mf.base)[i] == '\n' || ((const char *)mf.base)[i] == '\r' || ((const char *)mf.base)[i] == '\t')) i++;
    if (i != mf.size) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: trailing data at byte %lu", vpath, (unsigned long)i); goto done; }
    if (cfg) {
        amax = tl__json_added_max(cfg, -1, cfg_added, &nadd, &addbytes);
        if (amax == -2) { r = tl__fail(t->err, TL_ERR_FORMAT, "tokenizer_config.json: added_tokens_decoder: bad id"); goto done; }
        if (amax > maxid) maxid = amax;
    }
    if (maxid < 0) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: empty vocabulary", vpath); goto done; }
    for (i = 0; i < mlen; i++) nmerges += mtxt[i] == '\n';
    t->n_vocab = maxid + 1;
    if ((r = tl__tb_init(b, maxid + 1, strbytes, nvocab, nmerges + 1, nadd, addbytes)) != 0) goto done;
    if ((r = tl__jw_vocab(b, (const char *)mf.base, whole, 1, &nvocab, &maxid, &strbytes, NULL)) != 0) goto done;
    b->path = mpath;
    for (i = 0, line = 0; i < mlen; line++) { /* like Qwen2Tokenizer: strip, skip "#version" and empty lines */
        size_t e = i, a, z, sp, y;
        while (e < mlen && mtxt[e] != '\n') e++;
        a = i;
        z = e;
        i = e + 1;
        while (a < z && (mtxt[a] == ' ' || mtxt[a] == '\t' || mtxt[a] == '\r')) a++;
        while (z > a && (mtxt[z - 1] == ' ' || mtxt[z - 1] == '\t' || mtxt[z - 1] == '\r')) z--;
        if (a == z || (line == 0 && z - a >= 9 && memcmp(mtxt + a, "#version:", 9) == 0)) continue;
        for (sp = a; sp < z && mtxt[sp] != ' ' && mtxt[sp] != '\t'; sp++) {}
        for (y = sp; y < z && (mtxt[y] == ' ' || mtxt[y] == '\t'); y++) {}
        if (sp == z || memchr(mtxt + y, ' ', z - y) || memchr(mtxt + y, '\t', z - y)) {
            r = tl__fail(t->err, TL_ERR_FORMAT, "%s: line %d is not \"a b\"", mpath, line + 1);
            goto done;
        }
        if ((r = tl__tb_merge(b, mtxt + a, sp - a, mtxt + y, z - y, rank++, 1)) != 0) goto done;
    }
    if (b->nmq && (r = tl__tb_flush(b)) != 0) goto done;
    b->path = "tokenizer_config.json";
    if (cfg) r = tl__tb_json_added(b, cfg, -1, cfg_added, "tokenizer_config.json");
    if (!r) r = tl__tb_finish(b);
done:
    tl__unmap(&mf);
    TL_FREE(mtxt);
    return r;
}

/* family of a chat_template, by the phrases each one carries */
static int tl__chat_family(const char *tpl, int *guessed) {
    *guessed = 0;
    if (tpl && (strstr(tpl, "enable_thinking") || strstr(tpl, "<think>"))) return TL_CHAT_QWEN3;
    if (tpl && strstr(tpl, "You are Qwen, created by Alibaba Cloud")) return TL_CHAT_QWEN25;
    if (tpl && strstr(tpl, "<|im_start|>")) return strstr(tpl, "You are a helpful assistant.") ? TL_CHAT_QWEN2 : TL_CHAT_CHATML;
    *guessed = 1;
    return TL_CHAT_QWEN2;
}

static int tl__find_token(const tl_tokenizer *t, const char *s, size_t L) {
    int id = -1, i;
    char buf[TL_TOKEN_MAX_BYTES + 1];
    if (L > TL_TOKEN_MAX_BYTES) return -1;
    memcpy(buf, s, L);
    buf[L] = 0;
    if ((id = tl_special_id(t, buf)) >= 0) return id;
    for (i = 0; i < t->n_vocab; i++)
        if (tl__tok_valid(t, i) && t->d->len[i] == L && memcmp(t->d->bytes + t->d->off[i], s, L) == 0) return i;
    return -1;
}

TLDEF void tl_tokenizer_free(tl_tokenizer *t) {
    tl__tokdata *d;
    if (!t) return;
    d = t->d;
    if (d) {
        TL_FREE(d->bytes); TL_FREE(d->off); TL_FREE(d->len); TL_FREE(d->flags); TL_FREE(d->merges);
        TL_FREE(d->added); TL_FREE(d->astr); TL_FREE(d->rawh); TL_FREE(d->cache); TL_FREE(d->carena);
        TL_FREE(d);
    }
    t->d = NULL;
    t->n_vocab = 0;
}

TLDEF int tl_tokenizer_load(tl_tokenizer *t, const char *dir) {
    char path[4096], vpath[4096], mpath[4096], cpath[4096], *ctxt = NULL, *tpl = NULL;
    tl__json cfg;
    int r, have_cfg = 0, cfg_added = -1, eos = -1, ct;
    size_t clen;
    tl__tokbuild b;
    if (!t) return TL_ERR_ARG;
    memset(t, 0, sizeof *t);
    t->eos_id = t->im_start_id = t->im_end_id = t->endoftext_id = -1;
    if (!dir) return tl__fail(t->err, TL_ERR_ARG, "no tokenizer directory given");
    if (!tl__join(path, sizeof path, dir, "tokenizer.json") || !tl__join(vpath, sizeof vpath, dir, "vocab.json") ||
        !tl__join(mpath, sizeof mpath, dir, "merges.txt") || !tl__join(cpath, sizeof cpath, dir, "tokenizer_config.json"))
        return tl__fail(t->err, TL_ERR_ARG, "path too long");
    memset(&cfg, 0, sizeof cfg);
    memset(&b, 0, sizeof b);
    /* tokenizer_config.json is optional: eos_token, chat_template (and added tokens for vocab.json) */
    if (tl__file_exists(cpath)) {
        char msg[TL_ERR_SIZE];
        r = tl__read_file(cpath, &ctxt, &clen, 64u << 20, t->err);
        if (r) return r;
        r = tl__json_parse(&cfg, ctxt, clen, t->err);
        if (r) { memcpy(msg, t->err, TL_ERR_SIZE); TL_FREE(ctxt); return tl__fail(t->err, r, "%s: %s", cpath, msg); }
        if (cfg.t[0].type != TL__J_OBJ) { r = tl__fail(t->err, TL_ERR_FORMAT, "%s: not a JSON object", cpath); goto done; }
        have_cfg = 1;
        cfg_added = tl__json_get(&cfg, 0, "added_tokens_decoder");
        if (cfg_added >= 0 && cfg.t[cfg_added].type != TL__J_OBJ) cfg_added = -1;
        eos = tl__json_get(&cfg, 0, "eos_token");
        if (eos >= 0 && cfg.t[eos].type == TL__J_OBJ) eos = tl__json_get(&cfg, eos, "content");
        ct = tl__json_get(&cfg, 0, "chat_template");
        if (ct >= 0 && cfg.t[ct].type == TL__J_ARR) { /* [{name, template}]: the "default" one */
            int k, pick = -1;
            for (k = tl__json_first(&cfg, ct); k >= 0; k = cfg.t[k].next)
                if (pick < 0 || tl__json_streq(&cfg, tl__json_get(&cfg, k, "name"), "default")) pick = k;
            ct = tl__json_get(&cfg, pick, "template");
        }
        tpl = tl__json_strdup(&cfg, ct, NULL);
    }
    b.t = t;
    b.d = (tl__tokdata *)tl__calloc(1, sizeof *b.d);
    if (!b.d) { r = tl__fail(t->err, TL_ERR_NOMEM, "out of memory"); goto done; }
    t->d = b.d;
    if (tl__file_exists(path)) {
        b.path = path;
        r = tl__tok_json(&b, path);
    } else if (tl__file_exists(vpath) && tl__file_exists(mpath)) {
        r = tl__tok_files(&b, vpath, mpath, have_cfg ? &cfg : NULL, cfg_added);
    } else {
        r = tl__fail(t->err, TL_ERR_IO, "%s: no tokenizer.json (or vocab.json + merges.txt) found", dir);
    }
    if (r) goto done;
    if (eos >= 0 && cfg.t[eos].type == TL__J_STR) {
        char *s = tl__json_strdup(&cfg, eos, &clen);
        if (s) { t->eos_id = tl__find_token(t, s, clen); TL_FREE(s); }
    }
    t->im_start_id = tl_special_id(t, "<|im_start|>");
    t->im_end_id = tl_special_id(t, "<|im_end|>");
    t->endoftext_id = tl_special_id(t, "<|endoftext|>");
    t->chat = tl__chat_family(tpl, &t->chat_guessed);
done:
    tl__tb_free(&b);
    TL_FREE(tpl);
    if (have_cfg || cfg.t) tl__json_free(&cfg);
    TL_FREE(ctxt);
    if (r) {
        char msg[TL_ERR_SIZE];
        memcpy(msg, t->err, TL_ERR_SIZE);
        tl_tokenizer_free(t);
        memset(t, 0, sizeof *t);
        t->eos_id = t->im_start_id = t->im_end_id = t->endoftext_id = -1;
        memcpy(t->err, msg, TL_ERR_SIZE);
    }
    return r;
}

/* ---- chat templates ---- */

static void tl__sputs(tl__tsink *k, const char *s) { tl__sput(k, s, strlen(s)); }

/* last occurrence of pat in s[0..n), or NULL */
static const char *tl__memrstr(const char *s, size_t n, const char *pat) {
    size_t L = strlen(pat), i;
    if (L > n) return NULL;
    for (i = n - L + 1; i-- > 0;)
        if (memcmp(s + i, pat, L) == 0) return s + i;
    return NULL;
}

static int tl__is_role(const tl_chat_msg *m, const char *role) { return strcmp(m->role ? m->role : "", role) == 0; }
static const char *tl__msg_text(const tl_chat_msg *m) { return m->content ? m->content : ""; }

static void tl__chat_plain(tl__tsink *k, const tl_chat_msg *m) {
    tl__sputs(k, "<|im_start|>");
    tl__sputs(k, m->role ? m->role : "");
    tl__sputs(k, "\n");
    tl__sputs(k, tl__msg_text(m));
    tl__sputs(k, "<|im_end|>\n");
}

/* Qwen3 assistant turn: split "<think>reasoning</think>content" as the template does */
static void tl__chat_qwen3_assistant(tl__tsink *k, const char *c, int after_last_query, int last) {
    const char *rs = "", *cs = c;
    size_t rn = 0, cn = strlen(c);
    const char *close = strstr(c, "</think>");
    if (close) {
        const char *lastc = tl__memrstr(c, cn, "</think>"), *open;
        size_t pn = (size_t)(close - c);
        cs = lastc + 8;                                 /* content.split('</think>')[-1].lstrip('\n') */
        while (*cs == '\n') cs++;
        cn = strlen(cs);
        while (pn > 0 && c[pn - 1] == '\n') pn--;       /* split('</think>')[0].rstrip('\n') */
        open = tl__memrstr(c, pn, "<think>");           /* .split('<think>')[-1].lstrip('\n') */
        rs = open ? open + 7 : c;
        rn = pn - (size_t)(rs - c);
        while (rn > 0 && *rs == '\n') { rs++; rn--; }
    }
    if (after_last_query && (last || rn > 0)) {
        tl__sputs(k, "<|im_start|>assistant\n<think>\n");
        while (rn > 0 && *rs == '\n') { rs++; rn--; } /* reasoning_content.strip('\n') */
        while (rn > 0 && rs[rn - 1] == '\n') rn--;
        tl__sput(k, rs, rn);
        tl__sputs(k, "\n</think>\n\n");
        while (cn > 0 && *cs == '\n') { cs++; cn--; }
        tl__sput(k, cs, cn);
    } else {
        tl__sputs(k, "<|im_start|>assistant\n");
        tl__sput(k, cs, cn);
    }
    tl__sputs(k, "<|im_end|>\n");
}

static void tl__chat_render(int fam, const tl_chat_msg *m, int n, int flags, tl__tsink *k) {
    int i;
    if (fam == TL_CHAT_QWEN25 || fam == TL_CHAT_QWEN3) {
        int last_query = n - 1;
        if (n > 0 && tl__is_role(&m[0], "system")) {
            tl__sputs(k, "<|im_start|>system\n");
            tl__sputs(k, tl__msg_text(&m[0]));
            tl__sputs(k, "<|im_end|>\n");
        } else if (fam == TL_CHAT_QWEN25) {
            tl__sputs(k, "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n");
        }
        for (i = n - 1; i >= 0; i--) { /* the last user turn that is not a tool response */
            const char *c = tl__msg_text(&m[i]);
            size_t L = strlen(c);
            int tool = strncmp(c, "<tool_response>", 15) == 0 && L >= 16 && strcmp(c + L - 16, "</tool_response>") == 0;
            if (tl__is_role(&m[i], "user") && !tool) { last_query = i; break; }
        }
        for (i = 0; i < n; i++) {
            if (tl__is_role(&m[i], "user") || (tl__is_role(&m[i], "system") && i > 0)) tl__chat_plain(k, &m[i]);
            else if (tl__is_role(&m[i], "assistant")) {
                if (fam == TL_CHAT_QWEN25) tl__chat_plain(k, &m[i]);
                else tl__chat_qwen3_assistant(k, tl__msg_text(&m[i]), i > last_query, i == n - 1);
            } else if (tl__is_role(&m[i], "tool")) { /* consecutive tool results share one user turn */
                if (i == 0 || !tl__is_role(&m[i - 1], "tool")) tl__sputs(k, "<|im_start|>user");
                tl__sputs(k, "\n<tool_response>\n");
                tl__sputs(k, tl__msg_text(&m[i]));
                tl__sputs(k, "\n</tool_response>");
                if (i == n - 1 || !tl__is_role(&m[i + 1], "tool")) tl__sputs(k, "<|im_end|>\n");
            } /* other roles: the templates print nothing */
        }
    } else {
        for (i = 0; i < n; i++) {
            if (i == 0 && fam == TL_CHAT_QWEN2 && !tl__is_role(&m[0], "system"))
                tl__sputs(k, "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n");
            tl__chat_plain(k, &m[i]);
        }
    }
    if (!(flags & TL_CHAT_NO_GEN_PROMPT)) {
        tl__sputs(k, "<|im_start|>assistant\n");
        if (fam == TL_CHAT_QWEN3 && (flags & TL_CHAT_NO_THINKING)) tl__sputs(k, "<think>\n\n</think>\n\n");
    }
}

TLDEF int tl_chat_format(tl_tokenizer *t, const tl_chat_msg *msgs, int n, int flags, char *out, size_t cap) {
    tl__tsink k;
    if (!t) return TL_ERR_ARG;
    if (n < 0 || (!msgs && n > 0) || (!out && cap > 0)) return tl__fail(t->err, TL_ERR_ARG, "tl_chat_format: bad arguments");
    k.out = out; k.cap = cap ? cap - 1 : 0; k.len = k.w = 0; k.full = 0;
    tl__chat_render(t->chat, msgs, n, flags, &k);
    if (cap > 0) out[k.w] = 0;
    if (k.len >= (size_t)INT_MAX) return tl__fail(t->err, TL_ERR_RANGE, "tl_chat_format: prompt longer than INT_MAX");
    return (int)k.len;
}

TLDEF int tl_chat_encode(tl_tokenizer *t, const tl_chat_msg *msgs, int n, int flags, int *ids, int cap) {
    int len, r;
    char *buf;
    if (!t) return TL_ERR_ARG;
    len = tl_chat_format(t, msgs, n, flags, NULL, 0);
    if (len < 0) return len;
    buf = (char *)TL_MALLOC((size_t)len + 1);
    if (!buf) return tl__fail(t->err, TL_ERR_NOMEM, "tl_chat_encode: out of memory");
    tl_chat_format(t, msgs, n, flags, buf, (size_t)len + 1);
    r = tl_encode(t, buf, (size_t)len, ids, cap, 0);
    TL_FREE(buf);
    return r;
}

TLDEF int tl_chat_encode_user(tl_tokenizer *t, const char *system, const char *user, int *ids, int cap) {
    tl_chat_msg m[2];
    int n = 0;
    if (system) { m[n].role = "system"; m[n].content = system; n++; }
    m[n].role = "user";
    m[n].content = user ? user : "";
    n++;
    return tl_chat_encode(t, m, n, 0, ids, cap);
}
/* ============================================================================================
   6. generation and sampling
   ============================================================================================ */

TLDEF void tl_gen_params_default(tl_gen_params *p) {
    memset(p, 0, sizeof *p);
    p->max_new = 256;
    p->top_p = 1.0f;
    p->seed = 0x2545F4914F6CDD1DULL;
}

/* the first index of the largest value (NaNs never win, except a NaN at 0 as nothing beats
   it): the maximum in 8 independent lanes (a 151936-entry vocabulary per token), then its
   first position */
TLDEF int tl_argmax(const float *x, int n) {
    float m[8], mx;
    int i, j;
    if (!x || n <= 0) return 0;
    for (j = 0; j < 8; j++) m[j] = x[0];
    for (i = 0; i + 8 <= n; i += 8)
        for (j = 0; j < 8; j++) m[j] = x[i + j] > m[j] ? x[i + j] : m[j];
    for (; i < n; i++) m[0] = x[i] > m[0] ? x[i] : m[0];
    mx = m[0];
    for (j = 1; j < 8; j++) if (m[j] > mx) mx = m[j];
    for (i = 0; i < n; i++)
        if (x[i] == mx) return i;
    return 0;
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
    if (!s) return TL_ERR_ARG;
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
    if (!s) return TL_ERR_ARG;
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


#endif /* !TL__IN_PASS */
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
