/* test_tokenizer.c - the tokenizer of tinyllm.h against Hugging Face `tokenizers` reference ids.
   Usage: test_tokenizer [FIXTURES_DIR]   (default tests/fixtures) */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkdtemp, for the malformed-file tests */
#endif
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tl_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if !defined(_WIN32)
#include <unistd.h>
#endif

#define MAXIDS 400000

static char fx[1024];
static int *g_ids, *g_ids2;
static char *g_text, *g_text2;

static const char *fpath(const char *rel) {
    static char buf[4][2048];
    static int k;
    k = (k + 1) & 3;
    snprintf(buf[k], sizeof buf[k], "%s/%s", fx, rel);
    return buf[k];
}

/* printable excerpt of a test string for FAIL lines */
static const char *show(const char *s, size_t n) {
    static char buf[200];
    size_t i, o = 0;
    for (i = 0; i < n && o < sizeof buf - 8; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') { buf[o++] = '\\'; buf[o++] = 'n'; }
        else if (c == '\r') { buf[o++] = '\\'; buf[o++] = 'r'; }
        else if (c == '\t') { buf[o++] = '\\'; buf[o++] = 't'; }
        else if (c < 0x20) o += (size_t)sprintf(buf + o, "\\x%02x", c);
        else buf[o++] = (char)c;
    }
    if (i < n) { memcpy(buf + o, "...", 3); o += 3; }
    buf[o] = 0;
    return buf;
}

static int same_ids(const int *a, int na, const int *b, int nb) {
    return na == nb && (na == 0 || memcmp(a, b, (size_t)na * sizeof *a) == 0);
}

/* decode id by id with the streaming detokenizer; returns the length */
static size_t stream_decode(tl_tokenizer *t, const int *ids, int n, int flags, char *out, size_t cap) {
    tl_detok d;
    size_t o = 0;
    int i;
    char buf[TL_DETOK_MAX];
    tl_detok_init(&d, t, flags);
    for (i = 0; i < n; i++) {
        size_t k = tl_detok_push(&d, ids[i], buf, sizeof buf);
        if (o + k < cap) memcpy(out + o, buf, k);
        o += k;
    }
    {
        size_t k = tl_detok_flush(&d, buf, sizeof buf);
        if (o + k < cap) memcpy(out + o, buf, k);
        o += k;
    }
    return o;
}

/* ids of a JSON array into out; returns the count or -1 */
static int json_ids(const tl__json *j, int arr, int *out, int cap) {
    int k, n = 0;
    long long v;
    if (arr < 0 || j->t[arr].type != TL__J_ARR) return -1;
    for (k = tl__json_first(j, arr); k >= 0; k = j->t[k].next) {
        if (n >= cap || !tl__json_int(j, k, 0, INT_MAX, &v)) return -1;
        out[n++] = (int)v;
    }
    return n;
}

/* 873 cases: ids, decode, streaming decode */
static void test_cases(tl_tokenizer *t, const char *name) {
    char *txt, err[TL_ERR_SIZE];
    size_t len;
    tl__json j;
    int k, nfail = 0, ncase = 0;
    if (tl__read_file(fpath("tokenizer/cases.json"), &txt, &len, 64u << 20, err) != TL_OK || tl__json_parse(&j, txt, len, err) != TL_OK) {
        CHECK(0, "cases.json: %s", err);
        return;
    }
    for (k = tl__json_first(&j, 0); k >= 0; k = j.t[k].next) {
        int ti = tl__json_get(&j, k, "text"), ii = tl__json_get(&j, k, "ids"), di = tl__json_get(&j, k, "decoded");
        size_t tl_ = 0, dl = 0, sl;
        char *text = tl__json_strdup(&j, ti, &tl_), *dec = tl__json_strdup(&j, di, &dl);
        int nref = json_ids(&j, ii, g_ids2, MAXIDS), n, nd, ok;
        ncase++;
        if (!text || !dec || nref < 0) { CHECK(0, "%s: case %d is malformed", name, ncase); TL_FREE(text); TL_FREE(dec); continue; }
        n = tl_encode(t, text, tl_, g_ids, MAXIDS, 0);
        ok = same_ids(g_ids, n, g_ids2, nref);
        if (!ok && nfail++ < 40) {
            int q, first = 0;
            while (first < n && first < nref && g_ids[first] == g_ids2[first]) first++;
            printf("  case %d: got %d ids, want %d; first difference at %d:", ncase, n, nref, first);
            for (q = first; q < first + 6 && q < n; q++) printf(" %d", g_ids[q]);
            printf(" vs");
            for (q = first; q < first + 6 && q < nref; q++) printf(" %d", g_ids2[q]);
            printf("\n");
        }
        CHECK(ok, "%s: encode case %d \"%s\"", name, ncase, show(text, tl_));
        nd = tl_decode(t, g_ids2, nref, g_text, MAXIDS * 4, 0);
        CHECK(nd == (int)dl && memcmp(g_text, dec, dl) == 0, "%s: decode case %d \"%s\"", name, ncase, show(text, tl_));
        sl = stream_decode(t, g_ids2, nref, 0, g_text2, MAXIDS * 4);
        CHECK(sl == dl && memcmp(g_text2, dec, dl) == 0, "%s: streaming decode case %d \"%s\"", name, ncase, show(text, tl_));
        TL_FREE(text);
        TL_FREE(dec);
    }
    CHECK(ncase == 873, "cases.json: %d cases, expected 873", ncase);
    printf("%s: %d/%d cases encode exactly\n", name, ncase - nfail, ncase);
    tl__json_free(&j);
    TL_FREE(txt);
}

