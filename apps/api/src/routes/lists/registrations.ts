/**
 * 双报到: units and in-service Party members registering with a community — listed per community,
 * searchable by name, dated — and each one's 双报告 as a spreadsheet.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CountedPage, LIST_WRITERS, Member, MemberBody, MemberListQuery, notFound, ReportQuery, Unit, UnitBody, UnitListQuery } from '@gridgov/domain'
import { Type } from 'typebox'
import { callerOf } from '../../http/caller'
import { errors, IdParams } from '../../http/schemas'
import { once } from '../../http/writes'
import { dualReportWorkbook } from '../../services/dual-report'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/units', {
    schema: { tags: ['lists'], summary: '驻区单位: units registered with communities in my area (counts by type)', querystring: UnitListQuery, response: { 200: CountedPage(Unit), ...errors } },
  }, async request => app.registrations.listUnits(request.query, callerOf(request), app.now()))

  app.get('/api/units/:id', {
    schema: { tags: ['lists'], summary: 'A registered unit', params: IdParams, response: { 200: Unit, ...errors } },
  }, async (request) => {
    const unit = app.registrations.getUnit(request.params.id, callerOf(request), app.now())
    if (!unit)
      throw notFound('unit', 'params.id', request.params.id)
    return unit
  })

  app.post('/api/units', {
    config: { roles: LIST_WRITERS },
    schema: { tags: ['lists'], summary: '单位报到: register a unit with a community', body: UnitBody, response: { 201: Unit, ...errors } },
  }, async (request, reply) => once(request, reply, () => {
    const unit = app.registrations.createUnit(request.body, callerOf(request), app.now())
    request.audit('unit.register', `unit:${unit.id}`, `${unit.name} → ${unit.communityCode} (${unit.registeredOn})`)
    return { status: 201, body: unit }
  }))

  app.get('/api/party-members', {
    schema: { tags: ['lists'], summary: '在职党员: Party members registered with communities in my area', querystring: MemberListQuery, response: { 200: CountedPage(Member), ...errors } },
  }, async request => app.registrations.listMembers(request.query, callerOf(request)))

  app.get('/api/party-members/:id', {
    schema: { tags: ['lists'], summary: 'A registered Party member (phone masked)', params: IdParams, response: { 200: Member, ...errors } },
  }, async (request) => {
    const member = app.registrations.getMember(request.params.id, callerOf(request))
    if (!member)
      throw notFound('Party member', 'params.id', request.params.id)
    return member
  })

  app.post('/api/party-members', {
    config: { roles: LIST_WRITERS },
    schema: { tags: ['lists'], summary: '党员报到: register an in-service Party member with their home community', body: MemberBody, response: { 201: Member, ...errors } },
  }, async (request, reply) => once(request, reply, () => {
    const member = app.registrations.createMember(request.body, callerOf(request), app.now())
    request.audit('member.register', `member:${member.id}`, `Party member #${member.id} → ${member.communityCode} (${member.registeredOn})`)
    return { status: 201, body: member }
  }))

  // 双报告 spreadsheets
  for (const kind of ['unit', 'member'] as const) {
    app.get(kind === 'unit' ? '/api/units/:id/report.xlsx' : '/api/party-members/:id/report.xlsx', {
      schema: {
        tags: ['lists'],
        summary: kind === 'unit' ? '双报告 of a unit: projects, resources and volunteer hours in the community (.xlsx)' : '双报告 of a Party member (.xlsx)',
        params: IdParams,
        querystring: ReportQuery,
        produces: [XLSX],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.xlsx workbook' }), ...errors },
      },
    }, async (request, reply) => {
      const caller = callerOf(request)
      const range = { from: request.query.from, to: request.query.to }
      const report = kind === 'unit' ? app.reports.unit(request.params.id, caller, range, app.now()) : app.reports.member(request.params.id, caller, range)
      if (!report)
        throw notFound(kind === 'unit' ? 'unit' : 'Party member', 'params.id', request.params.id)
      const buffer = await dualReportWorkbook(kind, report, app.now())
      const name = `双报告-${report.subject.name}.xlsx`
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'no-store')
        .send(buffer)
    })
  }
}
export default routes
