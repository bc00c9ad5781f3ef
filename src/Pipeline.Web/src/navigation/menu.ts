// What each role finds in the navigation, and where each lands after signing in. Only what to show: the API decides
// what each may read and do, and answers 403 whatever the menu says.
import type { Role } from '@/api/types'

export type Section = 'cockpit' | 'alerts' | 'projects'

export interface NavItem {
  section: Section
  path: string
  label: string
}

const items: Record<Section, NavItem> = {
  cockpit: { section: 'cockpit', path: '/cockpit', label: '领导驾驶舱' },
  alerts: { section: 'alerts', path: '/alerts', label: '预警督办' },
  projects: { section: 'projects', path: '/projects', label: '项目库' },
}

/** The sections each role works in, in the order the role uses them most. */
const sectionsByRole: Record<Role, Section[]> = {
  leader: ['cockpit', 'alerts', 'projects'],
  admin: ['cockpit', 'alerts', 'projects'],
  auditor: ['cockpit', 'alerts', 'projects'],
  securityAdmin: ['projects'],
  staff: ['projects', 'alerts', 'cockpit'],
  committee: ['projects'],
}

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

/** Where someone lands after signing in: leaders on the cockpit, staff in the project library. */
export function homeFor(roles: readonly Role[]): string {
  return navigationFor(roles)[0]?.path ?? '/projects'
}

/** Whether the navigation of these roles has the section a path belongs to. */
export function allows(roles: readonly Role[], section: Section): boolean {
  return navigationFor(roles).some((item) => item.section === section)
}
