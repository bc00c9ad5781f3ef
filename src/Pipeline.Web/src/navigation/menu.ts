// What each role finds in the navigation, and where each lands after signing in. Only what to show: the API decides
// what each may read and do, and answers 403 whatever the menu says.
import type { Role } from '@/api/types'

export type Section = 'cockpit' | 'alerts' | 'projects' | 'dispatch' | 'trips' | 'leads' | 'reviews' | 'tripReport' | 'admin' | 'audit' | 'notifications'

export interface NavItem {
  section: Section
  path: string
  label: string
}

const items: Record<Section, NavItem> = {
  cockpit: { section: 'cockpit', path: '/cockpit', label: '领导驾驶舱' },
  alerts: { section: 'alerts', path: '/alerts', label: '预警督办' },
  projects: { section: 'projects', path: '/projects', label: '项目库' },
  dispatch: { section: 'dispatch', path: '/dispatch', label: '月度调度' },
  trips: { section: 'trips', path: '/trips', label: '外出招商' },
  leads: { section: 'leads', path: '/leads', label: '线索库' },
  reviews: { section: 'reviews', path: '/reviews', label: '预审' },
  tripReport: { section: 'tripReport', path: '/reports/trips', label: '招商成效' },
  admin: { section: 'admin', path: '/admin', label: '系统管理' },
  audit: { section: 'audit', path: '/audit', label: '审计日志' },
  notifications: { section: 'notifications', path: '/notifications', label: '通知' },
}

/** The sections each role works in, in the order the role uses them most. 通知 is reached from the bell. */
const sectionsByRole: Record<Role, Section[]> = {
  leader: ['cockpit', 'alerts', 'dispatch', 'projects', 'trips', 'leads', 'tripReport'],
  // 三员分立: the system administrator keeps accounts and settings but does not read the audit log; the security
  // administrator grants roles (系统管理's 用户 tab); the auditor reads the log.
  admin: ['cockpit', 'alerts', 'projects', 'dispatch', 'trips', 'leads', 'reviews', 'tripReport', 'admin'],
  auditor: ['cockpit', 'alerts', 'projects', 'dispatch', 'trips', 'leads', 'tripReport', 'audit'],
  securityAdmin: ['admin'],
  staff: ['projects', 'dispatch', 'trips', 'leads', 'reviews', 'alerts', 'cockpit', 'tripReport'],
  committee: ['reviews', 'projects'],
}

/** Sections everyone signed in has, outside the navigation bar. */
const everyone: Section[] = ['notifications']

/** Roles in the order that decides the landing page of someone with several. */
const precedence: Role[] = ['leader', 'admin', 'staff', 'auditor', 'committee', 'securityAdmin']

/** The navigation of someone with these roles: every section any of them has, the first role's order first. */
export function navigationFor(roles: readonly Role[]): NavItem[] {
  const sections: Section[] = []
  for (const role of precedence.filter((r) => roles.includes(r))) {
    for (const section of sectionsByRole[role]) {
      if (!sections.includes(section)) sections.push(section)
    }
  }
  return sections.map((s) => items[s])
}

/** Where someone lands after signing in: leaders on the cockpit, staff in the project library, the committee in 预审. */
export function homeFor(roles: readonly Role[]): string {
  return navigationFor(roles)[0]?.path ?? '/projects'
}

/** Whether someone with these roles may open the pages of a section. */
export function allows(roles: readonly Role[], section: Section): boolean {
  return (roles.length > 0 && everyone.includes(section)) || navigationFor(roles).some((item) => item.section === section)
}
