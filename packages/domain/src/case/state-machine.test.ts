import type { CaseAction, CaseActionType, CaseActor, CaseActorRole, CaseEvent, CaseState, CaseStatus } from './case-state'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CASE_ACTIONS, CASE_ACTOR_ROLES, CASE_STATUSES, reportedCase } from './case-state'
import { allowedActions, REOPEN_WINDOW_DAYS, transition } from './state-machine'

const DAY = 86_400_000
const NOW = new Date('2025-03-10T02:00:00Z') // Monday 10:00 Beijing
const later = (days: number, from = NOW) => new Date(from.getTime() + days * DAY)

const ASSIGNEE = 'grid-user-1'
const actor = (role: CaseActorRole, id = `${role}-1`): CaseActor => ({ id, role })
/** Grid staff act as the case's assignee unless a test says otherwise. */
const actorFor = (role: CaseActorRole): CaseActor => actor(role, role === 'grid_leader' || role === 'grid_member' ? ASSIGNEE : `${role}-1`)

/** A typical case in the given status; approve/reject tests need a pending extension request. */
function caseIn(status: CaseStatus, action?: CaseActionType): CaseState {
  const handled = !['reported', 'filed', 'cancelled'].includes(status)
  return {
    ...reportedCase({ kind: 'component', photoRequired: true }),
    status,
    assigneeId: handled ? ASSIGNEE : null,
    deadline: handled ? later(2) : null,
    closedAt: status === 'closed' ? later(-1) : null,
    extension: action === 'approve_extension' || action === 'reject_extension'
      ? { requestedDeadline: later(5), requestedBy: ASSIGNEE }
      : null,
  }
}

/** A payload that passes every payload rule for this state. */
function validAction(type: CaseActionType, state: CaseState, now = NOW): CaseAction {
  const base = { note: '已现场核实', attachments: ['photo-1'] }
  switch (type) {
    case 'dispatch': return { ...base, type, assigneeId: 'grid-user-2', deadline: later(1, now) }
    case 'reassign': return { ...base, type, assigneeId: state.assigneeId === 'grid-user-2' ? 'grid-user-3' : 'grid-user-2' }
    case 'rate': return { ...base, type, rating: 5 }
    case 'request_extension': return { ...base, type, deadline: later(7, state.deadline ?? now) }
    case 'reopen': return { ...base, type, deadline: later(2, now) }
    default: return { ...base, type }
  }
}

// Where each accepted action leads ('=' stays in the same status).
const TARGET: Record<CaseActionType, CaseStatus | '='> = {
  file: 'filed',
  cancel: 'cancelled',
  dispatch: 'dispatched',
  accept: 'in_progress',
  resolve: 'resolved',
  progress: '=',
  verify: 'closed',
  rework: 'in_progress',
  rate: '=',
  request_extension: '=',
  approve_extension: '=',
  reject_extension: '=',
  escalate: '=',
  reassign: 'dispatched',
  reopen: 'in_progress',
}

/*
 * Every (status × action × role): one character per role, in the order
 *   admin, street, community, grid_leader, grid_member, resident
 * o = accepted, - = illegal_transition (409), x = forbidden (403).
 * Columns are statuses in the order of CASE_STATUSES:
 *   reported  filed     dispatched in_progress resolved closed    cancelled
 */
const EXPECTED: Record<CaseActionType, readonly string[]> = {
  file: ['xxoxxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx'],
  cancel: ['xxoxxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx'],
  dispatch: ['xx-xxx', 'xxoxxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx'],
  accept: ['xxx--x', 'xxx--x', 'xxxoox', 'xxx--x', 'xxx--x', 'xxx--x', 'xxx--x'],
  resolve: ['xxx--x', 'xxx--x', 'xxx--x', 'xxxoox', 'xxx--x', 'xxx--x', 'xxx--x'],
  progress: ['xxx--x', 'xxx--x', 'xxx--x', 'xxxoox', 'xxx--x', 'xxx--x', 'xxx--x'],
  verify: ['xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xxoxxx', 'xx-xxx', 'xx-xxx'],
  rework: ['xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xxoxxx', 'xx-xxx', 'xx-xxx'],
  rate: ['xx-xx-', 'xx-xx-', 'xx-xx-', 'xx-xx-', 'xx-xx-', 'xxoxxo', 'xx-xx-'],
  request_extension: ['xxx--x', 'xxx--x', 'xxxoox', 'xxxoox', 'xxx--x', 'xxx--x', 'xxx--x'],
  approve_extension: ['xx-xxx', 'xx-xxx', 'xxoxxx', 'xxoxxx', 'xx-xxx', 'xx-xxx', 'xx-xxx'],
  reject_extension: ['xx-xxx', 'xx-xxx', 'xxoxxx', 'xxoxxx', 'xx-xxx', 'xx-xxx', 'xx-xxx'],
  escalate: ['xoxxxx', 'xoxxxx', 'xoxxxx', 'xoxxxx', 'xoxxxx', 'x-xxxx', 'x-xxxx'],
  reassign: ['xx-xxx', 'xx-xxx', 'xxoxxx', 'xxoxxx', 'xx-xxx', 'xx-xxx', 'xx-xxx'],
  reopen: ['xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xx-xxx', 'xxoxxx', 'xx-xxx'],
}

