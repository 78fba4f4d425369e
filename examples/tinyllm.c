/* tinyllm - the demo CLI of tinyllm.h: one-shot generation and multi-turn chat.
   Build: cc -O3 -march=native -fopenmp examples/tinyllm.c -o tinyllm -lm   (-fopenmp optional)
   Exit status: 0 ok, 1 runtime error (bad file, bad model, out of range), 2 usage error. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#define TINYLLM_IMPLEMENTATION
#include "../tinyllm.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(_WIN32)
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <sys/resource.h>
#include <unistd.h>
#endif

static const char *usage_text =
    "usage: tinyllm -m DIR [options]\n"
    "  -m, --model DIR       checkpoint folder (config.json, *.safetensors, tokenizer.json)\n"
    "  -p, --prompt TEXT     user message (chat template applied unless --raw)\n"
    "  -f, --file FILE       read the prompt from FILE\n"
    "  -s, --system TEXT     system message (default: the template's own)\n"
    "  -n, --max-tokens N    tokens to generate at most (default 256)\n"
    "  -c, --ctx N           context limit in tokens (default: max_position_embeddings)\n"
    "  -t, --threads N       threads (default: all cores)\n"
    "      --cpu NAME        kernel set: auto (default: the best this CPU runs, or $TL_CPU), ref,\n"
    "                        avx2, avxvnni, avx512, avx512vnni, avx512bf16, neon\n"
    "      --cpus            list the kernel sets this CPU runs, the best first, and exit\n"
    "      --temp T          temperature; 0 = greedy (default 0)\n"
    "      --top-k K         keep the K most likely tokens (default 40 when --temp > 0)\n"
    "      --top-p P         nucleus sampling (default 0.95 when --temp > 0)\n"
    "      --min-p P         drop tokens below P x the best probability (default 0.05 when --temp > 0)\n"
    "      --seed N          sampling seed (same seed, same text on every machine)\n"
    "      --raw             no chat template: the prompt is the raw text\n"
    "      --chat            interactive multi-turn chat (default when no prompt and stdin is a terminal)\n"
    "      --think, --no-think  Qwen3: thinking on (default) or off\n"
    "      --hide-think      Qwen3: do not print the <think> part\n"
    "      --kv-f16          half-precision KV cache (half the memory)\n"
    "      --int8            int8 activations for MLX 4/8-bit weights (faster, approximate logits)\n"
    "      --bf16-act        bf16 activations for BF16 weights on AVX512-BF16 CPUs (faster prompts,\n"
    "                        approximate logits, as llama.cpp's BF16)\n"
    "      --exact           f32 kernels everywhere (the default may use int16 activations for\n"
    "                        MLX 4/8-bit weights on AVX512-VNNI CPUs: logits within ~1e-3)\n"
    "      --no-kv-cache     the book's simple_generate loop: re-run the whole sequence each step\n"
    "      --ids \"1 2 3\"     prompt as token ids (no template)\n"
    "      --print-ids       print the generated ids on one line instead of text\n"
    "      --ignore-eos      do not stop at end-of-sequence tokens\n"
    "      --dump-logits FILE  write the last prompt position's logits (raw little-endian f32)\n"
    "  -v, --verbose         print a model summary and the kernel set\n"
    "      --quiet           no statistics on stderr\n"
    "  -h, --help            this help\n";

typedef struct {
    const char *model, *prompt, *file, *system, *ids, *dump;
    int max_new, ctx, threads, top_k, raw, chat, think, hide_think, kv_f16, int8, bf16_act, exact, no_kv, print_ids;
    int ignore_eos, verbose, quiet, top_k_set, top_p_set, min_p_set, cpu;
    float temp, top_p, min_p;
    unsigned long long seed;
    double load_ms; /* model + tokenizer load time, for the statistics */
} opts;

/* everything one answer needs, handed to the token callback */
typedef struct {
    tl_tokenizer *tok;
    tl_detok dt;
    int print_ids, hide_think, in_think, think_id, end_think_id, count;
    volatile sig_atomic_t *stop;
    double t_first;
} stream;