static void test_bulk(tl_tokenizer *t) {
    char *txt, *ref, err[TL_ERR_SIZE];
    size_t len, rlen;
    int n, nref, i, first = -1;
    if (tl__read_file(fpath("tokenizer/bulk.txt"), &txt, &len, 64u << 20, err) != TL_OK ||
        tl__read_file(fpath("tokenizer/bulk.ids.i32"), &ref, &rlen, 64u << 20, err) != TL_OK) {
        CHECK(0, "bulk: %s", err);
        return;
    }
    nref = (int)(rlen / 4);
    for (i = 0; i < nref; i++) g_ids2[i] = (int)tl__ld32((const unsigned char *)ref + 4 * i);
    n = tl_encode(t, txt, len, g_ids, MAXIDS, 0);
    for (i = 0; i < n && i < nref && first < 0; i++)
        if (g_ids[i] != g_ids2[i]) first = i;
    CHECK(n == nref && first < 0, "bulk.txt: %d ids (want %d), first difference at %d", n, nref, first);
    CHECK(nref == 305759, "bulk.ids.i32 holds %d ids", nref);
    /* again: now from the word cache */
    n = tl_encode(t, txt, len, g_ids, MAXIDS, 0);
    CHECK(same_ids(g_ids, n, g_ids2, nref), "bulk.txt: second (cached) encode differs");
    n = tl_encode(t, txt, len, g_ids, MAXIDS, TL_ENCODE_NO_CACHE);
    CHECK(same_ids(g_ids, n, g_ids2, nref), "bulk.txt: uncached encode differs");
    n = tl_decode(t, g_ids2, nref, g_text, MAXIDS * 4, 0);
    CHECK(n == (int)len && memcmp(g_text, txt, len) == 0, "bulk.txt: decode does not give the text back");
    TL_FREE(txt);
    TL_FREE(ref);
}

static void test_llamacpp(tl_tokenizer *t) {
    static const char sep[] = "\n__ggml_vocab_test__\n";
    char *inp, *out, err[TL_ERR_SIZE], *p, *o;
    size_t ilen, olen;
    int ncase = 0, npass = 0;
    if (tl__read_file(fpath("tokenizer/llama.cpp-qwen2/ggml-vocab-qwen2.gguf.inp"), &inp, &ilen, 1u << 20, err) != TL_OK ||
        tl__read_file(fpath("tokenizer/llama.cpp-qwen2/ggml-vocab-qwen2.gguf.out"), &out, &olen, 1u << 20, err) != TL_OK) {
        CHECK(0, "llama.cpp cases: %s", err);
        return;
    }
    p = inp;
    o = out;
    for (;;) {
        char *e = strstr(p, sep), *oe = strchr(o, '\n');
        int n, nref = 0, ok;
        if (!e || !oe) break;
        *oe = 0;
        while (*o) {
            char *end;
            long v = strtol(o, &end, 10);
            if (end == o) break;
            g_ids2[nref++] = (int)v;
            o = end;
        }
        n = tl_encode(t, p, (size_t)(e - p), g_ids, MAXIDS, 0);
        ok = same_ids(g_ids, n, g_ids2, nref);
        CHECK(ok, "llama.cpp case %d \"%s\"", ncase + 1, show(p, (size_t)(e - p)));
        npass += ok;
        ncase++;
        p = e + strlen(sep);
        o = oe + 1;
    }
    CHECK(ncase == 46, "llama.cpp: %d cases, expected 46", ncase);
    printf("llama.cpp-qwen2: %d/%d cases\n", npass, ncase);
    TL_FREE(inp);
    TL_FREE(out);
}

