import type { CaseAction, CaseActor, CaseChannel, CaseStamps, CaseState, Category, CategoryKind } from '@gridgov/domain'
import type { Database } from '../database'
import type { Rand } from './prng'
/**
 * SIMULATED case history for the demo district (居民诉求 demo data, issue 4 item 8): about two
 * years of cases with a weekday and seasonal rhythm, a realistic category and channel mix, and
 * realistic shares of overdue, reworked (返工), extended (延期), escalated (督办), cancelled and
 * unrated cases. Every step of every case is produced by the pure `transition()` of
 * @gridgov/domain with the actor who would take it, and deadlines come from the SLA clock, so the
 * history is exactly what the API would have written. Deterministic for a seed and a `now`.
 */
import { createHash } from 'node:crypto'
import { linkSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { addHours, addWorkingHours, calendarCoverage, CalendarRangeError, hoursBetween, isWorkingDay, loadCategories, NO_STAMPS, reportedCase, stampsAfter, TRACKING_ALPHABET, trackingCodeFrom, transition, workingHoursBetween } from '@gridgov/domain'
import { sweepSla } from '../repositories/dashboard-rollups'
import { mobilePhone, personName } from './names'
import { createRand, pick, pickWeighted, randInt } from './prng'

export interface CaseHistoryOptions {
  /** where the placeholder resolve photos go: the server's DATA_DIR/uploads */
  uploadsDir: string
  /** PRNG seed; the same seed and `now` give the same rows */
  seed?: string
  /** the end of the history (epoch ms); nothing happens after it. Default Date.now() */
  now?: number
  /** days of history; never before 1 January of the previous year (two calendar years for KPIs) */
  days?: number
  /** mean cases per working day across the district (weekends and holidays get fewer), the pilot community's extra not counted */
  perDay?: number
}

export interface CaseHistoryResult { cases: number, events: number, uploads: number, from: number, to: number }

interface Person { actor: CaseActor, name: string, userId: number | null }
interface Building { code: string, name: string, lon: number, lat: number, home: boolean, busy: boolean }
interface Grid { code: string, community: string, place: string, urban: boolean, pilot: boolean, desk: Person, street: Person, team: Person[], buildings: Building[] }

interface EventRow {
  at: number
  action: string
  from: string
  to: string
  actor: Person
  note: string | null
  attachments: readonly string[]
  assigneeId: number | null
  deadline: number | null
  rating: number | null
}

interface SimCase {
  number: string
  channel: CaseChannel
  category: Category
  grid: Grid
  building: Building
  description: string
  reporterName: string | null
  reporterPhone: string | null
  externalRef: string | null
  reporter: Person
  reportedAt: number
  state: CaseState
  /** the dashboard's timing columns, stamped step by step like the live path does */
  stamps: CaseStamps
  events: EventRow[]
  uploads: { id: string, at: number, by: number | null }[]
  ratingComment: string | null
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const OFFSET = 8 * HOUR // Beijing time, UTC+8 all year
/** Thrown inside a case's simulation when its next step would lie after `now`: it stays open. */
const STOP = Symbol('stop')

// A small placeholder "photo" (160×120 grey camera pictogram) and its WebP thumbnail, written for
// each simulated resolve photo so the photo routes serve real images. Made once with sharp.
const PHOTO = { mime: 'image/jpeg', width: 160, height: 120, bytes: Buffer.from('/9j/2wBDABAQEBAREBIUFBIZGxgbGSUiHx8iJTgoKygrKDhVNT41NT41VUtbSkVKW0uHal5eaoecg3yDnL2pqb3u4u7/////2wBDARAQEBAREBIUFBIZGxgbGSUiHx8iJTgoKygrKDhVNT41NT41VUtbSkVKW0uHal5eaoecg3yDnL2pqb3u4u7/////wgARCAB4AKADASIAAhEBAxEB/8QAGgABAQEBAQEBAAAAAAAAAAAAAAQFAgMGAf/EABYBAQEBAAAAAAAAAAAAAAAAAAABAv/aAAwDAQACEAMQAAAA+xGoAAAAAAAAAAAAAAAAAAAAAAZ0dlnhHxZfsfMVRusKxdEQAACgAYUtUus96vOcaeV1omTVLUbozQAAUADClql1nS84bz89OIBVLUbozQAAUACWbTJmNNWY0xmU1IAAABQAAAAAAAAAAAAAAAAAAP/EACwQAAECAwUHBQEBAAAAAAAAAAIBAwAEEQUQNIGxEhUwQVFjohQhU2ChQFL/2gAIAQEAAT8A+sTE6406QCI0TrG8Xv8AIQlovcxD+CbmzbPYDNY9bM/J+JBmThKRLVVv9bM/J+JHrZn5PxIlJs3D2DyXizuJcy0ubbJ00EU91gZKXbGrpVzokFJS7g1aKmdUhxsmjUST3S6SxLeenFncS5lpdZwJsmfOtIedJ1xSXKGXSacQkzi0QTZA+daXSWJbz04s7iXMtLrPdRFJtefukTEm4JqoCpCvSJeTcI0UxURTrFoOoqi2nL3W6SxLeenFncS5lpciqi1SG7QdFKEKFDloOElBFBhVVVqt0liW89OLMSoPqi1oXWN297xjdve8Y3b3vGN297xjdve8Y3b3vGJeVBhVWtS6/V//xAAWEQEBAQAAAAAAAAAAAAAAAAARAED/2gAIAQIBAT8AzkRGxnT/AP/EABgRAAIDAAAAAAAAAAAAAAAAAAAREEBQ/9oACAEDAQE/AK7hj1v/2Q==', 'base64') }
const THUMB = Buffer.from('UklGRjoBAABXRUJQVlA4IC4BAABQDgCdASqgAHgAPtFmrVEoKqQiptPIAVAaCWlu4XKQwH5F2GSKS1V0EKogHQRaecz88MrX8kDRapJLHRY/kmqu+PoMnBgfETLJn+jAj/Y6NvOYaXkLpznoWMsaYDs49RF/pObPfXG2FVNhq8XvQeLXRmLedfI3MqiAbgAA/v277EJn0/g89My2bcfd0cZ14gU0dwo6N+fr185PIupymwCJ0VPbyymKjItVhIUtdOhimpQKtkM+pQuK0jEciLk+21cg0nzxpRhLhg8kZdEhRRxFylLiMT6eFmPcXONK0awIijrGSOwAhnFXo/YGU9/b1vY9jIE2XJTcetjoOLmc6/s9H4EBfoskjPqQIMy5tGeme52lgDZKgFsgjHQ8O30foI5oYvlhiAnSUCb+k4AAAA==', 'base64')

// How residents describe each subcategory (after the building: "3号楼" + text).
const TEXTS: Record<string, readonly string[]> = {
  C0101: ['路边井盖丢失，存在安全隐患', '人行道井盖缺失，有行人差点踩空'],
  C0102: ['井盖破裂松动，车辆经过响声很大'],
  C0103: ['雨水箅子被树叶垃圾堵塞，下雨就积水', '雨水口堵塞，路面积水排不下去'],
  C0104: ['路灯不亮，晚上出行不便', '门前路灯坏了好几天，夜里一片漆黑'],
  C0105: ['消防栓被车撞歪，一直漏水'],
  C0201: ['路面坑洼，雨天积水，电动车经过容易摔倒', '道路破损出现大坑'],
  C0202: ['人行道砖松动翘起，一踩就溅水'],
  C0203: ['交通标志牌被撞倒在路边'],
  C0204: ['隔离护栏损坏倒伏'],
  C0205: ['路口信号灯不亮，交通混乱'],
  C0301: ['垃圾箱破损，垃圾散落一地'],
  C0302: ['公厕水龙头损坏，长流水'],
  C0401: ['大风刮倒行道树，压住半幅道路', '行道树倾斜倒伏，影响通行'],
  C0402: ['绿地护栏损坏'],
  C0403: ['绿化带内树木枯死，有折断危险'],
  C0501: ['单元电梯停运，老人上下楼困难', '电梯故障停运两天了'],
  C0502: ['楼道声控灯不亮', '单元楼道灯坏了，晚上看不清台阶'],
  C0503: ['单元门禁损坏，门关不上'],
  C0504: ['外墙瓷砖脱落，楼下常有行人经过'],
  C0601: ['小区健身器材损坏，存在安全隐患'],
  C0602: ['电动自行车充电桩无法充电'],
  C0603: ['小区门口监控探头损坏'],
  E0101: ['路边有暴露垃圾未清运', '垃圾堆放多日无人清理，气味难闻'],
  E0102: ['楼道内堆放杂物，堵塞通道', '有住户在楼道堆放纸箱和旧家具'],
  E0103: ['一楼住户私自搭建棚子', '楼顶有私搭乱建'],
  E0104: ['路面有遗撒物，影响通行'],
  E0105: ['楼下饭店油烟直排，居民不敢开窗'],
  E0201: ['楼道墙上贴满小广告', '单元门口张贴非法小广告'],
  E0202: ['商户私设户外广告牌'],
  E0301: ['工地夜间施工，噪音很大，影响休息'],
  E0302: ['施工围挡占用人行道'],
  E0303: ['渣土车遗撒泥土，路面污染'],
  E0401: ['路面突然塌陷，出现深坑'],
  E0402: ['供水管道爆裂，路面大量冒水'],
  E0403: ['楼道内闻到燃气味，疑似燃气泄漏'],
  E0404: ['暴雨后路段积水严重，车辆无法通行'],
  E0405: ['楼道内电动车飞线充电，存在火灾隐患'],
  E0501: ['商户占道经营，影响行人通行', '门店把货物摆到人行道上'],
  E0502: ['路口流动摊贩聚集，影响交通'],
  E0503: ['广场舞音响声音过大，影响休息', '商铺用高音喇叭招揽顾客'],
  S0101: ['高龄老人申请助餐服务', '独居高龄老人行动不便，希望社区送餐'],
  S0102: ['独居老人多日未出门，邻居担心，请求上门探访'],
  S0103: ['失能老人申请居家养老上门服务'],
  S0104: ['老人在家摔倒，家属联系不上，紧急求助'],
  S0201: ['残疾人申请轮椅等辅具'],
  S0202: ['无障碍坡道被占用损坏'],
  S0301: ['失业后希望社区帮助推荐工作'],
  S0302: ['咨询失业登记和失业金办理'],
  S0401: ['楼上漏水到楼下，双方协商不成', '邻居装修噪音引发纠纷'],
  S0402: ['家庭因赡养老人问题发生矛盾，请求调解'],
  S0403: ['装修工人反映被拖欠工资'],
  S0501: ['物业服务不到位，与物业产生纠纷', '对物业收费有异议'],
  S0502: ['小区内垃圾清运不及时'],
  S0503: ['家中暖气不热，室温不到16度', '供暖后暖气片一直是凉的'],
  S0504: ['小区二次供水停水，没有提前通知'],
  S0601: ['车辆乱停乱放，堵住小区出入口', '私家车长期占用人行道停放'],
  S0602: ['车辆占用消防通道，联系不上车主'],
  S0603: ['有人在公共车位私装地锁'],
}

// Relative frequency of the common requests; others count 1, urgent ones 0.3.
const COMMON: Record<string, number> = {
  E0501: 10, // 占道经营
  E0102: 10, // 楼道堆物
  S0601: 10, // 违章停车
  C0104: 8, // 路灯不亮
  S0401: 7, // 邻里纠纷
  E0101: 7,
  S0101: 6, // 高龄老人助餐
  E0201: 6,
  E0502: 5,
  S0501: 5,
  S0502: 5,
  E0503: 4,
  C0502: 4,
  S0102: 4,
  C0201: 3,
  S0103: 3,
  S0603: 2,
  C0501: 2,
  C0103: 2,
  E0103: 2,
  S0503: 2,
  S0602: 1,
}

/** Seasonal factor: rainy summer (Jul–Aug) for roads, drains and trees; winter for heating and the elderly. */
function seasonal(c: Category, month: number): number {
  const summer = month === 7 || month === 8 ? 1 : month === 6 || month === 9 ? 0.4 : 0
  const winter = month === 12 || month <= 2 ? 1 : month === 11 || month === 3 ? 0.5 : 0
  if (c.code === 'S0503') // 供暖不热: the heating season runs 15 Nov – 15 Mar in 泰安
    return winter > 0 ? 1 + 4 * winter : 0.05
  if (['C0103', 'E0401', 'E0404'].includes(c.code))
    return 1 + 4 * summer
  if (c.classCode === 'C02')
    return 1 + 1.2 * summer
  if (c.classCode === 'C04')
    return 1 + 2 * summer
  if (c.classCode === 'S01')
    return 1 + 0.8 * winter
  if (c.code === 'E0105' || c.code === 'E0503')
    return 1 + 0.6 * summer
  if (c.code === 'E0301') // building sites pause in the northern winter
    return winter > 0 ? 0.4 : 1
  return 1
}

// Intake channel by category kind: grid staff find most 部件 and street problems on patrol.
const CHANNELS: Record<CategoryKind, readonly (readonly [CaseChannel, number])[]> = {
  component: [['patrol', 45], ['phone', 16], ['hotline_12345', 16], ['walk_in', 8], ['resident_web', 15]],
  event: [['patrol', 38], ['phone', 20], ['hotline_12345', 18], ['walk_in', 10], ['resident_web', 14]],
  service: [['patrol', 10], ['phone', 32], ['hotline_12345', 18], ['walk_in', 34], ['resident_web', 6]],
}

// Hour of the report (Beijing) by channel; residents online mostly in the evening.
const OFFICE_HOURS: readonly (readonly [number, number])[] = [[8, 3], [9, 5], [10, 5], [11, 3], [12, 1], [13, 1], [14, 4], [15, 5], [16, 4], [17, 2]]
const HOURS: Record<CaseChannel, readonly (readonly [number, number])[]> = {
  walk_in: OFFICE_HOURS,
  hotline_12345: OFFICE_HOURS,
  patrol: OFFICE_HOURS.filter(([h]) => h !== 12 && h !== 13),
  phone: [...OFFICE_HOURS, [18, 2], [19, 2], [20, 1]],
  resident_web: [[7, 1], [8, 2], [9, 2], [10, 2], [11, 2], [12, 3], [13, 2], [14, 2], [15, 2], [16, 2], [17, 2], [18, 3], [19, 4], [20, 5], [21, 5], [22, 3], [23, 1]],
}

const NOTES = {
  file: ['已立案', '经核实属实，予以立案', '已立案，转网格处理'],
  cancel: ['经核实不属于社区受理范围，已告知当事人', '重复上报，已合并处理', '经现场核实问题不存在，不予立案', '当事人已自行解决，撤销'],
  accept: ['已接单', '收到，马上去现场', '已接单，今天上门'],
  reassign: ['原网格员请假，改派', '工作调整，改派网格长处理'],
  extension: ['需协调物业及相关部门，申请延期', '配件需要订购，申请延期', '当事人外出，暂时无法处理，申请延期'],
  reject: ['理由不充分，请按期办结'],
  /** overdue, not yet overdue */
  escalate: ['已超期，街道督办，请尽快办结', '群众多次反映，街道督办'] as const,
  /** by class code, else by kind */
  resolve: {
    component: ['已上门核实，问题已解决', '已联系维修单位修复', '已更换完毕，恢复正常'],
    event: ['已现场劝导整改，恢复原状', '已联系相关部门清理完毕', '已责令整改到位'],
    service: ['已上门走访，落实服务', '已对接相关部门，问题已解决'],
    E04: ['已联系专业部门到场处置，险情已排除'],
    S01: ['已上门走访，落实服务', '已对接养老服务中心，安排上门服务'],
    S03: ['已提供岗位信息，推荐面试', '已指导办理相关手续'],
    S04: ['已组织双方调解，达成一致', '经调解双方达成和解'],
    S05: ['已协调物业处理完毕', '已督促物业整改到位'],
    S06: ['已联系车主挪车，恢复通行', '已现场处置完毕'],
  } as Record<string, readonly string[]>,
  verify: ['经回访核实，已结案', '核查属实，结案', '已电话回访居民，结案'],
  rework: ['居民反映仍未解决，返工', '现场核查未整改到位，返工'],
  reopen: ['居民反映问题复发，重新办理'],
  rating: { 5: ['处理及时，非常满意', '网格员态度很好，谢谢'], 4: ['基本满意'], 3: ['处理有点慢'], 2: ['处理不及时'], 1: ['问题反复出现，不满意'] } as Record<number, readonly string[]>,
}

/**
 * The pilot community (试点社区) — the one whose desk has an account on the platform, in the demo
 * 市场街社区 — went live first and logs every request and patrol finding in it, several a day
 * (elsewhere the platform holds only part of the work yet): about 1.5 cases a grid a working day,
 * so each demo role opens onto live work — cases to file and dispatch, a grid leader's 待办 with
 * deadlines, some overdue.
 */
const PILOT_FACTOR = 50

// Target shares (of cases reaching each step), tuned so the outcome matches the brief.
const P = { cancel: 0.03, reassign: 0.02, extension: 0.04, approve: 0.8, late: 0.05, stuck: 0.15, lateRejected: 0.4, escalate: 0.02, rework: 0.05, reworkTwice: 0.1, reopen: 0.004, rated: 0.7, ratedPatrol: 0.45 }

const staffUser = (c: SimCase) => c.grid.team.find(p => p.actor.id === c.state.assigneeId)?.userId ?? null

/**
 * Writes the simulated case history of the demo district into a database that has the district,
 * its staff and (optionally) the demo accounts but no cases: cases, their events and the uploads
 * rows of resolve photos, in one transaction, plus one small placeholder image per photo (hard
 * links of one file) under `uploadsDir`. Returns row counts and the time window used.
 */
export function generateCaseHistory(database: Database, options: CaseHistoryOptions): CaseHistoryResult {
  const { sqlite } = database
  const { uploadsDir, seed = 'taishan-cases-v1', days = 730, perDay = 30 } = options
  if ((sqlite.prepare('SELECT count(*) FROM cases').pluck().get() as number) > 0)
    throw new Error('generateCaseHistory: the database already has cases')
  // the SLA clock needs holiday data for every instant it computes: stay inside its coverage
  const coverage = calendarCoverage()
  const to = Math.min(options.now ?? Date.now(), Date.UTC(coverage.lastYear + 1, 0, 1) - OFFSET - 1)
  // whole Beijing days, from midnight
  const firstDay = Math.floor((Math.max(to - days * DAY, Date.UTC(new Date(to + OFFSET).getUTCFullYear() - 1, 0, 1) - OFFSET) + OFFSET) / DAY)
  const from = firstDay * DAY - OFFSET
  const rand = createRand(seed)
  const grids = loadGrids(database)
  if (grids.length === 0)
    throw new Error('generateCaseHistory: seed the district first')
  // 社区 grids are busier than 村 grids; the pilot community's grids log PILOT_FACTOR× as much on
  // top of the district's `perDay` (the other grids keep their rate)
  const weight = (g: Grid) => g.urban ? 3 : 1
  const pickGrid = weighted(grids.map(g => [g, weight(g) * (g.pilot ? PILOT_FACTOR : 1)] as const))
  const districtWeight = grids.reduce((sum, g) => sum + weight(g), 0)
  const casesPerDay = perDay * grids.reduce((sum, g) => sum + weight(g) * (g.pilot ? PILOT_FACTOR : 1), 0) / districtWeight
  const categories = loadCategories().categories
  const mix = Array.from({ length: 12 }, (_, m) => categories.map(c => [c, (COMMON[c.code] ?? (c.priority === 'urgent' ? 0.3 : 1)) * seasonal(c, m + 1)] as const))
  const resident: Person = { actor: { id: 'resident', role: 'resident' }, name: '居民', userId: null }
  const simulated: SimCase[] = []
  let uploadCount = 0
  const uploadId = () => createHash('sha256').update(`${seed}:upload:${uploadCount++}`).digest('base64url').slice(0, 24)

  const lastDay = Math.floor((to + OFFSET) / DAY)
  for (let day = firstDay; day <= lastDay; day++) {
    const midnight = day * DAY - OFFSET
    const date = new Date(day * DAY) // its UTC fields are the Beijing calendar date
    const month = date.getUTCMonth() + 1
    const working = isWorkingDay(new Date(midnight))
    const rhythm = (working ? 1 : isSpringFestival(day) ? 0.15 : 0.35)
      * (month === 7 || month === 8 ? 1.15 : month === 1 || month === 2 ? 0.9 : 1)
      * (0.85 + 0.15 * (day - firstDay) / Math.max(lastDay - firstDay, 1)) // adoption grows over time
    const n = poisson(rand, casesPerDay * rhythm)
    const today: SimCase[] = []
    for (let i = 0; i < n; i++) {
      const category = pickWeighted(rand, mix[month - 1]!)
      let channel = pickWeighted(rand, CHANNELS[category.kind])
      if (!working && channel === 'walk_in' && rand() < 0.7) // the office keeps only a weekend duty
        channel = 'phone'
      const reportedAt = midnight + pickWeighted(rand, HOURS[channel]) * HOUR + randInt(rand, 0, 3599) * 1000
      if (reportedAt > to)
        continue
      const grid = pickGrid(rand)
      const building = pick(rand, buildingsFor(grid, category))
      const patrol = channel === 'patrol'
      const text = pick(rand, TEXTS[category.code] ?? [category.name])
      today.push({
        number: '',
        channel,
        category,
        grid,
        building,
        description: category.kind === 'service' ? `${building.name}居民反映：${text}` : `${building.name}${pick(rand, ['', '东侧', '南侧', '门口', '附近'])}${text}`,
        reporterName: patrol ? null : personName(rand),
        reporterPhone: patrol ? null : mobilePhone(rand),
        externalRef: channel === 'hotline_12345' ? `12345-${String(date.getUTCFullYear()).slice(2)}${String(randInt(rand, 0, 99_999_999)).padStart(8, '0')}` : null,
        reporter: patrol ? pick(rand, grid.team) : channel === 'resident_web' ? resident : grid.desk,
        reportedAt,
        state: reportedCase(category, !patrol),
        stamps: NO_STAMPS,
        events: [],
        uploads: [],
        ratingComment: null,
      })
    }
    // numbers follow the reporting order within the Beijing day, as the API gives them
    today.sort((a, b) => a.reportedAt - b.reportedAt)
    const prefix = date.toISOString().slice(0, 10).replaceAll('-', '')
    today.forEach((c, i) => {
      c.number = `${prefix}-${String(i + 1).padStart(4, '0')}`
      simulate(c, rand, to, resident, () => ({ id: uploadId(), by: c.state.assigneeId === null ? null : staffUser(c) }))
    })
    simulated.push(...today)
  }

  const uploads = simulated.reduce((s, c) => s + c.uploads.length, 0)
  writePhotos(uploadsDir, simulated.flatMap(c => c.uploads.map(u => u.id)))
  const events = insertCases(database, simulated, seed)
  // stamp the SLA stage of the cases still running as of the end of the history
  sweepSla(database, to)
  return { cases: simulated.length, events, uploads, from, to }
}

// Households' requests happen at homes; street trading where the shops and markets are.
const AT_HOME = new Set(['C05', 'E0102', 'E0201', 'E0403', 'E0405', 'S06'])

/** The buildings a case of this category plausibly concerns, within the grid. */
function buildingsFor(grid: Grid, category: Category): readonly Building[] {
  const home = category.kind === 'service' || AT_HOME.has(category.classCode) || AT_HOME.has(category.code)
  const street = category.classCode === 'E05' || category.code === 'E0105'
  const fitting = grid.buildings.filter(b => home ? b.home : street ? b.busy : true)
  return fitting.length > 0 ? fitting : grid.buildings
}

/** pickWeighted() for a long list: cumulative weights and a binary search. */
function weighted<T>(items: readonly (readonly [T, number])[]): (rand: Rand) => T {
  const cumulative: number[] = []
  let total = 0
  for (const [, w] of items)
    cumulative.push(total += w)
  return (rand) => {
    const r = rand() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > r)
        hi = mid
      else
        lo = mid + 1
    }
    return items[lo]![0]
  }
}