static volatile sig_atomic_t g_interrupt; /* set by Ctrl-C: stops the current answer only */
static void on_sigint(int sig) { (void)sig; g_interrupt = 1; }

static double now_s(void) {
#if defined(_WIN32)
    return (double)clock() / CLOCKS_PER_SEC;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
#endif
}

static double peak_rss_mb(void) {
#if defined(_WIN32)
    return 0.0;
#else
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0; /* Linux reports KiB */
#endif
}

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "tinyllm: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out) {
    char *end;
    long v;
    if (!s || !*s) return 0;
    v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi) return 0;
    *out = (int)v;
    return 1;
}

static int parse_float(const char *s, float lo, float hi, float *out) {
    char *end;
    double v;
    if (!s || !*s) return 0;
    v = strtod(s, &end);
    if (*end || !(v >= lo && v <= hi)) return 0;
    *out = (float)v;
    return 1;
}

/* returns 0 ok, 2 usage error, -1 help printed */
static int parse_args(int argc, char **argv, opts *o) {
    int i;
    memset(o, 0, sizeof *o);
    o->max_new = 256;
    o->think = 1;
    o->top_p = 1.0f;
    o->seed = 0x2545F4914F6CDD1DULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
#define FLAG(s, l) (strcmp(a, s) == 0 || strcmp(a, l) == 0)
#define NEED() do { if (!v) return usage_error("option %s needs a value", a); i++; } while (0)
        if (FLAG("-h", "--help")) { fputs(usage_text, stdout); return -1; }
        if (FLAG("--cpus", "--cpus")) {
            int c, best = tl_cpu_best();
            printf("%s\n", tl_cpu_name(best));
            for (c = TL_CPU_COUNT - 1; c > TL_CPU_AUTO; c--)
                if (c != best && tl_cpu_supported(c)) printf("%s\n", tl_cpu_name(c));
            return -1;
        }
        else if (FLAG("-m", "--model")) { NEED(); o->model = v; }
        else if (FLAG("-p", "--prompt")) { NEED(); o->prompt = v; }
        else if (FLAG("-f", "--file")) { NEED(); o->file = v; }
        else if (FLAG("-s", "--system")) { NEED(); o->system = v; }
        else if (FLAG("-n", "--max-tokens")) { NEED(); if (!parse_int(v, 0, 1 << 24, &o->max_new)) return usage_error("bad value for -n: '%s'", v); }
        else if (FLAG("-c", "--ctx")) { NEED(); if (!parse_int(v, 1, 1 << 24, &o->ctx)) return usage_error("bad value for -c: '%s'", v); }
        else if (FLAG("-t", "--threads")) { NEED(); if (!parse_int(v, 1, 1024, &o->threads)) return usage_error("bad value for -t: '%s'", v); }
        else if (FLAG("--temp", "--temperature")) { NEED(); if (!parse_float(v, 0.0f, 100.0f, &o->temp)) return usage_error("bad value for --temp: '%s'", v); }
        else if (FLAG("--top-k", "--top_k")) { NEED(); if (!parse_int(v, 0, 1 << 24, &o->top_k)) return usage_error("bad value for --top-k: '%s'", v); o->top_k_set = 1; }
        else if (FLAG("--top-p", "--top_p")) { NEED(); if (!parse_float(v, 0.0f, 1.0f, &o->top_p)) return usage_error("bad value for --top-p: '%s'", v); o->top_p_set = 1; }
        else if (FLAG("--min-p", "--min_p")) { NEED(); if (!parse_float(v, 0.0f, 1.0f, &o->min_p)) return usage_error("bad value for --min-p: '%s'", v); o->min_p_set = 1; }
        else if (FLAG("--seed", "--seed")) {
            char *end;
            NEED();
            o->seed = strtoull(v, &end, 10);
            if (!*v || *end || *v == '-') return usage_error("bad value for --seed: '%s'", v);
        }
        else if (FLAG("--raw", "--raw")) o->raw = 1;
        else if (FLAG("--chat", "-i")) o->chat = 1;
        else if (FLAG("--think", "--think")) o->think = 1;
        else if (FLAG("--no-think", "--no-think")) o->think = 0;
        else if (FLAG("--hide-think", "--hide-think")) o->hide_think = 1;
        else if (FLAG("--kv-f16", "--kv-f16")) o->kv_f16 = 1;
        else if (FLAG("--int8", "--int8")) o->int8 = 1;
        else if (FLAG("--bf16-act", "--bf16-act")) o->bf16_act = 1;
        else if (FLAG("--exact", "--exact")) o->exact = 1;
        else if (FLAG("--no-kv-cache", "--no-kv-cache")) o->no_kv = 1;
        else if (FLAG("--ids", "--ids")) {
            NEED();
            if (strspn(v, "0123456789 ,\t\n") != strlen(v) || strspn(v, " ,\t\n") == strlen(v)) return usage_error("bad value for --ids: '%s'", v);
            o->ids = v;
        }
        else if (FLAG("--print-ids", "--print-ids")) o->print_ids = 1;
        else if (FLAG("--ignore-eos", "--ignore-eos")) o->ignore_eos = 1;
        else if (FLAG("--dump-logits", "--dump-logits")) { NEED(); o->dump = v; }
        else if (FLAG("-v", "--verbose")) o->verbose = 1;
        else if (FLAG("--cpu", "--cpu")) { NEED(); if ((o->cpu = tl_cpu_parse(v)) < 0) return usage_error("unknown kernel set '%s' (auto, ref, avx2, avxvnni, avx512, avx512vnni, avx512bf16, neon)", v); }
        else if (FLAG("-q", "--quiet")) o->quiet = 1;
        else return usage_error("unknown option '%s'", a);
#undef FLAG
#undef NEED
    }
    if (!o->model) return usage_error("%s", "no model: use -m DIR");
    if ((o->prompt != NULL) + (o->file != NULL) + (o->ids != NULL) > 1) return usage_error("%s", "use only one of -p, -f, --ids");
    if (o->chat && (o->ids || o->raw)) return usage_error("%s", "--chat cannot be combined with --ids or --raw");
    return 0;
}

