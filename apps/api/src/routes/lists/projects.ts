/**
 * 项目清单: projects in my area — proposed from needs and resources, then 认领 → 实施 → 完成 →
 * 双向评价 through the domain's state machine, with progress photos and volunteer hours.
 * POSTs accept an Idempotency-Key; every step names the version it saw (If-Match / body).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CountedPage, ErrorResponse, HoursBody, LIST_WRITERS, notFound, ProjectActionBody, ProjectBody, ProjectConflict, ProjectDetail, ProjectListQuery, ProjectSummary } from '@gridgov/domain'
import { callerOf } from '../../http/caller'
import { errors, IdParams } from '../../http/schemas'
import { expectedVersion, once } from '../../http/writes'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/projects', {
    schema: { tags: ['lists'], summary: '项目清单: projects in my area, running ones first, with counts by status', querystring: ProjectListQuery, response: { 200: CountedPage(ProjectSummary), ...errors } },
  }, async request => app.projects.list(request.query, callerOf(request)))

  app.get('/api/projects/:id', {
    schema: { tags: ['lists'], summary: 'A project with its timeline, hours and what I may do next', params: IdParams, response: { 200: ProjectDetail, ...errors } },
  }, async (request, reply) => {
    const project = app.projects.get(request.params.id, callerOf(request))
    if (!project)
      throw notFound('project', 'params.id', request.params.id)
    reply.header('etag', `"${project.version}"`)
    return project
  })

  app.post('/api/projects', {
    config: { roles: LIST_WRITERS },
    schema: { tags: ['lists'], summary: '提出项目: needs ⇄ resources, led by a unit or Party member', body: ProjectBody, response: { 201: ProjectDetail, 409: ErrorResponse, ...errors } },
  }, async (request, reply) => once(request, reply, () => {
    const project = app.projects.create(request.body, callerOf(request), app.now())
    request.audit('project.create', `project:${project.id}`, `${project.title}: needs ${request.body.needIds.join(', ')}, resources ${request.body.resources.map(r => r.resourceId).join(', ') || 'none'}`)
    return { status: 201, body: project }
  }))

  app.post('/api/projects/:id/actions', {
    config: { roles: LIST_WRITERS },
    schema: {
      tags: ['lists'],
      summary: 'One step: 认领 claim, 启动 start, 进展 progress, 完成 complete, 评价 rate_provider / rate_community, 撤销 cancel',
      description: 'Send the version you saw as `If-Match: "<version>"` or `body.version`: a stale one answers 412, an illegal step 409, both with the current project.',
      params: IdParams,
      body: ProjectActionBody,
      response: { 200: ProjectDetail, 409: ProjectConflict, 412: ProjectConflict, ...errors },
    },
  }, async (request, reply) => {
    const version = expectedVersion(request, request.body.version)
    return once(request, reply, () => {
      const project = app.projects.act(request.params.id, request.body, version, callerOf(request), app.now())
      request.audit('project.action', `project:${project.id}`, `${request.body.action} → ${project.status} (v${project.version})`)
      return { status: 200, body: project }
    })
  })

  app.post('/api/projects/:id/hours', {
    config: { roles: LIST_WRITERS },
    schema: {
      tags: ['lists'],
      summary: '登记志愿服务时长: hours one person served on one day',
      description: 'Hours add up, so the version is optional here; when sent (`If-Match` or `body.version`) a stale one answers 412.',
      params: IdParams,
      body: HoursBody,
      response: { 201: ProjectDetail, 409: ProjectConflict, 412: ProjectConflict, ...errors },
    },
  }, async (request, reply) => {
    const version = expectedVersion(request, request.body.version)
    return once(request, reply, () => {
      const project = app.projects.logHours(request.params.id, request.body, version, callerOf(request), app.now())
      request.audit('project.hours', `project:${project.id}`, `${request.body.hours} h on ${request.body.servedOn}`)
      return { status: 201, body: project }
    })
  })
}
export default routes
