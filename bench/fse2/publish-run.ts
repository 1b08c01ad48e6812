/**
 * bench:fse2's publication phase alone (bench/fse2/publish.ts), for measuring a change to the publication path
 * without the validation, conversion and drain phases (ADR 0017): `node bench/fse2/publish-run.ts -- --publications N
 * --concurrency C --warmup W` (defaults as bench:fse2's: 300, 8, 300). Prints the phase's figures; writes no file.
 */
import { parseArgs } from 'node:util';
import { measurePublications } from './publish.ts';

const { values } = parseArgs({
  options: {
    publications: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '300' },
  },
});
const result = await measurePublications({
  publications: Number(values.publications),
  concurrency: Number(values.concurrency),
  warmup: Number(values.warmup),
  log: (line) => {
    console.log(line);
  },
});
console.log(JSON.stringify(result, null, 2));
const { iti65, gateway } = result.cpu;
console.log(
  `publication ${result.gateway.perSecond}/s vs ITI-65 ${result.iti65.perSecond}/s = ${result.ratio}x; CPU ms per ` +
    `document node+postgres: ITI-65 ${iti65.nodeMsPerDocument}+${iti65.postgresMsPerDocument}, publication ` +
    `${gateway.nodeMsPerDocument}+${gateway.postgresMsPerDocument} (main thread ${gateway.mainThreadMsPerDocument}); ` +
    `CPU ratio ${(
      (iti65.nodeMsPerDocument + iti65.postgresMsPerDocument) /
      (gateway.nodeMsPerDocument + gateway.postgresMsPerDocument)
    ).toFixed(2)}; errors ${result.gateway.errors}+${result.iti65.errors}`,
);