/* "1 2 3" -> ids; returns count or -1 */
static int parse_ids(const char *s, int *ids, int cap) {
    int n = 0;
    while (*s) {
        char *end;
        long v;
        while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n') s++;
        if (!*s) break;
        v = strtol(s, &end, 10);
        if (end == s || v < 0 || v > 0x7fffffff) return -1;
        if (n >= cap) return -2;
        ids[n++] = (int)v;
        s = end;
    }
    return n;
}

static char *read_all(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0, got;
    char *buf = (char *)malloc(cap + 1), *nb;
    if (!buf) return NULL;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            nb = (char *)realloc(buf, cap + 1);
            if (!nb) { free(buf); return NULL; }
            buf = nb;
        }
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* the token callback: stream text (or collect ids), stop on Ctrl-C */
static int on_token(void *user, int id) {
    stream *st = (stream *)user;
    char buf[TL_DETOK_MAX];
    size_t n;
    if (st->count++ == 0) st->t_first = now_s();
    if (st->print_ids) {
        printf(st->count > 1 ? " %d" : "%d", id);
    } else if (st->tok) {
        if (id == st->think_id) st->in_think = 1;
        n = tl_detok_push(&st->dt, id, buf, sizeof buf);
        if (!(st->hide_think && st->in_think)) {
            if (st->in_think && isatty(fileno(stdout))) fputs("\033[2m", stdout); /* dim thinking */
            fwrite(buf, 1, n, stdout);
            if (st->in_think && isatty(fileno(stdout))) fputs("\033[0m", stdout);
        }
        if (id == st->end_think_id) st->in_think = 0;
    } else {
        printf("%d ", id);
    }
    fflush(stdout);
    return st->stop && *st->stop;
}

