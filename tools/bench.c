/* tl-bench: load time, prefill and decode speed and peak memory of tinyllm.h on one checkpoint.
 *
 *   tl-bench -m DIR [-p 128] [-n 64] [-t 0] [-r 3] [-d 0] [--kv f32|f16] [--int8] [--bf16-act]
 *            [--exact] [--cpu NAME] [--json]
 *
 *   -p N    prompt tokens per prefill (random ids, position 0)
 *   -n N    tokens decoded greedily after the prompt
 *   -t N    threads (0: the physical cores)
 *   -r N    runs; speeds are mean +- sd over the runs
 *   -d N    decode starts after N tokens of context (the prompt, then random tokens run in
 *           chunks, untimed): the speed of decoding deep into a conversation
 *   --kv    KV cache type (f16: half the memory)
 *   --int8  int8 activations for MLX 4/8-bit weights (tl_session.int8: faster, approximate)
 *   --bf16-act  bf16 activations for BF16 weights (tl_session.bf16_act: faster prompts where the
 *           CPU has AVX512-BF16, approximate)
 *   --exact f32 kernels everywhere (tl_session.exact; the default takes int16 activations for
 *           MLX 4/8-bit weights where the CPU has AVX512-VNNI)
 *   --cpu NAME  kernel set (tl_session.cpu: auto, ref, avx2, avxvnni, avx512, avx512vnni,
 *           avx512bf16, neon; default auto, the best this CPU runs, or $TL_CPU)
 *   --json  one JSON object: load_ms, prefill_tps, decode_tps, rss_mb (+ sd and settings)
 * After each run's decode the bytes one decode token reads (every matrix with its scales and
 * biases, and the output layer) are read again with the same threads, a plain sum of their words
 * (the best of 3): decode's weight bytes per second as a share of that read's speed, measured
 * seconds apart, is the ratio to the bandwidth bound that holds on a VM whose memory bandwidth
 * swings by half from one minute to the next (--json: read_gbs, decode_read_share). Peak RSS is
 * the process's high-water mark (getrusage ru_maxrss). Exit status: 0 ok, 1 runtime error, 2 bad
 * usage. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 199309L /* clock_gettime in -std=c99 and later */
#endif
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "now.h" /* now_s() */
#if defined(_WIN32)
#include <windows.h>
#else
#include <sys/resource.h>
#endif

static double rss_mb(void) {
#if !defined(_WIN32)
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) return ru.ru_maxrss / 1024.0; /* KiB on Linux */
#endif
    return 0.0;
}

static void usage(FILE *f) {
    fprintf(f, "usage: tl-bench -m DIR [-p 128] [-n 64] [-t 0] [-r 3] [-d 0] [--kv f32|f16] [--int8] [--bf16-act] [--exact] [--cpu NAME] [--json]\n");
}

/* the byte ranges one decode token reads: every matrix (and its scales and biases) of the layers,
   and the output layer */
typedef struct { const unsigned char *p; size_t n; } range;
static int add_weight(range *rg, int k, const tl_weight *W) {
    rg[k].p = W->w; rg[k++].n = (size_t)W->rows * W->row_bytes;
    if (W->kind == TL_W_Q) {
        size_t sb = (size_t)W->rows * (size_t)(W->cols / W->group) * (size_t)tl__dtype_size(W->sdtype);
        rg[k].p = W->scales; rg[k++].n = sb;
        rg[k].p = W->biases; rg[k++].n = sb;
    }
    return k;
}
static int weight_ranges(const tl_model *m, range *rg) {
    int l, k = 0;
    for (l = 0; l < m->cfg.layers; l++) {
        const tl_layer *L = &m->layer[l];
        k = add_weight(rg, k, &L->wq); k = add_weight(rg, k, &L->wk); k = add_weight(rg, k, &L->wv); k = add_weight(rg, k, &L->wo);
        k = add_weight(rg, k, &L->gate); k = add_weight(rg, k, &L->up); k = add_weight(rg, k, &L->down);
    }
    return add_weight(rg, k, &m->lm_head);
}

