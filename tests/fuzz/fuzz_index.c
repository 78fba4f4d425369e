/* fuzz_index: model.safetensors.index.json through tl_st_open, next to the two real shards of
   qwen2-tiny-f32-sharded (and a config.json, a name a hostile index may point at). */
#include "fuzz_util.h"

static char ix_dir[300];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    snprintf(ix_dir, sizeof ix_dir, "%s/ix", tlf_tmpdir());
    tlf_mkdir(ix_dir);
    tlf_link(ix_dir, "config.json", "models/qwen2-tiny-f32-sharded/config.json");
    tlf_link(ix_dir, "model-00001-of-00002.safetensors", "models/qwen2-tiny-f32-sharded/model-00001-of-00002.safetensors");
    tlf_link(ix_dir, "model-00002-of-00002.safetensors", "models/qwen2-tiny-f32-sharded/model-00002-of-00002.safetensors");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tl_safetensors st;
    int r;
    tlf_write(ix_dir, "model.safetensors.index.json", data, size);
    r = tl_st_open(&st, ix_dir);
    if (r == TL_OK) TLF_ASSERT(st.nfiles >= 1 && st.nfiles <= 2 && st.ntensors > 0);
    else TLF_ASSERT(r < 0 && st.err[0] && st.nfiles == 0 && st.tensors == NULL);
    tl_st_close(&st);
    return 0;
}
