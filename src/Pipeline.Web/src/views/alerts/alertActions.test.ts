import { describe, expect, it } from 'vitest'
import type { Alert, AlertPermissions, Instruction } from '@/api/types'
import { alertActions } from './alertActions'

const instruction = (id: number, response: string | null): Instruction => ({
  id,
  text: '本周报送开工计划',
  dueOn: '2026-06-22',
  issuedBy: 9,
  issuedAt: '2026-06-15T02:00:00Z',
  response,
  respondedBy: null,
  respondedAt: null,
  overdue: false,
})

function alert(changes: Partial<Alert> = {}): Alert {
  return {
    id: 1, ruleCode: 'signedNotStarted', ruleName: '签约未开工', level: 'red', status: 'open', projectId: 5, tripId: null,
    subjectName: '项目', since: '2026-01-01', days: 120, openedAt: '', resolvedAt: null, resolution: null, resolveReason: null,
    acknowledgedAt: null, ackComment: null, snoozedUntil: null, snoozeReason: null, responsibleUserId: 10,
    responsibleName: '张伟', unitId: 3, unitName: '东城镇', leaderId: 20, leaderName: '陈副市长', hasOverdueInstruction: false,
    version: 1, history: [], instructions: [], ...changes,
  }
}

const may = (changes: Partial<AlertPermissions> = {}): AlertPermissions => ({
  acknowledge: false, comment: false, snooze: false, resolve: false, instruct: false, answer: false, ...changes,
})

describe('what the alert page offers', () => {
  it('offers the responsible person what the API allows: acknowledge, comment and answer', () => {
    const actions = alertActions(alert({ permissions: may({ acknowledge: true, comment: true, answer: true }), instructions: [instruction(7, null)] }))
    expect(actions).toMatchObject({ acknowledge: true, comment: true, snooze: false, resolve: false, instruct: false, answerable: [7] })
  })

  it('offers the project leader instructing, snoozing and resolving when the API allows them', () => {
    expect(alertActions(alert({ permissions: may({ acknowledge: true, snooze: true, resolve: true, instruct: true }) }))).toMatchObject({
      snooze: true,
      resolve: true,
      instruct: true,
    })
  })

  it('offers a reader nothing, and nothing when the API sent no permissions', () => {
    expect(alertActions(alert({ permissions: may() }))).toMatchObject({ acknowledge: false, snooze: false, resolve: false, instruct: false, answerable: [] })
    expect(alertActions(alert({ permissions: undefined })).snooze).toBe(false)
  })

  it('offers acknowledging only while the alert is open', () => {
    expect(alertActions(alert({ status: 'acknowledged', permissions: may({ acknowledge: true }) })).acknowledge).toBe(false)
  })

  it('keeps resolving closed while an instruction waits for its answer, and says why', () => {
    const actions = alertActions(alert({ permissions: may({ resolve: true }), instructions: [instruction(7, null)] }))
    expect(actions.resolve).toBe(false)
    expect(actions.resolveBlocked).toContain('督办')
  })

  it('offers nothing on a resolved alert', () => {
    const all = may({ acknowledge: true, comment: true, snooze: true, resolve: true, instruct: true, answer: true })
    expect(alertActions(alert({ status: 'resolved', permissions: all }))).toMatchObject({ snooze: false, resolve: false, instruct: false, answerable: [] })
  })

  it('does not offer answered instructions', () => {
    expect(alertActions(alert({ permissions: may({ answer: true }), instructions: [instruction(7, '已开工')] })).answerable).toEqual([])
  })
})