/** Poisson-distributed count (Knuth; means here are below 100). */
function poisson(rand: Rand, mean: number): number {
  const limit = Math.exp(-mean)
  let k = 0
  for (let p = rand(); p > limit; p *= rand()) k++
  return k
}

const nonWorking = (day: number) => !isWorkingDay(new Date(day * DAY - OFFSET))

/** A day of the Spring Festival break: a non-working day in Jan–Feb inside a run of ≥ 5 of them. */
function isSpringFestival(day: number): boolean {
  const month = new Date(day * DAY).getUTCMonth()
  if (month > 1 || !nonWorking(day))
    return false
  let first = day
  let last = day
  while (nonWorking(first - 1)) first--
  while (nonWorking(last + 1)) last++
  return last - first + 1 >= 5
}

/**
 * Runs one case through the loop by calling transition() step by step with the actor who takes
 * each step, at realistic times. Stops (leaving the case open) at the first step after `now`.
 */
function simulate(c: SimCase, rand: Rand, now: number, resident: Person, photo: () => { id: string, by: number | null }) {
  const { category: cat, grid } = c
  const urgent = cat.limit.mode === 'continuous'
  const between = (a: number, b: number) => a + rand() * (b - a)
  /** After `hours` of desk time: working hours, or continuous for urgent cases (duty staff). */
  const desk = (t: number, hours: number) => urgent ? t + hours * HOUR : addWorkingHours(new Date(t), hours).getTime()
  const inMode = (t: number, hours: number) => addHours(new Date(t), hours, cat.limit.mode).getTime()
  let last = c.reportedAt
  /** The time of the next step: after the last one; past `now` the case stops here. */
  const at = (t: number) => {
    const when = Math.max(Math.round(t), last + MINUTE)
    if (when > now)
      throw STOP
    return when
  }
  const act = (action: CaseAction, who: Person, when: number) => {
    const result = transition(c.state, action, who.actor, new Date(when))
    if (!result.ok)
      throw new Error(`case generator bug: ${c.number} ${action.type} refused (${result.reason}: ${result.message})`)
    const { next, event } = result
    c.events.push({ at: when, action: event.action, from: event.from, to: event.to, actor: who, note: event.note, attachments: event.attachments, assigneeId: event.assigneeId === undefined ? null : Number(event.assigneeId), deadline: event.deadline?.getTime() ?? null, rating: event.rating ?? null })
    c.state = next
    c.stamps = stampsAfter(action.type, c.stamps, next.deadline?.getTime() ?? null, when, cat.limit.mode)
    last = when
  }
  const handler = () => grid.team.find(p => p.actor.id === c.state.assigneeId)!
  const resolve = (t: number) => {
    const when = at(t)
    const photos = cat.kind === 'component' || cat.photoRequired ? Array.from({ length: rand() < 0.2 ? 2 : 1 }, photo) : []
    c.uploads.push(...photos.map(p => ({ ...p, at: Math.max(last, when - randInt(rand, 1, 20) * MINUTE) })))
    act({ type: 'resolve', note: pick(rand, NOTES.resolve[cat.classCode] ?? NOTES.resolve[cat.kind]!), attachments: photos.map(p => p.id) }, handler(), when)
  }
  const rate = (t: number, late: boolean) => {
    if (rand() >= (c.channel === 'patrol' ? P.ratedPatrol : P.rated))
      return
    const rating = pickWeighted(rand, late || c.state.reworkCount > 0 ? [[5, 35], [4, 30], [3, 20], [2, 10], [1, 5]] : [[5, 72], [4, 18], [3, 6], [2, 2], [1, 2]])
    const comment = rand() < 0.3 ? pick(rand, NOTES.rating[rating]!) : undefined
    // a web reporter rates with the tracking code; phone, walk-in and 12345 callers tell the desk in
    // a 回访 call-back, which records it
    const viaDesk = c.channel === 'phone' || c.channel === 'walk_in' || c.channel === 'hotline_12345'
    act({ type: 'rate', rating, ...(comment ? { note: comment } : {}) }, viaDesk ? c.grid.desk : resident, at(t))
    c.ratingComment = comment ?? null
  }

  c.events.push({ at: c.reportedAt, action: 'report', from: 'reported', to: 'reported', actor: c.reporter, note: null, attachments: [], assigneeId: null, deadline: null, rating: null })
  try {
    // 立案 or 不予立案: the desk checks the report within an hour or two of desk time
    const filing = at(desk(c.reportedAt, urgent ? between(0.05, 0.4) : between(0.05, 1.5)))
    if (rand() < P.cancel)
      return act({ type: 'cancel', note: pick(rand, NOTES.cancel) }, grid.desk, filing)
    act({ type: 'file', note: pick(rand, NOTES.file) }, grid.desk, filing)

    // 派遣: to the reporting grid staff for patrol reports, else the leader or a member
    const assignee = c.channel === 'patrol' && rand() < 0.75 ? c.reporter : rand() < 0.35 ? grid.team[0]! : pick(rand, grid.team.slice(1))
    const waiting = urgent ? between(0.03, 0.25) : pickWeighted(rand, [[between(0.05, 0.5), 6], [between(0.5, 2), 3], [between(2, 8), 1]])
    const dispatched = at(desk(filing, waiting))
    act({ type: 'dispatch', assigneeId: assignee.actor.id, deadline: new Date(inMode(dispatched, cat.limit.hours)), note: urgent ? '情况紧急，请立即到场处置' : assignee === grid.team[0] ? '派网格长处理' : '派网格员处理' }, grid.desk, dispatched)
    if (rand() < P.reassign)
      act({ type: 'reassign', assigneeId: pick(rand, grid.team.filter(p => p !== assignee)).actor.id, note: pick(rand, NOTES.reassign) }, grid.desk, at(desk(last, between(0.2, 2))))
    act({ type: 'accept', note: pick(rand, NOTES.accept) }, handler(), at(desk(last, urgent ? between(0.05, 0.3) : between(0.1, 2))))

    // 延期: asked part-way through, decided by the desk within a few hours
    let late = rand() < P.late
    if (!urgent && rand() < P.extension / (1 - P.cancel)) {
      const deadline = c.state.deadline!.getTime()
      const asked = at(addWorkingHours(new Date(last), Math.max(hoursBetween(new Date(last), new Date(deadline), 'working'), 0.5) * between(0.3, 0.8)).getTime())
      act({ type: 'request_extension', deadline: addWorkingHours(new Date(deadline), Math.max(4, Math.round(cat.limit.hours * between(0.5, 1.5) / 4) * 4)), note: pick(rand, NOTES.extension) }, handler(), asked)
      const decided = at(desk(asked, between(0.3, 4)))
      if (rand() < P.approve) {
        act({ type: 'approve_extension', note: '同意延期' }, grid.desk, decided)
      }
      else {
        act({ type: 'reject_extension', note: pick(rand, NOTES.reject) }, grid.desk, decided)
        late ||= rand() < P.lateRejected
      }
    }

    // 处置: most within the limit (often well within), some late
    const deadline = c.state.deadline!.getTime()
    const left = hoursBetween(new Date(last), new Date(deadline), cat.limit.mode)
    const resolving = late || left <= 0.1
      ? inMode(Math.max(deadline, last), cat.limit.hours * (rand() < P.stuck ? between(1, 6) : between(0.1, 0.8)) + 0.1)
      : inMode(last, left * (0.1 + 0.85 * rand() ** 1.5))
    if (rand() < P.escalate / (1 - P.cancel)) {
      // 督办: the street presses a late case after its deadline, or a sensitive one early
      const start = late && deadline > last && deadline < resolving ? deadline : last
      const office = workingHoursBetween(new Date(start), new Date(resolving))
      // in office hours, unless an urgent case runs its course overnight (then the duty officer)
      const escalating = office > 0.2
        ? addWorkingHours(new Date(start), office * (start === deadline ? between(0.1, 0.5) : between(0.2, 0.8))).getTime()
        : start + (resolving - start) * between(0.2, 0.8)
      act({ type: 'escalate', note: NOTES.escalate[escalating > deadline ? 0 : 1] }, grid.street, at(escalating))
    }
    resolve(resolving)

    // 核查结案 or 返工
    for (let reworks = 0; reworks < 2 && rand() < (reworks === 0 ? P.rework : P.reworkTwice); reworks++) {
      act({ type: 'rework', note: pick(rand, NOTES.rework) }, grid.desk, at(desk(last, between(0.2, 6))))
      resolve(addWorkingHours(new Date(last), between(1, 12)).getTime())
    }
    act({ type: 'verify', note: pick(rand, NOTES.verify) }, grid.desk, at(desk(last, between(0.2, 6))))
    late = c.events.some(e => e.action === 'resolve' && e.at > c.state.deadline!.getTime())
    rate(addWorkingHours(new Date(last), between(0.5, 16)).getTime(), late)

    // 重新办理: rarely the problem comes back within the reopen window
    if (rand() < P.reopen) {
      const reopening = at(desk(last + between(2, 20) * DAY, between(0.1, 2)))
      act({ type: 'reopen', deadline: new Date(inMode(reopening, cat.limit.hours)), note: pick(rand, NOTES.reopen) }, grid.desk, reopening)
      resolve(inMode(last, cat.limit.hours * between(0.2, 0.8)))
      act({ type: 'verify', note: pick(rand, NOTES.verify) }, grid.desk, at(desk(last, between(0.2, 6))))
      rate(addWorkingHours(new Date(last), between(0.5, 16)).getTime(), true)
    }
  }
  catch (error) {
    // STOP: the next step lies after `now`; CalendarRangeError: after the last year with holiday data
    if (error !== STOP && !(error instanceof CalendarRangeError))
      throw error
  }
}

