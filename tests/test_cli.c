/* Drives the built ./tinyllm like a user: exit codes, greedy ids and logits through the CLI
   flags against the references, --no-kv-cache equals the default path, --seed reproduces,
   a scripted --chat session equals one-shot generation of the same ChatML history. */
#if !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tl_test.h"
#include <stdlib.h>
#include <sys/wait.h>

static char out[1 << 16];

/* ids of the first line of s */
static int parse_ids(const char *s, int *ids, int cap);

/* run a shell command, capture stdout into out; returns the exit status (or -1 on a signal) */
static int run(const char *cmd) {
    FILE *p = popen(cmd, "r");
    size_t n = 0, got;
    int st;
    out[0] = 0;
    if (!p) return -1;
    while ((got = fread(out + n, 1, sizeof out - 1 - n, p)) > 0) n += got;
    out[n] = 0;
    st = pclose(p);
    if (WIFSIGNALED(st)) return -1;
    return WEXITSTATUS(st);
}

static int parse_ids(const char *s, int *ids, int cap) {
    int n = 0;
    char *end;
    for (;;) {
        long v;
        while (*s == ' ') s++;
        if (*s == '\n' || !*s) break;
        v = strtol(s, &end, 10);
        if (end == s || n >= cap) break;
        ids[n++] = (int)v;
        s = end;
    }
    return n;
}

/* reference tensors are little-endian: byte-wise loads, so big-endian hosts read them too */
static int32_t ldi(const tl_tensor *t, int i) { return (int32_t)tl__ld32(t->data + 4 * (size_t)i); }
static float ldf(const tl_tensor *t, size_t i) { return tl__ldf32(t->data + 4 * i); }

static void test_usage(const char *fx) {
    char cmd[1024];
    static const char *const bad[] = {"", "--bogus", "-m", "-n abc", "-t 0", "--temp -1", "--top-p 2", "--seed x",
                                      "-n 5 -c 0", "--ids \"1 x\""};
    int i, rc;
    for (i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
        snprintf(cmd, sizeof cmd, "./tinyllm %s%s %s 2>&1 >/dev/null", i > 2 ? "-m " : "", i > 2 ? fx : "", bad[i]);
        if (i > 2) { /* the demo model, so that only the bad flag is wrong */
            snprintf(cmd, sizeof cmd, "./tinyllm -m %s/qwen2-demo-mlx4 %s 2>&1 >/dev/null", fx, bad[i]);
        }
        rc = run(cmd);
        CHECK(rc == 2 && strncmp(out, "tinyllm: ", 9) == 0, "'%s' gives exit 2 and a message (got %d: %.60s)", cmd, rc, out);
    }
    rc = run("./tinyllm -h");
    CHECK(rc == 0 && strstr(out, "usage:"), "-h prints usage, exit 0");
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/no-such-model -p hi 2>&1", fx);
    rc = run(cmd);
    CHECK(rc == 1 && strstr(out, "no-such-model") && strchr(out, '\n') == out + strlen(out) - 1, "missing model: exit 1, one line (got %d: %s)", rc, out);
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/models/qwen2-e2e-mlx4 --ids \"1 2 999999\" -n 2 2>&1", fx);
    rc = run(cmd);
    CHECK(rc == 1 && strstr(out, "999999"), "id out of range: exit 1 (got %d: %s)", rc, out);
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/models/qwen2-e2e-mlx4 -c 8 -p \"a long prompt that cannot fit in eight tokens of context at all\" 2>&1", fx);
    rc = run(cmd);
    CHECK(rc == 1 && strstr(out, "context"), "prompt longer than the context: exit 1 (got %d: %s)", rc, out);
}

