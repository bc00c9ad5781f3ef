import { describe, expect, it } from 'vitest'
import type { Alert, Instruction } from '@/api/types'
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

const responsible = { id: 10, roles: ['staff'] as const }
const leader = { id: 20, roles: ['leader'] as const }
const otherLeader = { id: 21, roles: ['leader'] as const }
const head = { id: 30, roles: ['staff'] as const }
const admin = { id: 1, roles: ['admin'] as const }

describe('who may act on an alert', () => {
  it('lets the responsible person acknowledge and answer, not snooze or resolve', () => {
    const actions = alertActions(alert({ instructions: [instruction(7, null)] }), responsible, [])
    expect(actions).toMatchObject({ acknowledge: true, snooze: false, resolve: false, instruct: false, answerable: [7] })
  })

  it('lets the project leader instruct, snooze and resolve', () => {
    expect(alertActions(alert(), leader, [])).toMatchObject({ acknowledge: false, snooze: true, resolve: true, instruct: true })
  })

  it('lets another leader only read', () => {
    expect(alertActions(alert(), otherLeader, [])).toMatchObject({ acknowledge: false, snooze: false, resolve: false, instruct: false })
  })

  it('lets the head of the unit snooze and resolve', () => {
    expect(alertActions(alert(), head, [3])).toMatchObject({ snooze: true, resolve: true, instruct: false })
  })

  it('keeps resolving closed while an instruction waits for its answer, and says why', () => {
    const actions = alertActions(alert({ instructions: [instruction(7, null)] }), admin, [])
    expect(actions.resolve).toBe(false)
    expect(actions.resolveBlocked).toContain('督办')
  })

  it('offers nothing on a resolved alert', () => {
    expect(alertActions(alert({ status: 'resolved' }), admin, [])).toMatchObject({ snooze: false, resolve: false, instruct: false, answerable: [] })
  })

  it('does not offer answered instructions', () => {
    expect(alertActions(alert({ instructions: [instruction(7, '已开工')] }), responsible, []).answerable).toEqual([])
  })
})
