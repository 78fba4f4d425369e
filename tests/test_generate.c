/* Sampling and generation-loop behaviour: filters on fixed logits, draws against softmax,
   seeds, greedy, context limits, KV-cache prefix reuse. TL_TEST_QUICK >= 2 (runs under
   emulation): the seed loop meets the context limit from a 56-token prompt instead of a 40-token
   one (9 steps instead of 25, each re-running the whole sequence). */
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tl_test.h"
#include <stdlib.h>

static int has(const int *ids, int n, int id) {
    int i;
    for (i = 0; i < n; i++)
        if (ids[i] == id) return 1;
    return 0;
}

static void test_filters(void) {
    /* probabilities at temp 1: softmax of logs of 0.4 0.3 0.15 0.1 0.05 */
    float lg[5];
    const double p[5] = {0.4, 0.3, 0.15, 0.1, 0.05};
    int ids[5], n, i;
    float pr[5];
    tl_gen_params gp;
    for (i = 0; i < 5; i++) lg[i] = (float)log(p[(i + 2) % 5]); /* shuffled: id 3 is 0.4 */
    tl_gen_params_default(&gp);
    gp.temp = 1.0f;
    n = tl_sample_filter(lg, 5, &gp, ids, pr);
    CHECK(n == 5 && ids[0] == 3 && ids[1] == 4 && ids[4] == 2, "no filter keeps all 5, best first (n=%d)", n);
    CHECK(fabs(pr[0] - 0.4) < 1e-6 && fabs(pr[4] - 0.05) < 1e-6, "probabilities are the softmax");
    gp.top_k = 2;
    n = tl_sample_filter(lg, 5, &gp, ids, pr);
    CHECK(n == 2 && has(ids, n, 3) && has(ids, n, 4), "top-k 2 keeps the two best");
    CHECK(fabs(pr[0] - 0.4 / 0.7) < 1e-6, "top-k renormalises");
    gp.top_k = 0;
    gp.top_p = 0.7f; /* 0.4 + 0.3 reaches 0.7 */
    n = tl_sample_filter(lg, 5, &gp, ids, pr);
    CHECK(n == 2, "top-p 0.7 keeps 2 (got %d)", n);
    gp.top_p = 0.71f;
    n = tl_sample_filter(lg, 5, &gp, ids, pr);
    CHECK(n == 3 && has(ids, n, 0), "top-p 0.71 keeps 3 (got %d)", n);
    gp.top_p = 1.0f;
    gp.min_p = 0.3f; /* keep p >= 0.12 */
    n = tl_sample_filter(lg, 5, &gp, ids, pr);
    CHECK(n == 3, "min-p 0.3 keeps 3 (got %d)", n);
    gp.min_p = 0.0f;
    gp.temp = 0.5f; /* sharper: p^2 normalised */
    n = tl_sample_filter(lg, 5, &gp, ids, pr);
    CHECK(n == 5 && fabs(pr[0] - 0.16 / 0.285) < 1e-5, "temperature 0.5 squares the probabilities (%.5f)", pr[0]);
}

static void test_draws(void) {
    float lg[5];
    const double p[5] = {0.4, 0.3, 0.15, 0.1, 0.05};
    int cnt[5] = {0}, i, N = 40000, same = 1;
    uint64_t rng = 42, r1 = 7, r2 = 7;
    tl_gen_params gp;
    for (i = 0; i < 5; i++) lg[i] = (float)log(p[i]);
    tl_gen_params_default(&gp);
    CHECK(tl_sample(lg, 5, &gp, &rng, NULL) == 0, "temperature 0 is argmax");
    lg[3] = 5.0f;
    CHECK(tl_sample(lg, 5, &gp, &rng, NULL) == 3 && tl_argmax(lg, 5) == 3, "greedy follows the max");
    lg[3] = (float)log(p[3]);
    gp.temp = 1.0f;
    for (i = 0; i < N; i++) {
        int t = tl_sample(lg, 5, &gp, &rng, NULL);
        if (t >= 0 && t < 5) cnt[t]++;
    }
    for (i = 0; i < 5; i++) CHECK(fabs(cnt[i] / (double)N - p[i]) < 0.01, "frequency of %d is %.4f, softmax %.4f", i, cnt[i] / (double)N, p[i]);
    for (i = 0; i < 100; i++) same &= tl_sample(lg, 5, &gp, &r1, NULL) == tl_sample(lg, 5, &gp, &r2, NULL);
    CHECK(same, "the same seed gives the same draws");
    rng = 0;
    CHECK(tl_rng_next(&rng) == 0xE220A8397B1DCDAFULL, "splitmix64 is the portable reference sequence");
}