/* greedy ids and last-position logits of the reference prompts through --ids/--dump-logits */
static void test_refs(const char *fx, const char *model, const char *const *keys, int nk) {
    char dir[512], rp[512], cmd[8192], ids_s[6000];
    tl_safetensors r;
    int k;
    snprintf(dir, sizeof dir, "%s/%s", fx, model);
    snprintf(rp, sizeof rp, "%s/%s.ref.safetensors", fx, model);
    if (tl_st_open(&r, rp) != TL_OK) { CHECK(0, "%s", r.err); return; }
    for (k = 0; k < nk; k++) {
        char nm[64];
        const tl_tensor *pr, *gr, *mg, *lg;
        int i, n, got[512], ng, rc, ngr;
        size_t L = 0;
        snprintf(nm, sizeof nm, "%s.prompt", keys[k]); pr = tl_st_find(&r, nm);
        snprintf(nm, sizeof nm, "%s.greedy", keys[k]); gr = tl_st_find(&r, nm);
        snprintf(nm, sizeof nm, "%s.margins", keys[k]); mg = tl_st_find(&r, nm);
        snprintf(nm, sizeof nm, "%s.last_logits", keys[k]); lg = tl_st_find(&r, nm);
        if (!pr || !gr || !mg || !lg) { CHECK(0, "ref keys of %s", keys[k]); continue; }
        n = (int)pr->shape[0];
        ngr = (int)gr->shape[0];
        for (i = 0; i < n && L < sizeof ids_s - 16; i++) L += (size_t)snprintf(ids_s + L, sizeof ids_s - L, "%d ", ldi(pr, i));
        snprintf(cmd, sizeof cmd, "./tinyllm -m %s --ids \"%s\" -n %d --ignore-eos --print-ids --quiet --dump-logits build/cli_logits.bin", dir, ids_s, ngr);
        rc = run(cmd);
        ng = parse_ids(out, got, 512);
        CHECK(rc == 0, "%s %s: exit %d", model, keys[k], rc);
        for (i = 0; i < ngr && i < ng; i++) {
            if (got[i] != ldi(gr, i)) break;
            if (ldf(mg, i) < 0.01f) { i = ngr; break; }
        }
        CHECK(i >= ngr, "%s %s: CLI greedy ids differ from the reference at step %d", model, keys[k], i);
        {
            FILE *f = fopen("build/cli_logits.bin", "rb");
            unsigned char b[4];
            double err = 0;
            size_t j = 0;
            while (f && fread(b, 1, 4, f) == 4) {
                uint32_t u = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
                float v;
                memcpy(&v, &u, 4);
                if (fabs(v - ldf(lg, j)) > err) err = fabs(v - ldf(lg, j));
                j++;
            }
            if (f) fclose(f);
            CHECK(j == (size_t)lg->shape[0] && err < 1e-2, "%s %s: --dump-logits gives %lu logits, max error %.3g", model, keys[k], (unsigned long)j, err);
        }
        /* the seed loop prints the same ids */
        snprintf(cmd, sizeof cmd, "./tinyllm -m %s --ids \"%s\" -n %d --ignore-eos --print-ids --quiet --no-kv-cache", dir, ids_s, ngr < 12 ? ngr : 12);
        rc = run(cmd);
        ng = parse_ids(out, got, 512);
        for (i = 0; i < ng && i < 12; i++)
            if (got[i] != ldi(gr, i)) break;
        CHECK(rc == 0 && i == (ngr < 12 ? ngr : 12), "%s %s: --no-kv-cache ids differ at %d", model, keys[k], i);
    }
    tl_st_close(&r);
}

/* a precision flag through the CLI on a tiny model: exit 0, last-position logits within tol of
   the reference (its "<key>.logits", all positions) */
static void test_flag(const char *fx, const char *model, const char *key, const char *flags, double tol) {
    char rp[512], cmd[8192], ids_s[6000], nm[64];
    tl_safetensors r;
    const tl_tensor *pr, *lg;
    int i, n, V, rc;
    size_t L = 0, j = 0;
    double err = 0;
    FILE *f;
    unsigned char b[4];
    snprintf(rp, sizeof rp, "%s/models/%s.ref.safetensors", fx, model);
    if (tl_st_open(&r, rp) != TL_OK) { CHECK(0, "%s", r.err); return; }
    snprintf(nm, sizeof nm, "%s.prompt", key); pr = tl_st_find(&r, nm);
    snprintf(nm, sizeof nm, "%s.logits", key); lg = tl_st_find(&r, nm);
    if (!pr || !lg || lg->ndim != 2) { CHECK(0, "ref keys of %s %s", model, key); tl_st_close(&r); return; }
    n = (int)pr->shape[0];
    V = (int)lg->shape[1];
    for (i = 0; i < n && L < sizeof ids_s - 16; i++) L += (size_t)snprintf(ids_s + L, sizeof ids_s - L, "%d ", ldi(pr, i));
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/models/%s --ids \"%s\" -n 1 --quiet %s --dump-logits build/cli_logits.bin", fx, model, ids_s, flags);
    rc = run(cmd);
    f = fopen("build/cli_logits.bin", "rb");
    while (f && fread(b, 1, 4, f) == 4) {
        uint32_t u = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
        float v;
        memcpy(&v, &u, 4);
        if (j < (size_t)V && fabs(v - ldf(lg, (size_t)(n - 1) * V + j)) > err) err = fabs(v - ldf(lg, (size_t)(n - 1) * V + j));
        j++;
    }
    if (f) fclose(f);
    CHECK(rc == 0 && j == (size_t)V && err < tol, "%s %s %s: exit %d, %lu logits, max error %.3g (tolerance %g)", model, key, flags, rc, (unsigned long)j, err, tol);
    tl_st_close(&r);
}

