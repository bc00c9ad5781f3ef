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

/** A name table as a select's choices, in the table's order. */
export function optionsOf<K extends string>(names: Record<K, string>): { value: K; label: string }[] {
  return (Object.entries(names) as [K, string][]).map(([value, label]) => ({ value, label }))
}

export const tripStatusNames: Record<string, string> = {
  registered: '待审批',
  approved: '已批准',
  completed: '已报告',
  rejected: '未批准',
  cancelled: '已取消',
}

export const leadStatusNames: Record<string, string> = {
  new: '待核实',
  verified: '已核实',
  converted: '已转化',
  dropped: '已放弃',
  false: '虚报',
}

export const leadSourceNames: Record<string, string> = {
  trip: '外出招商',
  referral: '朋友推介',
  expo: '展会',
  online: '网络',
  businessReferral: '以商招商',
  other: '其他',
}

export const voteNames: Record<string, string> = { approve: '同意', reject: '不同意', abstain: '弃权' }

export const reviewOutcomeNames: Record<string, string> = { passed: '通过', rejected: '未通过', deferred: '暂缓' }

export const reviewStatusNames: Record<string, string> = { open: '评审中', decided: '已决定', withdrawn: '已撤回' }

export const unitKindNames: Record<string, string> = { bureau: '局', township: '乡镇', park: '园区', department: '部门', other: '其他' }

export const parcelStatusNames: Record<string, string> = { reserve: '收储', available: '可供', supplied: '已供' }

export const notificationKindNames: Record<string, string> = {
  alert: '预警',
  digest: '每日汇总',
  instruction: '督办',
  answer: '督办反馈',
  overdue: '督办逾期',
  matter: '需协调事项',
  matterAssigned: '交办事项',
  matterAnswered: '交办反馈',
}

export const matterStatusNames: Record<string, string> = { raised: '待交办', assigned: '办理中', answered: '已反馈', closed: '已办结' }

export const attachmentKindNames: Record<string, string> = {
  contract: '正式合同',
  supplement: '补充协议',
  feasibility: '可行性研究报告',
  environmentalAssessment: '环评材料',
  energyAssessment: '能评材料',
  sitePhoto: '现场照片',
  visitRecord: '走访记录',
  instructionAnswer: '督办反馈材料',
  other: '其他',
}

export const webhookKindNames: Record<string, string> = { wecom: '企业微信群机器人', dingtalk: '钉钉群机器人', json: '通用 JSON' }

export const matchedByNames: Record<string, string> = { creditCode: '统一社会信用代码相同', name: '名称相同（忽略全半角、空格和“有限公司”等）' }

export const projectOriginNames: Record<string, string> = {
  api: '系统录入',
  lead: '线索转化',
  ledgerImport: '台账导入',
  ledgerMigration: '存量迁移（无预审记录）',
}