static void finish_stream(stream *st) {
    char buf[TL_DETOK_MAX];
    if (st->print_ids) { printf("\n"); fflush(stdout); return; }
    if (st->tok) {
        size_t n = tl_detok_flush(&st->dt, buf, sizeof buf);
        if (!(st->hide_think && st->in_think)) fwrite(buf, 1, n, stdout);
    }
    printf("\n");
    fflush(stdout);
}

/* prefill + decode one answer; prints statistics; returns generated count or a negative error */
static int answer(const opts *o, tl_session *s, tl_tokenizer *tok, const int *ids, int n, const tl_gen_params *gp) {
    stream st;
    double t0, t1;
    int gen, cached = s->n_past;
    memset(&st, 0, sizeof st);
    st.tok = tok;
    st.print_ids = o->print_ids;
    st.hide_think = o->hide_think;
    st.stop = &g_interrupt;
    st.think_id = st.end_think_id = -2;
    if (tok) {
        tl_detok_init(&st.dt, tok, TL_DECODE_SKIP_SPECIAL);
        st.think_id = tl_special_id(tok, "<think>");
        st.end_think_id = tl_special_id(tok, "</think>");
    }
    g_interrupt = 0;
    t0 = now_s();
    gen = o->no_kv ? tl_simple_generate(s, ids, n, gp, on_token, &st) : tl_generate(s, ids, n, gp, on_token, &st);
    t1 = now_s();
    if (gen < 0) return gen;
    finish_stream(&st);
    if (s->stop == TL_STOP_CTX) fprintf(stderr, "tinyllm: the context is full (%d tokens): answer cut; /reset or a larger -c to go on\n", s->ctx);
    if (s->stop == TL_STOP_USER && g_interrupt) fprintf(stderr, "tinyllm: interrupted\n");
    if (!o->quiet) {
        int pre = o->no_kv ? n : n - (cached < n ? cached : 0);
        double tp = (st.count ? st.t_first : t1) - t0, td = t1 - (st.count ? st.t_first : t1);
        if (pre < 1) pre = 1;
        fprintf(stderr, "[load %.0f ms | prompt %d tokens (%d computed), %.1f tok/s | generated %d tokens, %.1f tok/s | peak RSS %.0f MB]\n",
                o->load_ms, n, pre, tp > 0 ? pre / tp : 0.0, gen, (gen > 1 && td > 0) ? (gen - 1) / td : 0.0, peak_rss_mb());
    }
    return gen;
}

static void fill_params(const opts *o, const tl_model *m, tl_gen_params *gp) {
    tl_gen_params_default(gp);
    gp->max_new = o->max_new;
    gp->temp = o->temp;
    gp->seed = o->seed;
    gp->ignore_eos = o->ignore_eos;
    if (o->temp > 0.0f) { /* llama.cpp's defaults once sampling is on */
        gp->top_k = o->top_k_set ? o->top_k : 40;
        gp->top_p = o->top_p_set ? o->top_p : 0.95f;
        gp->min_p = o->min_p_set ? o->min_p : 0.05f;
    }
    (void)m;
}

/* multi-turn chat: each turn re-renders the whole history; tl_generate recomputes only the
   tokens after the prefix already in the KV cache */
typedef struct { tl_chat_msg *msg; char **own; int n, cap; } history;

static int hist_add(history *h, const char *role, const char *text) {
    char *copy;
    if (h->n == h->cap) {
        int ncap = h->cap ? h->cap * 2 : 16;
        tl_chat_msg *nm = (tl_chat_msg *)realloc(h->msg, sizeof *nm * ncap);
        char **no;
        if (!nm) return 0;
        h->msg = nm;
        no = (char **)realloc(h->own, sizeof *no * ncap);
        if (!no) return 0;
        h->own = no;
        h->cap = ncap;
    }
    copy = (char *)malloc(strlen(text) + 1);
    if (!copy) return 0;
    strcpy(copy, text);
    h->own[h->n] = copy;
    h->msg[h->n].role = role;
    h->msg[h->n].content = copy;
    h->n++;
    return 1;
}

