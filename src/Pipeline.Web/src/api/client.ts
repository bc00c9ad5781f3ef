// The API's endpoints the workspace uses, one function each, typed by the shapes in ./types.
import { blob, download, get, getFresh, post, send, upload, type Query } from './http'
import type {
  Attachment,
  AttachmentKind,
  AttachmentParent,
  DispatchSheet,
  Matter,
  MonthlyUpdate,
  UpdateStatus,
  Activity,
  AlertRuleDetail,
  AuditRecord,
  CalendarDay,
  Company,
  DuplicateCheck,
  EntryStandard,
  IndustryDetail,
  LandPlan,
  Lead,
  Parcel,
  Review,
  ReviewDecision,
  ReviewSummary,
  Rubric,
  ScoreSheet,
  Trip,
  TripsReport,
  TripSummary,
  UnitDetail,
  UserDetail,
  VetoReason,
  Agreement,
  Alert,
  AlertRule,
  AlertSummary,
  ContractChange,
  Funnel,
  FunnelMode,
  HistoryEntry,
  ImportReport,
  Industry,
  LandAccount,
  Me,
  Notification,
  Paged,
  Performance,
  Progress,
  Project,
  ProjectSummary,
  Ranking,
  SignedNotStarted,
  TokenResponse,
  Unit,
  UnitTarget,
  User,
} from './types'

