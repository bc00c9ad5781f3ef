// The Chinese names people read for the API's codes. The API also sends stageName and ruleName; these cover the
// codes that arrive without a name, and the workspace's own choices (filters, forms).
import type { ActivityKind, AgreementType, AlertLevel, AlertStatus, LandMode, Role, Stage } from '@/api/types'

export const stageNames: Record<Stage, string> = {
  talks: '洽谈',
  preReview: '预审',
  signed: '签约',
  landSupply: '供地',
  groundbreaking: '开工',
  production: '投产',
  dropped: '终止',
}

/** The stages in the order a project goes through them, for filters and the timeline. */
export const stageOrder: Stage[] = ['talks', 'preReview', 'signed', 'landSupply', 'groundbreaking', 'production', 'dropped']

/** Element Plus tag types that tell the stages apart at a glance. */
export const stageTagTypes: Record<Stage, 'info' | 'primary' | 'warning' | 'success' | 'danger'> = {
  talks: 'info',
  preReview: 'warning',
  signed: 'primary',
  landSupply: 'primary',
  groundbreaking: 'success',
  production: 'success',
  dropped: 'danger',
}

export const levelNames: Record<AlertLevel, string> = { red: '红色', orange: '橙色', yellow: '黄色' }

export const alertStatusNames: Record<AlertStatus, string> = { open: '未处理', acknowledged: '已签收', resolved: '已解除' }

export const roleNames: Record<Role, string> = {
  admin: '系统管理员',
  staff: '招商专员',
  leader: '包保领导',
  committee: '预审委员',
  auditor: '审计员',
  securityAdmin: '安全管理员',
}

export const landModeNames: Record<LandMode, string> = { newLand: '新增用地', existingBuilding: '标准厂房/租赁厂房' }

export const activityKindNames: Record<ActivityKind, string> = {
  visit: '走访',
  call: '电话',
  meeting: '会谈',
  dispatch: '调度',
  other: '其他',
}

export const agreementTypeNames: Record<AgreementType, string> = {
  intention: '意向协议',
  framework: '框架协议',
  formal: '正式合同',
  capitalIncrease: '增资协议',
}

/** The reasons a project is dropped (终止), as the API knows them. */
export const dropReasonNames: Record<string, string> = {
  investorWithdrew: '投资方撤回',
  fundingFailed: '资金不到位',
  policyMismatch: '不符合产业政策',
  landUnavailable: '用地无法保障',
  reviewRejected: '预审未通过',
  settledElsewhere: '落户他地',
  duplicate: '重复录入',
  other: '其他',
}

/** What happened to an alert, as its history records it. */
export const alertEventNames: Record<string, string> = {
  opened: '产生预警',
  escalated: '升级',
  acknowledged: '签收',
  commented: '说明',
  snoozed: '暂缓提醒',
  resolved: '解除',
  instructed: '督办',
  answered: '反馈督办',
}

export const contractChangeStatusNames: Record<string, string> = {
  pending: '待审批',
  approved: '已批准',
  refused: '已驳回',
}

/** A name for a code, or the code itself when the API sent one the workspace does not know yet. */
export function nameOf(names: Record<string, string>, code: string | null | undefined): string {
  if (!code) return ''
  return names[code] ?? code
}
