import type { NeedCategory, ProjectAction, ProjectState, ProjectStatus, ResourceType, TimeSlot, UnitType, Urgency } from '@gridgov/domain'
import type { Database } from '../database'
/**
 * SIMULATED three lists for the demo district (issue 6 item 7): units stationed in four
 * communities of 岱庙街道 and in-service Party members registered with them (双报到), their
 * resources, the communities' needs — some made from clusters of resident cases when the case
 * history is there — and projects in every state of the lifecycle, with progress, volunteer hours
 * and two-way ratings. Every project step goes through the pure `projectTransition()`, so the
 * timeline is what the API would have written. Deterministic for a seed and a `now`; well under 1 s.
 */
import { needStatusFor, projectTransition, TIME_SLOTS } from '@gridgov/domain'
import { mobilePhone, personName } from './names'
import { createRand, pick, randInt } from './prng'

export interface ListsOptions {
  seed?: string
  /** epoch ms; dates are laid out around it. Default Date.now() */
  now?: number
}

export interface ListsResult { units: number, members: number, needs: number, resources: number, projects: number, hours: number }

/** 市场街社区 (the demo community worker's) gets the full picture; three neighbours get a smaller one. */
const COMMUNITIES = ['370902001002', '370902001001', '370902001003', '370902001007'] as const

interface UnitTemplate {
  name: string
  type: UnitType
  partyOrg: string
  members: number
  offers: { title: string, type: ResourceType, categories: NeedCategory[], capacity: number, measure: string, slots: TimeSlot[], description: string }[]
}

const UNITS: UnitTemplate[] = [
  { name: '泰安市中心医院', type: 'hospital', partyOrg: '中共泰安市中心医院委员会', members: 860, offers: [
    { title: '每月社区义诊', type: 'service', categories: ['health', 'elderly'], capacity: 12, measure: '场次', slots: ['weekend'], description: '内科、心内科、眼科医生每月一次进社区义诊，测血压血糖，建立健康档案。' },
    { title: '慢病管理健康讲座', type: 'talent', categories: ['health', 'elderly'], capacity: 24, measure: '场次', slots: ['weekday_day', 'weekend'], description: '高血压、糖尿病用药与饮食讲座，每场约一小时。' },
  ] },
  { name: '泰山区实验学校', type: 'school', partyOrg: '中共泰山区实验学校支部委员会', members: 64, offers: [
    { title: '四点半课堂教室', type: 'venue', categories: ['children'], capacity: 2, measure: '间', slots: ['weekday_evening'], description: '放学后开放两间教室，可容纳 60 名学生，含桌椅与投影。' },
    { title: '教师志愿辅导', type: 'volunteers', categories: ['children'], capacity: 400, measure: '小时', slots: ['weekday_evening', 'weekend'], description: '党员教师轮流辅导作业、开展阅读与科学小实验。' },
  ] },
  { name: '国网泰安供电公司', type: 'state_enterprise', partyOrg: '中共国网泰安供电公司委员会', members: 1200, offers: [
    { title: '共产党员服务队电力检修', type: 'volunteers', categories: ['housing', 'safety'], capacity: 300, measure: '小时', slots: ['weekday_day', 'weekend'], description: '老旧小区线路排查、楼道照明和充电设施安全检查。' },
    { title: '加装电梯配套电力改造资金', type: 'funds', categories: ['housing'], capacity: 200000, measure: '元', slots: ['weekday_day'], description: '用于加装电梯的电源接入与配电改造。' },
  ] },
  { name: '山东岱岳律师事务所', type: 'private_company', partyOrg: '中共山东岱岳律师事务所支部委员会', members: 11, offers: [
    { title: '法律顾问进社区', type: 'service', categories: ['legal', 'elderly'], capacity: 48, measure: '次', slots: ['weekday_day', 'weekend'], description: '每周半天坐班，提供婚姻家庭、物业纠纷、劳动争议等法律咨询。' },
  ] },
  { name: '泰安银座商城', type: 'private_company', partyOrg: '中共泰安银座商城支部委员会', members: 37, offers: [
    { title: '助餐点米面油物资', type: 'materials', categories: ['elderly', 'disability'], capacity: 600, measure: '份', slots: ['weekday_day', 'weekend'], description: '每月向社区助餐点捐赠米面油等物资。' },
  ] },
  { name: '东岳大厦楼宇党委', type: 'office_building', partyOrg: '中共东岳大厦楼宇委员会', members: 210, offers: [
    { title: '大厦多功能厅', type: 'venue', categories: ['culture', 'employment', 'children'], capacity: 40, measure: '场次', slots: ['weekday_evening', 'weekend'], description: '可容纳 150 人的多功能厅，用于培训、讲座和文艺活动。' },
    { title: '楼宇企业地下车位夜间共享', type: 'venue', categories: ['parking'], capacity: 80, measure: '个', slots: ['weekday_evening', 'weekend'], description: '晚 7 点至次日早 7 点向周边居民开放共享车位。' },
  ] },
  { name: '泰山区市场监督管理局', type: 'government', partyOrg: '中共泰山区市场监督管理局机关委员会', members: 95, offers: [
    { title: '食品安全与防诈骗宣讲', type: 'talent', categories: ['safety', 'elderly'], capacity: 20, measure: '场次', slots: ['weekday_day'], description: '针对老年人保健品骗局、食品安全开展宣讲。' },
  ] },
  { name: '泰山区青年志愿者协会', type: 'social_org', partyOrg: '中共泰山区青年志愿者协会支部委员会', members: 26, offers: [
    { title: '青年志愿者服务队', type: 'volunteers', categories: ['environment', 'elderly', 'children', 'culture'], capacity: 800, measure: '小时', slots: ['weekend', 'weekday_evening'], description: '楼道清理、助老陪伴、活动保障等志愿服务。' },
  ] },
  { name: '中国银行泰安分行', type: 'state_enterprise', partyOrg: '中共中国银行泰安分行委员会', members: 310, offers: [
    { title: '助老公益基金', type: 'funds', categories: ['elderly', 'disability'], capacity: 50000, measure: '元', slots: ['weekday_day'], description: '用于老年助餐补贴和困难老人帮扶。' },
  ] },
  { name: '泰安技师学院', type: 'school', partyOrg: '中共泰安技师学院委员会', members: 180, offers: [
    { title: '家电维修与技能培训', type: 'talent', categories: ['employment', 'elderly'], capacity: 30, measure: '场次', slots: ['weekend'], description: '免费维修小家电，开展育婴、电工等就业技能培训。' },
  ] },
]

