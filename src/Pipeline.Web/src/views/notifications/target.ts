// Where a notification leads: the alert it is about (or the alert of its instruction), or the matters of the
// monthly 调度 for a matter raised, assigned or answered.
import type { Notification } from '@/api/types'

export function notificationTarget(item: Pick<Notification, 'alertId' | 'kind'>): string | null {
  if (item.alertId) return `/alerts/${item.alertId}`
  if (item.kind.startsWith('matter')) return '/dispatch?tab=matters'
  return null
}

/** The link's words: 查看督办 for instructions and their answers, 查看事项 for matters, else 查看预警. */
export function notificationLinkText(item: Pick<Notification, 'alertId' | 'kind'>): string {
  if (item.kind.startsWith('matter')) return '查看事项'
  return item.kind === 'instruction' || item.kind === 'answer' || item.kind === 'overdue' ? '查看督办' : '查看预警'
}
