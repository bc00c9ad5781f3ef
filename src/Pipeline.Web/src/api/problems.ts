// RFC 9457 problem details from the API, turned into what a person reads: a message for the top of the page and
// messages beside the fields they are about.

export interface ProblemDetails {
  status?: number
  title?: string
  detail?: string
  code?: string
  errors?: Record<string, string[]>
  [extension: string]: unknown
}

/** A refused or failed request, carrying the API's problem details. */
export class ApiError extends Error {
  readonly status: number
  readonly problem: ProblemDetails

  constructor(status: number, problem: ProblemDetails) {
    super(problemMessage(status, problem))
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }

  /** The stable code of a business-rule refusal (409), e.g. transition.reviewRequired. */
  get code(): string | undefined {
    return typeof this.problem.code === 'string' ? this.problem.code : undefined
  }

  /** Messages per field of the request (400), keyed by the request's camelCase field names. */
  get fieldErrors(): Record<string, string> {
    return fieldErrors(this.problem)
  }
}

const statusHeadlines: Record<number, string> = {
  400: '填写的内容有误',
  401: '请先登录',
  403: '没有权限进行此操作',
  404: '要找的内容不存在，或不在您的查看范围内',
  409: '操作未被接受',
  412: '内容已被他人修改，请刷新后重试',
  413: '文件太大',
  428: '缺少版本信息，请刷新后重试',
  429: '请求过于频繁，请稍后再试',
}

/** Business-rule refusals (409) people meet in the workspace, said in a line before the API's own words. */
const refusalHeadlines: Record<string, string> = {
  'transition.reviewRequired': '签约前须通过预审（过会）',
  'transition.responsibleRequired': '签约前须明确责任单位和责任人',
  'transition.notAllowed': '不能转到该阶段，或日期不符合先后顺序',
  'landSupply.exceedsApproved': '供地面积超过预审核定的面积',
  'project.contractChangeRequired': '签约后的合同金额和计划日期须通过合同变更申请修改',
  'alert.openInstruction': '有尚未反馈的督办，不能手动解除',
  'alert.resolved': '预警已解除，不能再处理',
  'instruction.answered': '该督办已经反馈过',
  'trip.lateRegistration': '外出须提前报备；迟报须说明理由',
  'trip.secondPersonRequired': '本人报备的外出须由上级单位负责人或管理员审批',
  'trip.notReportable': '外出须经批准并已出发后才能报告',
  'trip.notApprovable': '该外出已审批、报告或取消',
  'trip.notCancellable': '已出发或已报告的外出不能取消',
  'lead.secondPersonRequired': '本人登记的线索须由单位其他同事或负责人核实',
  'review.quorum': '评分表份数未达到法定人数，暂不能作出决定',
  'review.decided': '该预审已作出决定，评分和决定不能再改',
  'review.withdrawn': '项目已终止，该预审已撤回',
  'review.alreadyOpen': '该项目已有尚未决定的预审',
  'update.alreadyFiled': '该项目本月的调度情况已经填报过',
  'matter.notAssignable': '该事项已反馈或已办结，不能再交办',
  'matter.notAnswerable': '该事项不在待反馈状态',
  'matter.notClosable': '事项须在承办单位反馈后才能办结',
}

/**
 * The message to show at the top: for a known refusal its Chinese headline and the API's words; otherwise the API's
 * own words when it gave any, else what the status means.
 */
export function problemMessage(status: number, problem: ProblemDetails): string {
  const headline = typeof problem.code === 'string' ? refusalHeadlines[problem.code] : undefined
  if (headline) return problem.detail ? `${headline}：${problem.detail}` : headline
  if (problem.detail && !(status === 400 && problem.errors)) return problem.detail
  if (status >= 500) return '服务器出错了，请稍后重试；问题持续时请联系管理员' + traceSuffix(problem)
  return statusHeadlines[status] ?? problem.title ?? `请求失败（${status}）`
}

function traceSuffix(problem: ProblemDetails): string {
  return typeof problem.traceId === 'string' ? `（追踪号 ${problem.traceId}）` : ''
}

/** One message per field: the API's messages for it, joined. */
export function fieldErrors(problem: ProblemDetails): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    result[field] = messages.join('；')
  }
  return result
}

/** The message of any error a page may catch: an API refusal, a network failure or a bug. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof TypeError) return '无法连接到服务器，请检查网络后重试'
  return error instanceof Error ? error.message : String(error)
}

export interface FormProblem {
  /** Messages to show beside the form's fields, keyed by the form's field names. */
  fields: Record<string, string>
  /** The message for the top of the form: everything that has no field of its own there. */
  message: string | null
}

/**
 * Splits an error for a form: the API's field errors go beside the form's fields (`fields` lists them, or maps the
 * request's field names to the form's), the rest to the top, so nothing the API said is lost.
 */
export function formProblem(error: unknown, fields: readonly string[] | Record<string, string>): FormProblem {
  const formField = (name: string) => (Array.isArray(fields) ? (fields.includes(name) ? name : undefined) : (fields as Record<string, string>)[name])
  if (!(error instanceof ApiError) || error.status !== 400 || !error.problem.errors) {
    return { fields: {}, message: errorMessage(error) }
  }
  const beside: Record<string, string> = {}
  const elsewhere: string[] = []
  for (const [name, message] of Object.entries(error.fieldErrors)) {
    const field = formField(name)
    if (field) beside[field] = beside[field] ? `${beside[field]}；${message}` : message
    else elsewhere.push(`${name}：${message}`)
  }
  return { fields: beside, message: elsewhere.length ? `${statusHeadlines[400]}：${elsewhere.join('；')}` : null }
}
