import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problems'
import { useSubmit } from './useSubmit'

const invalid = new ApiError(400, { errors: { name: ['Required.'], code: ['Too long.'] } })

describe('sending a form', () => {
  it('is busy while the request is on its way, and says it went through', async () => {
    const submit = useSubmit()
    let finish: () => void = () => {}
    const sent = submit.run(() => new Promise<void>((resolve) => (finish = resolve)))
    expect(submit.busy.value).toBe(true)
    finish()
    expect(await sent).toBe(true)
    expect(submit.busy.value).toBe(false)
    expect(submit.problem.value).toBeNull()
  })

  it('puts a refusal beside the fields it names and the rest at the top', async () => {
    const submit = useSubmit()
    expect(await submit.run(() => Promise.reject(invalid), ['name'])).toBe(false)
    expect(submit.errors.value).toEqual({ name: 'Required.' })
    expect(submit.problem.value).toBe('填写的内容有误：code：Too long.')
    expect(submit.busy.value).toBe(false)
  })

  it('keeps all of the API words at the top when the form has no fields for them', async () => {
    const submit = useSubmit()
    await submit.run(() => Promise.reject(invalid), [])
    expect(submit.errors.value).toEqual({})
    expect(submit.problem.value).toBe('填写的内容有误：name：Required.；code：Too long.')
  })

  it('says an action’s refusal in one message', async () => {
    const submit = useSubmit()
    await submit.run(() => Promise.reject(new ApiError(409, { code: 'alert.resolved', detail: 'Closed.' })))
    expect(submit.problem.value).toBe('预警已解除，不能再处理：Closed.')
  })

  it('clears the last refusal when sent again', async () => {
    const submit = useSubmit()
    await submit.run(() => Promise.reject(invalid), ['name'])
    expect(await submit.run(async () => {}, ['name'])).toBe(true)
    expect(submit.errors.value).toEqual({})
    expect(submit.problem.value).toBeNull()
  })
})
