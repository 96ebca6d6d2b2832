import type { AuditAction, Role } from '@gridgov/domain/core'

/** What the UI offers per role. The server enforces the same rules; this only hides dead ends. */
const ALLOWED = {
  /** 系统管理: accounts and the audit log */
  admin: ['admin'],
  /** 查看完整号码 of grid staff (domain CAN_REVEAL_STAFF_PHONE) */
  revealPhone: ['admin', 'street', 'community', 'grid_leader'],
  /** 指挥大屏: the KPI dashboard of the user's territory (the API scopes it) */
  dashboard: ['admin', 'street', 'community'],
  /** 案件台账: the case board and case pages at a desk */
  caseBoard: ['admin', 'street', 'community'],
  /** 登记诉求: intake of phone, walk-in and 12345 cases */
  caseIntake: ['admin', 'street', 'community'],
  /** 我的待办 + 巡查上报: the grid staff's tablet view */
  field: ['grid_leader', 'grid_member'],
  /** 三张清单: register units and members, add needs and resources, run projects (domain LIST_WRITERS) */
  listsWrite: ['street', 'community'],
} satisfies Record<string, readonly Role[]>

export type UiAction = keyof typeof ALLOWED

export function roleCan(role: Role | undefined, action: UiAction): boolean {
  return role !== undefined && (ALLOWED[action] as readonly Role[]).includes(role)
}

/** An audit action as an i18n message key (`login.success` → `login_success`). */
export type AuditActionKey = AuditAction extends infer A ? A extends `${infer H}.${infer T}` ? `${H}_${T}` : A : never

/** i18n key of an audit action: vue-i18n reads dots as nesting, so `login.success` → `login_success`. */
export const auditActionKey = (action: string) => `auditAction.${action.replace('.', '_')}`