static void test_chat(tl_tokenizer *t, const char *file, int qwen3) {
    char *txt, err[TL_ERR_SIZE];
    size_t len;
    tl__json j;
    int k, nconv = 0;
    if (tl__read_file(fpath(file), &txt, &len, 1u << 20, err) != TL_OK || tl__json_parse(&j, txt, len, err) != TL_OK) {
        CHECK(0, "%s: %s", file, err);
        return;
    }
    for (k = tl__json_first(&j, 0); k >= 0; k = j.t[k].next) {
        int c = k + 1, mi = tl__json_get(&j, c, "messages"), et = tl__json_get(&j, c, "enable_thinking"), m, nm = 0, flags = 0, n, nref, q;
        tl_chat_msg msgs[16];
        char *name = tl__json_strdup(&j, k, NULL), *want = tl__json_strdup(&j, tl__json_get(&j, c, "text"), NULL), *store[32];
        int nstore = 0;
        nref = json_ids(&j, tl__json_get(&j, c, "ids"), g_ids2, MAXIDS);
        for (m = tl__json_first(&j, mi); m >= 0 && nm < 16; m = j.t[m].next, nm++) {
            store[nstore] = tl__json_strdup(&j, tl__json_get(&j, m, "role"), NULL);
            msgs[nm].role = store[nstore++];
            store[nstore] = tl__json_strdup(&j, tl__json_get(&j, m, "content"), NULL);
            msgs[nm].content = store[nstore++];
        }
        if (et >= 0 && j.t[et].type == TL__J_FALSE) flags |= TL_CHAT_NO_THINKING;
        n = tl_chat_format(t, msgs, nm, flags, g_text, MAXIDS);
        CHECK(want && n == (int)strlen(want) && strcmp(g_text, want) == 0, "%s %s: chat text differs:\n%s\n---- want ----\n%s", file, name, g_text, want ? want : "?");
        n = tl_chat_encode(t, msgs, nm, flags, g_ids, MAXIDS);
        CHECK(same_ids(g_ids, n, g_ids2, nref), "%s %s: chat ids differ (%d vs %d ids)", file, name, n, nref);
        if (name && strcmp(name, "seed") == 0) { /* the quick-start helper */
            n = tl_chat_encode_user(t, NULL, msgs[0].content, g_ids, MAXIDS);
            CHECK(same_ids(g_ids, n, g_ids2, nref), "%s: tl_chat_encode_user differs from seed", file);
        }
        if (name && strcmp(name, "system") == 0 && !(flags & TL_CHAT_NO_THINKING)) {
            n = tl_chat_encode_user(t, msgs[0].content, msgs[1].content, g_ids, MAXIDS);
            CHECK(same_ids(g_ids, n, g_ids2, nref), "%s: tl_chat_encode_user with a system message differs", file);
        }
        for (q = 0; q < nstore; q++) TL_FREE(store[q]);
        TL_FREE(name);
        TL_FREE(want);
        nconv++;
    }
    CHECK(nconv >= 4, "%s: only %d conversations", file, nconv);
    (void)qwen3;
    tl__json_free(&j);
    TL_FREE(txt);
}

/* templates beyond the fixtures: the expected strings are what jinja2 renders from the real
   templates (Qwen3's of tests/fixtures/qwen3-tokenizer; Qwen2.5's default system prompt) */