typedef struct { int n; int toks[512]; } collect;
static int on_tok(void *u, int t) {
    collect *c = (collect *)u;
    if (c->n < 512) c->toks[c->n++] = t;
    return 0;
}
static int stop_after_3(void *u, int t) {
    collect *c = (collect *)u;
    on_tok(u, t);
    return c->n >= 3;
}

static void test_loops(const char *fx) {
    char path[512];
    tl_model m;
    tl_session s, s2;
    tl_gen_params gp;
    collect a, b, c;
    int prompt[56], i, r, turn2[80], n2, np = 40;
    const char *q = getenv("TL_TEST_QUICK");
    snprintf(path, sizeof path, "%s/models/qwen2-tiny-mlx4", fx);
    if (tl_model_load(&m, path) != TL_OK) { CHECK(0, "load: %s", m.err); return; }
    for (i = 0; i < 56; i++) prompt[i] = (i * 37 + 11) % 1024;
    if (q && atoi(q) >= 2) np = 56;
    CHECK(tl_session_init(&s, &m, 64) == TL_OK, "session");
    tl_gen_params_default(&gp);
    gp.max_new = 8;
    gp.ignore_eos = 1;
    /* prompts longer than the context are refused, never truncated */
    a.n = 0;
    r = tl_generate(&s, prompt, 40, &gp, on_tok, &a);
    CHECK(r == 8, "40 + 8 fits 64");
    {
        int big[65] = {0};
        r = tl_generate(&s, big, 65, &gp, NULL, NULL);
        CHECK(r == TL_ERR_RANGE && strstr(s.err, "context"), "65 tokens > ctx 64: %d %s", r, s.err);
        r = tl_simple_generate(&s, big, 65, &gp, NULL, NULL);
        CHECK(r == TL_ERR_RANGE, "simple_generate refuses too: %d", r);
    }
    /* the context limit stops generation and says so: np prompt tokens + 65 - np generated, the
       last of which is not fed back */
    tl_session_reset(&s);
    gp.max_new = 100;
    a.n = 0;
    r = tl_generate(&s, prompt, np, &gp, on_tok, &a);
    CHECK(r == 65 - np && s.stop == TL_STOP_CTX, "generation stops at the context: %d tokens, stop %d", r, s.stop);
    b.n = 0;
    r = tl_simple_generate(&s, prompt, np, &gp, on_tok, &b);
    CHECK(r == 65 - np && s.stop == TL_STOP_CTX && memcmp(a.toks, b.toks, sizeof(int) * (65 - np)) == 0, "seed loop stops there too, same tokens (%d)", r);
    /* callback stop */
    tl_session_reset(&s);
    c.n = 0;
    r = tl_generate(&s, prompt, 10, &gp, stop_after_3, &c);
    CHECK(r == 3 && s.stop == TL_STOP_USER, "callback stops after 3 (%d)", r);
    /* bad ids */
    {
        int bad[2] = {5, 1024};
        r = tl_generate(&s, bad, 2, &gp, NULL, NULL);
        CHECK(r == TL_ERR_RANGE && strstr(s.err, "1024"), "id 1024 out of range: %s", s.err);
    }
    /* a second turn reuses the cached prefix and gives the same tokens as a fresh session */
    gp.max_new = 6;
    tl_session_reset(&s);
    a.n = 0;
    tl_generate(&s, prompt, 20, &gp, on_tok, &a);
    memcpy(turn2, prompt, sizeof(int) * 20);
    memcpy(turn2 + 20, a.toks, sizeof(int) * a.n);
    n2 = 20 + a.n;
    for (i = 0; i < 5; i++) turn2[n2++] = (i * 101) % 1024;
    b.n = 0;
    tl_generate(&s, turn2, n2, &gp, on_tok, &b);
    CHECK(tl_session_init(&s2, &m, 64) == TL_OK, "session 2");
    c.n = 0;
    tl_generate(&s2, turn2, n2, &gp, on_tok, &c);
    CHECK(b.n == c.n && memcmp(b.toks, c.toks, sizeof(int) * b.n) == 0, "KV prefix reuse equals a fresh run");
    /* forward argument checks */
    CHECK(tl_forward(&s2, prompt, 0, 0, NULL, 0) == TL_ERR_ARG, "n = 0 refused");
    CHECK(tl_forward(&s2, prompt, 4, s2.n_past + 1, NULL, 0) == TL_ERR_RANGE, "a gap in positions refused");
    CHECK(tl_forward(&s2, prompt, 40, 30, NULL, 0) == TL_ERR_RANGE, "past the context refused");
    tl_session_free(&s2);
    tl_session_free(&s);
    tl_model_free(&m);
}

int main(int argc, char **argv) {
    test_filters();
    test_draws();
    test_loops(tlt_fixtures(argc, argv));
    return tlt_done("generate");
}
