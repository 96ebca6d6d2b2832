/**
 * `pnpm bench`: every benchmark, each printing its figures against a baseline measured in the
 * same run, on the city dataset (made once by `pnpm gen:city`, or here on first use).
 * Benchmarks are not tests: they print PASS/FAIL against DESIGN.md §7 budgets and exit 0.
 */
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { runCasesBench } from './cases.bench'
import { runDashboardBench } from './dashboard.bench'
import { runLayersBench } from './layers.bench'
import { cityGrids, runLocateBench } from './locate.bench'
import { runMapRedrawBench } from './map-redraw.bench'

const file = ensureCityDatabase()
const grids = cityGrids(file)

console.log(`City dataset: ${file} (${grids.length.toLocaleString('en-US')} grids)`)
await runLocateBench(grids)
await runLayersBench(file)
await runMapRedrawBench(file)
await runCasesBench(file)
// the 10-million-case copy is made on first use (pnpm gen:city-cases, ~30 min) and reused
await runDashboardBench()
