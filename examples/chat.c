/* chat.c - multi-turn chat through the public API: the history is re-rendered each turn and
   tl_generate reuses the KV cache for the prefix it already holds.
   cc -O2 examples/chat.c -o chat -lm && printf 'What is bash?\nAnd zsh?\n' | ./chat tests/fixtures/qwen2-demo-mlx4 */
#define TINYLLM_IMPLEMENTATION
#include "../tinyllm.h"
#include <stdio.h>
#include <string.h>

#define MAX_TURNS 32
typedef struct { int ids[1024]; int n; } reply;

static int on_token(void *user, int id) {
    reply *r = (reply *)user;
    if (r->n < 1024) r->ids[r->n++] = id;
    return 0;
}

int main(int argc, char **argv) {
    static char text[2 * MAX_TURNS][4096];
    static int ids[8192];
    tl_model m; tl_tokenizer tok; tl_session s; tl_gen_params gp;
    tl_chat_msg msgs[2 * MAX_TURNS];
    int nmsg = 0, n;
    if (argc != 2) { fprintf(stderr, "usage: chat MODEL_DIR < questions.txt\n"); return 2; }
    if (tl_model_load(&m, argv[1]) != TL_OK) { fprintf(stderr, "%s\n", m.err); return 1; }
    if (tl_tokenizer_load(&tok, argv[1]) != TL_OK || tl_session_init(&s, &m, 8192) != TL_OK) {
        fprintf(stderr, "%s\n", tok.err); tl_model_free(&m); return 1;
    }
    tl_gen_params_default(&gp);
    gp.max_new = 200;
    while (nmsg + 2 <= 2 * MAX_TURNS && fgets(text[nmsg], sizeof text[nmsg], stdin)) {
        reply r;
        text[nmsg][strcspn(text[nmsg], "\r\n")] = 0;
        msgs[nmsg].role = "user"; msgs[nmsg].content = text[nmsg]; nmsg++;
        n = tl_chat_encode(&tok, msgs, nmsg, 0, ids, 8192);           /* whole history -> ids */
        r.n = 0;
        if (n < 0 || n > 8192 || tl_generate(&s, ids, n, &gp, on_token, &r) < 0) { fprintf(stderr, "turn failed\n"); break; }
        tl_decode(&tok, r.ids, r.n, text[nmsg], sizeof text[nmsg], TL_DECODE_SKIP_SPECIAL);
        printf("> %s\n%s\n", msgs[nmsg - 1].content, text[nmsg]);
        msgs[nmsg].role = "assistant"; msgs[nmsg].content = text[nmsg]; nmsg++;
    }
    tl_session_free(&s);
    tl_tokenizer_free(&tok);
    tl_model_free(&m);
    return 0;
}
