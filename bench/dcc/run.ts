/**
 * DCC signing and verification throughput on one core: each phase runs the full
 * pipeline (sign: CBOR → COSE ES256 → zlib → Base45; verify: the reverse, plus
 * kid lookup, ES256 check, time window, key usage and JSON schema) in a single
 * thread for a fixed duration. A last phase renders what a pharmacy prints at
 * the counter (QR code PNG + bilingual PDF). Writes bench/results/dcc.json; the
 * last stdout line is the summary. Duration: DCC_BENCH_SECONDS (default 5).
 */
import { sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultSchemaDir, issueHc1, loadDccSchema, verifyHc1 } from '../../src/certificates/codec/index.ts';
import { loadOrCreateDevKeys, loadOwnTrust } from '../../src/certificates/keys.ts';
import { certificatePdf } from '../../src/certificates/render/pdf.ts';
import { qrPng } from '../../src/certificates/render/qr.ts';
import { loadValueSetLabels } from '../../src/certificates/render/value-sets.ts';

const SECONDS = Number(process.env.DCC_BENCH_SECONDS ?? '5');
const WARMUP_SECONDS = Math.min(1, SECONDS / 5);

// A booster record as Italy issued them, with accented names to exercise UTF-8.
const PAYLOAD = {
  ver: '1.3.0',
  nam: { fn: "D'Àlessandro Fontanà", fnt: 'DALESSANDRO<FONTANA', gn: 'Maria Lucia', gnt: 'MARIA<LUCIA' },
  dob: '1941-03-15',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 3,
      sd: 3,
      dt: '2021-12-10',
      co: 'IT',
      is: 'Ministero della Salute',
      ci: '01IT7D39C1B2F56B4EDF9D2E8A1B7C4F3A09#4',
    },
  ],
};

/** Runs `op` repeatedly for `seconds`; returns operations and elapsed milliseconds. */
function timed(seconds: number, op: () => void): { ops: number; ms: number } {
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  let now = start;
  while (now < end) {
    // Checking the clock every 16 operations keeps its cost out of the figures.
    for (let i = 0; i < 16; i++) op();
    ops += 16;
    now = performance.now();
  }
  return { ops, ms: now - start };
}

/** As timed(), for asynchronous work run one at a time (rendering awaits zlib and PNG encoding). */
async function timedAsync(seconds: number, op: () => Promise<unknown>): Promise<{ ops: number; ms: number }> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  let now = start;
  while (now < end) {
    await op();
    ops++;
    now = performance.now();
  }
  return { ops, ms: now - start };
}

const dataDir = mkdtempSync(join(tmpdir(), 'salus-bench-dcc-'));
try {
  const keys = await loadOrCreateDevKeys(dataDir);
  const trust = await loadOwnTrust(dataDir);
  const schema = loadDccSchema(undefined, { formats: 'annotate' });
  const issuedAt = new Date();
  const issue = () =>
    issueHc1(PAYLOAD, {
      privateKey: keys.privateKey,
      kid: keys.signer.kid,
      issuer: keys.country,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 180 * 86_400_000),
    });
  const sample = issue();
  const clock = new Date(issuedAt.getTime() + 60_000);
  const check = verifyHc1(sample, { trust, clock, schema });
  if (!check.valid) throw new Error(`benchmark certificate does not verify: ${check.failed ?? ''} ${check.reason}`);

  timed(WARMUP_SECONDS, issue);
  const signed = timed(SECONDS, issue);
  const verifyOnce = () => {
    if (!verifyHc1(sample, { trust, clock, schema }).valid) throw new Error('verification failed during the run');
  };
  timed(WARMUP_SECONDS, verifyOnce);
  const verified = timed(SECONDS, verifyOnce);
  // Raw ES256 over a message of the certificate's size, same key, same run: the
  // machine is shared, so the pipeline is judged by its ratio to these figures.
  const message = Buffer.from(sample);
  const rawSignature = cryptoSign('sha256', message, { key: keys.privateKey, dsaEncoding: 'ieee-p1363' });
  const rawSign = () => cryptoSign('sha256', message, { key: keys.privateKey, dsaEncoding: 'ieee-p1363' });
  const rawVerifyKey = { key: keys.signer.publicKey, dsaEncoding: 'ieee-p1363' } as const;
  const rawVerify = () => {
    if (!cryptoVerify('sha256', message, rawVerifyKey, rawSignature)) throw new Error('raw ES256 check failed');
  };
  timed(WARMUP_SECONDS, rawSign);
  const rawSigned = timed(SECONDS, rawSign);
  timed(WARMUP_SECONDS, rawVerify);
  const rawVerified = timed(SECONDS, rawVerify);
  const labels = loadValueSetLabels(join(defaultSchemaDir(), 'valuesets'));
  const uvci = PAYLOAD.v[0]?.ci ?? '';
  const printable = async () =>
    certificatePdf({ payload: PAYLOAD, uvci, qrPng: await qrPng(sample), issuedAt }, labels);
  await timedAsync(WARMUP_SECONDS, printable);
  const printed = await timedAsync(SECONDS, printable);

  const perSecond = (r: { ops: number; ms: number }) => Math.round((r.ops * 1000) / r.ms);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const result = {
    benchmark: 'dcc',
    date: new Date().toISOString(),
    algorithm: 'ES256 (P-256)',
    threads: 1,
    durationSeconds: SECONDS,
    payload: 'vaccination booster 3/3, DCC 1.3.0',
    hc1Characters: sample.length,
    sign: { operations: signed.ops, milliseconds: Math.round(signed.ms), perSecond: perSecond(signed) },
    verify: {
      operations: verified.ops,
      milliseconds: Math.round(verified.ms),
      perSecond: perSecond(verified),
      steps: 'prefix, base45, zlib, COSE, kid, signature, expiry, key usage, JSON schema',
    },
    rawEs256: {
      signPerSecond: perSecond(rawSigned),
      verifyPerSecond: perSecond(rawVerified),
      signRatio: Math.round((perSecond(signed) / perSecond(rawSigned)) * 1000) / 1000,
      verifyRatio: Math.round((perSecond(verified) / perSecond(rawVerified)) * 1000) / 1000,
      steps: 'node:crypto ECDSA P-256 SHA-256 alone, over a message of the HC1 length',
    },
    printable: {
      operations: printed.ops,
      milliseconds: Math.round(printed.ms),
      perSecond: perSecond(printed),
      millisecondsEach: Math.round((printed.ms / printed.ops) * 10) / 10,
      steps: 'QR code PNG (level Q) + bilingual A4 PDF',
    },
    machine: {
      cpu,
      logicalCores: cpus().length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
      openssl: process.versions.openssl,
    },
  };
  const resultsDir = join(import.meta.dirname, '..', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'dcc.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `dcc: ${result.sign.perSecond} signed/s, ${result.verify.perSecond} verified/s, ` +
      `${result.printable.perSecond} printed (QR+PDF)/s; raw ES256 ${result.rawEs256.signPerSecond} sign/s, ` +
      `${result.rawEs256.verifyPerSecond} verify/s ` +
      `(ratios ${result.rawEs256.signRatio}, ${result.rawEs256.verifyRatio}) ` +
      `(ES256, 1 thread, ${SECONDS} s each, ${cpu}, Node ${process.version})`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
