// Sending a form or an action: whether it is on its way, and what the API refused, said where a person looks for
// it — beside the fields it names, the rest at the top of the form.
import { ref, type Ref } from 'vue'
import { errorMessage, formProblem } from '@/api/problems'

/** The form's field names, or the request's field names mapped to the form's (see formProblem). */
export type FormFields = readonly string[] | Record<string, string>

export interface Submit {
  busy: Ref<boolean>
  /** Messages beside the form's fields, by field name. */
  errors: Ref<Record<string, string>>
  /** The message for the top of the form or page. */
  problem: Ref<string | null>
  /**
   * Sends, after clearing the last refusal; true when it went through. A refusal is shown rather than thrown: split
   * over `fields` when given (an empty list puts all of the API's words at the top), else as one message.
   */
  run: (send: () => Promise<unknown>, fields?: FormFields) => Promise<boolean>
  /** Clears the last refusal (a dialog opened again starts clean). */
  reset: () => void
}

export function useSubmit(): Submit {
  const busy = ref(false)
  const errors = ref<Record<string, string>>({})
  const problem = ref<string | null>(null)
  function reset() {
    errors.value = {}
    problem.value = null
  }
  async function run(send: () => Promise<unknown>, fields?: FormFields) {
    busy.value = true
    reset()
    try {
      await send()
      return true
    } catch (e) {
      if (fields) {
        const split = formProblem(e, fields)
        errors.value = split.fields
        problem.value = split.message
      } else {
        problem.value = errorMessage(e)
      }
      return false
    } finally {
      busy.value = false
    }
  }
  return { busy, errors, problem, run, reset }
}
