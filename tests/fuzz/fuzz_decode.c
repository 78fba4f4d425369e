/* fuzz_decode: tl_decode and the streaming detokenizer on arbitrary id sequences (int32 LE,
   negative and out-of-range ids included) with the real Qwen2 tokenizer. The concatenated
   stream must equal tl_decode; truncated outputs must stay in bounds and NUL-terminated. */
#include "fuzz_util.h"

static tl_tokenizer dec_tok;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    char p[512];
    (void)argc; (void)argv;
    snprintf(p, sizeof p, "%s/qwen2-tokenizer", tlf_fixtures());
    if (tl_tokenizer_load(&dec_tok, p) != TL_OK) { fprintf(stderr, "fuzz_decode: %s\n", dec_tok.err); abort(); }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int n, i, flags, full, small;
    int *ids;
    char *all, *stream, piece[TL_DETOK_MAX], tiny[16];
    size_t cap, sn = 0, k;
    tl_detok d;
    if (size < 1 || size > 4 * 4096 + 1) return 0;
    flags = data[0] & 1;
    n = (int)((size - 1) / 4);
    ids = (int *)malloc(sizeof(int) * (size_t)(n + 1));
    for (i = 0; i < n; i++) {
        uint32_t u = (uint32_t)data[1 + 4 * i] | ((uint32_t)data[2 + 4 * i] << 8) | ((uint32_t)data[3 + 4 * i] << 16) | ((uint32_t)data[4 + 4 * i] << 24);
        if (data[0] & 2) u %= 152000u; /* mostly valid ids */
        ids[i] = (int)u;
    }
    cap = (size_t)n * (TL_TOKEN_MAX_BYTES * 3 + 8) + 8;
    all = (char *)malloc(cap);
    stream = (char *)malloc(cap);
    full = tl_decode(&dec_tok, ids, n, all, cap, flags);
    TLF_ASSERT(full >= 0 && (size_t)full < cap && all[full] == 0);
    small = tl_decode(&dec_tok, ids, n, tiny, (size_t)(data[0] >> 4), flags);
    TLF_ASSERT(small == full);
    if ((data[0] >> 4) > 0) TLF_ASSERT(memchr(tiny, 0, (size_t)(data[0] >> 4)) != NULL);
    tl_detok_init(&d, &dec_tok, flags);
    for (i = 0; i < n; i++) {
        k = tl_detok_push(&d, ids[i], piece, sizeof piece);
        TLF_ASSERT(k <= sizeof piece && sn + k < cap);
        memcpy(stream + sn, piece, k);
        sn += k;
    }
    k = tl_detok_flush(&d, piece, sizeof piece);
    TLF_ASSERT(sn + k < cap);
    memcpy(stream + sn, piece, k);
    sn += k;
    TLF_ASSERT(sn == (size_t)full && memcmp(stream, all, sn) == 0);
    free(ids);
    free(all);
    free(stream);
    return 0;
}