const OUTCOME = { 'o': 'ok', '-': 'illegal_transition', 'x': 'forbidden' } as const

const triples = CASE_ACTIONS.flatMap(action => CASE_STATUSES.flatMap((status, s) =>
  CASE_ACTOR_ROLES.map((role, r) => {
    const mark = EXPECTED[action][s]?.[r] as keyof typeof OUTCOME
    return { action, status, role, expected: OUTCOME[mark] }
  })))

describe('every status × action × role', () => {
  it('covers all of them', () => {
    expect(triples).toHaveLength(CASE_STATUSES.length * CASE_ACTIONS.length * CASE_ACTOR_ROLES.length)
    expect(triples.every(t => t.expected !== undefined)).toBe(true)
  })

  it.each(triples)('$role $action on $status → $expected', ({ action, status, role, expected }) => {
    const state = caseIn(status, action)
    const who = actorFor(role)
    const result = transition(state, validAction(action, state), who, NOW)
    expect(result.ok ? 'ok' : result.reason).toBe(expected)
    expect(allowedActions(state, who, NOW).includes(action)).toBe(expected === 'ok')
    if (result.ok) {
      const to = TARGET[action] === '=' ? status : TARGET[action]
      expect(result.next.status).toBe(to)
      expect(result.event).toMatchObject({ action, from: status, to, actorId: who.id, actorRole: role })
    }
  })
})

function expectRefused(result: ReturnType<typeof transition>, reason: string, field?: string) {
  expect(result.ok).toBe(false)
  if (!result.ok) {
    expect(result.reason).toBe(reason)
    expect(result.field).toBe(field)
    expect(result.message).not.toBe('')
  }
}

function run(state: CaseState, steps: [CaseAction, CaseActor][], now = NOW): { state: CaseState, events: CaseEvent[] } {
  const events: CaseEvent[] = []
  for (const [action, who] of steps) {
    const result = transition(state, action, who, now)
    if (!result.ok)
      throw new Error(`${action.type}: ${result.message}`)
    state = result.next
    events.push(result.event)
  }
  return { state, events }
}

const community = actor('community')
const leader = actor('grid_leader', ASSIGNEE)

describe('the loop', () => {
  it('runs file → dispatch → accept → resolve → rework → resolve → verify → rate', () => {
    const deadline = later(3)
    const { state, events } = run(reportedCase({ kind: 'component', photoRequired: true }), [
      [{ type: 'file' }, community],
      [{ type: 'dispatch', assigneeId: ASSIGNEE, deadline }, community],
      [{ type: 'accept' }, leader],
      [{ type: 'resolve', note: '已更换灯泡', attachments: ['p1'] }, leader],
      [{ type: 'rework', note: '夜间仍不亮' }, community],
      [{ type: 'resolve', note: '已更换镇流器', attachments: ['p2'] }, leader],
      [{ type: 'verify', note: '夜间复查正常' }, community],
      [{ type: 'rate', rating: 4, note: '修得快' }, actor('resident', 'token-abc')],
    ])
    expect(state).toMatchObject({ status: 'closed', reworkCount: 1, rating: 4, assigneeId: ASSIGNEE, deadline })
    expect(events.map(e => `${e.from}→${e.to}`)).toEqual([
      'reported→filed',
      'filed→dispatched',
      'dispatched→in_progress',
      'in_progress→resolved',
      'resolved→in_progress',
      'in_progress→resolved',
      'resolved→closed',
      'closed→closed',
    ])
    expect(events[1]).toMatchObject({ assigneeId: ASSIGNEE, deadline })
    expect(events[3]).toMatchObject({ note: '已更换灯泡', attachments: ['p1'] })
    expect(events[7]).toMatchObject({ rating: 4, actorRole: 'resident' })
  })

  it('keeps the deadline on rework and counts it', () => {
    const state = caseIn('resolved')
    const result = transition(state, { type: 'rework', note: '未清理干净' }, community, NOW)
    expect(result.ok && result.next).toMatchObject({ status: 'in_progress', reworkCount: 1, deadline: state.deadline })
  })

  it('cancels a report that will not be filed (不予立案), with a reason', () => {
    expectRefused(transition(caseIn('reported'), { type: 'cancel' }, community, NOW), 'invalid', 'note')
    const result = transition(caseIn('reported'), { type: 'cancel', note: '重复上报' }, community, NOW)
    expect(result.ok && result.next.status).toBe('cancelled')
  })
})