static void hist_clear(history *h, int keep) {
    while (h->n > keep) free(h->own[--h->n]);
}

/* the assistant's reply as text (for the history), decoded from the generated ids */
typedef struct { stream st; int *ids; int n, cap; } collect;
static int on_chat_token(void *user, int id) {
    collect *c = (collect *)user;
    if (c->n < c->cap) c->ids[c->n++] = id;
    return on_token(&c->st, id);
}

static int chat_loop(const opts *o, tl_session *s, tl_tokenizer *tok, const tl_gen_params *gp) {
    history h;
    char line[1 << 16];
    int *ids, cap = s->ctx + 1, interactive = isatty(fileno(stdin)), flags = o->think ? 0 : TL_CHAT_NO_THINKING;
    int base = 0;
    memset(&h, 0, sizeof h);
    ids = (int *)malloc(sizeof(int) * (size_t)cap);
    if (!ids) { fprintf(stderr, "tinyllm: out of memory\n"); return 1; }
    if (o->system) { hist_add(&h, "system", o->system); base = 1; }
    if (interactive) fprintf(stderr, "tinyllm chat: /reset clears the history, Ctrl-D quits, Ctrl-C stops an answer\n");
    for (;;) {
        size_t L;
        int n, gen;
        collect c;
        char *reply;
        double t1;
        if (interactive) { fputs("> ", stdout); fflush(stdout); }
        if (!fgets(line, sizeof line, stdin)) break;
        L = strlen(line);
        while (L && (line[L - 1] == '\n' || line[L - 1] == '\r')) line[--L] = 0;
        if (!L) continue;
        if (strcmp(line, "/reset") == 0) { hist_clear(&h, base); tl_session_reset(s); fprintf(stderr, "(history cleared)\n"); continue; }
        if (!hist_add(&h, "user", line)) { fprintf(stderr, "tinyllm: out of memory\n"); break; }
        n = tl_chat_encode(tok, h.msg, h.n, flags, ids, cap);
        if (n < 0) { fprintf(stderr, "tinyllm: %s\n", tok->err); break; }
        if (n >= s->ctx) {
            fprintf(stderr, "tinyllm: the conversation (%d tokens) does not fit the context (%d tokens); /reset to start over\n", n, s->ctx);
            hist_clear(&h, h.n - 1);
            continue;
        }
        memset(&c, 0, sizeof c);
        c.cap = s->ctx;
        c.ids = (int *)malloc(sizeof(int) * (size_t)c.cap);
        if (!c.ids) break;
        c.st.tok = tok;
        c.st.print_ids = o->print_ids;
        c.st.hide_think = o->hide_think;
        c.st.stop = &g_interrupt;
        c.st.think_id = tl_special_id(tok, "<think>");
        c.st.end_think_id = tl_special_id(tok, "</think>");
        tl_detok_init(&c.st.dt, tok, TL_DECODE_SKIP_SPECIAL);
        g_interrupt = 0;
        gen = tl_generate(s, ids, n, gp, on_chat_token, &c);
        t1 = now_s();
        if (gen < 0) { fprintf(stderr, "tinyllm: %s\n", s->err); free(c.ids); break; }
        finish_stream(&c.st);
        if (!o->quiet)
            fprintf(stderr, "[%d prompt tokens, %d generated, %.1f tok/s | peak RSS %.0f MB]\n", n, gen,
                    (gen > 1 && t1 > c.st.t_first) ? (gen - 1) / (t1 - c.st.t_first) : 0.0, peak_rss_mb());
        if (s->stop == TL_STOP_CTX) fprintf(stderr, "tinyllm: the context is full (%d tokens); /reset to start over\n", s->ctx);
        /* the reply goes into the history as text, as the template expects */
        {
            int len = tl_decode(tok, c.ids, c.n, NULL, 0, TL_DECODE_SKIP_SPECIAL);
            reply = (char *)malloc((size_t)(len > 0 ? len : 0) + 1);
            if (reply) {
                tl_decode(tok, c.ids, c.n, reply, (size_t)(len > 0 ? len : 0) + 1, TL_DECODE_SKIP_SPECIAL);
                hist_add(&h, "assistant", reply);
                free(reply);
            }
        }
        free(c.ids);
    }
    hist_clear(&h, 0);
    free(h.msg);
    free(h.own);
    free(ids);
    return 0;
}

