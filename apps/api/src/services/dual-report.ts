import type { DualReport } from '@gridgov/db'
import type { Member, Unit } from '@gridgov/domain'
/**
 * 双报告 as a spreadsheet (exceljs): what a registered unit or in-service Party member did in the
 * community, in the sheets a community office files back to their Party organisation —
 * 基本情况 (who, registration, totals), 参与项目, 志愿服务时长 (with the total), 提供资源.
 */
import { PROJECT_STATUS_LABELS, RESOURCE_TYPE_LABELS, TIME_SLOT_LABELS, UNIT_TYPE_LABELS } from '@gridgov/domain'
import ExcelJS from 'exceljs'

const RED = 'FFC8161D'
const ROLE_LABELS = { lead: '牵头', resource: '提供资源', volunteer: '志愿服务' } as const

function header(sheet: ExcelJS.Worksheet, titles: string[], widths: number[]) {
  sheet.columns = titles.map((_, i) => ({ width: widths[i] ?? 14 }))
  const row = sheet.addRow(titles)
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } }
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RED } }
    cell.alignment = { vertical: 'middle', horizontal: 'center' }
  })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
}

/** The workbook as an .xlsx buffer. `now` stamps the 制表日期. */
export async function dualReportWorkbook(kind: 'unit' | 'member', report: DualReport<Unit> | DualReport<Member>, now: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'GridGov 网格化党建'
  wb.created = new Date(now)
  const s = report.subject
  const period = report.from || report.to ? `${report.from ?? '起始'} 至 ${report.to ?? '今'}` : '全部'
  const rated = report.projects.filter(p => p.providerRating !== null)
  const avg = rated.length ? (rated.reduce((a, p) => a + p.providerRating!, 0) / rated.length).toFixed(1) : '—'

  const info = wb.addWorksheet('基本情况')
  info.columns = [{ width: 22 }, { width: 48 }]
  info.mergeCells('A1:B1')
  info.getCell('A1').value = kind === 'unit' ? '驻区单位双报到服务报告' : '在职党员双报到服务报告'
  info.getCell('A1').font = { bold: true, size: 16, color: { argb: RED } }
  info.getCell('A1').alignment = { horizontal: 'center' }
  const rows: [string, string | number][] = kind === 'unit'
    ? (() => {
        const u = s as Unit
        return [
          ['单位名称', u.name],
          ['单位类型', UNIT_TYPE_LABELS[u.type]],
          ['党组织名称', u.partyOrg],
          ['党员人数', u.partyMembers],
          ['报到社区', u.communityName],
          ['报到日期', u.registeredOn],
          ['共建协议', u.agreementNo ? `${u.agreementNo}（${u.agreementFrom ?? ''} 至 ${u.agreementTo ?? ''}）` : '未签订'],
          ['联系人', `${u.contactName} ${u.contactPhone}`],
        ]
      })()
    : (() => {
        const m = s as Member
        return [
          ['姓名', m.name],
          ['工作单位', m.workplace],
          ['报到社区', m.communityName],
          ['所在网格', m.gridName ?? '—'],
          ['报到日期', m.registeredOn],
          ['特长', m.skills.join('、') || '—'],
          ['可服务时段', m.slots.map(x => TIME_SLOT_LABELS[x as keyof typeof TIME_SLOT_LABELS] ?? x).join('、') || '—'],
        ]
      })()
  rows.push(
    ['统计期间', period],
    ['参与项目', `${report.projects.length} 个`],
    ['提供资源', `${report.resources.length} 项`],
    ['志愿服务时长合计', `${report.totalHours} 小时`],
    ['社区评价（平均）', rated.length ? `${avg} 分（${rated.length} 个项目）` : '暂无'],
    ['制表日期', new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)],
  )
  for (const [k, v] of rows) {
    const row = info.addRow([k, v])
    row.getCell(1).font = { bold: true }
  }

  const projects = wb.addWorksheet('参与项目')
  header(projects, ['项目名称', '参与方式', '状态', '计划开始', '计划结束', '服务人数', '社区评价', '服务时长（小时）'], [32, 12, 10, 12, 12, 10, 10, 16])
  for (const p of report.projects)
    projects.addRow([p.title, ROLE_LABELS[p.role], PROJECT_STATUS_LABELS[p.status as keyof typeof PROJECT_STATUS_LABELS] ?? p.status, p.plannedFrom, p.plannedTo, p.beneficiariesServed ?? '', p.providerRating ?? '', p.hours])

  const hours = wb.addWorksheet('志愿服务时长')
  header(hours, ['服务日期', '姓名', '项目', '时长（小时）', '备注'], [12, 12, 32, 14, 30])
  for (const h of report.hours)
    hours.addRow([h.servedOn, h.personName, h.projectTitle, h.hours, h.note ?? ''])
  const total = hours.addRow(['合计', '', '', report.totalHours, ''])
  total.font = { bold: true }

  const resources = wb.addWorksheet('提供资源')
  header(resources, ['资源名称', '类型', '总量', '已使用', '计量单位', '可用期', '状态'], [28, 10, 10, 10, 10, 26, 10])
  for (const r of report.resources)
    resources.addRow([r.title, RESOURCE_TYPE_LABELS[r.type as keyof typeof RESOURCE_TYPE_LABELS] ?? r.type, r.capacity, r.used, r.measure, `${r.availableFrom} 至 ${r.availableTo}`, r.withdrawn ? '已撤回' : '有效'])

  return Buffer.from(await wb.xlsx.writeBuffer())
}