/** The territory the generator needs: grids with their buildings, team, desk and street actors. */
function loadGrids({ sqlite }: Database): Grid[] {
  const users = (role: string) => new Map((sqlite.prepare('SELECT scope_code AS code, min(id) AS id, display_name AS name FROM users WHERE role = ? AND disabled = 0 GROUP BY scope_code').all(role) as { code: string, id: number, name: string }[]).map(u => [u.code, u]))
  const communityUsers = users('community')
  const streetUsers = users('street')
  const office = (role: 'community' | 'street', code: string, name: string): Person => {
    const user = (role === 'community' ? communityUsers : streetUsers).get(code)
    return { actor: { id: user ? `user:${user.id}` : `${role}:${code}`, role }, name: user?.name ?? name, userId: user?.id ?? null }
  }
  const buildings = new Map<string, Building[]>()
  for (const b of sqlite.prepare(`SELECT code, grid_code AS grid, name, lon, lat, type IN ('residential', 'mixed') AS home, type IN ('market', 'mixed', 'office') AS busy FROM buildings ORDER BY code`).all() as (Building & { grid: string })[])
    buildings.set(b.grid, [...buildings.get(b.grid) ?? [], { code: b.code, name: b.name, lon: b.lon, lat: b.lat, home: Boolean(b.home), busy: Boolean(b.busy) }])
  const teams = new Map<string, Person[]>()
  for (const s of sqlite.prepare(`SELECT a.grid_code AS grid, a.staff_id AS id, a.role, s.name, (SELECT min(u.id) FROM users u WHERE u.staff_id = s.id) AS userId
      FROM grid_assignments a JOIN staff s ON s.id = a.staff_id ORDER BY a.grid_code, a.role, a.staff_id`).all() as { grid: string, id: number, role: string, name: string, userId: number | null }[])
    teams.set(s.grid, [...teams.get(s.grid) ?? [], { actor: { id: String(s.id), role: s.role === 'leader' ? 'grid_leader' : 'grid_member' }, name: s.name, userId: s.userId }])
  const rows = sqlite.prepare(`SELECT g.code, c.code AS community, c.name AS place, c.kind, c.full_name AS fullName, s.code AS street, s.name AS streetName
    FROM grids g JOIN communities c ON c.code = g.community_code JOIN streets s ON s.code = c.street_code ORDER BY g.code`).all() as { code: string, community: string, place: string, kind: string, fullName: string, street: string, streetName: string }[]
  return rows.flatMap((g) => {
    const team = teams.get(g.code) ?? []
    const inGrid = buildings.get(g.code) ?? []
    // the loop needs a leader and a second person (for reassignment) and somewhere to be
    if (team.length < 2 || team[0]!.actor.role !== 'grid_leader' || inGrid.length === 0)
      return []
    const desk = office('community', g.community, g.kind === 'village' ? `${g.fullName}工作人员` : `${g.place}工作者`)
    return [{
      code: g.code,
      community: g.community,
      place: g.place,
      urban: g.kind === 'community',
      pilot: desk.userId !== null,
      desk,
      street: office('street', g.street, `${g.streetName}指挥中心`),
      team,
      buildings: inGrid,
    }]
  })
}