static void print_summary(const tl_model *m, const tl_session *s, const tl_tokenizer *tok, double load_ms) {
    const tl_config *c = &m->cfg;
    fprintf(stderr, "model: %s | layers %d, hidden %d, intermediate %d, heads %d (kv %d, head_dim %d), vocab %d%s\n",
            m->desc, c->layers, c->hidden, c->inter, c->heads, c->kv_heads, c->head_dim, c->vocab, c->tied ? ", tied embeddings" : "");
    fprintf(stderr, "       rope_theta %g, rms_eps %g, context %d (max %d) | mapped %.1f MB in %d file(s), %.1f MB of weights per token | loaded in %.1f ms\n",
            c->rope_theta, c->rms_eps, s->ctx, c->max_pos, m->st.mapped_bytes / 1e6, m->st.nfiles, m->weight_bytes / 1e6, load_ms);
    fprintf(stderr, "kernels: %s (best on this CPU: %s), %d threads\n", tl_cpu_name(tl_cpu_resolve(s->cpu, NULL)), tl_cpu_name(tl_cpu_best()), s->nthreads > 0 ? s->nthreads : tl__ncores());
    if (tok) fprintf(stderr, "tokenizer: %d ids, chat template %s%s\n", tl_vocab_size(tok),
                     tok->chat == TL_CHAT_QWEN3 ? "qwen3" : tok->chat == TL_CHAT_QWEN25 ? "qwen2.5" : tok->chat == TL_CHAT_QWEN2 ? "qwen2" : "chatml",
                     tok->chat_guessed ? " (guessed)" : "");
}

