// The API's endpoints the workspace uses, one function each, typed by the shapes in ./types.
import { download, get, getFresh, post, send, upload, type Query } from './http'
import type {
  Activity,
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
  contractChanges: (id: number) => get<ContractChange[] | Paged<ContractChange>>(`/api/projects/${id}/contract-changes`),
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
  respond: (id: number, instructionId: number, text: string) =>
    post<Alert>(`/api/alerts/${id}/instructions/${instructionId}/response`, { text }),
}

export const notifications = {
  unread: () => getFresh<Paged<Notification>>('/api/notifications', { unread: true, pageSize: 8 }),
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
}