/** One placeholder photo and thumbnail per upload id, as the upload route lays them out; hard links of the first. */
function writePhotos(uploadsDir: string, ids: string[]) {
  let first: string | undefined
  const made = new Set<string>()
  for (const id of ids) {
    const dir = join(uploadsDir, id.slice(0, 2))
    if (!made.has(dir))
      mkdirSync(dir, { recursive: true })
    made.add(dir)
    const photo = join(dir, id)
    for (const [path, bytes, source] of [[photo, PHOTO.bytes, first], [`${photo}.thumb.webp`, THUMB, first && `${first}.thumb.webp`]] as const) {
      try {
        if (source)
          linkSync(source, path)
        else
          writeFileSync(path, bytes, { flag: 'wx' })
      }
      catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EEXIST') // a re-run into the same folder: the same bytes are there
          continue
        if (!source)
          throw error
        writeFileSync(path, bytes) // no hard links on this file system
      }
    }
    first ??= photo
  }
}

/** The tracking code of a simulated web report (deterministic by seed and case number). */
export function simulatedTrackingCode(seed: string, number: string): string {
  const digest = createHash('sha256').update(`${seed}:${number}`).digest()
  let i = 0
  return trackingCodeFrom(() => digest[i++]! % TRACKING_ALPHABET.length)
}

