import { describe, expect, it } from 'vitest'
import { notificationLinkText, notificationTarget } from './target'

describe('where a notification leads', () => {
  it('opens the alert of an alert or an instruction', () => {
    expect(notificationTarget({ alertId: 12, kind: 'instruction' })).toBe('/alerts/12')
    expect(notificationLinkText({ alertId: 12, kind: 'instruction' })).toBe('查看督办')
    expect(notificationLinkText({ alertId: 12, kind: 'alert' })).toBe('查看预警')
  })

  it('opens the matters of the monthly 调度 for a matter raised, assigned or answered', () => {
    for (const kind of ['matter', 'matterAssigned', 'matterAnswered']) {
      expect(notificationTarget({ alertId: null, kind })).toBe('/dispatch?tab=matters')
      expect(notificationLinkText({ alertId: null, kind })).toBe('查看事项')
    }
  })

  it('leads nowhere for a digest', () => {
    expect(notificationTarget({ alertId: null, kind: 'digest' })).toBeNull()
  })
})
