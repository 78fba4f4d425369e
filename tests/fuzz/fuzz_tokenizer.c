/* fuzz_tokenizer: tokenizer.json through tl_tokenizer_load; a tokenizer that loads must encode,
   decode and stream-decode without trouble. */
#include "fuzz_util.h"

static char tk_dir[300];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    snprintf(tk_dir, sizeof tk_dir, "%s/tk", tlf_tmpdir());
    tlf_mkdir(tk_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tl_tokenizer t;
    int r;
    tlf_write(tk_dir, "tokenizer.json", data, size);
    r = tl_tokenizer_load(&t, tk_dir);
    if (r == TL_OK) {
        static const char text[] = "Hello, world! <|im_start|>user\n  don't 123 \xe4\xbd\xa0\xe5\xa5\xbd \xff\xfe\xc3 caf\xc3\xa9<|im_end|>";
        int ids[256], n, i, k;
        char out[1024], piece[TL_DETOK_MAX];
        tl_detok d;
        n = tl_encode(&t, text, sizeof text - 1, ids, 256, 0);
        TLF_ASSERT(n >= 0);
        if (n > 256) n = 256;
        for (i = 0; i < n; i++) TLF_ASSERT(ids[i] >= 0 && ids[i] < t.n_vocab);
        TLF_ASSERT(tl_decode(&t, ids, n, out, sizeof out, 0) >= 0);
        tl_detok_init(&d, &t, 0);
        for (k = -2; k < t.n_vocab + 2 && k < 1200; k++) (void)tl_detok_push(&d, k, piece, sizeof piece);
        (void)tl_detok_flush(&d, piece, sizeof piece);
        n = tl_chat_encode_user(&t, NULL, "hi", ids, 256);
        TLF_ASSERT(n >= 0 || n == TL_ERR_RANGE || n == TL_ERR_UNSUPPORTED || n == TL_ERR_FORMAT);
    } else TLF_ASSERT(r < 0 && t.err[0] && !strchr(t.err, '\n'));
    tl_tokenizer_free(&t);
    return 0;
}
