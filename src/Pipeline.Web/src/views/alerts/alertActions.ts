// Which actions the alert page offers to whom, following the rules of issue 2/8 (README, Alerts): the responsible
// person acknowledges and answers instructions; the project's leader (包保领导), the head of its unit or an admin
// snoozes and resolves; they and admins issue 督办. Other leaders read. The API enforces the same rules: this only
// decides which buttons to show, and a refusal still comes back as a message.
import type { Alert, Role } from '@/api/types'

/** Who is asking: enough of the signed-in user to decide. */
export interface Asker {
  id: number
  roles: readonly Role[]
}

export interface AlertActions {
  acknowledge: boolean
  snooze: boolean
  resolve: boolean
  instruct: boolean
  /** The instructions this person may answer (待我答复). */
  answerable: number[]
  /** Why resolving is not offered although the person may resolve, for a hint beside the buttons. */
  resolveBlocked: string | null
}

export function alertActions(alert: Alert, me: Asker, headOf: readonly number[]): AlertActions {
  const none: AlertActions = { acknowledge: false, snooze: false, resolve: false, instruct: false, answerable: [], resolveBlocked: null }
  if (alert.status === 'resolved') return none
  const admin = me.roles.includes('admin')
  const responsible = alert.responsibleUserId === me.id
  const leader = alert.leaderId === me.id
  const head = headOf.includes(alert.unitId)
  const overseer = admin || leader || head
  const openInstruction = (alert.instructions ?? []).some((i) => i.response == null)
  return {
    acknowledge: responsible && alert.status === 'open',
    snooze: overseer,
    resolve: overseer && !openInstruction,
    instruct: admin || leader || (head && me.roles.includes('leader')),
    answerable: responsible ? (alert.instructions ?? []).filter((i) => i.response == null).map((i) => i.id) : [],
    resolveBlocked: overseer && openInstruction ? '有尚未反馈的督办，待责任人反馈后才能解除' : null,
  }
}

