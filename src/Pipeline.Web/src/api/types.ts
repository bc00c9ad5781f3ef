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
  signedAmount?: number | null
  contractAreaMu?: number | null
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
  projectId: number
  status: string
  reason: string
  documentRef: string | null
  contractAmount: number | null
  plannedGroundbreakingOn: string | null
  plannedProductionOn: string | null
  contractAreaMu: number | null
  beforeContractAmount: number | null
  beforePlannedGroundbreakingOn: string | null
  beforePlannedProductionOn: string | null
  beforeContractAreaMu: number | null
  proposedBy: number
  proposedAt: string
  decidedBy: number | null
  decidedAt: string | null
  decisionComment: string | null
  version: number
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
  permissions?: AlertPermissions | null
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
  version: number
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

/** What the API lets the signed-in person do with one alert (GET /api/alerts/{id}). */
export interface AlertPermissions {
  acknowledge: boolean
  comment: boolean
  snooze: boolean
  resolve: boolean
  instruct: boolean
  answer: boolean
}

export type TripStatus = 'registered' | 'approved' | 'completed' | 'rejected' | 'cancelled'

export interface TripTarget {
  companyId?: number | null
  leadId?: number | null
  projectId?: number | null
  name?: string | null
}

export interface TripVisit {
  companyId?: number | null
  companyName?: string | null
  on: string
  metWith: string
  outcome: string
}

export interface TripSummary {
  id: number
  unitId: number
  unitName: string | null
  purpose: string
  destination: string
  startOn: string
  endOn: string
  days: number
  leaderId: number | null
  status: TripStatus
  registeredOn: string
  late: boolean
  lateReason: string | null
  reportDueOn: string
  reportedOn: string | null
  reportOverdue: boolean
  notApproved: boolean
  approvedBy: number | null
  approvedOn: string | null
  approvalComment: string | null
  noResult: boolean
  participants: number
  visits: number
  leads: number
  version: number
}

export interface Trip extends TripSummary {
  participantIds: number[]
  targets: TripTarget[]
  visitList: TripVisit[]
  leadIds: number[]
  reportSummary: string | null
  cancelledOn: string | null
  cancelReason: string | null
}

export type LeadStatus = 'new' | 'verified' | 'converted' | 'dropped' | 'false'

export type LeadSource = 'trip' | 'referral' | 'expo' | 'online' | 'businessReferral' | 'other'

export interface Lead {
  id: number
  unitId: number
  unitName: string | null
  title: string
  companyId: number | null
  companyName: string
  creditCode: string | null
  industryCode: string
  estimatedInvestment: number
  content: string
  investorRequirements: string
  contactName: string
  contactPhone: string
  source: LeadSource
  tripId: number | null
  status: LeadStatus
  statusReason: string | null
  loggedOn: string
  verifiedOn: string | null
  verifiedBy: number | null
  projectId: number | null
  version: number
  createdAt: string
  createdBy: number | null
  possibleDuplicates?: DuplicateHint[]
}

export interface DuplicateHint {
  id: number
  title: string
  companyName: string
  status: LeadStatus
  unitId: number
  unitName: string | null
  matchedBy: 'creditCode' | 'name'
}

export interface DuplicateMatch {
  id: number
  name: string
  unitName: string | null
  stage: Stage | null
  matchedBy: 'creditCode' | 'name'
}

export interface DuplicateCheck {
  key: string
  leads: DuplicateHint[]
  companies: DuplicateMatch[]
  projects: DuplicateMatch[]
}

export interface Company {
  id: number
  name: string
  creditCode: string | null
  region: string | null
  industryCode: string | null
}

export type Indicator = 'investmentIntensity' | 'taxPerMu' | 'outputPerMu' | 'energyIntensity' | 'plotRatio' | 'rdRatio'

export type Direction = 'atLeast' | 'atMost' | 'range'

export interface Threshold {
  indicator: Indicator
  name: string
  unit: string
  direction: Direction
  min: number | null
  max: number | null
}

export interface EntryStandard {
  id: number
  industryCode: string | null
  parkUnitId: number | null
  name: string
  thresholds: Threshold[]
  version: number
}

export interface Criterion {
  code: string
  name: string
  weight: number
  indicator: Indicator | null
  pointsPerStep: number | null
  step: number | null
}

export interface Rubric {
  id: number
  criteria: Criterion[]
  version: number
}

export interface ReviewFigures {
  landAreaMu: number
  fixedAssetInvestment: number
  annualOutput: number
  annualTax: number
  annualEnergyTce: number
  employees: number | null
  rdRatio: number | null
  plotRatio: number | null
}

export interface IndicatorResult {
  indicator: Indicator
  name: string
  unit: string
  direction: Direction
  value: number | null
  min: number | null
  max: number | null
  /** Met, missed, or not assessed (null) while the value or the threshold is missing. */
  met: boolean | null
  /** How far inside (+) or outside (−) the threshold. */
  gap: number | null
}

export type Vote = 'approve' | 'reject' | 'abstain'

/** 分类供地, in the API's lower case (a–d). */
export type LandClass = 'a' | 'b' | 'c' | 'd'

export interface ScoreSheet {
  memberId: number
  memberName: string | null
  vote: Vote
  total: number
  comment: string | null
  scores: { criterion: string; points: number }[]
  updatedAt: string
}