/* GB/s of one plain read of those bytes (64-bit words, 8 independent sums, 1 MiB chunks dealt out
   statically to the session's threads, its own pool): the bandwidth decode could reach in the same
   minutes */
typedef struct { const range *rg; const long long *nc; size_t chunk; unsigned long long sum[256 * 8]; } read_job;
static void read_chunks(void *job, int c0, int c1, int tid) {
    read_job *j = (read_job *)job;
    unsigned long long total = 0;
    int c;
    for (c = c0; c < c1; c++) {
        unsigned long long a[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        const unsigned long long *w;
        size_t i, lo, hi;
        uintptr_t b0, b1;
        int r = 0, k;
        while (c >= j->nc[r + 1]) r++;
        lo = (size_t)(c - j->nc[r]) * j->chunk;
        hi = lo + j->chunk < j->rg[r].n ? lo + j->chunk : j->rg[r].n;
        b0 = ((uintptr_t)(j->rg[r].p + lo)) & ~(uintptr_t)7; /* whole aligned words (inside the mapping's pages) */
        b1 = ((uintptr_t)(j->rg[r].p + hi) + 7) & ~(uintptr_t)7;
        w = (const unsigned long long *)b0;
        for (i = 0; i + 8 <= (b1 - b0) / 8; i += 8)
            for (k = 0; k < 8; k++) a[k] += w[i + k];
        for (; i < (b1 - b0) / 8; i++) a[0] += w[i];
        for (k = 0; k < 8; k++) total += a[k];
    }
    j->sum[tid * 8] += total; /* a line per thread */
}
static double read_gbs(const range *rg, int nr, tl__pool *tp) {
    read_job *j = (read_job *)calloc(1, sizeof(read_job));
    long long *nc = (long long *)malloc(sizeof(long long) * (size_t)(nr + 1));
    unsigned long long sum = 0;
    size_t bytes = 0;
    double t0;
    int g;
    if (!nc || !j) { free(nc); free(j); return 0; }
    j->chunk = (size_t)1 << 20;
    nc[0] = 0;
    for (g = 0; g < nr; g++) { nc[g + 1] = nc[g] + (long long)((rg[g].n + j->chunk - 1) / j->chunk); bytes += rg[g].n; }
    j->rg = rg; j->nc = nc;
    t0 = now_s();
    tl__pool_for(tp, 0, (int)nc[nr], TL__SCHED_STATIC, 1, read_chunks, j);
    t0 = now_s() - t0;
    for (g = 0; g < 256; g++) sum += j->sum[g * 8];
    free(nc);
    free(j);
    return (double)(sum & 1) * 1e-30 + (double)bytes / t0 / 1e9;
}

static void mean_sd(const double *v, int n, double *mean, double *sd) {
    double s = 0, q = 0;
    int i;
    for (i = 0; i < n; i++) s += v[i];
    *mean = s / n;
    for (i = 0; i < n; i++) q += (v[i] - *mean) * (v[i] - *mean);
    *sd = n > 1 ? sqrt(q / (n - 1)) : 0.0;
}

static int parse_int(const char *s, int lo, int *out) {
    char *end;
    long v;
    if (!s) return 0;
    v = strtol(s, &end, 10);
    if (*end || end == s || v < lo || v > 1000000) return 0;
    *out = (int)v;
    return 1;
}

int main(int argc, char **argv) {
    const char *dir = NULL;
    int p = 128, n = 64, t = 0, runs = 3, depth = 0, json = 0, kv = TL_KV_F32, int8 = 0, bf16_act = 0, exact = 0, cpu = TL_CPU_AUTO, i, r;
    tl_model m;
    tl_session s;
    double t0, load_ms, *pre, *dec, *bw, pm, psd, dm, dsd, bm, bsd, share = 0;
    int *ids, ctx, status = 0, nrg = 0;
    range *rg = NULL;
    uint64_t rng = 0x1234567ULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = 1;
        if (!strcmp(a, "-m")) { dir = v; ok = v != NULL; i++; }
        else if (!strcmp(a, "-p")) { ok = parse_int(v, 1, &p); i++; }
        else if (!strcmp(a, "-n")) { ok = parse_int(v, 1, &n); i++; }
        else if (!strcmp(a, "-t")) { ok = parse_int(v, 0, &t); i++; }
        else if (!strcmp(a, "-r")) { ok = parse_int(v, 1, &runs); i++; }
        else if (!strcmp(a, "-d")) { ok = parse_int(v, 0, &depth); i++; }
        else if (!strcmp(a, "--kv")) {
            ok = v && (!strcmp(v, "f16") || !strcmp(v, "f32"));
            if (ok) kv = !strcmp(v, "f16") ? TL_KV_F16 : TL_KV_F32;
            i++;
        } else if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "--int8")) int8 = 1;
        else if (!strcmp(a, "--bf16-act")) bf16_act = 1;
        else if (!strcmp(a, "--exact")) exact = 1;
        else if (!strcmp(a, "--cpu")) { ok = v && (cpu = tl_cpu_parse(v)) >= 0; i++; }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
        else ok = 0;
        if (!ok) { fprintf(stderr, "tl-bench: bad argument '%s'\n", a); usage(stderr); return 2; }
    }
    if (!dir) { usage(stderr); return 2; }
    if (depth < p) depth = p;
    ctx = depth + n;
    t0 = now_s();
    if (tl_model_load(&m, dir) != TL_OK) { fprintf(stderr, "tl-bench: %s\n", m.err); return 1; }
    if (tl_session_init_ex(&s, &m, ctx, kv) != TL_OK) { fprintf(stderr, "tl-bench: %s\n", s.err); tl_model_free(&m); return 1; }
    if (ctx > s.ctx) { fprintf(stderr, "tl-bench: %d tokens do not fit the model's context (%d)\n", ctx, s.ctx); status = 1; goto out; }
    load_ms = (now_s() - t0) * 1e3;
    s.nthreads = t;
    s.int8 = int8;
    s.bf16_act = bf16_act;
    s.exact = exact;
    s.cpu = cpu;
    if ((cpu = tl_cpu_resolve(cpu, s.err)) < 0) { fprintf(stderr, "tl-bench: %s\n", s.err); status = 1; goto out; }
    ids = (int *)malloc(sizeof(int) * (size_t)ctx);
    pre = (double *)malloc(sizeof(double) * (size_t)runs);
    dec = (double *)malloc(sizeof(double) * (size_t)runs);
    bw = (double *)malloc(sizeof(double) * (size_t)runs);
    rg = (range *)malloc(sizeof(range) * (size_t)(m.cfg.layers * 21 + 3));
    if (!ids || !pre || !dec || !bw || !rg) { fprintf(stderr, "tl-bench: out of memory\n"); status = 1; goto out2; }
    for (i = 0; i < ctx; i++) ids[i] = (int)(tl_rng_next(&rng) % (uint64_t)m.cfg.vocab);
    /* one untimed warm-up (as llama-bench does): the first pass faults the mapped weights in
       and sizes the kernel workspace */
    if (tl_forward(&s, ids, p, 0, s.logits, 0) != TL_OK || tl_forward(&s, ids + p, 1, p, s.logits, 0) != TL_OK) {
        fprintf(stderr, "tl-bench: %s\n", s.err); status = 1; goto out2;
    }
    nrg = weight_ranges(&m, rg);
    (void)read_gbs(rg, nrg, s.pool); /* untimed, as the warm-up (the pool comes with the first forward) */
    for (r = 0; r < runs; r++) {
        double a, b;
        int pos, tok;
        tl_session_reset(&s);
        a = now_s();
        if (tl_forward(&s, ids, p, 0, s.logits, 0) != TL_OK) { fprintf(stderr, "tl-bench: %s\n", s.err); status = 1; goto out2; }
        pre[r] = p / (now_s() - a);
        for (pos = p; pos < depth; pos += 512) { /* fill the context, untimed */
            int c = depth - pos < 512 ? depth - pos : 512;
            if (tl_forward(&s, ids + pos, c, pos, s.logits, 0) != TL_OK) { fprintf(stderr, "tl-bench: %s\n", s.err); status = 1; goto out2; }
        }
        b = now_s();
        for (i = 0; i < n; i++) {
            tok = tl_argmax(s.logits, m.cfg.vocab);
            if (tl_forward(&s, &tok, 1, depth + i, s.logits, 0) != TL_OK) { fprintf(stderr, "tl-bench: %s\n", s.err); status = 1; goto out2; }
        }
        dec[r] = n / (now_s() - b);
        bw[r] = 0;
        for (i = 0; i < 3; i++) { double g = read_gbs(rg, nrg, s.pool); if (g > bw[r]) bw[r] = g; } /* the best of 3 */
        share += dec[r] * (double)m.weight_bytes / 1e9 / bw[r] / runs;
    }
    mean_sd(pre, runs, &pm, &psd);
    mean_sd(dec, runs, &dm, &dsd);
    mean_sd(bw, runs, &bm, &bsd);
    if (json)
        printf("{\"model\": \"%s\", \"desc\": \"%s\", \"threads\": %d, \"prompt\": %d, \"gen\": %d, \"depth\": %d, \"kv\": \"%s\", \"int8\": %d, \"bf16_act\": %d, \"exact\": %d, \"cpu\": \"%s\", "
               "\"load_ms\": %.1f, \"prefill_tps\": %.1f, \"prefill_sd\": %.1f, \"decode_tps\": %.1f, \"decode_sd\": %.1f, "
               "\"rss_mb\": %.1f, \"weights_mb\": %.1f, \"mapped_mb\": %.1f, \"read_gbs\": %.1f, \"decode_read_share\": %.3f}\n",
               dir, m.desc, tl__pool_size(s.pool), p, n, depth, kv == TL_KV_F16 ? "f16" : "f32", int8, bf16_act, exact, tl_cpu_name(cpu), load_ms, pm, psd, dm, dsd, rss_mb(),
               m.weight_bytes / 1048576.0, m.st.mapped_bytes / 1048576.0, bm, share);
    else {
        printf("%s (%s), kernels %s, %d threads, kv %s%s%s\n", dir, m.desc, tl_cpu_name(cpu), tl__pool_size(s.pool), kv == TL_KV_F16 ? "f16" : "f32", int8 ? ", int8 activations" : exact ? ", exact f32" : "", bf16_act && !exact ? ", bf16 activations" : "");
        printf("  load          %8.1f ms\n", load_ms);
        printf("  prefill %4d  %8.1f +- %.1f tok/s\n", p, pm, psd);
        printf("  decode  %4d  %8.1f +- %.1f tok/s (after %d tokens)\n", n, dm, dsd, depth);
        printf("  weights       %8.1f GB/s in decode = %.0f%% of a plain read of them (%.1f +- %.1f GB/s, best of 3 after each run)\n",
               dm * (double)m.weight_bytes / 1e9, 100 * share, bm, bsd);
        printf("  peak RSS      %8.1f MB (weights read per token %.1f MB, mapped %.1f MB)\n", rss_mb(),
               m.weight_bytes / 1048576.0, m.st.mapped_bytes / 1048576.0);
    }
out2:
    free(ids); free(pre); free(dec); free(bw); free(rg);
out:
    tl_session_free(&s);
    tl_model_free(&m);
    return status;
}