static void test_chat_extra(tl_tokenizer *q2, tl_tokenizer *q3) {
    tl_chat_msg m[6];
    char buf[2048];
    int n, fam;
    m[0].role = "user"; m[0].content = "Q1";
    m[1].role = "assistant"; m[1].content = "<think>\nr1\n</think>\n\nA1";
    m[2].role = "user"; m[2].content = "Q2";
    m[3].role = "assistant"; m[3].content = "<think>\nr2\n</think>\n\nA2";
    n = tl_chat_format(q3, m, 4, TL_CHAT_NO_GEN_PROMPT, buf, sizeof buf);
    CHECK(n > 0 && strcmp(buf, "<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n<|im_start|>user\nQ2<|im_end|>\n"
                               "<|im_start|>assistant\n<think>\nr2\n</think>\n\nA2<|im_end|>\n") == 0, "qwen3: thinking of earlier turns:\n%s", buf);
    m[4].role = "tool"; m[4].content = "T1";
    m[5].role = "tool"; m[5].content = "T2";
    n = tl_chat_format(q3, m, 6, 0, buf, sizeof buf);
    CHECK(n > 0 && strcmp(buf, "<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n<|im_start|>user\nQ2<|im_end|>\n"
                               "<|im_start|>assistant\n<think>\nr2\n</think>\n\nA2<|im_end|>\n<|im_start|>user\n<tool_response>\nT1\n</tool_response>\n"
                               "<tool_response>\nT2\n</tool_response><|im_end|>\n<|im_start|>assistant\n") == 0, "qwen3: tool turns:\n%s", buf);
    {   /* tool responses do not count as the last query; unknown roles print nothing */
        tl_chat_msg x[6];
        x[0].role = "system"; x[0].content = "S";
        x[1].role = "user"; x[1].content = "Q1";
        x[2].role = "assistant"; x[2].content = "\n\nplain\n";
        x[3].role = "user"; x[3].content = "<tool_response>x</tool_response>";
        x[4].role = "assistant"; x[4].content = "<think>\n\nR\n\n</think>\n\nA<think>x</think>B";
        x[5].role = "developer"; x[5].content = "D";
        n = tl_chat_format(q3, x, 6, TL_CHAT_NO_THINKING, buf, sizeof buf);
        CHECK(n > 0 && strcmp(buf, "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\n\n\nplain\n<|im_end|>\n"
                                   "<|im_start|>user\n<tool_response>x</tool_response><|im_end|>\n<|im_start|>assistant\n<think>\nR\n</think>\n\nB<|im_end|>\n"
                                   "<|im_start|>assistant\n<think>\n\n</think>\n\n") == 0, "qwen3: last query and think splitting:\n%s", buf);
    }
    /* Qwen2.5: its own default system prompt */
    fam = q2->chat;
    q2->chat = TL_CHAT_QWEN25;
    n = tl_chat_format(q2, m, 1, 0, buf, sizeof buf);
    CHECK(n > 0 && strcmp(buf, "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                               "<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\n") == 0, "qwen2.5 default system:\n%s", buf);
    q2->chat = fam;
    /* measuring, and a short buffer */
    n = tl_chat_format(q2, m, 1, 0, NULL, 0);
    CHECK(n == 110, "tl_chat_format measure gave %d", n);
    CHECK(tl_chat_format(q2, m, 1, 0, buf, 10) == n && strlen(buf) < 10, "tl_chat_format with a short buffer");
}

/* invalid UTF-8, hostile ids, small buffers */
static void test_robustness(tl_tokenizer *t) {
    static const struct { const char *bad, *good; } fix[] = {
        {"a\xff" "b", "a\xEF\xBF\xBD" "b"},
        {"\xe4\xb8", "\xEF\xBF\xBD"},                                   /* truncated at the end */
        {"\xe4\xb8" "a", "\xEF\xBF\xBD" "a"},                           /* one U+FFFD per maximal subpart */
        {"\xed\xa0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},       /* a surrogate */
        {"\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD"},                       /* overlong */
        {"\xf4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* above U+10FFFF */
        {"x\x80\x80y", "x\xEF\xBF\xBD\xEF\xBF\xBDy"},
    };
    int i, n, n2, ids[64], ids2[64], k;
    char out[256];
    unsigned seed = 12345;
    for (i = 0; i < (int)(sizeof fix / sizeof fix[0]); i++) {
        n = tl_encode(t, fix[i].bad, strlen(fix[i].bad), ids, 64, 0);
        n2 = tl_encode(t, fix[i].good, strlen(fix[i].good), ids2, 64, 0);
        CHECK(n > 0 && same_ids(ids, n, ids2, n2), "invalid UTF-8 case %d encodes as its U+FFFD form", i);
    }
    /* NUL bytes are text */
    n = tl_encode(t, "a\0b", 3, ids, 64, 0);
    CHECK(n == 3, "a NUL b gives %d ids", n);
    /* random bytes: no crash, decodes to valid UTF-8 */
    for (k = 0; k < 3000; k++) {
        unsigned char s[64];
        int L = k % 64, q, valid = 1;
        for (q = 0; q < L; q++) { seed = seed * 1103515245u + 12345u; s[q] = (unsigned char)(seed >> 16); if (k & 1) s[q] |= 0x80; }
        n = tl_encode(t, (const char *)s, (size_t)L, g_ids, MAXIDS, k % 3 == 0 ? TL_ENCODE_NO_CACHE : 0);
        if (n < 0) { CHECK(0, "random bytes %d: error %d", k, n); continue; }
        n2 = tl_decode(t, g_ids, n, g_text, MAXIDS, 0);
        for (q = 0; q < n2; ) {
            int r = tl__u8check((const unsigned char *)g_text + q, (size_t)(n2 - q));
            if (r <= 0) { valid = 0; break; }
            q += r;
        }
        if (!valid) CHECK(0, "random bytes %d: decode is not valid UTF-8", k);
    }
    /* capacity: the count is the full count, only cap ids are written */
    n = tl_encode(t, "Hello world, hello world", 24, g_ids, MAXIDS, 0);
    ids[2] = -7;
    n2 = tl_encode(t, "Hello world, hello world", 24, ids, 2, 0);
    CHECK(n2 == n && ids[0] == g_ids[0] && ids[1] == g_ids[1] && ids[2] == -7, "tl_encode with a small cap");
    CHECK(tl_encode(t, NULL, 0, NULL, 0, 0) == 0, "empty input");
    CHECK(tl_encode(t, NULL, 5, ids, 4, 0) == TL_ERR_ARG && t->err[0], "NULL text is an argument error");
    /* special tokens: parsed, or plain text with TL_ENCODE_NO_SPECIAL */
    n = tl_encode(t, "<|im_start|>user", 16, ids, 64, 0);
    CHECK(n == 2 && ids[0] == 151644, "<|im_start|> is one token");
    n = tl_encode(t, "<|im_start|>user", 16, ids, 64, TL_ENCODE_NO_SPECIAL);
    CHECK(n > 2 && ids[0] != 151644, "TL_ENCODE_NO_SPECIAL keeps <|im_start|> as text");
    n = tl_decode(t, ids, n, out, sizeof out, 0);
    CHECK(n == 16 && strcmp(out, "<|im_start|>user") == 0, "decode of the plain-text special token");
    /* decode: invalid ids are skipped; skip-special; short buffers */
    ids[0] = -1; ids[1] = 9707; ids[2] = t->n_vocab; ids[3] = INT_MAX; ids[4] = 151645; ids[5] = INT_MIN;
    n = tl_decode(t, ids, 6, out, sizeof out, 0);
    CHECK(n == 15 && strcmp(out, "Hello<|im_end|>") == 0, "decode skips invalid ids: \"%s\"", out);
    n = tl_decode(t, ids, 6, out, sizeof out, TL_DECODE_SKIP_SPECIAL);
    CHECK(n == 5 && strcmp(out, "Hello") == 0, "decode skip-special: \"%s\"", out);
    n = tl_decode(t, ids, 6, out, 4, 0);
    CHECK(n == 15 && strlen(out) == 3, "decode into a short buffer returns the full length");
    CHECK(tl_decode(t, ids, -1, out, sizeof out, 0) == TL_ERR_ARG, "negative count");
    {   /* streaming: a split character waits, flush makes U+FFFD of a dangling one */
        tl_detok d;
        int zh[3];
        size_t a, b, c;
        zh[0] = t->d->byte_id[0xE4]; zh[1] = t->d->byte_id[0xB8]; zh[2] = t->d->byte_id[0xAD]; /* 中 */
        tl_detok_init(&d, t, 0);
        a = tl_detok_push(&d, zh[0], out, sizeof out);
        b = tl_detok_push(&d, zh[1], out, sizeof out);
        c = tl_detok_push(&d, zh[2], out, sizeof out);
        CHECK(a == 0 && b == 0 && c == 3 && memcmp(out, "\xe4\xb8\xad", 3) == 0, "detok holds back a split character");
        a = tl_detok_push(&d, zh[0], out, sizeof out);
        b = tl_detok_push(&d, zh[1], out, sizeof out);
        c = tl_detok_flush(&d, out, sizeof out);
        CHECK(a == 0 && b == 0 && c == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0, "detok flush gives U+FFFD");
        CHECK(tl_detok_flush(&d, out, sizeof out) == 0, "second flush is empty");
        a = tl_detok_push(&d, zh[0], out, sizeof out);
        b = tl_detok_push(&d, 9707, out, sizeof out); /* "Hello" breaks the character */
        CHECK(a == 0 && b == 8 && memcmp(out, "\xEF\xBF\xBDHello", 8) == 0, "detok: broken character then text");
        CHECK(tl_detok_push(&d, -5, out, sizeof out) == 0 && tl_detok_push(&d, 1 << 30, out, sizeof out) == 0, "detok: invalid ids");
        n = tl_decode(t, zh, 2, out, sizeof out, 0);
        CHECK(n == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0, "decode of a dangling character");
        tl_detok_init(&d, t, TL_DECODE_SKIP_SPECIAL);
        CHECK(tl_detok_push(&d, 151645, out, sizeof out) == 0, "detok skip-special");
        tl_detok_init(&d, t, 0);
        a = tl_detok_push(&d, 9707, out, 3);
        CHECK(a <= 3, "detok into a short buffer wrote %d bytes", (int)a);
    }
    CHECK(t->max_token_bytes <= TL_TOKEN_MAX_BYTES && 3 * (t->max_token_bytes + 3) <= TL_DETOK_MAX, "TL_DETOK_MAX bound");
    CHECK(tl_token_bytes(t, 9707, &n) && n == 5, "tl_token_bytes");
    CHECK(!tl_token_bytes(t, -1, &n) && !tl_token_bytes(t, t->n_vocab, &n), "tl_token_bytes of bad ids");
    CHECK(tl_special_id(t, "<|im_end|>") == 151645 && tl_special_id(t, "nope") == -1, "tl_special_id");
    CHECK(tl_is_special(t, 151643) && !tl_is_special(t, 9707) && !tl_is_special(t, -3), "tl_is_special");
    CHECK(tl_vocab_size(t) == 151646, "tl_vocab_size");
}

#if !defined(_WIN32)
static char tmpdir[256];

static int write_file(const char *name, const char *data, size_t n) {
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, n, f);
    fclose(f);
    return 1;
}
static void rm_file(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    remove(path);
}
static int copy_fixture(const char *rel, const char *name) {
    char *txt, err[TL_ERR_SIZE];
    size_t len;
    int ok;
    if (tl__read_file(fpath(rel), &txt, &len, 64u << 20, err) != TL_OK) return 0;
    ok = write_file(name, txt, len);
    TL_FREE(txt);
    return ok;
}

/* a small valid tokenizer.json, with a hole to fill by each malformed variant */
static const char *mini_tok(char *buf, size_t cap, const char *vocab, const char *merges, const char *added, const char *extra) {
    snprintf(buf, cap,
             "{\"version\":\"1.0\",%s\"added_tokens\":%s,\"normalizer\":{\"type\":\"NFC\"},"
             "\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":"
             "\"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\\\r\\\\n\\\\p{L}\\\\p{N}]?\\\\p{L}+|\\\\p{N}| ?[^\\\\s\\\\p{L}\\\\p{N}]+[\\\\r\\\\n]*|\\\\s*[\\\\r\\\\n]+|\\\\s+(?!\\\\S)|\\\\s+\"},"
             "\"behavior\":\"Isolated\",\"invert\":false},{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":false,\"use_regex\":false}]},"
             "\"model\":{\"type\":\"BPE\",\"vocab\":%s,\"merges\":%s}}",
             extra, added, vocab, merges);
    return buf;
}

static void test_files(void) {
    static char buf[8192];
    static const char *V = "{\"a\":0,\"b\":1,\"ab\":2,\"\\u0120\":3,\"\\u0120ab\":4}";
    static const char *A = "[{\"id\":5,\"content\":\"<x>\",\"special\":true}]";
    static const struct { const char *vocab, *merges, *added, *extra, *what; int code; } bad[] = {
        {"[]", "[]", "[]", "", "vocab is an array", TL_ERR_FORMAT},
        {"{\"a\":\"0\"}", "[]", "[]", "", "id is a string", TL_ERR_FORMAT},
        {"{\"a\":-1}", "[]", "[]", "", "negative id", TL_ERR_FORMAT},
        {"{\"a\":1.5}", "[]", "[]", "", "fractional id", TL_ERR_FORMAT},
        {"{\"a\":99999999999}", "[]", "[]", "", "huge id", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":0}", "[]", "[]", "", "duplicate id", TL_ERR_FORMAT},
        {"{\"a\":0,\"a\":1}", "[]", "[]", "", "duplicate token", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1}", "[\"a b\"]", "[]", "", "merge result missing", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1,\"ab\":2}", "[\"a c\"]", "[]", "", "merge part missing", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1,\"ab\":2}", "[\"ab\"]", "[]", "", "merge without a space", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1,\"ab\":2}", "[[\"a\"]]", "[]", "", "merge pair of one", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1,\"ab\":2}", "[[\"a\",\"b\",\"c\"]]", "[]", "", "merge triple", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1,\"ab\":2}", "[7]", "[]", "", "merge is a number", TL_ERR_FORMAT},
        {"{\"a\":0,\"b\":1,\"ab\":2}", "{}", "[]", "", "merges is an object", TL_ERR_FORMAT},
        {"{\"a\":0}", "[]", "[{\"id\":\"x\",\"content\":\"<x>\"}]", "", "added id is a string", TL_ERR_FORMAT},
        {"{\"a\":0}", "[]", "[{\"id\":3,\"content\":7}]", "", "added content is a number", TL_ERR_FORMAT},
        {"{\"a\":0}", "[]", "[{\"id\":3,\"content\":\"x\"},{\"id\":3,\"content\":\"y\"}]", "", "added id twice", TL_ERR_FORMAT},
        {"{\"a\":0}", "[]", "{}", "", "added_tokens is an object", TL_ERR_FORMAT},
        {"{\"a\":0}", "[]", "[]", "\"normalizer\":{\"type\":\"NFKC\"},", "", TL_OK}, /* the later key wins: NFC */
    };
    char err[TL_ERR_SIZE];
    tl_tokenizer t;
    int i, r, n, ids[16];
    size_t L;
    char *real;
    strcpy(tmpdir, "/tmp/tl_tok_XXXXXX");
    if (!mkdtemp(tmpdir)) { CHECK(0, "mkdtemp failed"); return; }
    /* a valid mini tokenizer, merges in both forms */
    mini_tok(buf, sizeof buf, V, "[\"a b\",[\"\\u0120\",\"ab\"]]", A, "");
    write_file("tokenizer.json", buf, strlen(buf));
    r = tl_tokenizer_load(&t, tmpdir);
    CHECK(r == TL_OK, "mini tokenizer: %s", t.err);
    if (r == TL_OK) {
        n = tl_encode(&t, " ab<x>ba", 8, ids, 16, 0);
        CHECK(n == 4 && ids[0] == 4 && ids[1] == 5 && ids[2] == 1 && ids[3] == 0, "mini tokenizer encode (%d ids)", n);
        n = tl_encode(&t, "c", 1, ids, 16, 0); /* no token for the byte: dropped, as HF does without unk */
        CHECK(n == 0, "mini tokenizer: unknown byte gives %d ids", n);
        CHECK(t.n_vocab == 6 && t.chat_guessed == 1 && t.eos_id == -1, "mini tokenizer fields");
        tl_tokenizer_free(&t);
    }
    for (i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++) {
        mini_tok(buf, sizeof buf, bad[i].vocab, bad[i].merges, bad[i].added, bad[i].extra);
        write_file("tokenizer.json", buf, strlen(buf));
        r = tl_tokenizer_load(&t, tmpdir);
        CHECK(r == bad[i].code && (r == TL_OK || t.err[0]), "malformed tokenizer.json (%s): got %d \"%s\"", bad[i].what, r, t.err);
        if (r != TL_OK) CHECK(t.d == NULL && t.n_vocab == 0, "failed load leaves an empty tokenizer");
        tl_tokenizer_free(&t);
    }
    /* unsupported models */
    mini_tok(buf, sizeof buf, V, "[]", "[]", "\"x\":1,");
    {
        char *p = strstr(buf, "\\\\p{N}|");
        if (p) p[5] = '+'; /* \p{N}+ instead of \p{N}: another regex */
        write_file("tokenizer.json", buf, strlen(buf));
        r = tl_tokenizer_load(&t, tmpdir);
        CHECK(r == TL_ERR_UNSUPPORTED, "another pre-tokenizer regex is unsupported: %d %s", r, t.err);
        tl_tokenizer_free(&t);
    }
    /* the real file, truncated and damaged */
    if (tl__read_file(fpath("qwen2-tokenizer/tokenizer.json"), &real, &L, 64u << 20, err) == TL_OK) {
        static const size_t cut[] = {0, 1, 100, 2000, 1000000, 3000000, 5000000};
        for (i = 0; i < (int)(sizeof cut / sizeof cut[0]); i++) {
            write_file("tokenizer.json", real, cut[i] < L ? cut[i] : L - 1);
            r = tl_tokenizer_load(&t, tmpdir);
            CHECK(r < 0 && t.err[0], "tokenizer.json cut at %lu bytes: %d \"%s\"", (unsigned long)cut[i], r, t.err);
            tl_tokenizer_free(&t);
        }
        {   /* a merge that names a missing token, deep in the file */
            char *p = strstr(real, "\"merges\"");
            char *q = p ? strstr(p, "\"i n\"") : NULL;
            if (q) {
                q[1] = '\x01';
                write_file("tokenizer.json", real, L);
                r = tl_tokenizer_load(&t, tmpdir);
                CHECK(r == TL_ERR_FORMAT && t.err[0], "control character in a merge: %d \"%s\"", r, t.err);
                tl_tokenizer_free(&t);
                q[1] = 0x7f; /* DEL is no byte-level symbol: "\x7f n" names a missing token */
                write_file("tokenizer.json", real, L);
                r = tl_tokenizer_load(&t, tmpdir);
                CHECK(r == TL_ERR_FORMAT && strstr(t.err, "merge"), "merge with a missing token: %d \"%s\"", r, t.err);
                tl_tokenizer_free(&t);
            }
        }
        TL_FREE(real);
    }
    /* vocab.json + merges.txt + tokenizer_config.json: same ids as tokenizer.json */
    rm_file("tokenizer.json");
    r = tl_tokenizer_load(&t, tmpdir);
    CHECK(r == TL_ERR_IO && t.err[0], "empty directory: %d \"%s\"", r, t.err);
    if (copy_fixture("qwen2-tokenizer/vocab.json", "vocab.json") && copy_fixture("qwen2-tokenizer/merges.txt", "merges.txt") &&
        copy_fixture("qwen2-tokenizer/tokenizer_config.json", "tokenizer_config.json")) {
        r = tl_tokenizer_load(&t, tmpdir);
        CHECK(r == TL_OK && t.n_vocab == 151646 && t.eos_id == 151645 && t.chat == TL_CHAT_QWEN2 && !t.chat_guessed,
              "vocab.json + merges.txt: %d \"%s\"", r, t.err);
        if (r == TL_OK) {
            test_cases(&t, "vocab.json+merges.txt");
            tl_tokenizer_free(&t);
        }
        write_file("tokenizer_config.json", "{\"eos_token\": 5", 15);
        r = tl_tokenizer_load(&t, tmpdir);
        CHECK(r == TL_ERR_FORMAT && strstr(t.err, "tokenizer_config.json"), "broken tokenizer_config.json: %d \"%s\"", r, t.err);
        tl_tokenizer_free(&t);
        write_file("merges.txt", "#version: 0.2\nnot-a-merge\n", 26);
        rm_file("tokenizer_config.json");
        r = tl_tokenizer_load(&t, tmpdir);
        CHECK(r == TL_ERR_FORMAT && t.err[0], "broken merges.txt: %d \"%s\"", r, t.err);
        tl_tokenizer_free(&t);
    }
    rm_file("tokenizer.json");
    rm_file("vocab.json");
    rm_file("merges.txt");
    rm_file("tokenizer_config.json");
    rmdir(tmpdir);
}
#endif

int main(int argc, char **argv) {
    tl_tokenizer q2, q3;
    int r;
    snprintf(fx, sizeof fx, "%s", tlt_fixtures(argc, argv));
    g_ids = (int *)malloc(MAXIDS * sizeof *g_ids);
    g_ids2 = (int *)malloc(MAXIDS * sizeof *g_ids2);
    g_text = (char *)malloc(MAXIDS * 4);
    g_text2 = (char *)malloc(MAXIDS * 4);
    if (!g_ids || !g_ids2 || !g_text || !g_text2) return 1;
    r = tl_tokenizer_load(&q2, fpath("qwen2-tokenizer"));
    CHECK(r == TL_OK, "load qwen2-tokenizer: %s", q2.err);
    if (r != TL_OK) return tlt_done("tokenizer");
    CHECK(q2.n_vocab == 151646 && q2.eos_id == 151645 && q2.im_start_id == 151644 && q2.im_end_id == 151645 &&
          q2.endoftext_id == 151643 && q2.chat == TL_CHAT_QWEN2 && !q2.chat_guessed,
          "qwen2 fields: n_vocab %d eos %d chat %d", q2.n_vocab, q2.eos_id, q2.chat);
    r = tl_tokenizer_load(&q3, fpath("qwen3-tokenizer"));
    CHECK(r == TL_OK, "load qwen3-tokenizer: %s", q3.err);
    if (r != TL_OK) return tlt_done("tokenizer");
    CHECK(q3.n_vocab == 151669 && q3.eos_id == 151645 && q3.chat == TL_CHAT_QWEN3 && tl_special_id(&q3, "<think>") == 151667 && !tl_is_special(&q3, 151667),
          "qwen3 fields: n_vocab %d eos %d chat %d", q3.n_vocab, q3.eos_id, q3.chat);

    test_cases(&q2, "qwen2 tokenizer.json");
    test_cases(&q3, "qwen3 tokenizer.json");
    test_bulk(&q2);
    test_llamacpp(&q2);
    test_chat(&q2, "tokenizer/chat.json", 0);
    test_chat(&q3, "tokenizer/chat_qwen3.json", 1);
    test_chat_extra(&q2, &q3);
    test_robustness(&q2);
    {   /* the e2e model folders carry the same tokenizers */
        tl_tokenizer t;
        r = tl_tokenizer_load(&t, fpath("models/qwen3-e2e-mlx4"));
        CHECK(r == TL_OK && t.chat == TL_CHAT_QWEN3 && t.n_vocab == 151669, "load models/qwen3-e2e-mlx4: %s", t.err);
        tl_tokenizer_free(&t);
        r = tl_tokenizer_load(&t, fpath("models/qwen2-e2e-mlx4"));
        CHECK(r == TL_OK && t.chat == TL_CHAT_QWEN2 && t.n_vocab == 151646, "load models/qwen2-e2e-mlx4: %s", t.err);
        tl_tokenizer_free(&t);
        r = tl_tokenizer_load(&t, fpath("no-such-dir"));
        CHECK(r == TL_ERR_IO && t.err[0] && t.d == NULL, "missing directory: %d", r);
        tl_tokenizer_free(&t);
        CHECK(tl_tokenizer_load(&t, NULL) == TL_ERR_ARG, "NULL directory");
    }
#if !defined(_WIN32)
    test_files();
#endif
    tl_tokenizer_free(&q2);
    tl_tokenizer_free(&q3);
    free(g_ids);
    free(g_ids2);
    free(g_text);
    free(g_text2);
    return tlt_done("tokenizer");
}