describe('refusals', () => {
  it('lets only the assignee accept, resolve or ask for more time', () => {
    const other = actor('grid_member', 'grid-user-9')
    const dispatched = caseIn('dispatched')
    expectRefused(transition(dispatched, { type: 'accept' }, other, NOW), 'forbidden')
    expectRefused(transition(dispatched, validAction('request_extension', dispatched), other, NOW), 'forbidden')
    expectRefused(transition(caseIn('in_progress'), validAction('resolve', dispatched), other, NOW), 'forbidden')
    expect(allowedActions(dispatched, other, NOW)).toEqual([])
    expect(allowedActions(dispatched, leader, NOW)).toEqual(['accept', 'request_extension'])
  })

  it('checks the dispatch payload', () => {
    const filed = caseIn('filed')
    expectRefused(transition(filed, { type: 'dispatch', assigneeId: ' ', deadline: later(1) }, community, NOW), 'invalid', 'assigneeId')
    expectRefused(transition(filed, { type: 'dispatch', assigneeId: 'g', deadline: later(-1) }, community, NOW), 'invalid', 'deadline')
    expectRefused(transition(filed, { type: 'dispatch', assigneeId: 'g', deadline: new Date('x') }, community, NOW), 'invalid', 'deadline')
  })

  it('needs a note to resolve, and a photo for components or where the category asks', () => {
    const state = caseIn('in_progress')
    expectRefused(transition(state, { type: 'resolve', note: '  ', attachments: ['p'] }, leader, NOW), 'invalid', 'note')
    expectRefused(transition(state, { type: 'resolve', note: '已处理' }, leader, NOW), 'invalid', 'attachments')
    expectRefused(transition(state, { type: 'resolve', note: '已处理', attachments: [''] }, leader, NOW), 'invalid', 'attachments')
    const dispute = { ...state, categoryKind: 'service' as const, photoRequired: false }
    expect(transition(dispute, { type: 'resolve', note: '已调解' }, leader, NOW).ok).toBe(true)
    const parking = { ...state, categoryKind: 'service' as const, photoRequired: true }
    expectRefused(transition(parking, { type: 'resolve', note: '已挪车' }, leader, NOW), 'invalid', 'attachments')
  })

  it('takes one rating from 1 to 5, after closing', () => {
    const resident = actor('resident', 'token')
    for (const rating of [0, 6, 3.5, Number.NaN])
      expectRefused(transition(caseIn('closed'), { type: 'rate', rating }, resident, NOW), 'invalid', 'rating')
    const rated = { ...caseIn('closed'), rating: 5 }
    expectRefused(transition(rated, { type: 'rate', rating: 1 }, resident, NOW), 'illegal_transition')
    expect(allowedActions(rated, resident, NOW)).toEqual([])
  })

  it('refuses unknown actions and roles', () => {
    expectRefused(transition(caseIn('reported'), { type: 'delete' } as unknown as CaseAction, community, NOW), 'invalid', 'type')
    expectRefused(transition(caseIn('reported'), { type: 'file' }, { id: 'x', role: 'mayor' } as unknown as CaseActor, NOW), 'forbidden')
    expect(() => transition(caseIn('reported'), { type: 'file' }, community, new Date('x'))).toThrow(TypeError)
  })
})

