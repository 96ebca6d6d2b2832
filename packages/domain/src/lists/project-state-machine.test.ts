import type { Role } from '../access'
import type { ProjectAction, ProjectActionType, ProjectState, ProjectStatus } from './project-state-machine'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ROLES } from '../access'
import { acceptsHours, allowedProjectActions, canCloseNeed, needStatusFor, PROJECT_ACTIONS, PROJECT_STATUSES, projectTransition } from './project-state-machine'

const fresh: ProjectState = { status: 'proposed', lead: 'unit:1', providerRating: null, communityRating: null }
const stateIn = (status: ProjectStatus): ProjectState => ({ ...fresh, status })

function validAction(type: ProjectActionType): ProjectAction {
  switch (type) {
    case 'claim': return { type, lead: 'unit:2' }
    case 'complete': return { type, note: '已完成', beneficiariesServed: 40 }
    case 'rate_provider':
    case 'rate_community': return { type, rating: 5 }
    default: return { type, note: '按计划推进' }
  }
}

// Where each action leads from each status; absent = 409 illegal_transition.
const TABLE: Partial<Record<ProjectStatus, Partial<Record<ProjectActionType, ProjectStatus>>>> = {
  proposed: { claim: 'claimed', cancel: 'cancelled' },
  claimed: { start: 'in_progress', cancel: 'cancelled' },
  in_progress: { progress: 'in_progress', complete: 'completed' },
  completed: { rate_provider: 'completed', rate_community: 'completed' },
}

describe('project state machine: every status × action', () => {
  for (const status of PROJECT_STATUSES) {
    for (const type of PROJECT_ACTIONS) {
      const to = TABLE[status]?.[type]
      it(`${status} + ${type} → ${to ?? 'refused'}`, () => {
        const result = projectTransition(stateIn(status), validAction(type), 'community')
        if (to === undefined) {
          expect(result).toMatchObject({ ok: false, reason: 'illegal_transition' })
        }
        else {
          expect(result.ok).toBe(true)
          if (result.ok) {
            expect(result.next.status).toBe(to)
            expect(result.event).toMatchObject({ action: type, from: status, to })
          }
        }
      })
    }
  }
})

describe('project state machine: roles', () => {
  const writers: Role[] = ['community', 'street']
  for (const role of ROLES) {
    it(`${role} ${writers.includes(role) ? 'may' : 'may not'} claim`, () => {
      const result = projectTransition(fresh, validAction('claim'), role)
      expect(result.ok).toBe(writers.includes(role))
      if (!result.ok)
        expect(result.reason).toBe('forbidden')
    })
  }
  it('grid roles see no buttons', () => {
    expect(allowedProjectActions(fresh, 'grid_member')).toEqual([])
    expect(allowedProjectActions(fresh, 'community')).toEqual(['claim', 'cancel'])
  })
})

describe('project state machine: payloads', () => {
  it('claim needs a lead, given now or at proposal', () => {
    expect(projectTransition({ ...fresh, lead: null }, { type: 'claim' }, 'community')).toMatchObject({ ok: false, reason: 'invalid', field: 'lead' })
    expect(projectTransition({ ...fresh, lead: null }, { type: 'claim', lead: 'school' }, 'community')).toMatchObject({ ok: false, field: 'lead' })
    const ok = projectTransition({ ...fresh, lead: null }, { type: 'claim', lead: 'member:7' }, 'community')
    expect(ok.ok && ok.next.lead).toBe('member:7')
    expect(projectTransition(fresh, { type: 'claim' }, 'community').ok).toBe(true)
  })
  it('progress, completion and cancelling need a note', () => {
    for (const [status, type] of [['in_progress', 'progress'], ['claimed', 'cancel']] as const)
      expect(projectTransition(stateIn(status), { type, note: '  ' }, 'community')).toMatchObject({ ok: false, field: 'note' })
    expect(projectTransition(stateIn('in_progress'), { type: 'complete', beneficiariesServed: 3 }, 'community')).toMatchObject({ ok: false, field: 'note' })
  })
  it('completion says how many were served', () => {
    expect(projectTransition(stateIn('in_progress'), { type: 'complete', note: '完成' }, 'community')).toMatchObject({ ok: false, field: 'beneficiariesServed' })
    expect(projectTransition(stateIn('in_progress'), { type: 'complete', note: '完成', beneficiariesServed: -1 }, 'community')).toMatchObject({ ok: false, field: 'beneficiariesServed' })
  })
  it('ratings are whole numbers 1–5', () => {
    for (const rating of [0, 6, 3.5, undefined])
      expect(projectTransition(stateIn('completed'), { type: 'rate_provider', rating }, 'community')).toMatchObject({ ok: false, field: 'rating' })
  })
  it('progress keeps photos and trims the note', () => {
    const r = projectTransition(stateIn('in_progress'), { type: 'progress', note: ' 第二批助餐点开张 ', attachments: ['p1', 'p2'] }, 'street')
    expect(r.ok && r.event).toMatchObject({ note: '第二批助餐点开张', attachments: ['p1', 'p2'], to: 'in_progress' })
  })
})

