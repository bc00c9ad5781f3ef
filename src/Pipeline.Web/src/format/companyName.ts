// How the API compares company names (Pipeline.Domain.Companies.CompanyName.Key), so that the lead form can show the
// person what their typing is compared as, and ask the API again only when that changes. The API's own folding decides
// what matches; this mirrors it for display.

// Longest first, so that 股份有限公司 is removed whole rather than leaving 股份.
const suffixes = [
  '股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '集团公司', '总公司', '分公司', '公司',
  'co.,ltd.', 'co.,ltd', 'co.ltd.', 'co.ltd', 'co.,limited', 'limited', 'ltd.', 'ltd', 'inc.', 'inc',
  'corporation', 'corp.', 'corp', 'co.',
]

const brackets: Record<string, string> = { '【': '(', '[': '(', '{': '(', '】': ')', ']': ')', '}': ')' }

/** Full-width folded to half-width (NFKC), spaces and case ignored, brackets unified, legal-form suffixes dropped. */
export function foldCompanyName(name: string): string {
  let key = Array.from(name.normalize('NFKC').toLowerCase())
    .filter((c) => !/\s/u.test(c))
    .map((c) => brackets[c] ?? c)
    .join('')
  let trimmed: boolean
  do {
    trimmed = false
    key = key.replace(/[.,，。]+$/u, '')
    const suffix = suffixes.find((s) => key.length > s.length && key.endsWith(s))
    if (suffix) {
      key = key.slice(0, -suffix.length)
      trimmed = true
    }
  } while (trimmed)
  return key
}