const OTHER_WORKPLACES = ['泰安市教育局', '泰安市公安局泰山分局', '泰安市人民检察院', '山东第一医科大学', '泰安市自然资源和规划局', '泰山区人民法院', '泰安市住房公积金管理中心', '泰山景区管理委员会']
const SKILLS = ['法律咨询', '医疗护理', '心理疏导', '书法', '电工维修', '计算机', '家政', '理发', '摄影', '作业辅导', '财务', '文艺演出', '驾驶', '急救培训']

interface NeedTemplate {
  title: string
  category: NeedCategory
  beneficiaries: string
  count: number
  urgency: Urgency
  types: ResourceType[]
  slots: TimeSlot[]
  /** case categories whose cases make this need (source = cases) */
  caseCodes?: string[]
  description: string
}

const NEEDS: NeedTemplate[] = [
  { title: '老年助餐', category: 'elderly', beneficiaries: '80岁以上及独居老人', count: 46, urgency: 'high', types: ['materials', 'funds', 'volunteers'], slots: ['weekday_day', 'weekend'], caseCodes: ['S0101'], description: '辖区高龄、独居老人午餐难，需在党群服务中心设助餐点并配送上门。' },
  { title: '四点半课堂', category: 'children', beneficiaries: '双职工家庭小学生', count: 60, urgency: 'normal', types: ['venue', 'volunteers'], slots: ['weekday_evening'], description: '放学后无人接管的小学生需要托管和作业辅导。' },
  { title: '老旧小区加装电梯', category: 'housing', beneficiaries: '六层无电梯住宅老年住户', count: 120, urgency: 'high', types: ['funds', 'volunteers'], slots: ['weekday_day'], caseCodes: ['C0501'], description: '80 年代住宅楼无电梯，老人上下楼困难，居民申请加装电梯，需资金和电力配套。' },
  { title: '义诊', category: 'health', beneficiaries: '辖区老年人及慢病患者', count: 200, urgency: 'normal', types: ['service', 'talent'], slots: ['weekend'], description: '定期上门测血压血糖，慢病随访。' },
  { title: '停车难治理', category: 'parking', beneficiaries: '老旧小区有车住户', count: 150, urgency: 'normal', types: ['venue'], slots: ['weekday_evening', 'weekend'], caseCodes: ['S0601', 'S0602', 'S0603'], description: '夜间车位不足，占用消防通道现象突出，需挖掘周边单位共享车位。' },
  { title: '楼道堆物清理', category: 'environment', beneficiaries: '老旧楼院居民', count: 300, urgency: 'normal', types: ['volunteers'], slots: ['weekend'], caseCodes: ['E0102', 'S0502'], description: '楼道堆放杂物存在消防隐患，需组织志愿者集中清理并建立长效机制。' },
  { title: '法律咨询', category: 'legal', beneficiaries: '辖区居民', count: 80, urgency: 'low', types: ['service'], slots: ['weekday_day', 'weekend'], caseCodes: ['S0401', 'S0501'], description: '邻里纠纷、物业纠纷多发，需要律师定期坐班答疑。' },
  { title: '防范电信诈骗宣传', category: 'safety', beneficiaries: '老年居民', count: 260, urgency: 'normal', types: ['talent'], slots: ['weekday_day'], description: '老年人受保健品、电信诈骗侵害风险高，需开展宣讲。' },
  { title: '就业技能培训', category: 'employment', beneficiaries: '失业及灵活就业人员', count: 35, urgency: 'low', types: ['talent', 'venue'], slots: ['weekend'], caseCodes: ['S0301'], description: '开设育婴、家政、电工等技能培训，帮助就业。' },
  { title: '独居老人探访', category: 'elderly', beneficiaries: '独居、空巢老人', count: 38, urgency: 'high', types: ['volunteers'], slots: ['weekend', 'weekday_evening'], caseCodes: ['S0102'], description: '每周上门探访，了解身体和生活情况。' },
  { title: '残疾人康复辅具', category: 'disability', beneficiaries: '持证残疾人', count: 14, urgency: 'normal', types: ['materials', 'funds'], slots: ['weekday_day'], caseCodes: ['S0201'], description: '轮椅、助行器等康复辅具缺口。' },
  { title: '困境儿童心理疏导', category: 'children', beneficiaries: '留守、单亲等困境儿童', count: 18, urgency: 'high', types: ['talent', 'service'], slots: ['weekend'], description: '部分困境儿童存在厌学、孤僻等情况，需要专业心理老师定期疏导。' },
  { title: '消防安全培训进楼院', category: 'safety', beneficiaries: '老旧楼院居民', count: 220, urgency: 'normal', types: ['talent', 'volunteers'], slots: ['weekend', 'weekday_evening'], caseCodes: ['S0602'], description: '电动车楼道充电、堆物等隐患多，需开展消防培训和应急演练。' },
  { title: '低保家庭就医陪诊', category: 'health', beneficiaries: '低保、特困家庭老人', count: 16, urgency: 'urgent', types: ['volunteers', 'service'], slots: ['weekday_day'], description: '行动不便的低保老人就医无人陪同，需志愿者陪诊、代办挂号取药。' },
  { title: '社区文艺汇演场地', category: 'culture', beneficiaries: '社区文艺队', count: 90, urgency: 'low', types: ['venue'], slots: ['weekend'], description: '社区合唱团、舞蹈队排练和年末汇演缺少场地。' },
]