describe('two-way evaluation (双向评价)', () => {
  it('is evaluated once both sides rated, in either order, each only once', () => {
    for (const [first, second] of [['rate_provider', 'rate_community'], ['rate_community', 'rate_provider']] as const) {
      const a = projectTransition(stateIn('completed'), { type: first, rating: 4 }, 'community')
      expect(a.ok && a.next.status).toBe('completed')
      if (!a.ok)
        return
      expect(projectTransition(a.next, { type: first, rating: 5 }, 'community')).toMatchObject({ ok: false, reason: 'illegal_transition' })
      const b = projectTransition(a.next, { type: second, rating: 5 }, 'community')
      expect(b.ok && b.next).toMatchObject({ status: 'evaluated', providerRating: first === 'rate_provider' ? 4 : 5 })
    }
  })
})

describe('random walks', () => {
  it('never leave the lifecycle and never skip a step', () => {
    const order: ProjectStatus[] = ['proposed', 'claimed', 'in_progress', 'completed', 'evaluated']
    fc.assert(fc.property(fc.array(fc.constantFrom(...PROJECT_ACTIONS), { maxLength: 30 }), fc.constantFrom<Role>('community', 'street', 'grid_leader'), (actions, role) => {
      let state = fresh
      for (const type of actions) {
        const r = projectTransition(state, validAction(type), role)
        if (!r.ok) {
          expect(allowedProjectActions(state, role)).not.toContain(type)
          continue
        }
        expect(allowedProjectActions(state, role)).toContain(type)
        if (r.next.status !== 'cancelled' && r.next.status !== state.status)
          expect(order.indexOf(r.next.status) - order.indexOf(state.status)).toBe(1)
        state = r.next
      }
      expect(state.status === 'evaluated').toBe(state.providerRating !== null && state.communityRating !== null)
    }), { seed: 20261122, numRuns: 300 })
  })
})

describe('needs follow their projects', () => {
  it.each([
    ['open', [], 'open'],
    ['open', ['proposed'], 'matched'],
    ['matched', ['cancelled'], 'open'],
    ['matched', ['claimed', 'proposed'], 'in_project'],
    ['in_project', ['in_progress'], 'in_project'],
    ['in_project', ['completed', 'in_progress'], 'fulfilled'],
    ['fulfilled', ['evaluated'], 'fulfilled'],
    ['closed', ['in_progress'], 'closed'],
  ] as const)('%s with projects %j → %s', (current, projects, expected) => {
    expect(needStatusFor(current, projects)).toBe(expected)
  })
  it('closing by hand only before work starts; hours only while working or before evaluation', () => {
    expect(['open', 'matched', 'in_project', 'fulfilled', 'closed'].filter(s => canCloseNeed(s as never))).toEqual(['open', 'matched'])
    expect(PROJECT_STATUSES.filter(acceptsHours)).toEqual(['in_progress', 'completed'])
  })
})
