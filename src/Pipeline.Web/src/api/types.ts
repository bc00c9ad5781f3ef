// The API's shapes as the workspace reads them (JSON in camelCase; dates yyyy-MM-dd; instants ISO 8601 UTC;
// amounts in 万元 and areas in 亩 as numbers). Only the fields the pages use are named.

export type Role = 'admin' | 'staff' | 'leader' | 'committee' | 'auditor' | 'securityAdmin'

export type Stage = 'talks' | 'preReview' | 'signed' | 'landSupply' | 'groundbreaking' | 'production' | 'dropped'

export type LandMode = 'newLand' | 'existingBuilding'

export type AlertLevel = 'yellow' | 'orange' | 'red'

export type AlertStatus = 'open' | 'acknowledged' | 'resolved'

export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface TokenResponse {
  accessToken: string
  tokenType: string
  expiresIn: number
}

export interface Me {
  id: number
  userName: string
  displayName: string
  roles: Role[]
  unitId: number | null
  mustChangePassword: boolean
}

export interface Unit {
  id: number
  name: string
  kind: string
  parentId: number | null
  headUserId: number | null
}

export interface User {
  id: number
  userName: string
  displayName: string
  roles: Role[]
  unitId: number | null
}

export interface Industry {
  code: string
  name: string
  parentCode: string | null
  isPriority: boolean
}

export interface ProjectSummary {
  id: number
  name: string
  companyName: string | null
  industryCode: string
  totalInvestment: number
  landMode: LandMode
  stage: Stage
  stageName: string
  stageEnteredOn: string
  responsibleUnitId: number
  responsibleUnitName: string | null
  responsiblePersonName: string | null
  leaderName: string | null
  signedOn: string | null
  isKey: boolean
}

export interface Project extends ProjectSummary {
  companyId: number | null
  fixedAssetInvestment: number | null
  landAreaMu: number | null
  originRegion: string | null
  responsiblePersonId: number | null
  leaderId: number | null
  teamMemberIds: number[]
  droppedFrom: Stage | null
  talksStartedOn: string
  contractAmount: number | null
  plannedGroundbreakingOn: string | null
  plannedProductionOn: string | null
  landSuppliedOn: string | null
  landSuppliedMu: number | null
  preReviewOn: string | null
  groundbreakingOn: string | null
  productionOn: string | null
  nextStages: Stage[]
  origin?: string
  version: number
}

export interface HistoryEntry {
  id: number
  from: Stage | null
  to: Stage
  on: string
  recordedAt: string
  byUserId: number | null
  note: string | null
  amount: number | null
  areaMu: number | null
  landContractNo: string | null
  reasonCode: string | null
}

export type AgreementType = 'intention' | 'framework' | 'formal' | 'capitalIncrease'

export interface Agreement {
  id: number
  type: AgreementType
  signedOn: string
  amount: number | null
  note: string | null
}

export type ActivityKind = 'visit' | 'call' | 'meeting' | 'dispatch' | 'other'

export interface Activity {
  id: number
  kind: ActivityKind
  on: string
  summary: string
  createdAt: string
  createdBy: number | null
}

export interface Commitment {
  source: string
  id: number
  text: string | null
  dueOn: string | null
  amount: number | null
  indicator: string | null
  threshold: number | null
  byYear: number | null
  state: 'met' | 'pending' | 'behind'
  due: boolean
  actual: number | null
}

export interface Progress {
  projectId: number
  investments: { month: string; amount: number; cumulative: number }[]
  commitments: Commitment[]
  summary: {
    contracted: number
    invested: number
    fundingRate: number | null
    due: number
    met: number
    behind: number
    pending: number
    fulfilmentRate: number | null
    achieved: boolean
  }
}

export interface ContractChange {
  id: number
  status: string
  reason: string
  documentRef: string | null
  contractAmount: number | null
  plannedGroundbreakingOn: string | null
  plannedProductionOn: string | null
  contractAreaMu: number | null
  requestedAt?: string
  decidedAt?: string | null
  comment?: string | null
}