static void test_text(const char *fx) {
    char cmd[1024], a[sizeof out], b[sizeof out];
    int rc;
    /* --no-kv-cache and the default print the same text; --seed reproduces */
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/qwen2-demo-mlx4 -p \"What is bash?\" -n 24 --quiet", fx);
    rc = run(cmd);
    CHECK(rc == 0 && strncmp(out, "bash is a GNU Bourne Again SHell.", 33) == 0, "demo answers 'What is bash?' like the reference: %.60s", out);
    snprintf(a, sizeof a, "%s", out);
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/qwen2-demo-mlx4 -p \"What is bash?\" -n 24 --quiet --no-kv-cache", fx);
    rc = run(cmd);
    CHECK(rc == 0 && strcmp(a, out) == 0, "--no-kv-cache prints the same text");
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/qwen2-demo-mlx4 -p \"What is curl?\" -n 30 --temp 0.9 --seed 1234 --quiet", fx);
    rc = run(cmd);
    snprintf(a, sizeof a, "%s", out);
    run(cmd);
    snprintf(b, sizeof b, "%s", out);
    CHECK(rc == 0 && strcmp(a, b) == 0 && strlen(a) > 10, "--seed reproduces the text");
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s/qwen2-demo-mlx4 -p \"What is curl?\" -n 30 --temp 0.9 --seed 99 --quiet", fx);
    run(cmd);
    CHECK(strcmp(a, out) != 0, "another seed gives other text");
}

/* a scripted two-turn --chat over a pipe equals one-shot generation of the same history */
static void test_chat(const char *fx) {
    char cmd[4096], hist[sizeof out + 512], reply1[sizeof out];
    int t1[256], t2[256], o2[256], n1, n2, no, rc, i;
    tl_tokenizer tok;
    char dir[512];
    const char *line2;
    FILE *f;
    snprintf(dir, sizeof dir, "%s/qwen2-demo-mlx4", fx);
    snprintf(cmd, sizeof cmd, "printf 'What is bash?\\nWhat is curl?\\n' | ./tinyllm -m %s --chat --print-ids -n 20 --quiet", dir);
    rc = run(cmd);
    CHECK(rc == 0, "chat exit %d", rc);
    n1 = parse_ids(out, t1, 256);
    line2 = strchr(out, '\n');
    n2 = line2 ? parse_ids(line2 + 1, t2, 256) : 0;
    CHECK(n1 > 0 && n2 > 0, "two turns of ids (%d, %d)", n1, n2);
    if (tl_tokenizer_load(&tok, dir) != TL_OK) { CHECK(0, "%s", tok.err); return; }
    tl_decode(&tok, t1, n1, reply1, sizeof reply1, TL_DECODE_SKIP_SPECIAL);
    snprintf(hist, sizeof hist, "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is bash?<|im_end|>\n"
             "<|im_start|>assistant\n%s<|im_end|>\n<|im_start|>user\nWhat is curl?<|im_end|>\n<|im_start|>assistant\n", reply1);
    f = fopen("build/cli_hist.txt", "wb");
    if (f) { fputs(hist, f); fclose(f); }
    snprintf(cmd, sizeof cmd, "./tinyllm -m %s --raw -f build/cli_hist.txt --print-ids -n 20 --quiet", dir);
    rc = run(cmd);
    no = parse_ids(out, o2, 256);
    for (i = 0; i < n2 && i < no; i++)
        if (t2[i] != o2[i]) break;
    CHECK(rc == 0 && no == n2 && i == n2, "turn 2 of --chat equals one-shot generation of the history (%d vs %d ids, first diff %d)", n2, no, i);
    tl_tokenizer_free(&tok);
}

int main(int argc, char **argv) {
    const char *fx = tlt_fixtures(argc, argv);
    static const char *const e2e[] = {"seed", "system", "unicode"};
    static const char *const demo[] = {"seed", "bash"};
    test_usage(fx);
    test_refs(fx, "models/qwen2-e2e-mlx4", e2e, 3);
    test_refs(fx, "qwen2-demo-mlx4", demo, 2);
    test_flag(fx, "qwen2-tiny-bf16", "p1", "--bf16-act", 0.5);      /* approximate where AVX512-BF16 */
    test_flag(fx, "qwen2-tiny-bf16", "p1", "--bf16-act --exact", 1e-3); /* --exact wins */
    test_flag(fx, "qwen2-tiny-mlx4", "p1", "--int8", 1.5);
    test_text(fx);
    test_chat(fx);
    return tlt_done("cli");
}