/** Inserts the simulated cases, events and uploads in one transaction; returns the event count. */
function insertCases({ sqlite }: Database, simulated: SimCase[], seed: string): number {
  const insertCase = sqlite.prepare(`INSERT INTO cases (number, tracking_hash, channel, category_code, description, lon, lat, address, building_code, grid_code, community_code,
      reporter_name, reporter_phone, external_ref, created_by, status, version, assignee_id, deadline, rework_count, reopen_count, extension_count, extension_deadline, extension_by,
      escalated, rating, rating_comment, reported_at, closed_at, updated_at, dispatched_at, resolved_at, due_soon_at, on_time, handling_minutes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertEvent = sqlite.prepare(`INSERT INTO case_events (case_id, at, action, from_status, to_status, actor_user_id, actor_name, actor_role, note, attachments, assignee_id, deadline, rating)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertUpload = sqlite.prepare('INSERT INTO uploads (id, mime, bytes, width, height, uploaded_by, case_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
  let events = 0
  sqlite.transaction(() => {
    for (const c of simulated) {
      const s = c.state
      // a resident's report carries a tracking code; the simulated ones are derived from the seed
      const tracking = c.channel === 'resident_web' ? sha256(simulatedTrackingCode(seed, c.number)) : null
      const id = Number(insertCase.run(c.number, tracking, c.channel, c.category.code, c.description, c.building.lon, c.building.lat, `${c.grid.place}${c.building.name}`, c.building.code, c.grid.code, c.grid.community, c.reporterName, c.reporterPhone, c.externalRef, c.reporter.userId, s.status, c.events.length, s.assigneeId === null ? null : Number(s.assigneeId), s.deadline?.getTime() ?? null, s.reworkCount, s.reopenCount, s.extensionCount, s.extension?.requestedDeadline.getTime() ?? null, s.extension?.requestedBy ?? null, s.escalated ? 1 : 0, s.rating, s.rating === null ? null : c.ratingComment, c.reportedAt, s.closedAt?.getTime() ?? null, c.events.at(-1)!.at, c.stamps.dispatchedAt, c.stamps.resolvedAt, c.stamps.dueSoonAt, c.stamps.onTime === null ? null : Number(c.stamps.onTime), c.stamps.handlingMinutes).lastInsertRowid)
      for (const e of c.events)
        insertEvent.run(id, e.at, e.action, e.from, e.to, e.actor.userId, e.actor.name, e.actor.actor.role, e.note, JSON.stringify(e.attachments), e.assigneeId, e.deadline, e.rating)
      for (const u of c.uploads)
        insertUpload.run(u.id, PHOTO.mime, PHOTO.bytes.length, PHOTO.width, PHOTO.height, u.by, id, u.at)
      events += c.events.length
    }
  }).immediate()
  return events
}
