// What the attachments panel decides on its own: which kinds of file each record takes, how a size reads, which files
// the picker offers, and the object URLs of the thumbnails (made from blobs fetched with the token, released after).
import type { AttachmentKind, AttachmentParent } from '@/api/types'

/** The kinds each record takes (the API's AttachmentRules.KindsFor), the likeliest first: the first is the form's default. */
const kinds: Record<AttachmentParent, AttachmentKind[]> = {
  projects: ['contract', 'supplement', 'sitePhoto', 'other'],
  reviews: ['feasibility', 'environmentalAssessment', 'energyAssessment', 'contract', 'other'],
  trips: ['visitRecord', 'sitePhoto', 'other'],
  instructions: ['instructionAnswer', 'sitePhoto', 'other'],
  updates: ['sitePhoto', 'other'],
}

export function kindsFor(parent: AttachmentParent): AttachmentKind[] {
  return kinds[parent]
}

/** What the API takes (it checks the content itself): PDF, images, Office, WPS and OFD files. */
export const acceptedFiles = '.pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.ofd'

/** 2048 → "2 KB", 1536000 → "1.5 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`
}

/** Object URLs by attachment id: each blob fetched once, and every URL released when the panel goes. */
export class ObjectUrls {
  private readonly urls = new Map<number, Promise<string>>()

  constructor(
    private readonly create: (blob: Blob) => string = (b) => URL.createObjectURL(b),
    private readonly revoke: (url: string) => void = (u) => URL.revokeObjectURL(u),
  ) {}

  get(id: number, load: () => Promise<Blob>): Promise<string> {
    let url = this.urls.get(id)
    if (!url) {
      url = load().then(this.create)
      url.catch(() => this.urls.delete(id))
      this.urls.set(id, url)
    }
    return url
  }

  async release(id: number): Promise<void> {
    const url = this.urls.get(id)
    this.urls.delete(id)
    if (url) this.revoke(await url.catch(() => ''))
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.urls.keys()].map((id) => this.release(id)))
  }
}