/** The project each 市场街 need gets, by the status the demo shows it in (absent: no project yet). */
const DEMO_PROJECTS: { need: string, status: ProjectStatus | 'closed_need', resources: string[] }[] = [
  { need: '老年助餐', status: 'evaluated', resources: ['助餐点米面油物资', '助老公益基金'] },
  { need: '义诊', status: 'evaluated', resources: ['每月社区义诊'] },
  { need: '法律咨询', status: 'evaluated', resources: ['法律顾问进社区'] },
  { need: '四点半课堂', status: 'in_progress', resources: ['四点半课堂教室', '教师志愿辅导'] },
  { need: '楼道堆物清理', status: 'in_progress', resources: ['青年志愿者服务队'] },
  { need: '老旧小区加装电梯', status: 'in_progress', resources: ['加装电梯配套电力改造资金', '共产党员服务队电力检修'] },
  { need: '防范电信诈骗宣传', status: 'completed', resources: ['食品安全与防诈骗宣讲'] },
  { need: '独居老人探访', status: 'completed', resources: ['青年志愿者服务队'] },
  { need: '停车难治理', status: 'claimed', resources: ['楼宇企业地下车位夜间共享'] },
  { need: '就业技能培训', status: 'claimed', resources: ['家电维修与技能培训'] },
  { need: '社区文艺汇演场地', status: 'proposed', resources: ['大厦多功能厅'] },
  { need: '残疾人康复辅具', status: 'cancelled', resources: [] },
]

