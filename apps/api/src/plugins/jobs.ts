/**
 * Background work on timers, in one place (DESIGN.md §6): the SLA sweep that moves running cases
 * to due soon / past the deadline, and the daily purges — idempotency keys (a retry comes within
 * minutes), ended sessions, and audit entries past their retention (≥ 180 days). A failed run is
 * logged and tried again at the next tick.
 */
import type { FastifyInstance } from 'fastify'
import { sweepSla } from '@gridgov/db'
import fp from 'fastify-plugin'

export interface JobsOptions {
  /** ms between SLA sweeps (default 15 s; 0: only at start — tests sweep by hand) */
  slaSweepMs?: number
}

const HOUR = 3_600_000
/** how often SLA stages are moved on by default (figures stay exact in between: see overdueDelta) */
const SWEEP_MS = 15_000

export default fp<JobsOptions>(async (app: FastifyInstance, opts) => {
  const timers: NodeJS.Timeout[] = []
  const job = (name: string, run: () => unknown) => () => {
    try {
      run()
    }
    catch (err) {
      app.log.error({ err, job: name }, 'background job failed')
    }
  }
  const every = (ms: number, run: () => void) => timers.push(setInterval(run, ms).unref())

  // the rollups count overdue and due-soon cases from the stage; the queries read live only what
  // crossed a threshold since the last sweep (a few cases)
  const sweep = job('sla-sweep', () => sweepSla(app.database, app.now()))
  const purgeIdempotency = job('idempotency-purge', () => app.idempotency.purge(app.now()))
  const purgeSessions = job('session-purge', () => app.sessions.purgeEnded(app.now()))
  const purgeAudit = job('audit-purge', () => app.audit.purge(app.authOptions.auditRetentionDays, app.now()))

  app.addHook('onReady', async () => {
    sweep()
    purgeAudit()
    const sweepMs = opts.slaSweepMs ?? SWEEP_MS
    if (sweepMs > 0)
      every(sweepMs, sweep)
    every(HOUR, purgeIdempotency)
    every(HOUR, purgeSessions)
    every(24 * HOUR, purgeAudit)
  })
  app.addHook('onClose', async () => timers.forEach(clearInterval))
}, { name: 'jobs', dependencies: ['repositories', 'auth'] })
