/** Writes bench/results.json's run into both READMEs again, as `npm run bench` does at its end. */
import fs from 'node:fs';
import path from 'node:path';
import { benchDir, updateReadmes, type machineInfo, type Results, type RunMeta } from './report';

const saved = JSON.parse(fs.readFileSync(path.join(benchDir, 'results.json'), 'utf8')) as { machine: ReturnType<typeof machineInfo>; run: RunMeta; scenarios: Results };
updateReadmes(saved.machine, saved.run, saved.scenarios);