export interface AlertEvent {
  at: string
  event: string
  level: AlertLevel | null
  byUserId: number | null
  note: string | null
}

export interface Instruction {
  id: number
  text: string
  dueOn: string
  issuedBy: number
  issuedAt: string
  response: string | null
  respondedBy: number | null
  respondedAt: string | null
  overdue: boolean
}

export interface Alert {
  id: number
  ruleCode: string
  ruleName: string
  level: AlertLevel
  status: AlertStatus
  projectId: number | null
  tripId: number | null
  subjectName: string | null
  since: string
  days: number
  openedAt: string
  resolvedAt: string | null
  resolution: string | null
  resolveReason: string | null
  acknowledgedAt: string | null
  ackComment: string | null
  snoozedUntil: string | null
  snoozeReason: string | null
  responsibleUserId: number | null
  responsibleName: string | null
  unitId: number
  unitName: string | null
  leaderId: number | null
  leaderName: string | null
  hasOverdueInstruction: boolean
  version: number
  history?: AlertEvent[]
  instructions?: Instruction[]
}

export interface AlertSummary {
  red: number
  orange: number
  yellow: number
  newestRed: Alert[]
}

export interface AlertRule {
  code: string
  name: string
}

export interface Notification {
  id: number
  kind: string
  alertId: number | null
  level: AlertLevel | null
  title: string
  body: string
  createdAt: string
  readAt: string | null
}

/** cohort: the fate of the projects that entered talks in the period; period: what happened in the period. */
export type FunnelMode = 'cohort' | 'period'

export interface FunnelStage {
  stage: Stage | 'reviewPassed'
  stageName: string
  reached: number
  amount: number
  conversion: number | null
  current: number
  ofCohort: number | null
  conversionOf: string
}

export interface Funnel {
  mode: FunnelMode
  from: string
  to: string
  stages: FunnelStage[]
  droppedNow: number
  explanation: string
}

export interface WaitingProject {
  id: number
  name: string
  companyName: string | null
  stageName: string
  signedOn: string
  contractAmount: number | null
  plannedGroundbreakingOn: string | null
  daysSinceSigning: number
  responsibleUnitName: string | null
  responsiblePersonName: string | null
  leaderName: string | null
}

export interface SignedNotStarted {
  signedFrom: string
  signedTo: string
  asOf: string
  signed: number
  started: number
  notStarted: number
  startRate: number | null
  projects: Paged<WaitingProject>
  dropped: number
  toChase: number
}

export interface PerformanceRow {
  unitId: number
  unitName: string
  signedCount: number
  signedAmount: number
  startedCount: number
}

export interface Performance {
  from: string
  to: string
  units: PerformanceRow[]
  total: PerformanceRow
}

export interface UnitTarget {
  unitId: number
  unitName: string
  year: number
  signedCount: number
  signedAmount: number
  startedCount: number
}

export interface RankedUnit {
  rank: number
  unitId: number
  unitName: string
  targets: { signedCount: number; signedAmount: number; startedCount: number }
  results: { signedCount: number; signedAmount: number; startedCount: number; stalledProjects: number; falseLeads: number }
  score: { total: number }
  belowTargetsTwoYears: boolean
}

export interface UnrankedUnit {
  unitId: number
  unitName: string
  results: { signedCount: number; signedAmount: number; startedCount: number; stalledProjects: number; falseLeads: number }
}

export interface Ranking {
  year: number
  quarter: number | null
  units: RankedUnit[]
  unranked: UnrankedUnit[]
}

export interface LandAccount {
  year: number
  quotaMu: number | null
  suppliedMu: number
  demandedMu: number
  remainingMu: number | null
  uncoveredMu: number | null
  availableParcelsMu: number
}

export interface RowProblem {
  row: number
  column: string
  message: string
}

export interface ImportReport {
  dryRun: boolean
  rows: number
  created: number
  skipped: number
  problems: RowProblem[]
}