describe('side paths', () => {
  it('extension: request, then approval moves the deadline', () => {
    const state = caseIn('in_progress')
    const wanted = later(9)
    expectRefused(transition(state, { type: 'request_extension', note: '等配件', deadline: later(1) }, leader, NOW), 'invalid', 'deadline')
    expectRefused(transition(state, { type: 'request_extension', deadline: wanted }, leader, NOW), 'invalid', 'note')
    const { state: requested } = run(state, [[{ type: 'request_extension', note: '等配件', deadline: wanted }, leader]])
    expect(requested.extension).toEqual({ requestedDeadline: wanted, requestedBy: ASSIGNEE })
    expectRefused(transition(requested, validAction('request_extension', requested), leader, NOW), 'illegal_transition')
    const { state: approved, events } = run(requested, [[{ type: 'approve_extension' }, community]])
    expect(approved).toMatchObject({ deadline: wanted, extension: null, extensionCount: 1, status: 'in_progress' })
    expect(events[0]).toMatchObject({ action: 'approve_extension', deadline: wanted })
    expectRefused(transition(approved, { type: 'approve_extension' }, community, NOW), 'illegal_transition')
  })

  it('extension: rejection keeps the deadline and needs a reason', () => {
    const state = caseIn('dispatched', 'reject_extension')
    expectRefused(transition(state, { type: 'reject_extension' }, community, NOW), 'invalid', 'note')
    const { state: rejected } = run(state, [[{ type: 'reject_extension', note: '时限充足' }, community]])
    expect(rejected).toMatchObject({ deadline: state.deadline, extension: null, extensionCount: 0 })
  })

  it('escalation (督办) is a flag, raised once, with an instruction', () => {
    const street = actor('street')
    expectRefused(transition(caseIn('filed'), { type: 'escalate' }, street, NOW), 'invalid', 'note')
    const { state } = run(caseIn('filed'), [[{ type: 'escalate', note: '三日内办结' }, street]])
    expect(state).toMatchObject({ status: 'filed', escalated: true })
    expectRefused(transition(state, { type: 'escalate', note: '再次督办' }, street, NOW), 'illegal_transition')
  })

  it('reassignment hands the case over and drops the old assignee’s pending request', () => {
    const state = caseIn('in_progress', 'approve_extension')
    expectRefused(transition(state, { type: 'reassign', assigneeId: ASSIGNEE }, community, NOW), 'invalid', 'assigneeId')
    const { state: moved, events } = run(state, [[{ type: 'reassign', assigneeId: 'grid-user-2', note: '原网格员请假' }, community]])
    expect(moved).toMatchObject({ status: 'dispatched', assigneeId: 'grid-user-2', extension: null, deadline: state.deadline })
    expect(events[0]).toMatchObject({ assigneeId: 'grid-user-2' })
    expectRefused(transition(moved, { type: 'accept' }, leader, NOW), 'forbidden')
    expect(transition(moved, { type: 'accept' }, actor('grid_member', 'grid-user-2'), NOW).ok).toBe(true)
  })

  it(`reopen within ${REOPEN_WINDOW_DAYS} days clears the rating, counts, and sets a new deadline`, () => {
    const closed = { ...caseIn('closed'), rating: 2, closedAt: NOW }
    const reopen = (days: number) => transition(closed, { type: 'reopen', note: '居民反映复发', deadline: later(days + 2) }, community, later(days))
    const result = reopen(REOPEN_WINDOW_DAYS)
    expect(result.ok && result.next).toMatchObject({ status: 'in_progress', rating: null, closedAt: null, reopenCount: 1, deadline: later(REOPEN_WINDOW_DAYS + 2) })
    expectRefused(reopen(REOPEN_WINDOW_DAYS + 1), 'illegal_transition')
    expectRefused(transition(closed, { type: 'reopen', note: '复发', deadline: later(-1) }, community, NOW), 'invalid', 'deadline')
  })
})

describe('immutability', () => {
  it('never mutates the input and returns a frozen event', () => {
    const state = Object.freeze(caseIn('in_progress'))
    const attachments = ['p1']
    const result = transition(state, { type: 'resolve', note: ' 已处理 ', attachments }, leader, NOW)
    expect(state.status).toBe('in_progress')
    expect(result.ok).toBe(true)
    if (result.ok) {
      attachments.push('p2')
      expect(result.event.attachments).toEqual(['p1'])
      expect(result.event.note).toBe('已处理')
      expect(Object.isFrozen(result.event)).toBe(true)
      expect(Object.isFrozen(result.event.attachments)).toBe(true)
      expect(result.event.at).not.toBe(NOW)
      expect(result.event.at).toEqual(NOW)
    }
  })
})

