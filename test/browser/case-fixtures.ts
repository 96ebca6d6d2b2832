/** Cases for the browser tests, made through the API as the desk and the grid leader would. */
import type { Building, CaseDetail, GridDetail, IntakeResult, PageOf, PublicIntakeResult } from '@gridgov/domain'
import type { App } from '../../apps/api/src/app'
import type { Client } from '../../apps/api/test/helper'
import { json, loginAs } from '../../apps/api/test/helper'

/** 市场街社区第1网格: wgz001 leads it, shichangjie's community holds it */
export const GRID = '370902001002001'

async function act(c: Client, id: number, version: number, body: object): Promise<number> {
  const res = await c.post(`/api/cases/${id}/actions`, { version, ...body })
  if (res.statusCode !== 200)
    throw new Error(`case ${id} ${JSON.stringify(body)}: ${res.statusCode} ${res.body}`)
  return json<CaseDetail>(res).version
}

async function grid(app: App) {
  const community = await loginAs(app, 'shichangjie')
  const building = json<PageOf<Building>>(await community.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  const leaderId = json<GridDetail>(await community.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!.id
  return { community, building, leaderId }
}

/** A 路灯不亮 filed and dispatched to the grid leader: in 我的待办, waiting to be accepted. */
export async function dispatchedToLeader(app: App): Promise<number> {
  const { community, building, leaderId } = await grid(app)
  const created = json<IntakeResult>(await community.post('/api/cases', { channel: 'phone', categoryCode: 'C0104', description: '3号楼北侧路灯连续三晚不亮', buildingCode: building.code }))
  const id = created.case.id
  const v = await act(community, id, created.case.version, { action: 'file' })
  await act(community, id, v, { action: 'dispatch', assigneeId: leaderId })
  return id
}

/** A resident's report, handled and closed: its tracking page offers the rating. Answers the code. */
export async function closedResidentCase(app: App): Promise<string> {
  const { community, building, leaderId } = await grid(app)
  const leader = await loginAs(app, 'wgz001')
  const report = json<PublicIntakeResult>(await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '邻居家狗夜间吠叫影响休息', buildingCode: building.code, reporterPhone: '13905380000' } }))
  const id = json<PageOf<{ id: number }>>(await community.get(`/api/cases?q=${report.number}`)).items[0]!.id
  let v = await act(community, id, 1, { action: 'file' })
  v = await act(community, id, v, { action: 'dispatch', assigneeId: leaderId })
  v = await act(leader, id, v, { action: 'accept' })
  v = await act(leader, id, v, { action: 'resolve', note: '已上门协调，邻居已加装止吠措施' })
  await act(community, id, v, { action: 'verify' })
  return report.trackingCode
}

/**
 * Moves a running case's deadline `days` into the past, so the board shows it long overdue
 * ("Overdue 663.5 work h"): the API cannot wind the clock back, so the fixture writes the row.
 */
export function backdateDeadline(app: App, id: number, days: number): void {
  app.database.sqlite.prepare('UPDATE cases SET deadline = ? WHERE id = ?').run(Date.now() - days * 86_400_000, id)
}