export interface ReviewDecision {
  outcome: 'passed' | 'rejected' | 'deferred'
  score: number
  landClass: LandClass
  vetoed: boolean
  approvals: number
  sheets: number
  decidedOn: string | null
  decidedBy: number | null
  note: string | null
}

export interface ReviewSummary {
  id: number
  projectId: number
  projectName: string | null
  status: 'open' | 'decided' | 'withdrawn'
  appliedOn: string
  chairId: number | null
  outcome: ReviewDecision['outcome'] | null
  score: number | null
  landClass: LandClass | null
  version: number
}

export interface Review {
  id: number
  projectId: number
  projectName: string | null
  status: ReviewSummary['status']
  appliedOn: string
  chairId: number | null
  standardId: number | null
  figures: ReviewFigures
  indicators: IndicatorResult[]
  vetoes: { code: string; name: string; source: string }[]
  vetoed: boolean
  rubric: { code: string; name: string; weight: number; indicator: Indicator | null; suggested: number | null }[]
  sheetsIn: number
  mySheet: ScoreSheet | null
  sheets: ScoreSheet[] | null
  decision: ReviewDecision | null
  conditions: { id: number; text: string; indicator: Indicator | null; threshold: number | null; byYear: number | null }[]
  version: number
}

export interface VetoReason {
  code: string
  name: string
}

export interface UserDetail extends User {
  phone: string | null
  email: string | null
  hasWebhook: boolean
  webhookKind: string | null
  isActive: boolean
  version: number
}

export interface UnitDetail extends Unit {
  version: number
}

export interface IndustryDetail extends Industry {
  version: number
}

export interface Parcel {
  id: number
  code: string
  location: string
  areaMu: number
  status: 'reserve' | 'available' | 'supplied'
  outline: unknown
  projectId: number | null
  version: number
}

export interface LandPlan {
  year: number
  quotaMu: number
  version: number
}

export interface CalendarDay {
  day: string
  isWorkingDay: boolean
  name: string | null
}

export interface AlertRuleDetail {
  code: string
  name: string
  yellowDays: number
  orangeDays: number
  redDays: number
  fallback: { yellowDays: number | null; orangeDays: number | null; redDays: number | null } | null
  calendar: 'natural' | 'working'
  active: boolean
  version: number
}

export interface AuditRecord {
  id: number
  at: string
  userId: number | null
  userName: string | null
  action: string
  entity: string
  entityId: string | null
  result: string
  clientIp: string | null
  detail: string | null
}

export interface TripsReportRow {
  unitId: number
  unitName: string
  trips: number
  personDays: number
  visits: number
  leadsLogged: number
  leadsVerified: number
  leadsConverted: number
  lateRegistrations: number
  noResultTrips: number
  overdueReports: number
  falseLeads: number
  daysOutPerVerifiedLead: number | null
}

export interface TripsReport {
  from: string
  to: string
  asOf: string
  units: TripsReportRow[]
  total: TripsReportRow
}

/** 月度调度: one project's update for a month (yyyy-MM). */
export interface MonthlyUpdate {
  id: number
  projectId: number
  projectName: string | null
  month: string
  progress: string
  problems: string | null
  nextSteps: string
  investment: number | null
  dueOn: string
  filedOn: string
  late: boolean
  filedBy: number
  filedByName: string | null
  filedAt: string
  matters: Matter[]
}

/** A project that owed an update for a month, and whether it came. */
export interface UpdateStatus {
  projectId: number
  projectName: string
  unitId: number
  unitName: string | null
  stage: Stage
  responsiblePersonId: number | null
  responsiblePersonName: string | null
  dueOn: string
  updateId: number | null
  filedOn: string | null
  missing: boolean
  late: boolean
}

export type MatterStatus = 'raised' | 'assigned' | 'answered' | 'closed'

/** 需协调事项: raised in an update, assigned by the project's leader to a unit, answered by it, closed by the leader. */
export interface Matter {
  id: number
  projectId: number
  projectName: string | null
  updateId: number
  text: string
  status: MatterStatus
  leaderId: number | null
  leaderName: string | null
  unitId: number | null
  unitName: string | null
  dueOn: string | null
  overdue: boolean
  answer: string | null
  raisedAt: string
  answeredAt: string | null
  closedAt: string | null
  version: number
}

/** One project's line in the 调度表. */
export interface DispatchLine {
  projectId: number
  projectName: string
  unitId: number
  unitName: string
  stage: Stage
  stageName: string
  signedOn: string | null
  daysSinceSigning: number | null
  responsiblePersonName: string | null
  leaderName: string | null
  updateFiled: boolean
  progress: string | null
  problems: string | null
  nextSteps: string | null
  investment: number | null
  openAlerts: number
  highestAlertLevel: AlertLevel | null
  openMatters: number
  overdueMatters: number
}

export interface DispatchSheet {
  month: string
  dueOn: string
  asOf: string
  lines: DispatchLine[]
}

export type AttachmentParent = 'projects' | 'reviews' | 'trips' | 'instructions' | 'updates'

export type AttachmentKind =
  | 'contract'
  | 'supplement'
  | 'feasibility'
  | 'environmentalAssessment'
  | 'energyAssessment'
  | 'sitePhoto'
  | 'visitRecord'
  | 'instructionAnswer'
  | 'other'

export interface Attachment {
  id: number
  parentType: string
  parentId: number
  kind: AttachmentKind
  kindName: string
  fileName: string
  contentType: string
  size: number
  isImage: boolean
  uploadedById: number
  uploadedByName: string | null
  uploadedAt: string
}