describe('properties of random action sequences from reported', () => {
  const step = fc.record({
    // mostly pick one of the actions some role may take now, so walks get deep into the loop
    guided: fc.integer({ min: 0, max: 7 }).map(n => n > 0),
    pick: fc.nat(),
    type: fc.constantFrom(...CASE_ACTIONS),
    role: fc.constantFrom(...CASE_ACTOR_ROLES),
    asAssignee: fc.boolean(),
    valid: fc.integer({ min: 0, max: 3 }).map(n => n > 0),
    // mostly hours, sometimes weeks (so the reopen window can lapse)
    advanceHours: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 24 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 24 * 40 }) }),
    // raw payload parts for the invalid variant
    note: fc.constantFrom(undefined, '', '说明'),
    attachments: fc.constantFrom(undefined, [], ['p1']),
    assigneeId: fc.constantFrom('', ASSIGNEE, 'grid-user-2', 'grid-user-3'),
    deadlineDays: fc.integer({ min: -3, max: 20 }),
    rating: fc.integer({ min: -1, max: 7 }),
  })
  const kind = fc.constantFrom(
    { kind: 'component' as const, photoRequired: true },
    { kind: 'event' as const, photoRequired: false },
    { kind: 'service' as const, photoRequired: true },
  )

  it('keeps the loop consistent', () => {
    const seenStatus = new Set<CaseStatus>()
    const seenAction = new Set<CaseActionType>()
    fc.assert(fc.property(kind, fc.array(step, { maxLength: 100 }), (category, steps) => {
      let state = reportedCase(category)
      let now = NOW
      const events: CaseEvent[] = []
      for (const s of steps) {
        now = new Date(now.getTime() + s.advanceHours * 3_600_000)
        const actorAs = (role: CaseActorRole, asAssignee: boolean) => actor(role, asAssignee && state.assigneeId ? state.assigneeId : `${role}-1`)
        const options = CASE_ACTOR_ROLES.flatMap(role => allowedActions(state, actorAs(role, true), now).map(type => ({ type, role })))
        const chosen = s.guided && options.length > 0 ? options[s.pick % options.length]! : s
        const who = actorAs(chosen.role, s.guided || s.asAssignee)
        const action = s.valid
          ? validAction(chosen.type, state, now)
          : { type: chosen.type, note: s.note, attachments: s.attachments, assigneeId: s.assigneeId, deadline: later(s.deadlineDays, now), rating: s.rating } as CaseAction
        const allowed = allowedActions(state, who, now)
        const result = transition(state, action, who, now)

        // allowedActions is exactly what passes the non-payload checks
        if (s.valid)
          expect(result.ok).toBe(allowed.includes(chosen.type))
        if (!result.ok) {
          expect(['illegal_transition', 'forbidden', 'invalid']).toContain(result.reason)
          expect(result.reason === 'invalid').toBe(allowed.includes(chosen.type))
          continue
        }
        const { next, event } = result
        expect(CASE_STATUSES).toContain(next.status)
        expect(event.from).toBe(state.status)
        expect(event.to).toBe(next.status)
        // closed only through resolve → verify; resolved only through resolve
        if (event.to === 'closed' && event.from !== 'closed')
          expect([event.action, event.from]).toEqual(['verify', 'resolved'])
        if (event.to === 'resolved' && event.from !== 'resolved')
          expect(event.action).toBe('resolve')
        events.push(event)
        state = next
        seenStatus.add(state.status)
        seenAction.add(event.action)

        const count = (type: CaseActionType) => events.filter(e => e.action === type).length
        expect(state.reworkCount).toBe(count('rework'))
        expect(state.reopenCount).toBe(count('reopen'))
        expect(state.extensionCount).toBe(count('approve_extension'))
        if (state.rating !== null)
          expect(state.status).toBe('closed')
        if (['dispatched', 'in_progress', 'resolved', 'closed'].includes(state.status))
          expect(state.assigneeId !== null && state.deadline !== null).toBe(true)
        // at most one rating per closing
        const sinceClosed = events.slice(Math.max(0, events.findLastIndex(e => e.action === 'verify')))
        expect(sinceClosed.filter(e => e.action === 'rate').length).toBeLessThanOrEqual(1)
      }
    // a fixed seed keeps the coverage check below deterministic (random walks rarely reach 'rate',
    // which needs report → file → dispatch → accept → resolve → verify first)
    }), { numRuns: 500, seed: 20261121 })
    // guard against passing only because the walks never got anywhere
    expect(seenStatus.size).toBe(CASE_STATUSES.length)
    expect(CASE_ACTIONS.filter(a => !seenAction.has(a))).toEqual([])
  })
})
