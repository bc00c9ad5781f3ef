import { describe, expect, it } from 'vitest'
import { fileSize, kindsFor, ObjectUrls } from './attachments'

describe('attachment kinds per record', () => {
  it('offers site photos first on a monthly update and contracts first on a project', () => {
    expect(kindsFor('updates')[0]).toBe('sitePhoto')
    expect(kindsFor('projects')[0]).toBe('contract')
  })

  it('offers the pre-review material first on a review, and no trip records there', () => {
    expect(kindsFor('reviews').slice(0, 3)).toEqual(['feasibility', 'environmentalAssessment', 'energyAssessment'])
    expect(kindsFor('reviews')).not.toContain('visitRecord')
  })

  it('lets every record take something else', () => {
    for (const parent of ['projects', 'reviews', 'trips', 'instructions', 'updates'] as const) expect(kindsFor(parent)).toContain('other')
  })
})

describe('file sizes', () => {
  it('reads as people say them', () => {
    expect(fileSize(512)).toBe('512 B')
    expect(fileSize(2048)).toBe('2 KB')
    expect(fileSize(1_572_864)).toBe('1.5 MB')
    expect(fileSize(20 * 1024 * 1024)).toBe('20 MB')
  })
})

describe('thumbnail URLs', () => {
  function counting() {
    const made: string[] = []
    const revoked: string[] = []
    const urls = new ObjectUrls(
      () => {
        made.push(`blob:${made.length + 1}`)
        return made[made.length - 1]
      },
      (u) => revoked.push(u),
    )
    return { urls, made, revoked }
  }

  it('fetches each attachment once however often it is shown', async () => {
    const { urls, made } = counting()
    let loads = 0
    const load = async () => {
      loads++
      return new Blob(['png'])
    }

    const [a, b] = await Promise.all([urls.get(7, load), urls.get(7, load)])

    expect([a, b, loads, made.length]).toEqual(['blob:1', 'blob:1', 1, 1])
  })

  it('releases every URL it made when the panel goes', async () => {
    const { urls, revoked } = counting()
    await urls.get(1, async () => new Blob(['a']))
    await urls.get(2, async () => new Blob(['b']))

    await urls.releaseAll()

    expect(revoked.sort()).toEqual(['blob:1', 'blob:2'])
  })

  it('tries again after a failed fetch', async () => {
    const { urls } = counting()
    await expect(urls.get(3, async () => Promise.reject(new Error('404')))).rejects.toThrow('404')

    expect(await urls.get(3, async () => new Blob(['c']))).toBe('blob:1')
  })
})
