/**
 * The words of the three lists (DESIGN.md §5), as data: unit types, resource types, need
 * categories (service areas), urgencies, sources and weekly time slots, each with its label as
 * the community's own forms print it. Codes are English; labels are what people read.
 */

/** 驻区单位类型 */
export const UNIT_TYPES = ['government', 'state_enterprise', 'private_company', 'school', 'hospital', 'social_org', 'office_building'] as const
export type UnitType = typeof UNIT_TYPES[number]
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  government: '机关事业单位',
  state_enterprise: '国有企业',
  private_company: '非公企业',
  school: '学校',
  hospital: '医院',
  social_org: '社会组织',
  office_building: '商务楼宇',
}

/** 资源类型 */
export const RESOURCE_TYPES = ['venue', 'funds', 'talent', 'volunteers', 'materials', 'service'] as const
export type ResourceType = typeof RESOURCE_TYPES[number]
export const RESOURCE_TYPE_LABELS: Record<ResourceType, string> = {
  venue: '场地',
  funds: '资金',
  talent: '人才',
  volunteers: '志愿服务',
  materials: '物资',
  service: '专业服务',
}

/** 需求类别 (service areas a need belongs to and a resource can serve). */
export const NEED_CATEGORIES = ['elderly', 'children', 'health', 'legal', 'housing', 'environment', 'parking', 'employment', 'culture', 'disability', 'safety'] as const
export type NeedCategory = typeof NEED_CATEGORIES[number]
export const NEED_CATEGORY_LABELS: Record<NeedCategory, string> = {
  elderly: '养老助老',
  children: '少儿关爱',
  health: '医疗健康',
  legal: '法律服务',
  housing: '住房改造',
  environment: '环境整治',
  parking: '停车交通',
  employment: '就业帮扶',
  culture: '文化体育',
  disability: '助残帮困',
  safety: '平安建设',
}

/** 紧急程度 */
export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const
export type Urgency = typeof URGENCIES[number]
export const URGENCY_LABELS: Record<Urgency, string> = { low: '一般', normal: '较急', high: '紧急', urgent: '特急' }

/** 需求来源: a cluster of resident cases, a door-to-door visit (入户走访), a survey, other. */
export const NEED_SOURCES = ['cases', 'visit', 'survey', 'other'] as const
export type NeedSource = typeof NEED_SOURCES[number]
export const NEED_SOURCE_LABELS: Record<NeedSource, string> = { cases: '居民诉求汇总', visit: '入户走访', survey: '问卷调查', other: '其他' }

/** Weekly time slots in which a need must be served or a resource is available. */
export const TIME_SLOTS = ['weekday_day', 'weekday_evening', 'weekend'] as const
export type TimeSlot = typeof TIME_SLOTS[number]
export const TIME_SLOT_LABELS: Record<TimeSlot, string> = { weekday_day: '工作日白天', weekday_evening: '工作日晚间', weekend: '周末' }

export const NEED_STATUSES = ['open', 'matched', 'in_project', 'fulfilled', 'closed'] as const
export type NeedStatus = typeof NEED_STATUSES[number]
export const NEED_STATUS_LABELS: Record<NeedStatus, string> = { open: '待对接', matched: '已匹配', in_project: '实施中', fulfilled: '已满足', closed: '已关闭' }

/** A resource's standing, derived from its window, remaining capacity and withdrawal. */
export const RESOURCE_STATUSES = ['available', 'exhausted', 'expired', 'withdrawn'] as const
export type ResourceStatus = typeof RESOURCE_STATUSES[number]
export const RESOURCE_STATUS_LABELS: Record<ResourceStatus, string> = { available: '可用', exhausted: '已用完', expired: '已过期', withdrawn: '已撤回' }

/** How a resource stands on `today` (YYYY-MM-DD). */
export function resourceStatus(r: { withdrawn: boolean, remaining: number, availableTo: string }, today: string): ResourceStatus {
  if (r.withdrawn)
    return 'withdrawn'
  if (r.availableTo < today)
    return 'expired'
  return r.remaining <= 0 ? 'exhausted' : 'available'
}
