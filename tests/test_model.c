/* Forward pass and generation against the float64 Hugging Face references in tests/fixtures:
   logits within 1e-2 at every position, greedy tokens equal up to the first near-tie (margin
   < 0.01), the seed loop (tl_simple_generate) and the KV-cached loop alike. */
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tl_test.h"
#include <stdlib.h>

typedef struct { int n; int toks[256]; } collect;
static int on_tok(void *u, int t) {
    collect *c = (collect *)u;
    if (c->n < 256) c->toks[c->n++] = t;
    return 0;
}

static const tl_tensor *ref(const tl_safetensors *r, const char *key, const char *what) {
    char nm[128];
    snprintf(nm, sizeof nm, "%s.%s", key, what);
    return tl_st_find(r, nm);
}

/* reference tensors are little-endian safetensors: byte-wise loads, so big-endian hosts read them too */
static uint32_t ldu(const tl_tensor *t, size_t i) {
    const unsigned char *p = t->data + 4 * i;
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static int32_t ldi(const tl_tensor *t, int i) { uint32_t u = ldu(t, (size_t)i); int32_t v; memcpy(&v, &u, 4); return v; }
static float ldf(const tl_tensor *t, size_t i) { uint32_t u = ldu(t, i); float v; memcpy(&v, &u, 4); return v; }

/* greedy tokens must match until the reference's first step with margin < 0.01 */
static void check_greedy(const char *model, const char *key, const char *loop, const collect *got, const tl_tensor *g, const tl_tensor *mg) {
    int n = (int)g->shape[0], i;
    for (i = 0; i < n; i++) {
        if (i >= got->n) { CHECK(0, "%s %s %s: only %d tokens generated, %d expected", model, key, loop, got->n, n); return; }
        if (got->toks[i] != ldi(g, i)) {
            CHECK(0, "%s %s %s: token %d is %d, reference %d (margin %.4f)", model, key, loop, i, got->toks[i], ldi(g, i), ldf(mg, i));
            return;
        }
        if (ldf(mg, i) < 0.01f) break; /* near-tie: any continuation is acceptable */
    }
    CHECK(1, "");
}

static double max_err, max_err_exact;
/* TL_TEST_QUICK (runs under emulation, tests/cross.sh): 1 skips the seed loop, whose every step
   re-runs the whole sequence (three quarters of the run time); 2 also skips the e2e and demo
   models (the tiny models already cover every dtype and bit width); 3 runs only the first three
   tiny Qwen2 models (BF16, MLX 4-bit with F16 scales, sharded F32: the big-endian smoke test)
   on prompts p0-p2 (not the 200-token p3: under qemu-s390x, whose floating point is emulated
   op by op, it alone takes as long as the rest).
   Any level also skips the tl_session.exact pass for the scalar set, where it would run the
   very same kernels again.
   Every model runs with the kernel set the session picks (the best this CPU runs, or TL_CPU);
   then the tiny models' logits again with each other set this CPU runs (light: no generation). */
static int quick, exact_pass, light, cpu_run;

static void run_model(const char *fx, const char *dir, const char *name, const char *const *keys, int nkeys, int all_positions) {
    char path[512], rpath[512];
    tl_model m;
    tl_safetensors r;
    tl_session s;
    int k;
    snprintf(path, sizeof path, "%s/%s/%s", fx, dir, name);
    snprintf(rpath, sizeof rpath, "%s/%s/%s.ref.safetensors", fx, dir, name);
    if (tl_model_load(&m, path) != TL_OK) { CHECK(0, "load %s: %s", name, m.err); return; }
    if (tl_st_open(&r, rpath) != TL_OK) { CHECK(0, "ref %s: %s", name, r.err); tl_model_free(&m); return; }
    CHECK(tl_session_init(&s, &m, 512) == TL_OK, "session %s: %s", name, s.err);
    s.cpu = cpu_run;
    for (k = 0; k < nkeys; k++) {
        const tl_tensor *pr = ref(&r, keys[k], "prompt"), *lg = ref(&r, keys[k], all_positions ? "logits" : "last_logits");
        const tl_tensor *gr = ref(&r, keys[k], "greedy"), *mg = ref(&r, keys[k], "margins");
        int n, i, V = m.cfg.vocab, rc;
        int *ids;
        float *out;
        double err = 0;
        tl_gen_params gp;
        collect c1, c2;
        if (!pr || !lg || !gr || !mg) { CHECK(0, "%s: reference key %s missing", name, keys[k]); continue; }
        n = (int)pr->shape[0];
        ids = (int *)malloc(sizeof(int) * n);
        out = (float *)malloc(sizeof(float) * (size_t)n * V);
        for (i = 0; i < n; i++) ids[i] = ldi(pr, i);
        rc = tl_forward(&s, ids, n, 0, out, all_positions);
        CHECK(rc == TL_OK, "%s %s forward: %s", name, keys[k], s.err);
        {
            size_t cnt = (size_t)(all_positions ? n : 1) * V, j;
            for (j = 0; j < cnt; j++) {
                double e = fabs((double)out[j] - ldf(lg, j));
                if (e > err || e != e) err = e != e ? 1e9 : e;
            }
        }
        if (err > max_err) max_err = err;
        CHECK(err < 1e-2, "%s %s (%s): max logit error %.3g >= 1e-2", name, keys[k], tl_cpu_name(tl_cpu_resolve(s.cpu, NULL)), err);
        if (light) { free(ids); free(out); continue; }
        /* the same with tl_session.exact = 1: f32 kernels everywhere (the default may take int16
           activations for MLX 4/8-bit weights where the CPU has AVX512-VNNI) */
        if (exact_pass) {
            s.exact = 1;
            tl_session_reset(&s);
            rc = tl_forward(&s, ids, n, 0, out, all_positions);
            CHECK(rc == TL_OK, "%s %s exact forward: %s", name, keys[k], s.err);
            {
                size_t cnt = (size_t)(all_positions ? n : 1) * V, j;
                double e2 = 0;
                for (j = 0; j < cnt; j++) {
                    double e = fabs((double)out[j] - ldf(lg, j));
                    if (e > e2 || e != e) e2 = e != e ? 1e9 : e;
                }
                if (e2 > max_err_exact) max_err_exact = e2;
                CHECK(e2 < 1e-2, "%s %s: exact path max logit error %.3g >= 1e-2", name, keys[k], e2);
            }
            s.exact = 0;
        }
        tl_gen_params_default(&gp);
        gp.ignore_eos = 1;
        gp.max_new = (int)gr->shape[0];
        c1.n = c2.n = 0;
        tl_session_reset(&s);
        if (!quick) {
            rc = tl_simple_generate(&s, ids, n, &gp, on_tok, &c1);
            CHECK(rc == gp.max_new, "%s %s simple_generate returned %d: %s", name, keys[k], rc, s.err);
            check_greedy(name, keys[k], "simple_generate", &c1, gr, mg);
        }
        tl_session_reset(&s);
        rc = tl_generate(&s, ids, n, &gp, on_tok, &c2);
        CHECK(rc == gp.max_new, "%s %s generate returned %d: %s", name, keys[k], rc, s.err);
        check_greedy(name, keys[k], "generate(kv)", &c2, gr, mg);
        if (!quick) CHECK(c1.n == c2.n && memcmp(c1.toks, c2.toks, sizeof(int) * c1.n) == 0, "%s %s: KV cache and seed loop differ", name, keys[k]);
        free(ids);
        free(out);
    }
    if (!light) printf("  %-24s max logit error so far %.2e (exact f32 path %.2e)\n", name, max_err, max_err_exact);
    tl_session_free(&s);
    tl_st_close(&r);
    tl_model_free(&m);
}

int main(int argc, char **argv) {
    const char *fx = tlt_fixtures(argc, argv);
    static const char *const tiny[] = {"p0", "p1", "p2"};
    static const char *const tiny3[] = {"p0", "p1", "p2", "p3"};
    static const char *const e2e[] = {"seed", "system", "unicode"};
    static const char *const e2e3[] = {"seed", "seed_nothink", "multi"};
    static const char *const demo[] = {"seed", "bash", "curl", "tinyllm"};
    static const char *const q2[] = {"qwen2-tiny-bf16", "qwen2-tiny-mlx4", "qwen2-tiny-f32-sharded", "qwen2-tiny-mlx8",
                                     "qwen2-tiny-mlx6", "qwen2-tiny-mlx3", "qwen2-tiny-mlx-mixed"};
    int i;
    quick = getenv("TL_TEST_QUICK") ? atoi(getenv("TL_TEST_QUICK")) : 0;
    exact_pass = !quick || tl_cpu_resolve(TL_CPU_AUTO, NULL) != TL_CPU_REF;
    printf("  kernel set: %s\n", tl_cpu_name(tl_cpu_resolve(TL_CPU_AUTO, NULL)));
    if (quick) printf("  TL_TEST_QUICK=%d: tl_simple_generate is not run%s%s\n", quick, quick > 2 ? ", only 3 tiny models" : quick > 1 ? ", nor the e2e and demo models" : "",
                      exact_pass ? "" : "; no exact pass (the scalar set: the same kernels)");
    for (i = 0; i < (quick > 2 ? 3 : 7); i++) {
        tl_safetensors r;
        char rp[512];
        int has_p3;
        snprintf(rp, sizeof rp, "%s/models/%s.ref.safetensors", fx, q2[i]);
        has_p3 = tl_st_open(&r, rp) == TL_OK && tl_st_find(&r, "p3.prompt") != NULL;
        tl_st_close(&r);
        if (quick > 2) has_p3 = 0;
        run_model(fx, "models", q2[i], has_p3 ? tiny3 : tiny, has_p3 ? 4 : 3, 1);
    }
    if (quick > 2) goto done;
    run_model(fx, "models", "qwen3-tiny-bf16", tiny3, 4, 1);
    run_model(fx, "models", "qwen3-tiny-mlx4", tiny3, 4, 1);
    if (quick > 1) goto done;
    run_model(fx, "models", "qwen2-e2e-mlx4", e2e, 3, 0);
    run_model(fx, "models", "qwen3-e2e-mlx4", e2e3, 3, 0);
    run_model(fx, ".", "qwen2-demo-mlx4", demo, 4, 0);
done:
    printf("max logit error over all models: %.3e (default path), %.3e (exact f32 path)\n", max_err, max_err_exact);
    if (!getenv("TL_CPU") || !*getenv("TL_CPU")) { /* the other kernel sets: logits of the tiny models */
        int cpu, best = tl_cpu_resolve(TL_CPU_AUTO, NULL);
        light = 1;
        for (cpu = TL_CPU_REF; cpu < TL_CPU_COUNT; cpu++) {
            if (cpu == best || !tl_cpu_supported(cpu)) continue;
            cpu_run = cpu;
            max_err = 0;
            for (i = 0; i < (quick > 2 ? 3 : 7); i++) run_model(fx, "models", q2[i], tiny, 3, 1);
            run_model(fx, "models", "qwen3-tiny-bf16", tiny, 3, 1);
            printf("  kernel set %-10s: max logit error %.3e (tiny models, p0-p2)\n", tl_cpu_name(cpu), max_err);
        }
    }
    return tlt_done("model");
}