const PROGRESS = ['第一批服务已开展，居民反响良好。', '召开协调会，明确分工和时间节点。', '志愿者到位，按计划推进。', '已完成过半，下阶段扩大服务范围。']
const PATH: ProjectAction['type'][] = ['claim', 'start', 'progress', 'progress', 'complete', 'rate_provider', 'rate_community']

const DAY = 86_400_000
const CST = 8 * 3_600_000
const dateOf = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10)

/** Seeds the lists; the tables must be empty (seedIfEmpty calls it on a fresh database). */
export function generateLists(database: Database, options: ListsOptions = {}): ListsResult {
  const rand = createRand(options.seed ?? 'gridgov-lists')
  const now = options.now ?? Date.now()
  const { sqlite } = database
  const worker = sqlite.prepare(`SELECT id, display_name AS name FROM users WHERE role = 'community' AND scope_code = ? ORDER BY id LIMIT 1`)
  const result: ListsResult = { units: 0, members: 0, needs: 0, resources: 0, projects: 0, hours: 0 }
  const insertUnit = sqlite.prepare(`INSERT INTO units (community_code, name, type, address, lon, lat, contact_name, contact_phone, party_org, party_members, agreement_no, agreement_from, agreement_to, registered_on, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
  const insertMember = sqlite.prepare(`INSERT INTO party_members (community_code, grid_code, name, phone, unit_id, workplace, skills, slots, registered_on, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
  const insertResource = sqlite.prepare(`INSERT INTO resources (community_code, unit_id, member_id, title, type, description, categories, capacity, measure, available_from, available_to, slots, lon, lat, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
  const insertNeed = sqlite.prepare(`INSERT INTO needs (community_code, grid_code, building_code, title, category, description, beneficiaries, beneficiary_count, urgency, source, resource_types, needed_from, needed_to, slots, lon, lat, status, close_note, created_by, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
  const insertEvent = sqlite.prepare(`INSERT INTO project_events (project_id, at, action, from_status, to_status, actor_user_id, actor_name, actor_role, note, attachments, rating) VALUES (?, ?, ?, ?, ?, ?, ?, 'community', ?, '[]', ?)`)
  const insertHours = sqlite.prepare(`INSERT INTO volunteer_hours (project_id, member_id, unit_id, person_name, served_on, hours, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)

  COMMUNITIES.forEach((communityCode, ci) => {
    const community = sqlite.prepare('SELECT name, center_lon AS lon, center_lat AS lat FROM communities WHERE code = ?').get(communityCode) as { name: string, lon: number, lat: number } | undefined
    if (!community)
      return
    const grids = sqlite.prepare('SELECT code, center_lon AS lon, center_lat AS lat FROM grids WHERE community_code = ? ORDER BY code').all(communityCode) as { code: string, lon: number, lat: number }[]
    const desk = (worker.get(communityCode) as { id: number, name: string } | undefined) ?? { id: null, name: `${community.name}社区工作者` }
    const full = ci === 0
    const near = (lon: number, lat: number, m: number) => [lon + (rand() - 0.5) * m / 45_000, lat + (rand() - 0.5) * m / 55_000] as const

    // 驻区单位: all ten with 市场街, four with each neighbour (rotating through the list)
    const templates = full ? UNITS : Array.from({ length: 4 }, (_, i) => UNITS[(ci * 3 + i) % UNITS.length]!)
    const units = templates.map((t, i) => {
      const registered = now - randInt(rand, 60, 900) * DAY
      const agreement = rand() < 0.8
      const [lon, lat] = near(community.lon, community.lat, 1600)
      const id = insertUnit.pluck().get(communityCode, full ? t.name : `${t.name}${community.name.replace('社区', '')}联络点`, t.type, `泰山区${community.name.replace('社区', '')}${randInt(rand, 1, 199)}号`, lon, lat, personName(rand), mobilePhone(rand), t.partyOrg, t.members, agreement ? `DM-${dateOf(registered).slice(0, 4)}-${String(ci * 20 + i + 1).padStart(3, '0')}` : null, agreement ? dateOf(registered) : null, agreement ? dateOf(registered + (i % 5 === 4 ? 300 : 1095) * DAY) : null, dateOf(registered), registered, registered) as number
      result.units++
      return { id, t, lon, lat, registered }
    })

    // 在职党员 registered where they live: 24 with 市场街, 6 elsewhere
    const members = Array.from({ length: full ? 24 : 6 }, () => {
      const grid = pick(rand, grids)
      const unit = rand() < 0.6 ? pick(rand, units) : null
      const registered = now - randInt(rand, 20, 700) * DAY
      const skills = [...new Set([pick(rand, SKILLS), pick(rand, SKILLS)])]
      const slots = TIME_SLOTS.filter(() => rand() < 0.55)
      const name = personName(rand)
      const id = insertMember.pluck().get(communityCode, grid.code, name, mobilePhone(rand), unit?.id ?? null, unit ? unit.t.name : pick(rand, OTHER_WORKPLACES), JSON.stringify(skills), JSON.stringify(slots.length ? slots : ['weekend']), dateOf(registered), registered, registered) as number
      result.members++
      return { id, name, grid, skills, slots: slots.length ? slots : ['weekend'], unitId: unit?.id ?? null }
    })

    // 资源: each unit's offers for a year around now; a third of the members offer their skill
    const resources = new Map<string, { id: number, capacity: number, providerUnit: number | null }>()
    for (const u of units) {
      for (const o of u.t.offers) {
        const from = now - randInt(rand, 90, 240) * DAY
        const id = insertResource.pluck().get(communityCode, u.id, null, o.title, o.type, o.description, JSON.stringify(o.categories), o.capacity, o.measure, dateOf(from), dateOf(from + 365 * DAY), JSON.stringify(o.slots), u.lon, u.lat, from, from) as number
        resources.set(o.title, { id, capacity: o.capacity, providerUnit: u.id })
        result.resources++
      }
    }
    for (const m of members.filter((_, i) => i % 3 === 0)) {
      const skill = m.skills[0]!
      const legal = skill === '法律咨询'
      const health = skill === '医疗护理' || skill === '急救培训' || skill === '心理疏导'
      const from = now - randInt(rand, 30, 200) * DAY
      insertResource.run(communityCode, null, m.id, `${skill}志愿服务`, 'talent', `在职党员${m.name}利用业余时间提供${skill}服务。`, JSON.stringify(legal ? ['legal'] : health ? ['health', 'elderly'] : skill === '作业辅导' ? ['children'] : ['elderly', 'culture']), randInt(rand, 20, 80), '小时', dateOf(from), dateOf(from + 300 * DAY), JSON.stringify(m.slots), m.grid.lon, m.grid.lat, from, from)
      result.resources++
    }

    // 需求: every template with 市场街, five elsewhere
    const needTemplates = full ? NEEDS : NEEDS.filter((_, i) => (i + ci) % 2 === 0).slice(0, 5)
    const needs = new Map<string, { id: number, createdAt: number }>()
    for (const n of needTemplates) {
      const grid = pick(rand, grids)
      const createdAt = now - randInt(rand, 100, 220) * DAY
      const cases = n.caseCodes
        ? sqlite.prepare(`SELECT id FROM cases WHERE community_code = ? AND category_code IN (${n.caseCodes.map(() => '?').join(', ')}) ORDER BY reported_at DESC LIMIT 5`).pluck().all(communityCode, ...n.caseCodes) as number[]
        : []
      const source = cases.length >= 2 ? 'cases' : n.caseCodes ? 'visit' : pick(rand, ['visit', 'survey'] as const)
      const from = createdAt + randInt(rand, 5, 20) * DAY
      const id = insertNeed.pluck().get(communityCode, grid.code, null, n.title, n.category, n.description, n.beneficiaries, n.count, n.urgency, source, JSON.stringify(n.types), dateOf(from), dateOf(from + randInt(rand, 180, 360) * DAY), JSON.stringify(n.slots), ...near(grid.lon, grid.lat, 300), 'open', null, desk.id, createdAt, createdAt) as number
      for (const caseId of source === 'cases' ? cases : [])
        sqlite.prepare('INSERT INTO need_cases (need_id, case_id) VALUES (?, ?)').run(id, caseId)
      needs.set(n.title, { id, createdAt })
      result.needs++
    }
    if (!full)
      return

    // 项目 in every state, each step through the state machine
    for (const plan of DEMO_PROJECTS) {
      const need = needs.get(plan.need)!
      const used = plan.resources.map(title => resources.get(title)!)
      const lead = used[0]?.providerUnit ?? units[0]!.id
      const start = need.createdAt + randInt(rand, 3, 10) * DAY
      const target: ProjectStatus = plan.status === 'closed_need' ? 'proposed' : plan.status
      const steps = target === 'cancelled' ? ['claim', 'cancel'] as const : PATH.slice(0, ({ proposed: 0, claimed: 1, in_progress: 4, completed: 5, evaluated: 7 } as Record<string, number>)[target])
      let t = start
      // each step 6–14 days after the last, the last one at least three days before now
      const times = steps.map((_, i) => Math.min(now - (steps.length - i) * 3 * DAY, t += randInt(rand, 6, 14) * DAY))
      const id = sqlite.prepare(`INSERT INTO projects (community_code, title, description, lead_unit_id, planned_from, planned_to, status, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?) RETURNING id`).pluck().get(communityCode, `${community.name}${plan.need}项目`, NEEDS.find(n => n.title === plan.need)!.description, lead, dateOf(start + 7 * DAY), dateOf(start + 200 * DAY), desk.id, start, start) as number
      sqlite.prepare('INSERT INTO project_needs (project_id, need_id) VALUES (?, ?)').run(id, need.id)
      for (const r of used)
        sqlite.prepare('INSERT INTO project_resources (project_id, resource_id, quantity) VALUES (?, ?, ?)').run(id, r.id, Math.max(1, Math.round(r.capacity * (0.2 + rand() * 0.3))))
      insertEvent.run(id, start, 'propose', 'proposed', 'proposed', desk.id, desk.name, null, null)
      let state: ProjectState = { status: 'proposed', lead: `unit:${lead}`, providerRating: null, communityRating: null }
      let served: number | null = null
      steps.forEach((type, i) => {
        const rating = type.startsWith('rate_') ? randInt(rand, 4, 5) : undefined
        const note = type === 'progress' ? pick(rand, PROGRESS) : type === 'complete' ? '项目按计划完成，服务对象满意。' : type === 'cancel' ? '辅具由区残联统一配发，项目撤销。' : type === 'rate_provider' ? '单位响应快、服务专业。' : type === 'rate_community' ? '社区组织有力，对接顺畅。' : undefined
        if (type === 'complete')
          served = randInt(rand, 30, 200)
        const r = projectTransition(state, { type, note, rating, beneficiariesServed: served ?? undefined } as ProjectAction, 'community')
        if (!r.ok)
          throw new Error(`demo project ${plan.need}: ${r.message}`)
        insertEvent.run(id, times[i]!, type, r.event.from, r.event.to, desk.id, desk.name, r.event.note, r.event.rating)
        state = r.next
      })
      const last = times.at(-1) ?? start
      sqlite.prepare(`UPDATE projects SET status = ?, beneficiaries_served = ?, provider_rating = ?, community_rating = ?,
          provider_comment = CASE WHEN ? IS NOT NULL THEN '单位响应快、服务专业。' END, community_comment = CASE WHEN ? IS NOT NULL THEN '社区组织有力，对接顺畅。' END,
          claimed_at = ?, started_at = ?, completed_at = ?, evaluated_at = ?, version = ?, updated_at = ? WHERE id = ?`)
        .run(state.status, served, state.providerRating, state.communityRating, state.providerRating, state.communityRating, steps.length > 0 && target !== 'cancelled' ? times[0] : null, steps.length > 1 && target !== 'cancelled' ? times[1] : null, steps.length >= 5 ? times[4] : null, state.status === 'evaluated' ? last : null, steps.length + 1, last, id)
      // volunteer hours: members and unit staff, on days between start and now
      if (['in_progress', 'completed', 'evaluated'].includes(state.status)) {
        const from = times[1]!
        const to = steps.length >= 5 ? times[4]! : now
        for (let k = 0; k < randInt(rand, 6, 12); k++) {
          const m = rand() < 0.6 ? pick(rand, members) : null
          const servedOn = dateOf(from + rand() * Math.max(DAY, to - from))
          insertHours.run(id, m?.id ?? null, m ? m.unitId : lead, m ? m.name : personName(rand), servedOn, pick(rand, [1, 1.5, 2, 2.5, 3, 4]), null, desk.id, to)
          result.hours++
        }
      }
      const needStatus = needStatusFor('open', [state.status])
      sqlite.prepare('UPDATE needs SET status = ?, version = version + 1 WHERE id = ?').run(needStatus, need.id)
      result.projects++
    }
    // one need closed by hand: the street's own programme covers it
    sqlite.prepare(`UPDATE needs SET status = 'closed', close_note = '已纳入街道统一实施的项目，本社区不再单独对接。', version = version + 1 WHERE id = ?`).run(needs.get('残疾人康复辅具')!.id)
  })
  return result
}
