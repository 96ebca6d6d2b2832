// quick: only the grouped run, via internal measure
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import * as m from './cases.bench'
const r = await (m as any).measure(ensureCityDatabase(), true)
console.log(process.env.SERVER, process.env.WORKERS, process.env.MMAP, 'rps', Math.round(r.rps), 'p99', r.p99, 'cpu', Math.round(r.serverCpuUs), 'client', Math.round(r.clientCpuUs), 'ok', r.ok, 'stored', r.stored, 'non2xx', r.non2xx)
