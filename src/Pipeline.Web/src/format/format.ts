// How the workspace writes numbers, dates and times: dates yyyy-MM-dd, amounts in 万元 with separators, instants
// in the city's time zone (Asia/Shanghai), whatever the browser's own zone is.

export const cityTimeZone = 'Asia/Shanghai'

const amountFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
export const areaFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
const countFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

const cityParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: cityTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** An amount in 万元: "12,500.5 万元"; empty for none. */
export function wan(amount: number | null | undefined): string {
  return amount == null ? '—' : `${amountFormat.format(amount)} 万元`
}

/** An amount in 万元 without the unit, for tables whose header names it. */
export function amount(value: number | null | undefined): string {
  return value == null ? '—' : amountFormat.format(value)
}

/** An area in 亩. */
export function mu(area: number | null | undefined): string {
  return area == null ? '—' : `${areaFormat.format(area)} 亩`
}

export function count(value: number | null | undefined): string {
  return value == null ? '—' : countFormat.format(value)
}

/** A rate the API sends as a percentage (e.g. 42.5 for 42.5%). */
export function percent(rate: number | null | undefined): string {
  return rate == null ? '—' : `${areaFormat.format(rate)}%`
}

/** A business date (yyyy-MM-dd from the API) as it is; the API's dates are already the city's. */
export function date(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—'
}

function cityClock(instant: string | Date): Record<string, string> {
  const moment = typeof instant === 'string' ? new Date(instant) : instant
  return Object.fromEntries(cityParts.formatToParts(moment).map((p) => [p.type, p.value]))
}

/** An instant (UTC from the API) as the city's date and time: "2026-06-15 10:00". */
export function dateTime(instant: string | null | undefined): string {
  if (!instant) return '—'
  const p = cityClock(instant)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Today in the city, yyyy-MM-dd. */
export function cityToday(now: Date = new Date()): string {
  const p = cityClock(now)
  return `${p.year}-${p.month}-${p.day}`
}

/** A date some days after a yyyy-MM-dd date, in the same form. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** A land-supply class (分类供地) as people write it: "A 类". The API sends it in lower case, like every enum. */
export function landClassName(landClass: string | null | undefined): string {
  return landClass ? `${landClass.toUpperCase()} 类` : '—'
}
