/* fuzz_config: config.json through tl_model_load against real weights. The first byte picks the
   checkpoint (qwen2-tiny-mlx4, qwen3-tiny-mlx4, qwen2-tiny-f32-sharded); the rest is config.json.
   A config that loads must give a model that runs. */
#include "fuzz_util.h"

static char cfg_dirs[3][300];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *t = tlf_tmpdir();
    (void)argc; (void)argv;
    snprintf(cfg_dirs[0], sizeof cfg_dirs[0], "%s/q2", t);
    snprintf(cfg_dirs[1], sizeof cfg_dirs[1], "%s/q3", t);
    snprintf(cfg_dirs[2], sizeof cfg_dirs[2], "%s/sh", t);
    tlf_mkdir(cfg_dirs[0]); tlf_mkdir(cfg_dirs[1]); tlf_mkdir(cfg_dirs[2]);
    tlf_link(cfg_dirs[0], "model.safetensors", "models/qwen2-tiny-mlx4/model.safetensors");
    tlf_link(cfg_dirs[1], "model.safetensors", "models/qwen3-tiny-mlx4/model.safetensors");
    tlf_link(cfg_dirs[2], "model.safetensors.index.json", "models/qwen2-tiny-f32-sharded/model.safetensors.index.json");
    tlf_link(cfg_dirs[2], "model-00001-of-00002.safetensors", "models/qwen2-tiny-f32-sharded/model-00001-of-00002.safetensors");
    tlf_link(cfg_dirs[2], "model-00002-of-00002.safetensors", "models/qwen2-tiny-f32-sharded/model-00002-of-00002.safetensors");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tl_model m;
    const char *dir;
    int r;
    if (size < 1) return 0;
    dir = cfg_dirs[data[0] % 3];
    tlf_write(dir, "config.json", data + 1, size - 1);
    r = tl_model_load(&m, dir);
    if (r == TL_OK) {
        tl_session s;
        int ids[3] = {0, 1, 2};
        TLF_ASSERT(m.cfg.vocab >= 3);
        if (tl_session_init(&s, &m, 4) == TL_OK) {
            TLF_ASSERT(tl_forward(&s, ids, 3, 0, NULL, 0) == TL_OK);
            tl_session_free(&s);
        }
    } else TLF_ASSERT(r < 0 && m.err[0] && strstr(m.err, dir) && !strchr(m.err, '\n'));
    tl_model_free(&m);
    return 0;
}
