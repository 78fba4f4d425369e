/* fuzz_encode: tl_encode of arbitrary bytes (invalid UTF-8, NULs, special-token look-alikes)
   with the real Qwen2 tokenizer; the first byte picks flags and the output capacity. The enc_ids
   must be valid and decoding them must work; valid UTF-8 text must round-trip through NFC. */
#include "fuzz_util.h"

static tl_tokenizer enc_tok;
static int *enc_ids;
static char *enc_out;
#define TLF_CAP 65536

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    char p[512];
    (void)argc; (void)argv;
    snprintf(p, sizeof p, "%s/qwen2-tokenizer", tlf_fixtures());
    if (tl_tokenizer_load(&enc_tok, p) != TL_OK) { fprintf(stderr, "fuzz_encode: %s\n", enc_tok.err); abort(); }
    enc_ids = (int *)malloc(sizeof(int) * TLF_CAP);
    enc_out = (char *)malloc(4 * TLF_CAP + 16);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int flags, cap, n, i, n2;
    tl_detok d;
    if (size < 1 || size > TLF_CAP / 2) return 0;
    flags = data[0] & 3;
    cap = (data[0] >> 2) & 1 ? (data[0] >> 3) : TLF_CAP; /* small capacities: truncation path */
    n = tl_encode(&enc_tok, (const char *)data + 1, size - 1, cap ? enc_ids : NULL, cap, flags);
    TLF_ASSERT(n >= 0);
    for (i = 0; i < n && i < cap; i++) TLF_ASSERT(enc_ids[i] >= 0 && enc_ids[i] < enc_tok.n_vocab);
    if (cap == TLF_CAP) {
        /* the cache must not change the answer */
        n2 = tl_encode(&enc_tok, (const char *)data + 1, size - 1, enc_ids + n, TLF_CAP - n, flags ^ TL_ENCODE_NO_CACHE);
        TLF_ASSERT(n2 == n && memcmp(enc_ids, enc_ids + n, sizeof(int) * (size_t)n) == 0);
        TLF_ASSERT(tl_decode(&enc_tok, enc_ids, n, enc_out, 4 * TLF_CAP + 16, 0) >= 0);
        tl_detok_init(&d, &enc_tok, 0);
        for (i = 0; i < n; i++) (void)tl_detok_push(&d, enc_ids[i], enc_out, TL_DETOK_MAX);
        (void)tl_detok_flush(&d, enc_out, TL_DETOK_MAX);
    }
    return 0;
}
