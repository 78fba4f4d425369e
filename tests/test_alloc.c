/* Allocation failure: TL_MALLOC/TL_REALLOC/TL_FREE go to a counting allocator that fails the Nth
   allocation (and, in a second pass, every allocation from the Nth on). For every N, loading a
   model, creating a session, generating, loading a tokenizer and encoding/decoding must either
   succeed or return TL_ERR_NOMEM with a message; never crash, and the live allocation count must
   be back to zero after the frees. */
#define _XOPEN_SOURCE 700
#include <stdlib.h>
#include <stddef.h>

static long ta_count, ta_fail_at, ta_live, ta_failed;
static int ta_sticky; /* fail every allocation from ta_fail_at on */

static int ta_should_fail(void) {
    ++ta_count;
    if (ta_fail_at > 0 && (ta_count == ta_fail_at || (ta_sticky && ta_count > ta_fail_at))) { ta_failed++; return 1; }
    return 0;
}
static void *ta_malloc(size_t n) {
    void *p;
    if (ta_should_fail()) return NULL;
    p = malloc(n);
    if (p) ta_live++;
    return p;
}
static void *ta_realloc(void *p, size_t n) {
    void *q;
    if (ta_should_fail()) return NULL;
    q = realloc(p, n);
    if (q && !p) ta_live++;
    return q;
}
static void ta_free(void *p) {
    if (p) ta_live--;
    free(p);
}

#define TL_MALLOC(sz) ta_malloc(sz)
#define TL_REALLOC(p, sz) ta_realloc(p, sz)
#define TL_FREE(p) ta_free(p)
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tl_test.h"
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>

static char model_dir[4096], tok_dir[4096];

/* the steps; returns TL_OK or the first failure's status, with its message in msg */
static int scenario(int *step, char *msg) {
    tl_model m;
    tl_session s;
    tl_tokenizer t;
    tl_gen_params gp;
    tl_detok d;
    int r, ids[64], n, k;
    char out[512], piece[TL_DETOK_MAX];
    float probs[1024];
    int cand[1024];
    msg[0] = 0;
    *step = 1;
    if ((r = tl_model_load(&m, model_dir)) != TL_OK) { strcpy(msg, m.err); return r; }
    *step = 2;
    if ((r = tl_session_init(&s, &m, 32)) != TL_OK) { strcpy(msg, s.err); tl_model_free(&m); return r; }
    *step = 3;
    tl_gen_params_default(&gp);
    gp.max_new = 3;
    gp.ignore_eos = 1;
    for (k = 0; k < 6; k++) ids[k] = 11 * k + 5;
    r = tl_generate(&s, ids, 6, &gp, NULL, NULL);
    if (r >= 0) { *step = 4; gp.temp = 0.8f; gp.top_p = 0.9f; r = tl_generate(&s, ids, 4, &gp, NULL, NULL); }
    if (r >= 0) { *step = 5; r = tl_simple_generate(&s, ids, 3, &gp, NULL, NULL); }
    if (r >= 0) { *step = 6; r = tl_sample_filter(s.logits, m.cfg.vocab, &gp, cand, probs); }
    if (r < 0) { strcpy(msg, s.err); tl_session_free(&s); tl_model_free(&m); return r; }
    tl_session_free(&s);
    tl_model_free(&m);
    *step = 7;
    if ((r = tl_tokenizer_load(&t, tok_dir)) != TL_OK) { strcpy(msg, t.err); return r; }
    *step = 8;
    n = tl_encode(&t, "Hello world, it's 12 o'clock! \xe4\xbd\xa0\xe5\xa5\xbd \xff <|im_end|>", 37, ids, 64, 0);
    if (n >= 0) { *step = 9; n = tl_chat_encode_user(&t, "sys", "hi there", ids, 64); }
    if (n >= 0) { *step = 10; n = tl_decode(&t, ids, n < 64 ? n : 64, out, sizeof out, 0); }
    if (n < 0) { strcpy(msg, t.err); tl_tokenizer_free(&t); return n; }
    tl_detok_init(&d, &t, 0);
    for (k = 0; k < 20; k++) tl_detok_push(&d, ids[k], piece, sizeof piece);
    tl_detok_flush(&d, piece, sizeof piece);
    tl_tokenizer_free(&t);
    return TL_OK;
}

static void copy_file(const char *src, const char *dst) {
    FILE *a = fopen(src, "rb"), *b = fopen(dst, "wb");
    char buf[65536];
    size_t k;
    if (a && b)
        while ((k = fread(buf, 1, sizeof buf, a)) > 0) fwrite(buf, 1, k, b);
    if (a) fclose(a);
    if (b) fclose(b);
}

int main(int argc, char **argv) {
    const char *fx = tlt_fixtures(argc, argv);
    char tmpl[] = "/tmp/tl-alloc-XXXXXX", p[4096 + 64], msg[TL_ERR_SIZE];
    long total, N, failures = 0, ok_runs = 0;
    int step, r, pass, last_step_seen = 0;
    snprintf(model_dir, sizeof model_dir, "%s/models/qwen2-tiny-mlx4", fx);
    /* a small tokenizer (400 tokens of the Qwen2 vocabulary, its merges, the 3 added tokens):
       the full one makes ~10^5 allocations, too many to fail one by one */
    if (!mkdtemp(tmpl)) { CHECK(0, "mkdtemp"); return tlt_done("alloc"); }
    snprintf(tok_dir, sizeof tok_dir, "%s", tmpl);
    snprintf(p, sizeof p, "%s/tokenizer.json", tok_dir);
    copy_file("tests/fuzz/corpus/tokenizer/mini_qwen2.json", p);

    ta_fail_at = 0;
    ta_count = ta_live = 0;
    r = scenario(&step, msg);
    CHECK(r == TL_OK, "the scenario without failures: step %d: %s", step, msg);
    CHECK(ta_live == 0, "%ld allocations leaked without failures", ta_live);
    total = ta_count;
    printf("alloc: the scenario makes %ld allocations\n", total);
    for (pass = 0; pass < 2; pass++) {
        ta_sticky = pass;
        for (N = 1; N <= total + 1; N++) {
            ta_fail_at = N;
            ta_count = ta_live = ta_failed = 0;
            r = scenario(&step, msg);
            if (step > last_step_seen) last_step_seen = step;
            if (ta_failed == 0) { CHECK(r == TL_OK, "N=%ld: no failure injected but status %d: %s", N, r, msg); ok_runs++; }
            else if (r == TL_OK) ok_runs++; /* the failure was absorbed (optional caches) */
            else {
                failures++;
                CHECK(r == TL_ERR_NOMEM, "N=%ld%s: step %d returned %d, not TL_ERR_NOMEM: %s", N, pass ? "+" : "", step, r, msg);
                /* tl_sample_filter (step 6) has no struct to write a message into */
                CHECK(step == 6 || (msg[0] != 0 && strchr(msg, '\n') == NULL), "N=%ld: step %d: no one-line message", N, step);
            }
            CHECK(ta_live == 0, "N=%ld%s: step %d: %ld allocations leaked (status %d: %s)", N, pass ? "+" : "", step, ta_live, r, msg);
        }
    }
    printf("alloc: failed each of N = 1..%ld (single and from-N-on): %ld runs returned TL_ERR_NOMEM, %ld absorbed the failure, steps reached %d/10\n",
           total + 1, failures, ok_runs, last_step_seen);
    unlink(p);
    rmdir(tok_dir);
    return tlt_done("alloc");
}
