/* simple.c - load a model, generate an answer with a callback, free.
   cc -O2 examples/simple.c -o simple -lm && ./simple tests/fixtures/qwen2-demo-mlx4 "What is curl?" */
#define TINYLLM_IMPLEMENTATION
#include "../tinyllm.h"
#include <stdio.h>

static int on_token(void *user, int id) {
    char buf[TL_DETOK_MAX];
    size_t n = tl_detok_push((tl_detok *)user, id, buf, sizeof buf); /* whole characters only */
    fwrite(buf, 1, n, stdout);
    fflush(stdout);
    return 0; /* non-zero would stop */
}

int main(int argc, char **argv) {
    tl_model m; tl_tokenizer tok; tl_session s; tl_detok d; tl_gen_params gp;
    int ids[2048], n, rc = 1;
    char tail[TL_DETOK_MAX];
    if (argc != 3) { fprintf(stderr, "usage: simple MODEL_DIR PROMPT\n"); return 2; }
    if (tl_model_load(&m, argv[1]) != TL_OK) { fprintf(stderr, "%s\n", m.err); return 1; }
    if (tl_tokenizer_load(&tok, argv[1]) != TL_OK) { fprintf(stderr, "%s\n", tok.err); tl_model_free(&m); return 1; }
    n = tl_chat_encode_user(&tok, NULL, argv[2], ids, 2048);          /* ChatML prompt ids */
    if (n > 0 && n <= 2048 && tl_session_init(&s, &m, 4096) == TL_OK) {
        tl_detok_init(&d, &tok, TL_DECODE_SKIP_SPECIAL);
        tl_gen_params_default(&gp);                                    /* greedy, 256 tokens */
        if (tl_generate(&s, ids, n, &gp, on_token, &d) >= 0) rc = 0;   /* prefill + decode */
        else fprintf(stderr, "%s\n", s.err);
        fwrite(tail, 1, tl_detok_flush(&d, tail, sizeof tail), stdout);
        putchar('\n');
        tl_session_free(&s);
    } else fprintf(stderr, "prompt too long or out of memory\n");
    tl_tokenizer_free(&tok);
    tl_model_free(&m);
    return rc;
}
