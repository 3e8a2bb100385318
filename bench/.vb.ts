import { benchValidators } from './validators.js';
const results = benchValidators({ log: () => {} });
for (const r of results) console.log(`${r.name}: ours ${r.ours.medianNs.toFixed(0)} ns, Ajv ${r.ajv.medianNs.toFixed(0)} ns, ratio ${r.ratioVsAjv.toFixed(2)}x (standalone ${r.ratioVsStandalone.toFixed(2)}x)`);