int main(int argc, char **argv) {
    opts o;
    tl_model m;
    tl_tokenizer tok;
    tl_session s;
    tl_gen_params gp;
    int rc, have_tok, n = 0, *ids = NULL, status = 0;
    char *text = NULL;
    double t0;
    rc = parse_args(argc, argv, &o);
    if (rc) return rc < 0 ? 0 : rc;
    t0 = now_s();
    if (tl_model_load(&m, o.model) != TL_OK) { fprintf(stderr, "tinyllm: %s\n", m.err); return 1; }
    have_tok = tl_tokenizer_load(&tok, o.model) == TL_OK;
    if (!have_tok && !o.ids) {
        fprintf(stderr, "tinyllm: %s\n", tok.err);
        tl_model_free(&m);
        return 1;
    }
    if (have_tok && tl_vocab_size(&tok) > m.cfg.vocab) {
        fprintf(stderr, "tinyllm: the tokenizer has %d ids but the model's vocabulary is %d\n", tl_vocab_size(&tok), m.cfg.vocab);
        status = 1;
        goto out_tok;
    }
    if (tl_session_init_ex(&s, &m, o.ctx, o.kv_f16 ? TL_KV_F16 : TL_KV_F32) != TL_OK) { fprintf(stderr, "tinyllm: %s\n", s.err); status = 1; goto out_tok; }
    s.nthreads = o.threads;
    s.cpu = o.cpu;
    if ((rc = tl_cpu_resolve(s.cpu, s.err)) < 0) { fprintf(stderr, "tinyllm: %s\n", s.err); status = 1; goto out; }
    s.int8 = o.int8;
    s.bf16_act = o.bf16_act;
    s.exact = o.exact;
    o.load_ms = (now_s() - t0) * 1e3;
    if (o.verbose) print_summary(&m, &s, have_tok ? &tok : NULL, o.load_ms);
    fill_params(&o, &m, &gp);
#if !defined(_WIN32)
    {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigint;
        sigaction(SIGINT, &sa, NULL);
    }
#else
    signal(SIGINT, on_sigint);
#endif
    if (!o.prompt && !o.file && !o.ids && (o.chat || isatty(fileno(stdin)))) {
        status = chat_loop(&o, &s, &tok, &gp);
        goto out;
    }
    ids = (int *)malloc(sizeof(int) * ((size_t)s.ctx + 1));
    if (!ids) { fprintf(stderr, "tinyllm: out of memory\n"); status = 1; goto out; }
    if (o.ids) {
        n = parse_ids(o.ids, ids, s.ctx + 1);
        if (n == -1) { fprintf(stderr, "tinyllm: bad value for --ids: '%s'\n", o.ids); status = 2; goto out; }
        if (n == -2) { fprintf(stderr, "tinyllm: the prompt is longer than the context (%d tokens)\n", s.ctx); status = 1; goto out; }
        if (n == 0) { fprintf(stderr, "tinyllm: --ids holds no ids\n"); status = 2; goto out; }
    } else {
        size_t len = 0;
        if (o.file) {
            FILE *f = fopen(o.file, "rb");
            if (!f) { fprintf(stderr, "tinyllm: %s: cannot open\n", o.file); status = 1; goto out; }
            text = read_all(f, &len);
            fclose(f);
        } else if (o.prompt) {
            len = strlen(o.prompt);
            text = (char *)malloc(len + 1);
            if (text) memcpy(text, o.prompt, len + 1);
        } else text = read_all(stdin, &len);
        if (!text) { fprintf(stderr, "tinyllm: out of memory\n"); status = 1; goto out; }
        if (o.raw) n = tl_encode(&tok, text, len, ids, s.ctx + 1, 0);
        else {
            tl_chat_msg msg[2];
            int k = 0;
            if (o.system) { msg[k].role = "system"; msg[k].content = o.system; k++; }
            msg[k].role = "user"; msg[k].content = text; k++;
            n = tl_chat_encode(&tok, msg, k, o.think ? 0 : TL_CHAT_NO_THINKING, ids, s.ctx + 1);
        }
        if (n < 0) { fprintf(stderr, "tinyllm: %s\n", tok.err); status = 1; goto out; }
        if (n == 0) { fprintf(stderr, "tinyllm: the prompt is empty\n"); status = 1; goto out; }
    }
    if (n > s.ctx) { fprintf(stderr, "tinyllm: the prompt (%d+ tokens) is longer than the context (%d tokens)\n", n, s.ctx); status = 1; goto out; }
    if (o.dump) {
        FILE *f;
        int V = m.cfg.vocab, i;
        if (tl_forward(&s, ids, n, 0, s.logits, 0) != TL_OK) { fprintf(stderr, "tinyllm: %s\n", s.err); status = 1; goto out; }
        f = fopen(o.dump, "wb");
        if (!f) { fprintf(stderr, "tinyllm: %s: cannot write\n", o.dump); status = 1; goto out; }
        for (i = 0; i < V; i++) { /* little-endian whatever the host */
            unsigned char b[4];
            uint32_t u;
            memcpy(&u, &s.logits[i], 4);
            b[0] = (unsigned char)u; b[1] = (unsigned char)(u >> 8); b[2] = (unsigned char)(u >> 16); b[3] = (unsigned char)(u >> 24);
            fwrite(b, 1, 4, f);
        }
        if (fclose(f) != 0) { fprintf(stderr, "tinyllm: %s: write error\n", o.dump); status = 1; goto out; }
    }
    if (answer(&o, &s, have_tok ? &tok : NULL, ids, n, &gp) < 0) { fprintf(stderr, "tinyllm: %s\n", s.err); status = 1; }
out:
    free(ids);
    free(text);
    tl_session_free(&s);
out_tok:
    if (have_tok) tl_tokenizer_free(&tok);
    tl_model_free(&m);
    return status;
}
