import { describe, expect, it } from 'vitest'
import { ApiError, errorMessage, formProblem, problemMessage } from './problems'

describe('problem details', () => {
  it('shows the API words of a refusal', () => {
    expect(problemMessage(401, { detail: 'The user name or password is wrong.' })).toBe('The user name or password is wrong.')
  })

  it('puts a Chinese headline before a known refusal', () => {
    const message = problemMessage(409, { code: 'transition.reviewRequired', detail: 'A project can only sign after its latest pre-review has passed.' })
    expect(message).toBe('签约前须通过预审（过会）：A project can only sign after its latest pre-review has passed.')
  })

  it('says what a status means when the API gave no words', () => {
    expect(problemMessage(403, {})).toBe('没有权限进行此操作')
    expect(problemMessage(502, {})).toContain('服务器出错了')
  })

  it('carries the trace id of a server error', () => {
    expect(problemMessage(500, { title: 'x', traceId: 'abc' })).toContain('追踪号 abc')
  })

  it('tells a network failure from a refusal', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('无法连接到服务器，请检查网络后重试')
  })
})

describe('problems in forms', () => {
  const invalid = new ApiError(400, {
    title: 'The request is not valid.',
    errors: { contractAmount: ['Required.'], on: ['Must not be after today.', 'Not a date.'], to: ['Required.'] },
  })

  it('puts field errors beside the form fields and the rest at the top', () => {
    const split = formProblem(invalid, ['contractAmount', 'on'])
    expect(split.fields).toEqual({ contractAmount: 'Required.', on: 'Must not be after today.；Not a date.' })
    expect(split.message).toBe('填写的内容有误：to：Required.')
  })

  it('maps request field names to the form field names', () => {
    const split = formProblem(invalid, { contractAmount: 'amount', on: 'date', to: 'date' })
    expect(split.fields).toEqual({ amount: 'Required.', date: 'Must not be after today.；Not a date.；Required.' })
    expect(split.message).toBeNull()
  })

  it('puts a refusal that names no field at the top', () => {
    const refused = new ApiError(409, { code: 'alert.openInstruction', detail: 'Answer it first.' })
    expect(formProblem(refused, ['reason'])).toEqual({ fields: {}, message: '有尚未反馈的督办，不能手动解除：Answer it first.' })
  })
})
