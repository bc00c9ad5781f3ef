import { describe, expect, it } from 'vitest'
import { allows, homeFor, navigationFor } from './menu'

describe('navigation by role', () => {
  it('lands leaders on the cockpit, staff in the project library and the committee in 预审', () => {
    expect(homeFor(['leader'])).toBe('/cockpit')
    expect(homeFor(['staff'])).toBe('/projects')
    expect(homeFor(['committee'])).toBe('/reviews')
  })

  it('gives the committee 预审 and the project library only', () => {
    expect(navigationFor(['committee']).map((i) => i.label)).toEqual(['预审', '项目库'])
    expect(allows(['committee'], 'cockpit')).toBe(false)
    expect(allows(['committee'], 'admin')).toBe(false)
  })

  it('gives staff their daily forms: the monthly 调度, trips, leads, pre-review', () => {
    expect(navigationFor(['staff']).map((i) => i.section).slice(0, 5)).toEqual(['projects', 'dispatch', 'trips', 'leads', 'reviews'])
  })

  it('puts the leaders\' matters (月度调度) right after the alerts, and keeps them from the committee', () => {
    expect(navigationFor(['leader']).map((i) => i.label).slice(0, 3)).toEqual(['领导驾驶舱', '预警督办', '月度调度'])
    expect(allows(['committee'], 'dispatch')).toBe(false)
  })

  it('keeps administration to the two administrators and the audit log to auditors alone (三员分立)', () => {
    expect(allows(['admin'], 'admin')).toBe(true)
    expect(allows(['securityAdmin'], 'admin')).toBe(true)
    expect(allows(['leader', 'staff'], 'admin')).toBe(false)
    expect(allows(['auditor'], 'audit')).toBe(true)
    expect(allows(['admin'], 'audit')).toBe(false)
    expect(allows(['securityAdmin'], 'audit')).toBe(false)
    expect(allows(['staff'], 'audit')).toBe(false)
  })

  it('lands the security administrator on 系统管理, where roles are granted', () => {
    expect(homeFor(['securityAdmin'])).toBe('/admin')
  })

  it('merges the sections of several roles, the leading role first', () => {
    expect(navigationFor(['staff', 'leader']).map((i) => i.section)).toEqual(['cockpit', 'alerts', 'dispatch', 'projects', 'trips', 'leads', 'tripReport', 'reviews'])
  })

  it('lets everyone signed in read their notifications, and nobody without a role', () => {
    expect(allows(['committee'], 'notifications')).toBe(true)
    expect(allows([], 'notifications')).toBe(false)
  })

  it('shows nothing to someone with no role', () => {
    expect(navigationFor([])).toEqual([])
    expect(homeFor([])).toBe('/projects')
  })
})
