/* Hostile input: every corrupt checkpoint of tools/mkbad.c (made fresh, into a temporary
   directory) must fail to load with the expected TL_ERR_* and a one-line message that names the
   checkpoint and the problem; the valid-but-odd ones must load and run. Then the run-time
   argument checks: token ids out of range, prompts longer than the context, positions past the
   cache, uninitialised sessions.
   Usage: test_malformed [FIXTURES [KEEPDIR]]  (KEEPDIR: write the cases there and keep them) */
#define _XOPEN_SOURCE 700
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tl_test.h"
#define TL_MKBAD_NO_MAIN
#include "../tools/mkbad.c"
#include <stdlib.h>
#include <math.h>
#include <time.h>
#include <sys/wait.h>

static int on_tok(void *u, int t) { (void)t; ++*(int *)u; return 0; }

static int keep;            /* KEEPDIR given: leave the cases on disk */
static const char *cli;     /* the demo CLI (./tinyllm or $TL_CLI), NULL when not built */
static char cli_out[8192];

/* run the CLI on a checkpoint; returns its exit status (-1: killed by a signal) */
static int run_cli(const char *dir, const char *args) {
    char cmd[9000];
    FILE *p;
    size_t n = 0, got;
    int st;
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' %s 2>&1", cli, dir, args);
    cli_out[0] = 0;
    if (!(p = popen(cmd, "r"))) return -2;
    while ((got = fread(cli_out + n, 1, sizeof cli_out - 1 - n, p)) > 0) n += got;
    cli_out[n] = 0;
    st = pclose(p);
    if (st == -1 || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}

/* lines of output (a last line without \n counts) */
static int lines(const char *s) {
    int n = 0;
    for (; *s; s++)
        if (*s == '\n' || s[1] == 0) n++;
    return n;
}

/* a loaded model must run: batch prefill, greedy and sampled decode, finite logits */
static void run_ok(const char *name, tl_model *m) {
    tl_session s;
    int ids[9], i, n = 0, rc, V = m->cfg.vocab;
    float *lg = (float *)malloc(sizeof(float) * (size_t)V * 9);
    tl_gen_params gp;
    if (tl_session_init(&s, m, 24) != TL_OK) { CHECK(0, "%s: session: %s", name, s.err); free(lg); return; }
    for (i = 0; i < 9; i++) ids[i] = (i * 7919 + 3) % V;
    rc = tl_forward(&s, ids, 9, 0, lg, 1);
    CHECK(rc == TL_OK, "%s: forward: %s", name, s.err);
    if (rc == TL_OK) {
        int finite = 1;
        for (i = 0; i < V * 9; i++) finite &= lg[i] == lg[i] && fabsf(lg[i]) < 1e30f;
        CHECK(finite, "%s: logits not finite", name);
    }
    tl_gen_params_default(&gp);
    gp.max_new = 4;
    gp.ignore_eos = 1;
    rc = tl_generate(&s, ids, 5, &gp, on_tok, &n);
    CHECK(rc == 4 && n == 4, "%s: greedy generate returned %d (%s)", name, rc, s.err);
    gp.temp = 1.0f; /* sampling reads tl_session.work as candidates */
    gp.max_new = 40; /* runs into the context: stops with TL_STOP_CTX */
    rc = tl_generate(&s, ids, 3, &gp, NULL, NULL);
    CHECK(rc == 22 && s.stop == TL_STOP_CTX, "%s: sampled generate returned %d, stop %d (%s)", name, rc, s.stop, s.err);
    gp.top_k = 5; gp.top_p = 0.9f; gp.min_p = 0.01f; gp.max_new = 3;
    rc = tl_simple_generate(&s, ids, 4, &gp, NULL, NULL);
    CHECK(rc == 3, "%s: simple generate returned %d (%s)", name, rc, s.err);
    tl_session_free(&s);
    free(lg);
}

static void run_cases(const char *outdir) {
    int i;
    char dir[4096];
    for (i = 0; i < MB_NCASES; i++) {
        const mb_case *c = &mb_cases[i];
        tl_model m;
        int rc;
        clock_t t0;
        double secs;
        if (mb_make(i, outdir, dir, sizeof dir)) { CHECK(0, "%s: the generator could not make it", c->name); continue; }
        t0 = clock();
        rc = tl_model_load(&m, dir);
        secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (c->expect == 0) {
            CHECK(rc == TL_OK, "%s (%s): must load: %s", c->name, c->what, m.err);
            if (rc == TL_OK) run_ok(c->name, &m);
        } else {
            CHECK(rc == c->expect, "%s (%s): status %s, expected %s: %s", c->name, c->what, mb_code_name(rc), mb_code_name(c->expect), m.err);
            CHECK(m.err[0] && !strchr(m.err, '\n'), "%s: message is not one line: '%s'", c->name, m.err);
            CHECK(strstr(m.err, dir) != NULL, "%s: message does not name the checkpoint %s: '%s'", c->name, dir, m.err);
            CHECK(!c->msg1 || strstr(m.err, c->msg1), "%s: message lacks '%s': '%s'", c->name, c->msg1, m.err);
            CHECK(!c->msg2 || strstr(m.err, c->msg2), "%s: message lacks '%s': '%s'", c->name, c->msg2, m.err);
            CHECK(m.layer == NULL && m.vecs == NULL && m.st.tensors == NULL && m.st.nfiles == 0, "%s: a failed load left memory behind", c->name);
            if (getenv("TL_SHOW")) printf("  %-24s %s\n", c->name, m.err);
        }
        CHECK(secs < 20.0, "%s: took %.1f s", c->name, secs);
        tl_model_free(&m); /* harmless after a failure, frees after a success */
        tl_model_free(&m); /* and again: no double free */
        if (cli) { /* the demo CLI: exit 1 with one line naming the checkpoint */
            int st = run_cli(dir, "--ids '1 2 3' -n 2");
            if (!strcmp(c->name, "ok_tokenizer_bigger")) { /* the library loads it; the CLI must refuse ids past the 1024 rows */
                CHECK(st == 1 && lines(cli_out) == 1 && (strstr(cli_out, "out of range") || strstr(cli_out, "vocabulary")), "%s: the CLI exited %d with: %s", c->name, st, cli_out);
                st = run_cli(dir, "-p 'hello world' -n 2");
                CHECK(st == 1 && lines(cli_out) == 1 && (strstr(cli_out, "out of range") || strstr(cli_out, "vocabulary")), "%s: the CLI on ids past the embedding exited %d with: %s", c->name, st, cli_out);
            } else if (c->expect) CHECK(st == 1 && lines(cli_out) == 1 && strstr(cli_out, dir), "%s: the CLI exited %d with: %s", c->name, st, cli_out);
            else CHECK(st == 0, "%s: the CLI exited %d with: %s", c->name, st, cli_out);
        }
        if (!keep) mb_rmdir(dir);
    }
}

/* run-time arguments on a good model */
static void run_args(const char *fx) {
    char path[4096];
    tl_model m, zm;
    tl_session s, zs;
    int ids[40], i, rc, big[3] = {1, 2, 3};
    float lg[1024];
    tl_gen_params gp;
    snprintf(path, sizeof path, "%s/models/qwen2-tiny-mlx4", fx);
    if (tl_model_load(&m, path) != TL_OK) { CHECK(0, "load %s: %s", path, m.err); return; }
    for (i = 0; i < 40; i++) ids[i] = i * 13 % 1024;
    memset(&zm, 0, sizeof zm);
    CHECK(tl_session_init(&s, &zm, 8) == TL_ERR_ARG, "session on an unloaded model");
    CHECK(tl_session_init(&s, NULL, 8) == TL_ERR_ARG, "session on NULL model");
    CHECK(tl_session_init(NULL, &m, 8) == TL_ERR_ARG, "session NULL");
    CHECK(tl_session_init(&s, &m, -1) == TL_ERR_ARG && strstr(s.err, "negative"), "negative context: %s", s.err);
    memset(&zs, 0, sizeof zs);
    CHECK(tl_forward(&zs, ids, 1, 0, NULL, 0) == TL_ERR_ARG, "forward on a zeroed session");
    CHECK(tl_forward(NULL, ids, 1, 0, NULL, 0) == TL_ERR_ARG, "forward on NULL");
    CHECK(tl_generate(&zs, ids, 1, NULL, NULL, NULL) == TL_ERR_ARG, "generate on a zeroed session");
    CHECK(tl_generate(NULL, ids, 1, NULL, NULL, NULL) == TL_ERR_ARG, "generate on NULL");
    CHECK(tl_simple_generate(&zs, ids, 1, NULL, NULL, NULL) == TL_ERR_ARG, "simple generate on a zeroed session");
    if (tl_session_init(&s, &m, 16) != TL_OK) { CHECK(0, "session: %s", s.err); tl_model_free(&m); return; }
    CHECK(s.ctx == 16, "ctx %d", s.ctx);
    CHECK(tl_forward(&s, NULL, 1, 0, lg, 0) == TL_ERR_ARG, "NULL tokens");
    CHECK(tl_forward(&s, ids, 0, 0, lg, 0) == TL_ERR_ARG, "0 tokens");
    CHECK(tl_forward(&s, ids, -5, 0, lg, 0) == TL_ERR_ARG, "-5 tokens");
    big[1] = -1;
    rc = tl_forward(&s, big, 3, 0, lg, 0);
    CHECK(rc == TL_ERR_RANGE && strstr(s.err, "token id -1"), "token -1: %d %s", rc, s.err);
    big[1] = 1024;
    rc = tl_forward(&s, big, 3, 0, lg, 0);
    CHECK(rc == TL_ERR_RANGE && strstr(s.err, "token id 1024"), "token = vocab: %d %s", rc, s.err);
    big[1] = 0x7fffffff;
    CHECK(tl_forward(&s, big, 3, 0, lg, 0) == TL_ERR_RANGE, "token INT_MAX");
    CHECK(s.n_past == 0, "a refused forward changed the cache (%d)", s.n_past);
    rc = tl_forward(&s, ids, 17, 0, lg, 0);
    CHECK(rc == TL_ERR_RANGE && strstr(s.err, "context"), "17 tokens in 16: %d %s", rc, s.err);
    CHECK(tl_forward(&s, ids, 4, 0, lg, 0) == TL_OK, "forward: %s", s.err);
    CHECK(tl_forward(&s, ids, 1, 5, lg, 0) == TL_ERR_RANGE, "pos past n_past");
    CHECK(tl_forward(&s, ids, 1, -1, lg, 0) == TL_ERR_RANGE, "pos -1");
    CHECK(tl_forward(&s, ids, 13, 4, lg, 0) == TL_ERR_RANGE, "4 + 13 > 16");
    CHECK(tl_forward(&s, ids, 12, 4, lg, 0) == TL_OK, "4 + 12 = 16: %s", s.err);
    CHECK(tl_forward(&s, ids, 1, 16, lg, 0) == TL_ERR_RANGE, "pos = ctx");
    CHECK(tl_forward(&s, ids, 1, 0x7fffffff, lg, 0) == TL_ERR_RANGE, "pos INT_MAX");
    tl_gen_params_default(&gp);
    gp.max_new = 0x7fffffff;
    gp.ignore_eos = 1;
    rc = tl_generate(&s, ids, 17, &gp, NULL, NULL);
    CHECK(rc == TL_ERR_RANGE && strstr(s.err, "longer than the context"), "prompt 17 > ctx 16: %d %s", rc, s.err);
    rc = tl_simple_generate(&s, ids, 40, &gp, NULL, NULL);
    CHECK(rc == TL_ERR_RANGE, "simple: prompt 40 > ctx 16: %d", rc);
    rc = tl_generate(&s, ids, 0, &gp, NULL, NULL);
    CHECK(rc == TL_ERR_ARG, "empty prompt: %d", rc);
    ids[2] = 5000;
    rc = tl_generate(&s, ids, 5, &gp, NULL, NULL);
    CHECK(rc == TL_ERR_RANGE && strstr(s.err, "5000"), "prompt id 5000: %d %s", rc, s.err);
    ids[2] = 26;
    rc = tl_generate(&s, ids, 16, &gp, NULL, NULL); /* fills the context exactly */
    CHECK(rc == 1 && s.stop == TL_STOP_CTX, "prompt = ctx: %d stop %d %s", rc, s.stop, s.err);
    rc = tl_generate(&s, ids, 6, &gp, NULL, NULL);
    CHECK(rc == 11 && s.stop == TL_STOP_CTX, "max_new INT_MAX: %d stop %d %s", rc, s.stop, s.err);
    gp.max_new = -3;
    CHECK(tl_generate(&s, ids, 6, &gp, NULL, NULL) == 0, "max_new < 0 gives nothing");
    CHECK(tl_sample(lg, 0, &gp, NULL, NULL) < 0, "tl_sample of 0 logits");
    tl_session_free(&s);
    tl_session_free(&s);
    tl_model_free(&m);
    CHECK(tl_model_load(&m, NULL) == TL_ERR_ARG, "NULL dir");
    CHECK(tl_model_load(&m, "/nonexistent/dir") == TL_ERR_IO && strstr(m.err, "/nonexistent/dir"), "missing dir: %s", m.err);
    {
        tl_safetensors st;
        CHECK(tl_st_open(&st, NULL) == TL_ERR_ARG, "st NULL");
        CHECK(tl_st_open(&st, "tests") == TL_ERR_IO, "st on a dir without weights: %s", st.err);
        CHECK(tl_st_open(&st, "Makefile") == TL_ERR_IO, "st on a non-safetensors file: %s", st.err);
        tl_st_close(&st);
    }
}

int main(int argc, char **argv) {
    const char *fx = tlt_fixtures(argc, argv);
    char tmpl[] = "/tmp/tl-malformed-XXXXXX";
    const char *out;
    mb_fx = fx;
    cli = getenv("TL_CLI") ? getenv("TL_CLI") : "./tinyllm";
    if (!*cli || access(cli, X_OK) != 0) {
        printf("malformed: no CLI at '%s': the CLI checks are skipped\n", cli);
        cli = NULL;
    }
    if (argc > 2) {
        keep = 1;
        out = argv[2];
        mkdir(out, 0755);
    } else {
        out = mkdtemp(tmpl);
        if (!out) { CHECK(0, "cannot make a temporary directory"); return tlt_done("malformed"); }
    }
    run_cases(out);
    if (argc <= 2) rmdir(out);
    run_args(fx);
    printf("malformed: %d checkpoint cases\n", MB_NCASES);
    return tlt_done("malformed");
}
