/* fuzz_safetensors: the safetensors header parser (tl__st_parse + tl__st_finish) on a fake
   mapping that is a heap block of exactly the input's size, so ASan catches any read outside
   the "file"; every tensor it accepts must lie inside the data section. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tl_safetensors st;
    unsigned char *buf = (unsigned char *)malloc(size ? size : 1);
    int cap = 0, r, i;
    size_t nl = 0, nc = 0;
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    memset(&st, 0, sizeof st);
    st.files[0].base = buf;
    st.files[0].size = size;
    r = tl__st_parse(&st, 0, "fuzz.safetensors", &cap, &nl, &nc);
    if (r == TL_OK) r = tl__st_finish(&st, "fuzz.safetensors");
    if (r == TL_OK) {
        unsigned sum = 0;
        size_t hlen = (size_t)tl__ld64(buf);
        for (i = 0; i < st.ntensors; i++) {
            const tl_tensor *t = &st.tensors[i];
            TLF_ASSERT(t->data >= buf + 8 + hlen && t->data + t->nbytes <= buf + size);
            if (t->nbytes) sum += t->data[0] + t->data[t->nbytes - 1];
            TLF_ASSERT(tl_st_find(&st, t->name) != NULL);
            TLF_ASSERT(t->ndim >= 0 && t->ndim <= 8);
            if (i) TLF_ASSERT(strcmp(st.tensors[i - 1].name, t->name) < 0);
        }
        (void)sum;
        /* no two tensors with bytes may share one (sorted by name, so check all pairs) */
        if (st.ntensors <= 2000)
            for (i = 0; i < st.ntensors; i++) {
                int k;
                const tl_tensor *a = &st.tensors[i];
                for (k = i + 1; k < st.ntensors; k++) {
                    const tl_tensor *b = &st.tensors[k];
                    if (a->nbytes && b->nbytes) TLF_ASSERT(a->data + a->nbytes <= b->data || b->data + b->nbytes <= a->data);
                }
            }
    } else TLF_ASSERT(r < 0 && st.err[0] && strstr(st.err, "fuzz.safetensors"));
    st.nfiles = 0; /* the "mapping" is ours: tl_st_close must only free the tables */
    tl_st_close(&st);
    free(buf);
    return 0;
}
