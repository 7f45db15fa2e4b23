import { benchmarkInput } from "./workload";
import { runForecast } from "../src/model";
const input = benchmarkInput();
let s = 0;
const t0 = Date.now();
while (Date.now() - t0 < 4000) { const r = runForecast(input); if (r.ok) s += r.value.ledger.closing[3]; }
console.log(s);
