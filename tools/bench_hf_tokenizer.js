#!/usr/bin/env node
// bench_hf_tokenizer.js - the Hugging Face `tokenizers` side of the tokenizer comparison.
//
//   npm install tokenizers@0.23.2            (in a scratch folder; not part of the repo)
//   NODE_PATH=SCRATCH/node_modules node tools/bench_hf_tokenizer.js DIR_OR_TOKENIZER_JSON FILE
//       encodes FILE (one thread, add_special_tokens=false) repeatedly for >= 1 s and prints
//       MB/s and tokens/s, like `tl-tokenize --bench FILE DIR`
//   NODE_PATH=... node tools/bench_hf_tokenizer.js DIR_OR_TOKENIZER_JSON --jsonl < lines
//       each stdin line is a JSON string; prints its ids like `tl-tokenize --jsonl DIR`
//       (reference ids for differential tests)
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

function usage() {
  process.stderr.write('usage: bench_hf_tokenizer.js DIR_OR_TOKENIZER_JSON (FILE | --jsonl)\n');
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 2) usage();
  let tpath = args[0];
  if (fs.existsSync(tpath) && fs.statSync(tpath).isDirectory()) tpath = path.join(tpath, 'tokenizer.json');
  const t0 = process.hrtime.bigint();
  const tok = Tokenizer.fromFile(tpath);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const opts = { addSpecialTokens: false };

  if (args[1] === '--jsonl') {
    const lines = fs.readFileSync(0, 'utf8').split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    const out = [];
    for (const line of lines) {
      const enc = await tok.encode(JSON.parse(line), null, opts);
      out.push(enc.getIds().join(' '));
    }
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    return;
  }

  const buf = fs.readFileSync(args[1]);
  const text = buf.toString('utf8');
  let runs = 0, ntok = 0, first = 0;
  const start = process.hrtime.bigint();
  let el = 0;
  do {
    const a = process.hrtime.bigint();
    const enc = await tok.encode(text, null, opts);
    ntok = enc.getIds().length;
    if (runs === 0) first = Number(process.hrtime.bigint() - a) / 1e9;
    runs++;
    el = Number(process.hrtime.bigint() - start) / 1e9;
  } while (el < 1.0 || runs < 3);
  console.log(`${args[1]}: ${buf.length} bytes, ${ntok} tokens; load ${loadMs.toFixed(1)} ms (HF tokenizers, node)`);
  console.log(`first run: ${(buf.length / first / 1e6).toFixed(1)} MB/s, ${(ntok / first).toFixed(0)} tokens/s`);
  console.log(`average of ${runs} runs: ${(buf.length * runs / el / 1e6).toFixed(1)} MB/s, ${(ntok * runs / el).toFixed(0)} tokens/s`);
}

main().catch((e) => { process.stderr.write(`bench_hf_tokenizer: ${e.message}\n`); process.exit(1); });
