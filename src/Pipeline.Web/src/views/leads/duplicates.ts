// When the lead form asks the API for possible duplicates: only once the name, as the API folds it, or the credit code
// has changed, so typing "有限公司" at the end of a name costs no request.
import { foldCompanyName } from '@/format/companyName'

export interface DuplicateProbe {
  key: string
  creditCode: string
}

/** What to ask about for this input, or null when there is nothing to ask (no name, no full credit code). */
export function probeFor(companyName: string, creditCode: string): DuplicateProbe | null {
  const key = foldCompanyName(companyName.trim())
  const code = creditCode.trim().toUpperCase()
  const fullCode = code.length === 18 ? code : ''
  if (key.length < 2 && !fullCode) return null
  return { key: key.length < 2 ? '' : key, creditCode: fullCode }
}

export function sameProbe(a: DuplicateProbe | null, b: DuplicateProbe | null): boolean {
  return a?.key === b?.key && a?.creditCode === b?.creditCode
}