export const auth = {
  token: (userName: string, password: string) => post<TokenResponse>('/api/auth/token', { userName, password }),
  me: () => get<Me>('/api/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    post<TokenResponse>('/api/me/password', { currentPassword, newPassword }),
}

export const reference = {
  units: () => get<Paged<Unit>>('/api/units', { pageSize: 200 }),
  users: (query: Query) => get<Paged<User>>('/api/users', { pageSize: 200, ...query }),
  industries: () => get<Paged<Industry>>('/api/industries', { pageSize: 200 }),
  alertRules: () => get<AlertRule[]>('/api/alert-rules'),
}

export const projects = {
  list: (query: Query) => get<Paged<ProjectSummary>>('/api/projects', query),
  export: (query: Query) => download('/api/projects', { ...query, format: 'xlsx', page: undefined, pageSize: undefined }, '项目台账.xlsx'),
  get: (id: number) => get<Project>(`/api/projects/${id}`),
  history: (id: number) => get<HistoryEntry[]>(`/api/projects/${id}/history`),
  agreements: (id: number) => get<Agreement[]>(`/api/projects/${id}/agreements`),
  activities: (id: number) => get<Paged<Activity>>(`/api/projects/${id}/activities`, { pageSize: 50 }),
  addActivity: (id: number, body: { kind: string; on: string; summary: string }) => post<Activity>(`/api/projects/${id}/activities`, body),
  transition: (project: Project, body: Record<string, unknown>) =>
    post<Project>(`/api/projects/${project.id}/transitions`, body, project.version),
  progress: (id: number) => get<Progress>(`/api/projects/${id}/progress`),
  contractChanges: (id: number) => get<ContractChange[]>(`/api/projects/${id}/contract-changes`),
  proposeContractChange: (id: number, body: Record<string, unknown>) => post<ContractChange>(`/api/projects/${id}/contract-changes`, body),
  decideContractChange: (id: number, changeId: number, decision: 'approve' | 'refuse', comment: string) =>
    post<ContractChange>(`/api/projects/${id}/contract-changes/${changeId}/${decision}`, { comment }),
}

export const imports = {
  template: () => download('/api/imports/projects/template', {}, '项目台账导入模板.xlsx'),
  projects: (file: File, dryRun: boolean, progress: (share: number) => void) => {
    const form = new FormData()
    form.append('file', file)
    return upload<ImportReport>('/api/imports/projects', { dryRun }, form, progress)
  },
}

export const alerts = {
  list: (query: Query) => getFresh<Paged<Alert>>('/api/alerts', query),
  summary: (unitId?: number) => getFresh<AlertSummary>('/api/alerts/summary', { unitId }),
  get: (id: number) => get<Alert>(`/api/alerts/${id}`),
  acknowledge: (id: number, comment: string) => post<Alert>(`/api/alerts/${id}/acknowledge`, { comment }),
  snooze: (id: number, until: string, reason: string) => post<Alert>(`/api/alerts/${id}/snooze`, { until, reason }),
  resolve: (id: number, reason: string) => post<Alert>(`/api/alerts/${id}/resolve`, { reason }),
  instruct: (id: number, text: string, dueOn: string) => post<Alert>(`/api/alerts/${id}/instructions`, { text, dueOn }),
  comment: (id: number, text: string) => post<Alert>(`/api/alerts/${id}/comments`, { text }),
  scan: () => send<unknown>('POST', '/api/alerts/scan'),
  respond: (id: number, instructionId: number, text: string) =>
    post<Alert>(`/api/alerts/${id}/instructions/${instructionId}/response`, { text }),
}

export const notifications = {
  unread: () => getFresh<Paged<Notification>>('/api/notifications', { unread: true, pageSize: 8 }),
  list: (query: Query) => get<Paged<Notification>>('/api/notifications', query),
  read: (id: number) => send<void>('POST', `/api/notifications/${id}/read`),
}

export interface ReportPeriod {
  from: string
  to: string
  unitId?: number
}

export const reports = {
  funnel: (p: ReportPeriod, mode: FunnelMode = 'cohort') => getFresh<Funnel>('/api/reports/funnel', { ...p, mode }),
  performance: (p: ReportPeriod) => getFresh<Performance>('/api/reports/performance', { ...p }),
  signedNotStarted: (p: ReportPeriod, page = 1, pageSize = 10) =>
    getFresh<SignedNotStarted>('/api/reports/signed-not-started', { signedFrom: p.from, signedTo: p.to, unitId: p.unitId, page, pageSize }),
  ranking: (year: number, quarter?: number) => getFresh<Ranking>('/api/reports/unit-ranking', { year, quarter }),
  land: (year: number) => getFresh<LandAccount>('/api/reports/land', { year }),
  targets: (year: number) => get<UnitTarget[]>('/api/unit-targets', { year }),
  trips: (p: ReportPeriod) => getFresh<TripsReport>('/api/reports/trips', { ...p }),
  /** The quarterly 通报 (.docx, editable in WPS and Word before it is sent). */
  bulletin: (year: number, quarter: number) => download('/api/reports/bulletin', { year, quarter }, `${year}年第${quarter}季度招商通报.docx`),
}

export const trips = {
  list: (query: Query) => get<Paged<TripSummary>>('/api/trips', query),
  get: (id: number) => get<Trip>(`/api/trips/${id}`),
  register: (body: Record<string, unknown>) => post<Trip>('/api/trips', body),
  approve: (id: number, comment: string) => post<Trip>(`/api/trips/${id}/approve`, { comment }),
  reject: (id: number, comment: string) => post<Trip>(`/api/trips/${id}/reject`, { comment }),
  report: (id: number, body: Record<string, unknown>) => post<Trip>(`/api/trips/${id}/report`, body),
  cancel: (id: number, reason: string) => post<Trip>(`/api/trips/${id}/cancel`, { reason }),
}

export const leads = {
  list: (query: Query) => get<Paged<Lead>>('/api/leads', query),
  get: (id: number) => get<Lead>(`/api/leads/${id}`),
  create: (body: Record<string, unknown>) => post<Lead>('/api/leads', body),
  duplicates: (companyName: string, creditCode: string, signal?: AbortSignal) =>
    get<DuplicateCheck>('/api/leads/duplicates', { companyName, creditCode }, signal),
  verify: (id: number) => post<Lead>(`/api/leads/${id}/verify`),
  drop: (id: number, reason: string) => post<Lead>(`/api/leads/${id}/drop`, { reason }),
  markFalse: (id: number, reason: string) => post<Lead>(`/api/leads/${id}/mark-false`, { reason }),
  convert: (id: number, body: Record<string, unknown>) => post<Project>(`/api/leads/${id}/convert`, body),
}

export const companies = {
  search: (q: string) => get<Paged<Company>>('/api/companies', { q, pageSize: 10 }),
  get: (id: number) => get<Company>(`/api/companies/${id}`),
}

export const reviews = {
  list: (query: Query) => get<Paged<ReviewSummary>>('/api/reviews', query),
  get: (id: number) => get<Review>(`/api/reviews/${id}`),
  apply: (projectId: number, body: Record<string, unknown>) => post<Review>(`/api/projects/${projectId}/reviews`, body),
  score: (id: number, body: Record<string, unknown>) => send<ScoreSheet>('PUT', `/api/reviews/${id}/scores/me`, { body }),
  decide: (id: number, body: Record<string, unknown>) => post<ReviewDecision>(`/api/reviews/${id}/decision`, body),
  rubric: () => get<Rubric>('/api/review-rubric'),
  standards: () => get<EntryStandard[]>('/api/entry-standards'),
  vetoReasons: () => get<VetoReason[]>('/api/veto-reasons'),
}

/** Settings an admin keeps: every write carries the version last read (If-Match). */
export const admin = {
  users: (query: Query) => get<Paged<UserDetail>>('/api/users', { pageSize: 200, ...query }),
  createUser: (body: Record<string, unknown>) => post<UserDetail>('/api/users', body),
  updateUser: (user: UserDetail, body: Record<string, unknown>) => send<UserDetail>('PATCH', `/api/users/${user.id}`, { body, version: user.version }),
  units: () => get<Paged<UnitDetail>>('/api/units', { pageSize: 200 }),
  createUnit: (body: Record<string, unknown>) => post<UnitDetail>('/api/units', body),
  updateUnit: (unit: UnitDetail, body: Record<string, unknown>) => send<UnitDetail>('PATCH', `/api/units/${unit.id}`, { body, version: unit.version }),
  industries: () => get<Paged<IndustryDetail>>('/api/industries', { pageSize: 200 }),
  createIndustry: (body: Record<string, unknown>) => post<IndustryDetail>('/api/industries', body),
  updateIndustry: (industry: IndustryDetail, body: Record<string, unknown>) =>
    send<IndustryDetail>('PATCH', `/api/industries/${encodeURIComponent(industry.code)}`, { body, version: industry.version }),
  putTarget: (year: number, unitId: number, body: Record<string, unknown>, version?: number) =>
    send<UnitTarget>('PUT', `/api/unit-targets/${year}/${unitId}`, { body, version }),
  landPlan: (year: number) => get<LandPlan>(`/api/land-plans/${year}`),
  putLandPlan: (year: number, quotaMu: number, version?: number) => send<LandPlan>('PUT', `/api/land-plans/${year}`, { body: { quotaMu }, version }),
  parcels: () => get<Paged<Parcel>>('/api/parcels', { pageSize: 200 }),
  createParcel: (body: Record<string, unknown>) => post<Parcel>('/api/parcels', body),
  calendar: (year: number) => get<CalendarDay[]>('/api/calendar', { year }),
  putDay: (day: string, isWorkingDay: boolean, name: string) => send<CalendarDay>('PUT', `/api/calendar/${day}`, { body: { isWorkingDay, name } }),
  clearDay: (day: string) => send<void>('DELETE', `/api/calendar/${day}`),
  alertRules: () => get<AlertRuleDetail[]>('/api/alert-rules'),
  putAlertRule: (rule: AlertRuleDetail, body: Record<string, unknown>) =>
    send<AlertRuleDetail>('PUT', `/api/alert-rules/${rule.code}`, { body, version: rule.version }),
  putRubric: (rubric: Rubric, criteria: unknown[]) => send<Rubric>('PUT', '/api/review-rubric', { body: { criteria }, version: rubric.version }),
  putStandard: (standard: EntryStandard, body: Record<string, unknown>) =>
    send<EntryStandard>('PUT', `/api/entry-standards/${standard.id}`, { body, version: standard.version }),
  audit: (query: Query) => get<Paged<AuditRecord>>('/api/audit', query),
}

/** 月度调度: the updates a project owes each month, filed by its responsible person. */
export const updates = {
  ofProject: (projectId: number) => get<MonthlyUpdate[]>(`/api/projects/${projectId}/updates`),
  file: (projectId: number, body: Record<string, unknown>) => post<MonthlyUpdate>(`/api/projects/${projectId}/updates`, body),
  status: (query: Query) => get<Paged<UpdateStatus>>('/api/updates', { pageSize: 200, ...query }),
}

/** 需协调事项: assigned and closed by the project's leader, answered by the unit it was assigned to. */
export const matters = {
  list: (query: Query) => get<Paged<Matter>>('/api/matters', query),
  get: (id: number) => get<Matter>(`/api/matters/${id}`),
  assign: (id: number, unitId: number, dueOn: string) => post<Matter>(`/api/matters/${id}/assign`, { unitId, dueOn }),
  answer: (id: number, text: string) => post<Matter>(`/api/matters/${id}/answer`, { text }),
  close: (id: number) => post<Matter>(`/api/matters/${id}/close`),
}

export const dispatchSheet = {
  get: (month: string, unitId?: number) => get<DispatchSheet>('/api/dispatch-sheet', { month, unitId }),
  export: (month: string, unitId?: number) => download('/api/dispatch-sheet', { month, unitId, format: 'xlsx' }, `调度表-${month}.xlsx`),
}

/** Files kept with a record (合同, 可研, 现场照片…): the API checks the type from the content and who may read them. */
export const attachments = {
  list: (parent: AttachmentParent, parentId: number) => get<Attachment[]>(`/api/${parent}/${parentId}/attachments`),
  upload: (parent: AttachmentParent, parentId: number, file: File, kind: AttachmentKind, progress: (share: number) => void) => {
    const form = new FormData()
    form.append('kind', kind)
    form.append('file', file, file.name)
    return upload<Attachment>(`/api/${parent}/${parentId}/attachments`, {}, form, progress)
  },
  content: (id: number) => blob(`/api/attachments/${id}`),
  download: (attachment: Attachment) => download(`/api/attachments/${attachment.id}`, {}, attachment.fileName),
  remove: (id: number) => send<void>('DELETE', `/api/attachments/${id}`),
}
