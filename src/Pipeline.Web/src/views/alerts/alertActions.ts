// Which actions the alert page offers: exactly what the API says this person may do with this alert
// (`permissions` on GET /api/alerts/{id}, from the domain's AlertRights), narrowed by the alert's state — nothing is
// offered on a resolved alert, acknowledging only while it is open, resolving only once every instruction is answered.
// The API still enforces the same rules, and a refusal still comes back as a message.
import type { Alert } from '@/api/types'

export interface AlertActions {
  acknowledge: boolean
  comment: boolean
  snooze: boolean
  resolve: boolean
  instruct: boolean
  /** The instructions this person may answer (待我答复). */
  answerable: number[]
  /** Why resolving is not offered although the person may resolve, for a hint beside the buttons. */
  resolveBlocked: string | null
}

const none: AlertActions = { acknowledge: false, comment: false, snooze: false, resolve: false, instruct: false, answerable: [], resolveBlocked: null }

export function alertActions(alert: Alert): AlertActions {
  const may = alert.permissions
  if (!may || alert.status === 'resolved') return none
  const open = (alert.instructions ?? []).filter((i) => i.response == null)
  return {
    acknowledge: may.acknowledge && alert.status === 'open',
    comment: may.comment,
    snooze: may.snooze,
    resolve: may.resolve && open.length === 0,
    instruct: may.instruct,
    answerable: may.answer ? open.map((i) => i.id) : [],
    resolveBlocked: may.resolve && open.length > 0 ? '有尚未反馈的督办，待责任人反馈后才能解除' : null,
  }
}
